#pragma once
// The live store's topics and payloads (docs/live.md), and the in-order, once-only delivery both
// ends build on top of MQTT's at-least-once: every message carries its source's sequence number;
// duplicates are dropped, messages ahead of a gap wait for it, and a gap is asked for again.
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "kaiten/controller/controller.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten {

/// Topics of store `store` (kaiten/<store>/...).
struct LiveTopics {
  std::string header;             ///< retained: the feed header line (scenario, seed)
  std::string sensors;            ///< sequenced feed lines
  std::string sensors_resend;     ///< {"src":..,"from":N}: the controller asks again
  std::string store_status;       ///< {"src":..,"state":"open"|"closed","last_seq":N}
  std::string commands;           ///< sequenced commands
  std::string commands_resend;    ///< {"from":N}: the store asks again
  std::string controller_status;  ///< {"state":"running"|"done","last_cmd":N}
  std::string state;              ///< retained: the controller's published state
};
LiveTopics live_topics(const std::string& store);

/// A store ID is used in topic names: letters, digits, '-' and '_' only, 1 to 64 of them.
bool valid_store_id(const std::string& store);

/// A broker URL kaiten can use: tcp://HOST:PORT or mqtt://HOST:PORT.
bool valid_broker_url(const std::string& url);

/// A command as sent: its sequence number (from 1) and the controller's time when it decided it.
struct SequencedCommand {
  std::uint64_t seq = 0;
  SimTime t = 0;
  Command command;
};
std::string command_line(const SequencedCommand& command);
/// False with `error` set for a malformed payload.
bool parse_command_line(const std::string& line, SequencedCommand& out, std::string& error);

/// The controller's state after its latest clock tick, as published (retained) on `state`.
std::string state_json(const StoreConfig& store, const TickRecord& tick, bool done);

/// Puts one source's messages back in order and drops repeats.
template <class T>
class SeqInbox {
 public:
  /// Takes message `seq`: false (a duplicate, counted) if it was delivered or is waiting already.
  bool put(std::uint64_t seq, T item) {
    if (seq < next_ || !pending_.emplace(seq, std::move(item)).second) {
      ++duplicates_;
      return false;
    }
    return true;
  }
  /// The next message in order, if it has come.
  bool pop(T& out) {
    const auto it = pending_.find(next_);
    if (it == pending_.end()) return false;
    out = std::move(it->second);
    pending_.erase(it);
    ++next_;
    return true;
  }
  /// The sequence number awaited next.
  std::uint64_t next() const { return next_; }
  /// Starts after `seq` (a controller resuming from its checkpoint).
  void delivered_up_to(std::uint64_t seq) { next_ = seq + 1; }
  /// Messages wait behind a missing one.
  bool gap() const { return !pending_.empty(); }
  std::int64_t duplicates() const { return duplicates_; }

 private:
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, T> pending_;
  std::int64_t duplicates_ = 0;
};

}  // namespace kaiten
