// A simulated day allocates its state as it grows and touches it at random: in this project's
// virtual machines a page fault and a TLB miss cost more than most of the work between them. With
// glibc's defaults every vector that outgrows 128 KiB gets fresh pages from the kernel (mmap) and
// the heap's top is given back and faulted in again. These tunables keep the heap (trim and mmap
// thresholds) and back it with transparent huge pages where the kernel offers them (`madvise`
// mode): about a third of the page faults of the reference day and a fifth of its user CPU
// (docs/PERFORMANCE.md, "Memory"). glibc reads GLIBC_TUNABLES once, as the process starts, and
// mallopt() has no huge-page setting, hence the restart; it costs one more exec (~1 ms).
#include "malloc_tunables.hpp"

#include <unistd.h>

#include <cstdlib>

namespace kaiten::app {

void restart_with_malloc_tunables(char** argv) {
  // Set by the caller (valgrind users set it, even empty, to keep one process), or by the restart.
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (setenv("GLIBC_TUNABLES",
             "glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=268435456:"
             "glibc.malloc.mmap_threshold=33554432",
             1) != 0)
    return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");  // no restart (no /proc?): run with glibc's defaults
}

}  // namespace kaiten::app
