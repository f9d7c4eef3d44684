#include "kaiten/live/live_watch.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace kaiten {

using nlohmann::json;

bool parse_state_json(const std::string& payload, LiveState& out, std::string& error) {
  try {
    const json j = json::parse(payload);
    out.store = j.at("store").get<std::string>();
    out.t = j.at("t").get<SimTime>();
    out.done = j.at("done").get<bool>();
    const json& plates = j.at("plates");
    out.made = plates.at("made").get<std::int64_t>();
    out.on_belt = plates.at("on_belt").get<std::int64_t>();
    out.sold = plates.at("sold").get<std::int64_t>();
    out.discarded = plates.at("discarded").get<std::int64_t>();
    out.seated_parties = j.at("seated").at("parties").get<std::int32_t>();
    out.seated_people = j.at("seated").at("people").get<std::int32_t>();
    out.readers_down = j.at("readers_down").get<std::int32_t>();
    out.forecast = {j.at("forecast_plates").at("1").get<double>(),
                    j.at("forecast_plates").at("15").get<double>()};
    out.top_day_plates.clear();
    for (const json& s : j.at("top_day_plates"))
      out.top_day_plates.push_back(
          {s.at("item").get<std::string>(), s.at("plates").get<std::int64_t>()});
    return true;
  } catch (const json::exception& e) {
    error = e.what();
    return false;
  }
}

LiveWatch::LiveWatch(const std::string& broker, const std::string& store)
    : topics_(live_topics(store)),
      link_(broker, "kaiten-view-" + store + "-" + std::to_string(::getpid()),
            {topics_.header, topics_.sensors, topics_.store_status, topics_.state}) {
  // MqttLink reconnects by itself once connected; until the first connection it is tried here,
  // off the drawing thread.
  connector_ = std::thread([this] {
    while (!stopping_) {
      try {
        link_.start(std::chrono::milliseconds(500));
        return;
      } catch (const LinkError&) {  // not there yet: keep trying
      }
    }
  });
}

LiveWatch::~LiveWatch() {
  stopping_ = true;
  connector_.join();
}

bool LiveWatch::connected() const {
  return link_.connected();
}

WatchStats LiveWatch::stats() const {
  WatchStats s = stats_;
  s.connections = link_.connections();
  return s;
}

WatchUpdate LiveWatch::take(std::chrono::milliseconds wait) {
  WatchUpdate update;
  LinkMessage message;
  if (!link_.next(message, wait)) return update;
  handle(message, update);
  // Then whatever else is queued, without waiting; bounded so that a flood cannot hold the frame.
  for (int i = 0; i < 20'000 && link_.next(message, std::chrono::milliseconds(0)); ++i)
    handle(message, update);
  return update;
}

void LiveWatch::handle(const LinkMessage& message, WatchUpdate& update) {
  if (message.topic == topics_.header) {
    if (message.payload == header_line_) return;  // published again on every reconnection
    try {
      update.header = parse_feed_header(message.payload, topics_.header);
      header_line_ = message.payload;
      seen_.clear();  // a new day: its sequence numbers start again
    } catch (const FeedFormatError&) {
      ++stats_.malformed;
    }
    return;
  }
  if (message.topic == topics_.sensors) {
    SequencedMessage m;
    std::string error;
    if (!parse_sequenced_line(message.payload, FeedLimits{}, m, error)) {
      ++stats_.malformed;
      return;
    }
    if (!seen_[m.source].insert(m.seq).second) {
      ++stats_.duplicates;
      return;
    }
    ++stats_.sensor_messages;
    update.sensors.push_back(std::move(m.message));
    return;
  }
  if (message.topic == topics_.state) {
    LiveState state;
    std::string error;
    if (!parse_state_json(message.payload, state, error)) {
      ++stats_.malformed;
      return;
    }
    ++stats_.state_messages;
    update.state = std::move(state);
    return;
  }
  if (message.topic == topics_.store_status) {
    try {
      if (json::parse(message.payload).at("state").get<std::string>() == "closed")
        update.store_closed = true;
    } catch (const json::exception&) {
      ++stats_.malformed;
    }
  }
}

}  // namespace kaiten
