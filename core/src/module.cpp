#include "kaiten/core/module.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace kaiten {

void* module_symbol(const std::string& file_name, const char* symbol, bool global) {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path path =
      error ? std::filesystem::path(file_name) : exe.parent_path() / file_name;
  // dlopen counts references: loading a module twice returns the same handle.
  void* handle = dlopen(path.c_str(), RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL));
  if (handle == nullptr) {
    const char* why = dlerror();
    throw std::runtime_error("cannot load " + path.string() + " (it belongs beside the kaiten " +
                             "executable): " + (why != nullptr ? why : "unknown reason"));
  }
  void* address = dlsym(handle, symbol);
  if (address == nullptr)
    throw std::runtime_error(path.string() + " has no " + symbol + ": not a kaiten module");
  return address;
}

}  // namespace kaiten
