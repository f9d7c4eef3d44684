#include "kaiten/live/live_controller.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "kaiten/io/atomic_file.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/live/mqtt_link.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kStatusEvery = std::chrono::milliseconds(250);
constexpr auto kAskEvery = std::chrono::milliseconds(500);
constexpr const char* kEndLine = R"({"type":"end"})";

FeedLimits limits_of(const ScenarioDef& def) {
  FeedLimits limits;
  limits.lanes = static_cast<std::uint32_t>(def.belt.lanes.size());
  limits.items = static_cast<std::uint32_t>(def.menu.size());
  limits.tables = static_cast<std::uint32_t>(def.tables.size());
  for (const LaneDef& lane : def.belt.lanes)
    for (const BeltPoint& p : lane.points) limits.readers += p.kind == PointKind::reader ? 1 : 0;
  return limits;
}

// The checkpoint journal: appended line by line with write(2), so that a killed process leaves
// every handled message in the file (the kernel has it); only a power cut could lose the last.
class Journal {
 public:
  explicit Journal(std::string path) : path_(std::move(path)) {}
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// Complete lines already there; a torn last line (the process died writing it) is cut off.
  std::vector<std::string> read() {
    std::vector<std::string> lines;
    if (path_.empty()) return lines;
    std::ifstream in(path_, std::ios::binary);
    if (!in) return lines;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = 0;
    while (true) {
      const std::size_t end = text.find('\n', at);
      if (end == std::string::npos) break;
      lines.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    if (at < text.size() && ::truncate(path_.c_str(), static_cast<off_t>(at)) != 0)
      throw IoError(
          fmt::format("{}: cannot cut off a torn last line: {}", path_, std::strerror(errno)));
    return lines;
  }

  void append(const std::string& line) {
    if (path_.empty()) return;
    if (fd_ < 0) {
      fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd_ < 0) throw IoError(fmt::format("{}: cannot open: {}", path_, std::strerror(errno)));
    }
    const std::string data = line + "\n";
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

struct Source {
  SeqInbox<SequencedMessage> inbox;
  std::uint64_t announced_last = 0;  ///< the store's last seq, as its status said
  bool closed = false;
  Clock::time_point next_ask{};
  std::uint64_t asked_at = 0;  ///< inbox.next() when last asked; 0: nothing missing since
};

class Session {
 public:
  explicit Session(const LiveControlOptions& options)
      : options_(options),
        topics_(live_topics(options.store)),
        journal_(options.checkpoint),
        link_(options.broker, "kaiten-controller-" + options.store,
              {topics_.header, topics_.sensors, topics_.store_status, topics_.commands_resend}) {}

  LiveControlResult run() {
    resume();
    link_.start(options_.connect_timeout);
    LinkMessage message;
    while (!day_over()) {
      if (options_.stop_requested()) {
        result_.stopped = true;
        break;
      }
      housekeeping();
      if (link_.next(message, std::chrono::milliseconds(50))) handle(message);
    }
    return finish();
  }

 private:
  void resume() {
    const std::vector<std::string> lines = journal_.read();
    if (lines.empty()) return;
    start_day(lines.front(), options_.checkpoint + ":1");
    std::size_t batch = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i] == kEndLine)
        throw LiveInputError(options_.checkpoint +
                             ": the checkpoint holds a finished day; remove it to start a new one");
      SequencedMessage m;
      std::string error;
      if (!parse_sequenced_line(lines[i], limits_, m, error))
        throw LiveInputError(fmt::format("{}:{}: {}", options_.checkpoint, i + 1, error));
      Source& source = sources_[m.source];
      if (m.seq != source.inbox.next())
        throw LiveInputError(fmt::format("{}:{}: \"seq\" {} of \"{}\", expected {}",
                                         options_.checkpoint, i + 1, m.seq, m.source,
                                         source.inbox.next()));
      source.inbox.delivered_up_to(m.seq);
      batch = commands_.size();
      control(m);
      ++result_.replayed;
    }
    // The commands of the last message handled may not have gone out before the process died:
    // send them again (the store drops any it has).
    resend_from_ = batch;
  }

  void start_day(const std::string& line, const std::string& where) {
    try {
      header_line_ = line;
      const FeedHeader header = parse_feed_header(line, where);
      const LoadResult loaded = load_recorded_scenario(
          header.scenario_yaml, where + " (scenario_yaml)", header.overrides);
      if (!loaded.scenario) {
        std::string text;
        for (const auto& error : loaded.errors) text += "\n" + error.to_string();
        throw LiveInputError(where + ": the header's scenario is not valid" + text);
      }
      limits_ = limits_of(*loaded.scenario);
      controller_.emplace(*loaded.scenario, header.seed);
      if (options_.history) controller_->learn_from(*options_.history);
    } catch (const FeedFormatError& e) {
      throw LiveInputError(e.what());
    }
  }

  void handle(const LinkMessage& message) {
    if (message.topic == topics_.header) {
      if (!controller_) {
        start_day(message.payload, topics_.header);
        journal_.append(header_line_);
      } else if (message.payload != header_line_) {
        fmt::print(stderr, "kaiten control: {}: a different header ignored during the day\n",
                   topics_.header);
      }
      return;
    }
    if (message.topic == topics_.sensors) {
      ++payloads_;
      if (!controller_) return;  // asked for again once the header has come
      SequencedMessage m;
      std::string error;
      if (!parse_sequenced_line(message.payload, limits_, m, error)) {
        result_.errors.push_back({payloads_, error});
        return;
      }
      Source& source = sources_[m.source];
      const std::string name = m.source;
      if (!source.inbox.put(m.seq, std::move(m))) return;
      while (source.inbox.pop(m)) {
        journal_.append(sequenced_feed_line(name, m.seq, m.message));
        const std::size_t first = commands_.size();
        control(m);
        for (std::size_t i = first; i < commands_.size(); ++i)
          link_.publish(topics_.commands, commands_[i]);
      }
      publish_state(false);
      return;
    }
    try {
      const json j = json::parse(message.payload);
      if (message.topic == topics_.store_status) {
        Source& source = sources_[j.at("src").get<std::string>()];
        source.announced_last =
            std::max(source.announced_last, j.at("last_seq").get<std::uint64_t>());
        source.closed = j.at("state").get<std::string>() == "closed";
      } else if (message.topic == topics_.commands_resend) {
        const auto from = std::max<std::uint64_t>(1, j.at("from").get<std::uint64_t>());
        if (from >= last_resend_from_ && Clock::now() - last_resend_ < kAskEvery / 2) return;
        last_resend_ = Clock::now();
        last_resend_from_ = from;
        for (std::uint64_t seq = from; seq <= commands_.size(); ++seq)
          link_.publish(topics_.commands, commands_[seq - 1]);
      }
    } catch (const json::exception& e) {
      fmt::print(stderr, "kaiten control: {}: malformed message dropped: {}\n", message.topic,
                 e.what());
    }
  }

  void control(const SequencedMessage& m) {
    decided_.clear();
    controller_->on_message(m.message, decided_);
    ++result_.messages;
    for (const Command& c : decided_)
      commands_.push_back(command_line({commands_.size() + 1, controller_->now(), c}));
  }

  void publish_state(bool done) {
    const auto& timeline = controller_->timeline();
    if (timeline.empty() || (!done && timeline.size() == published_ticks_)) return;
    published_ticks_ = timeline.size();
    link_.publish(topics_.state, state_json(controller_->store(), timeline.back(), done), true);
  }

  void publish_status(const char* state) {
    link_.publish(topics_.controller_status,
                  json{{"state", state}, {"last_cmd", commands_.size()}}.dump());
  }

  void housekeeping() {
    const auto now = Clock::now();
    const bool reconnected = link_.connections() != seen_connections_;
    if (reconnected) {
      seen_connections_ = link_.connections();
      for (auto& [name, source] : sources_) source.next_ask = {};
      for (std::size_t i = resend_from_; i < commands_.size(); ++i)
        link_.publish(topics_.commands, commands_[i]);
      resend_from_ = commands_.size();
    }
    if (reconnected || now >= next_status_) {
      next_status_ = now + kStatusEvery;
      publish_status("running");
    }
    if (!controller_) return;
    for (auto& [name, source] : sources_) {
      const bool missing = source.inbox.gap() || source.announced_last >= source.inbox.next();
      if (!missing) {
        source.asked_at = 0;
        continue;
      }
      if (now < source.next_ask) continue;
      source.next_ask = now + kAskEvery;
      // Still catching up on what was asked for: asking again would only bring duplicates.
      const bool catching_up =
          source.asked_at != 0 && source.inbox.next() != source.asked_at && !reconnected;
      source.asked_at = source.inbox.next();
      if (catching_up) continue;
      ++result_.resend_requests;
      link_.publish(topics_.sensors_resend,
                    json{{"src", name}, {"from", source.inbox.next()}}.dump());
    }
  }

  bool day_over() const {
    if (!controller_ || sources_.empty()) return false;
    for (const auto& [name, source] : sources_)
      if (!source.closed || source.inbox.next() <= source.announced_last) return false;
    return true;
  }

  LiveControlResult finish() {
    if (controller_) {
      result_.started = true;
      result_.report = controller_->report();
      if (!result_.stopped) {
        journal_.append(kEndLine);
        publish_state(true);
      }
    }
    // Said a few times: the store lingers until it hears it, and one message can be lost.
    for (int i = 0; i < 3; ++i) {
      publish_status(result_.stopped ? "stopped" : "done");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (const auto& [name, source] : sources_) result_.duplicates += source.inbox.duplicates();
    result_.commands = static_cast<std::int64_t>(commands_.size());
    result_.connections = link_.connections();
    link_.stop(std::chrono::milliseconds(2000));
    return std::move(result_);
  }

  const LiveControlOptions& options_;
  LiveTopics topics_;
  Journal journal_;
  MqttLink link_;
  std::string header_line_;
  FeedLimits limits_;
  std::optional<Controller> controller_;
  std::map<std::string, Source> sources_;
  std::vector<Command> decided_;
  std::vector<std::string> commands_;  ///< every command sent, by seq - 1
  std::size_t resend_from_ = 0;        ///< commands to send on the next connection
  std::size_t published_ticks_ = 0;
  std::int64_t payloads_ = 0;
  std::uint64_t seen_connections_ = 0;
  Clock::time_point next_status_{};
  Clock::time_point last_resend_{};
  std::uint64_t last_resend_from_ = 0;
  LiveControlResult result_;
};

}  // namespace

LiveControlResult run_live_controller(const LiveControlOptions& options) {
  Session session(options);
  return session.run();
}

}  // namespace kaiten
