#pragma once
// A passive listener on a live store (`kaiten view --broker`): it subscribes to the store's
// header, its sensor messages and the controller's published state (docs/live.md), and hands them
// over parsed. It publishes nothing: a screen watching the store never changes what the store or
// its controller do. It keeps trying to reach the broker, in the background, until it is
// destroyed, so the screen can say "waiting for the broker" meanwhile.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kaiten/core/sensor.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/live/mqtt_link.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten {

/// One seller of the published state's `top_day_plates`.
struct StateSeller {
  std::string item;  ///< the menu item's id
  std::int64_t plates = 0;
};

/// The controller's published state (the `state` topic), as far as a screen draws it.
struct LiveState {
  std::string store;
  SimTime t = 0;
  bool done = false;
  std::int64_t made = 0;
  std::int64_t on_belt = 0;
  std::int64_t sold = 0;
  std::int64_t discarded = 0;
  std::int32_t seated_parties = 0;
  std::int32_t seated_people = 0;
  std::int32_t readers_down = 0;
  std::array<double, 2> forecast{};  ///< plates over the next 1 and 15 minutes
  std::vector<StateSeller> top_day_plates;
};
/// Parses a `state` payload (state_json's output). False with `error` set for a malformed one.
bool parse_state_json(const std::string& payload, LiveState& out, std::string& error);

/// What arrived since the last LiveWatch::take().
struct WatchUpdate {
  std::optional<FeedHeader> header;    ///< a (new) header: the store's scenario
  std::optional<LiveState> state;      ///< the latest state, if one came
  std::vector<SensorMessage> sensors;  ///< new sensor messages (each once), in arrival order
  bool store_closed = false;           ///< the store said it closed
};

/// Counts for the viewer's status line and its closing log line.
struct WatchStats {
  std::int64_t state_messages = 0;
  std::int64_t sensor_messages = 0;  ///< handed over (duplicates left out)
  std::int64_t duplicates = 0;       ///< sensor messages seen before, dropped
  std::int64_t malformed = 0;        ///< payloads that did not parse, dropped
  std::uint64_t connections = 0;
};

class LiveWatch {
 public:
  /// Checks the URL (LinkError for one that is not tcp:// or mqtt://HOST:PORT) and starts
  /// connecting in the background; it never gives up.
  LiveWatch(const std::string& broker, const std::string& store);
  ~LiveWatch();
  LiveWatch(const LiveWatch&) = delete;
  LiveWatch& operator=(const LiveWatch&) = delete;

  /// Everything that came, waiting at most `wait` for the first message.
  WatchUpdate take(std::chrono::milliseconds wait);
  bool connected() const;
  WatchStats stats() const;

 private:
  void handle(const LinkMessage& message, WatchUpdate& update);

  LiveTopics topics_;
  MqttLink link_;
  std::atomic<bool> stopping_{false};
  std::thread connector_;
  std::string header_line_;
  /// Sequence numbers seen, per source: the screen takes messages as they come (it never asks
  /// for a gap again) and only drops repeats.
  std::map<std::string, std::unordered_set<std::uint64_t>> seen_;
  WatchStats stats_;
};

}  // namespace kaiten
