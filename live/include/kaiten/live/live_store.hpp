#pragma once
// The simulated store as a live one (`kaiten run --broker`): a ControllerPort that, instead of
// calling a controller, publishes each sensor message when the wall clock reaches its simulated
// time (at `speed` times real time) and hands the simulation the commands that came from the
// broker meanwhile, so they take effect at the simulated time they arrive.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "kaiten/core/sensor.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/live/mqtt_link.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten {

struct LiveStoreOptions {
  std::string broker;
  std::string store;
  std::string source = "sim";  ///< the `src` of its sensor messages
  double speed = 1.0;          ///< simulated seconds per wall-clock second
  /// After closing, how long to keep answering requests for messages again before giving up on
  /// the controller's "done".
  std::chrono::milliseconds linger{60'000};
  std::chrono::milliseconds connect_timeout{10'000};
  /// A slow link: each command is held this long (wall clock) after it arrives.
  std::chrono::milliseconds command_latency{0};
  /// Fault injection (tests): sensor messages go out in bursts of this many, each burst
  /// newest first and every message twice, so that the controller meets duplicates and messages
  /// ahead of a gap through the real broker. 0: each message as it comes, once.
  std::size_t reorder_burst = 0;
};

/// What the link saw; `late_expiries` counts expiry commands that arrived after the point they
/// name (the plate may already have passed a gate unflagged and ridden another lap).
struct LiveStoreStats {
  std::int64_t published = 0;
  std::int64_t resent = 0;
  std::int64_t resend_requests = 0;
  std::int64_t commands = 0;              ///< applied, each once
  std::int64_t command_duplicates = 0;    ///< dropped
  std::int64_t commands_malformed = 0;    ///< dropped, reported on stderr
  std::int64_t commands_after_close = 0;  ///< came after the simulation ended: ignored
  std::int64_t late_expiries = 0;
  SimTime max_command_delay_ms = 0;  ///< simulated time from decision to taking effect
  double mean_command_delay_ms = 0.0;
  std::uint64_t connections = 0;
  bool controller_done = false;  ///< the controller confirmed the end of the day
};

class LiveStore final : public ControllerPort {
 public:
  LiveStore(LiveStoreOptions options, FeedHeader header);
  ~LiveStore() override;

  /// Connects and publishes the header (retained). Throws LinkError.
  void start();
  void on_message(const SensorMessage& message, std::vector<Command>& commands) override;
  /// The day is over: announces it and answers requests for messages again until the controller
  /// says it is done (or the linger time runs out).
  void close();
  const LiveStoreStats& stats() const { return stats_; }

 private:
  void serve(std::chrono::steady_clock::time_point until, std::vector<Command>* commands,
             SimTime now);
  void handle(const LinkMessage& message, std::vector<Command>* commands, SimTime now);
  void release(std::vector<Command>* commands, SimTime now);
  void housekeeping(bool closed);
  /// Publishes the messages not yet out (all of them, or a burst in reorder_burst's order).
  void publish_pending();

  LiveStoreOptions options_;
  FeedHeader header_;
  LiveTopics topics_;
  MqttLink link_;
  std::vector<std::string> sent_;  ///< payloads by seq - 1, for requests to send again
  std::size_t out_ = 0;            ///< of sent_, published so far (the rest wait for a burst)
  SeqInbox<SequencedCommand> inbox_;
  /// Commands in order, each with the wall time it may take effect (command_latency).
  std::deque<std::pair<std::chrono::steady_clock::time_point, SequencedCommand>> held_;
  std::uint64_t controller_last_cmd_ = 0;
  std::uint64_t seen_connections_ = 0;
  bool started_clock_ = false;
  SimTime first_time_ = 0;
  Micrometres last_odometer_ = 0;
  std::chrono::steady_clock::time_point wall_start_;
  std::chrono::steady_clock::time_point next_status_;
  std::chrono::steady_clock::time_point next_ask_;
  std::chrono::steady_clock::time_point last_resend_;
  std::uint64_t last_resend_from_ = 0;
  double delay_sum_ms_ = 0.0;
  LiveStoreStats stats_;
};

}  // namespace kaiten
