#include "kaiten/live/live_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

namespace kaiten {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// How often the store says where it stands, and the least time between two requests for the
// same messages: a request is answered within a few milliseconds on a store's network, so
// repeating it sooner would only send duplicates.
constexpr auto kStatusEvery = std::chrono::milliseconds(250);
constexpr auto kAskEvery = std::chrono::milliseconds(500);

Micrometres odometer_of(const SensorMessage& message, Micrometres last) {
  return std::visit(
      [last](const auto& m) -> Micrometres {
        if constexpr (requires { m.odometer; })
          return m.odometer;
        else
          return last;
      },
      message);
}

}  // namespace

LiveStore::LiveStore(LiveStoreOptions options, FeedHeader header)
    : options_(std::move(options)),
      header_(std::move(header)),
      topics_(live_topics(options_.store)),
      link_(options_.broker, "kaiten-store-" + options_.store,
            {topics_.commands, topics_.sensors_resend, topics_.controller_status}) {}

LiveStore::~LiveStore() = default;

void LiveStore::start() {
  link_.start(options_.connect_timeout);
  housekeeping(false);
}

void LiveStore::on_message(const SensorMessage& message, std::vector<Command>& commands) {
  const SimTime now = time_of(message);
  if (!started_clock_) {
    started_clock_ = true;
    first_time_ = now;
    wall_start_ = Clock::now();
  }
  const auto due = wall_start_ + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double, std::milli>(
                                         static_cast<double>(now - first_time_) / options_.speed));
  serve(due, &commands, now);
  last_odometer_ = odometer_of(message, last_odometer_);
  sent_.push_back(sequenced_feed_line(options_.source, sent_.size() + 1, message));
  if (sent_.size() - out_ >= std::max<std::size_t>(1, options_.reorder_burst)) publish_pending();
}

void LiveStore::publish_pending() {
  // A burst newest first, each message twice in a row: the receiver holds all but the oldest
  // until it comes last, and drops the second copies (of messages waiting and of one delivered).
  for (std::size_t i = sent_.size(); i > out_; --i) {
    const int copies = options_.reorder_burst > 0 ? 2 : 1;
    for (int c = 0; c < copies; ++c) link_.publish(topics_.sensors, sent_[i - 1]);
    ++stats_.published;
  }
  out_ = sent_.size();
}

void LiveStore::close() {
  publish_pending();
  housekeeping(true);
  const auto give_up = Clock::now() + options_.linger;
  while (!stats_.controller_done && Clock::now() < give_up)
    serve(std::min(give_up, Clock::now() + kStatusEvery), nullptr, 0);
  stats_.connections = link_.connections();
  link_.stop(std::chrono::milliseconds(2000));
}

void LiveStore::serve(Clock::time_point until, std::vector<Command>* commands, SimTime now) {
  LinkMessage message;
  while (true) {
    housekeeping(commands == nullptr);
    const auto left = until - Clock::now();
    const auto wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(left),
                                 std::chrono::milliseconds(0), std::chrono::milliseconds(50));
    if (link_.next(message, wait)) handle(message, commands, now);
    release(commands, now);
    if (Clock::now() >= until) return;
  }
}

void LiveStore::handle(const LinkMessage& message, std::vector<Command>* commands, SimTime now) {
  if (message.topic == topics_.commands) {
    SequencedCommand c;
    std::string error;
    if (!parse_command_line(message.payload, c, error)) {
      ++stats_.commands_malformed;
      fmt::print(stderr, "kaiten run: {}: malformed command dropped: {}\n", topics_.commands,
                 error);
      return;
    }
    if (inbox_.put(c.seq, std::move(c)))
      while (inbox_.pop(c)) held_.push_back({Clock::now() + options_.command_latency, c});
    stats_.command_duplicates = inbox_.duplicates();
    release(commands, now);
    return;
  }
  try {
    const json j = json::parse(message.payload);
    if (message.topic == topics_.sensors_resend) {
      if (j.at("src").get<std::string>() != options_.source) return;
      const auto from = std::max<std::uint64_t>(1, j.at("from").get<std::uint64_t>());
      ++stats_.resend_requests;
      // A request covered by one just answered is already answered.
      if (from >= last_resend_from_ && Clock::now() - last_resend_ < kAskEvery / 2) return;
      last_resend_ = Clock::now();
      last_resend_from_ = from;
      for (std::uint64_t seq = from; seq <= out_; ++seq) {
        link_.publish(topics_.sensors, sent_[seq - 1]);
        ++stats_.resent;
      }
    } else if (message.topic == topics_.controller_status) {
      controller_last_cmd_ = std::max(controller_last_cmd_, j.at("last_cmd").get<std::uint64_t>());
      if (j.at("state").get<std::string>() == "done") stats_.controller_done = true;
    }
  } catch (const json::exception& e) {
    fmt::print(stderr, "kaiten run: {}: malformed message dropped: {}\n", message.topic, e.what());
  }
}

void LiveStore::release(std::vector<Command>* commands, SimTime now) {
  const auto wall = Clock::now();
  while (!held_.empty() && held_.front().first <= wall) {
    const SequencedCommand c = std::move(held_.front().second);
    held_.pop_front();
    if (commands == nullptr) {
      ++stats_.commands_after_close;
      continue;
    }
    commands->push_back(c.command);
    ++stats_.commands;
    const SimTime delay = std::max<SimTime>(0, now - c.t);
    stats_.max_command_delay_ms = std::max(stats_.max_command_delay_ms, delay);
    delay_sum_ms_ += static_cast<double>(delay);
    stats_.mean_command_delay_ms = delay_sum_ms_ / static_cast<double>(stats_.commands);
    if (const auto* e = std::get_if<ExpireCmd>(&c.command))
      if (last_odometer_ >= e->at_odometer || now >= e->at_time) ++stats_.late_expiries;
  }
}

void LiveStore::housekeeping(bool closed) {
  const auto now = Clock::now();
  const bool reconnected = link_.connections() != seen_connections_;
  if (reconnected) {
    seen_connections_ = link_.connections();
    // A restarted broker has forgotten the retained header.
    link_.publish(topics_.header, feed_header_line(header_), true);
  }
  if (reconnected || now >= next_status_) {
    next_status_ = now + kStatusEvery;
    link_.publish(
        topics_.store_status,
        json{{"src", options_.source}, {"state", closed ? "closed" : "open"}, {"last_seq", out_}}
            .dump());
  }
  if ((reconnected || inbox_.gap() || controller_last_cmd_ >= inbox_.next()) && now >= next_ask_) {
    next_ask_ = now + kAskEvery;
    link_.publish(topics_.commands_resend, json{{"from", inbox_.next()}}.dump());
  }
}

}  // namespace kaiten
