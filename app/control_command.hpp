#pragma once
// `kaiten control FEED.jsonl --out DIR [--skip-bad]`: runs the controller on a recorded (or
// external) sensor feed and writes its decisions and its top-sellers / forecast timeline.
#include <string>
#include <vector>

namespace kaiten::app {

struct ControlOptions {
  std::string feed;       ///< JSON Lines sensor feed (docs/feed.md)
  std::string out_dir;    ///< empty: print the summary only
  bool skip_bad = false;  ///< skip malformed lines (each reported) instead of stopping at the first
  /// Earlier days' feeds of the same store, oldest first: the controller starts from what they
  /// teach (appetite data and the seating profile), as a store's controller would from its
  /// history. Optional (`--history FEED.jsonl`, repeatable).
  std::vector<std::string> history;
  std::string broker;  ///< non-empty: live on this MQTT broker instead of `feed`
  std::string store = "store1";
  std::string checkpoint;  ///< live: the journal to resume from (docs/live.md)
};

/// Exit codes as commands.hpp: 0 done; 2 bad input (unreadable feed, bad header or scenario, or
/// a malformed line without --skip-bad: what was read before it is still written); 1 an output
/// could not be written.
int control_command(const ControlOptions& options);

}  // namespace kaiten::app
