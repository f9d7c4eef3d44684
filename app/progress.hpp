#pragma once
// A one-line progress bar with the rate (units done now per second), the time elapsed and an ETA,
// on stderr and only on a terminal
// (`kaiten batch`, `sweep`, `optimize`). Work skipped (resumed) costs nothing: the ETA comes from
// the rate of the work actually done.
#include <chrono>
#include <string>

namespace kaiten::app {

class Progress {
 public:
  /// `total` units of work called `unit` ("days", "runs"); drawn only when `enabled`.
  Progress(long total, std::string unit, bool enabled);
  /// One unit finished; `done` says it was done now (not skipped).
  void tick(bool done_now);
  /// Sets the count finished to `finished` (for work done by others); `done_now` as for tick.
  void set(long finished, bool done_now);
  /// Ends the line.
  void finish();

  /// Whether stderr is a terminal (where a bar can be redrawn in place).
  static bool on_terminal();

 private:
  void draw();
  long total_;
  std::string unit_;
  bool enabled_;
  long done_ = 0;
  long done_now_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

/// "m:ss" or "h:mm:ss".
std::string format_duration(double seconds);

}  // namespace kaiten::app
