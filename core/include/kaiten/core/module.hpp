#pragma once
// Optional parts with heavy libraries (the MQTT client and its TLS stack, Open MPI) are shared
// modules beside the executable, loaded only by the commands that use them: every other run
// starts without those libraries, whose relocation was most of kaiten's start-up
// (docs/PERFORMANCE.md, "Start-up and memory").
#include <string>

namespace kaiten {

/// The address of `symbol` in the module `file_name` (e.g. "libkaiten_mqtt.so"), loaded from
/// the directory of the running executable. `global` makes the module's symbols visible to what
/// it loads in turn (Open MPI's own plugins need it). A module stays loaded until the process
/// ends: the libraries behind it start threads of their own. Throws std::runtime_error naming
/// the file and the loader's reason.
void* module_symbol(const std::string& file_name, const char* symbol, bool global = false);

}  // namespace kaiten
