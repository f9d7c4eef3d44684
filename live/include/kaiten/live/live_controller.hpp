#pragma once
// The controller live (`kaiten control --broker`): sensor messages from the broker, in order and
// once each, into a Controller; its commands and state back out. The controller itself sees only
// messages, as ever: this is the adapter around it.
//
// Checkpoint: every message is appended to a journal (a header line, then the sequenced lines in
// the order they were handled) before the controller handles it. A restarted controller replays
// the journal into a fresh Controller, which, being deterministic, ends in exactly the state the
// killed one had, then asks each source for what follows. Nothing is lost or handled twice.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/feed.hpp"

namespace kaiten {

/// Bad input for the live controller: an unusable header or checkpoint (exit 2).
struct LiveInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct LiveControlOptions {
  std::string broker;
  std::string store;
  std::string checkpoint;  ///< empty: none (a restart begins the day again)
  std::optional<ControllerHistory> history;
  std::chrono::milliseconds connect_timeout{10'000};
  /// Polled often: true ends the day early (a signal).
  std::function<bool()> stop_requested = [] { return false; };
};

struct LiveControlResult {
  ControllerReport report;
  std::int64_t messages = 0;  ///< handled, replayed ones included
  std::int64_t replayed = 0;  ///< from the checkpoint
  std::int64_t duplicates = 0;
  std::int64_t resend_requests = 0;
  std::int64_t commands = 0;
  std::uint64_t connections = 0;
  std::vector<FeedError> errors;  ///< malformed payloads (line: the count of sensor payloads)
  bool stopped = false;           ///< ended by stop_requested before the store closed
  bool started = false;           ///< the header came (else `report` is empty)
};

/// Runs until the store announces its close and every message up to it has been handled, or
/// until stop_requested. Throws LinkError (no broker), LiveInputError (bad header or checkpoint),
/// IoError (the checkpoint cannot be written).
LiveControlResult run_live_controller(const LiveControlOptions& options);

}  // namespace kaiten
