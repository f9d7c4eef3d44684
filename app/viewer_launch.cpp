// The viewer is a separate executable, kaiten-view, so that the headless kaiten never links SFML
// and never needs a display. `kaiten view` and `kaiten replay LOG` hand over to it.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "commands.hpp"

namespace kaiten::app {

int launch_viewer(const std::vector<std::string>& args) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto viewer = self.parent_path() / "kaiten-view";
  if (ec || !std::filesystem::exists(viewer)) {
    fmt::print(stderr,
               "kaiten: the viewer (kaiten-view) is not built next to {}; build with "
               "-DKAITEN_BUILD_VIZ=ON (needs libsfml-dev)\n",
               self.string());
    return kExitBadInput;
  }
  std::vector<std::string> all{viewer.string()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(viewer.c_str(), argv.data());
  fmt::print(stderr, "kaiten: cannot start {}\n", viewer.string());
  return kExitFailed;
}

}  // namespace kaiten::app
