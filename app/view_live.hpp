#pragma once
// `kaiten-view view --broker URL --store ID`: the viewer attached to a live store (docs/live.md).
#include <optional>
#include <string>

namespace kaiten::app {

struct LiveViewOptions {
  std::string broker;
  std::string store = "store1";
  unsigned width = 0;
  unsigned height = 0;
  std::string save_png;              ///< write the last frame here at exit
  std::optional<double> quit_after;  ///< close by itself after this many seconds
};

/// Returns the exit code: 0 on closing (window, Esc, SIGINT/SIGTERM, --quit-after), 1 if the
/// frame cannot be drawn or saved, 2 for a bad URL or store ID.
int run_live_view(const LiveViewOptions& options);

}  // namespace kaiten::app
