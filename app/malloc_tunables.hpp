#pragma once

namespace kaiten::app {

/// Starts this process again with glibc's malloc tunables set for a simulation's memory (a
/// no-op when the caller has set GLIBC_TUNABLES, even to nothing, or when the restart fails).
void restart_with_malloc_tunables(char** argv);

}  // namespace kaiten::app
