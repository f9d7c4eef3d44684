#include "kaiten/io/feed.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kaiten {
namespace {

using nlohmann::json;

constexpr std::size_t kFlushBytes = 256 * 1024;

// A line that cannot be turned into a message; `what` becomes FeedError::message.
struct BadLine {
  std::string what;
};

void append_line(std::string& out, const SensorMessage& message) {
  auto it = std::back_inserter(out);
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, PlatePlaced>) {
          fmt::format_to(it, R"({{"t":{},"type":"placed","tag":{},"lane":{},"item":{},"odo":{})",
                         m.time, m.tag, m.lane, m.item, m.odometer);
          if (m.order != kNoOrder) fmt::format_to(it, R"(,"order":{})", m.order);
          out += '}';
        } else if constexpr (std::is_same_v<T, TagRead>) {
          fmt::format_to(it, R"({{"t":{},"type":"read","tag":{},"reader":{},"odo":{}}})", m.time,
                         m.tag, m.reader, m.odometer);
        } else if constexpr (std::is_same_v<T, EncoderReading>) {
          fmt::format_to(it, R"({{"t":{},"type":"encoder","odo":{},"speed_mm_s":{}}})", m.time,
                         m.odometer, m.speed_mm_s);
        } else if constexpr (std::is_same_v<T, PartySeatedMsg>) {
          fmt::format_to(it,
                         R"({{"t":{},"type":"seated","party":{},"table":{},"adults":{},)"
                         R"("children":{}}})",
                         m.time, m.party, m.table, m.adults, m.children);
        } else if constexpr (std::is_same_v<T, PanelOrderMsg>) {
          fmt::format_to(it,
                         R"({{"t":{},"type":"order","party":{},"table":{},"item":{},"order":{}}})",
                         m.time, m.party, m.table, m.item, m.order);
        } else if constexpr (std::is_same_v<T, CheckoutMsg>) {
          fmt::format_to(it, R"({{"t":{},"type":"checkout","party":{},"table":{},"tags":[{}]}})",
                         m.time, m.party, m.table, fmt::join(m.tags, ","));
        } else if constexpr (std::is_same_v<T, ClockTick>) {
          fmt::format_to(it, R"({{"t":{},"type":"tick","odo":{}}})", m.time, m.odometer);
        } else if constexpr (std::is_same_v<T, ExpressSent>) {
          fmt::format_to(it,
                         R"({{"t":{},"type":"express","tag":{},"order":{},"table":{},)"
                         R"("item":{},"arrives":{}}})",
                         m.time, m.tag, m.order, m.table, m.item, m.arrives);
        }
      },
      message);
}

// Field access with the checks every message shares: present, an integer, within [lo, hi].
class Fields {
 public:
  Fields(const json& object, std::initializer_list<const char*> allowed) : object_(object) {
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) throw BadLine{fmt::format("unknown key \"{}\"", key)};
    }
  }

  bool has(const char* key) const { return object_.contains(key); }

  std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi) const {
    const auto it = object_.find(key);
    if (it == object_.end()) throw BadLine{fmt::format("missing key \"{}\"", key)};
    return checked(*it, key, lo, hi);
  }

  static std::int64_t checked(const json& v, const std::string& key, std::int64_t lo,
                              std::int64_t hi) {
    const bool fits = v.is_number_integer() &&
                      !(v.is_number_unsigned() &&
                        v.get<std::uint64_t>() >
                            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (fits) {
      const auto x = v.get<std::int64_t>();
      if (x >= lo && x <= hi) return x;
    }
    throw BadLine{fmt::format("\"{}\" must be an integer in [{}, {}]", key, lo, hi)};
  }

  const json& at(const char* key) const {
    const auto it = object_.find(key);
    if (it == object_.end()) throw BadLine{fmt::format("missing key \"{}\"", key)};
    return *it;
  }

 private:
  const json& object_;
};

constexpr std::int64_t kMaxU8 = UINT8_MAX;
constexpr std::int64_t kMaxU16 = UINT16_MAX;
constexpr std::int64_t kMaxU32 = UINT32_MAX;

// The largest valid index given a limit (0 = unchecked, then the type's maximum).
std::int64_t index_max(std::uint32_t limit, std::int64_t type_max) {
  return limit == 0 ? type_max : static_cast<std::int64_t>(limit) - 1;
}

SensorMessage parse_message(const json& j, const FeedLimits& limits) {
  if (!j.is_object()) throw BadLine{"not a JSON object"};
  const auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) throw BadLine{"missing string key \"type\""};
  const std::string type = type_it->get<std::string>();
  const auto u32 = [](std::int64_t x) { return static_cast<std::uint32_t>(x); };
  if (type == "placed") {
    const Fields f(j, {"t", "type", "tag", "lane", "item", "odo", "order"});
    PlatePlaced m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.tag = u32(f.integer("tag", 0, kMaxU32));
    m.lane = static_cast<std::uint8_t>(f.integer("lane", 0, index_max(limits.lanes, kMaxU8)));
    m.item = static_cast<std::uint16_t>(f.integer("item", 0, index_max(limits.items, kMaxU16)));
    m.odometer = f.integer("odo", 0, kMaxFeedOdometerUm);
    m.order = f.has("order") ? u32(f.integer("order", 0, kMaxU32 - 1)) : kNoOrder;
    return m;
  }
  if (type == "read") {
    const Fields f(j, {"t", "type", "tag", "reader", "odo"});
    TagRead m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.tag = u32(f.integer("tag", 0, kMaxU32));
    m.reader = u32(f.integer("reader", 0, index_max(limits.readers, kMaxU32)));
    m.odometer = f.integer("odo", 0, kMaxFeedOdometerUm);
    return m;
  }
  if (type == "encoder") {
    const Fields f(j, {"t", "type", "odo", "speed_mm_s"});
    EncoderReading m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.odometer = f.integer("odo", 0, kMaxFeedOdometerUm);
    m.speed_mm_s = static_cast<std::int32_t>(f.integer("speed_mm_s", 0, INT32_MAX));
    return m;
  }
  if (type == "seated") {
    const Fields f(j, {"t", "type", "party", "table", "adults", "children"});
    PartySeatedMsg m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.party = u32(f.integer("party", 0, kMaxU32));
    m.table = u32(f.integer("table", 0, index_max(limits.tables, kMaxU32)));
    m.adults = static_cast<std::uint8_t>(f.integer("adults", 0, kMaxU8));
    m.children = static_cast<std::uint8_t>(f.integer("children", 0, kMaxU8));
    return m;
  }
  if (type == "order") {
    const Fields f(j, {"t", "type", "party", "table", "item", "order"});
    PanelOrderMsg m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.party = u32(f.integer("party", 0, kMaxU32));
    m.table = u32(f.integer("table", 0, index_max(limits.tables, kMaxU32)));
    m.item = static_cast<std::uint16_t>(f.integer("item", 0, index_max(limits.items, kMaxU16)));
    m.order = u32(f.integer("order", 0, kMaxU32 - 1));
    return m;
  }
  if (type == "checkout") {
    const Fields f(j, {"t", "type", "party", "table", "tags"});
    CheckoutMsg m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.party = u32(f.integer("party", 0, kMaxU32));
    m.table = u32(f.integer("table", 0, index_max(limits.tables, kMaxU32)));
    const json& tags = f.at("tags");
    if (!tags.is_array()) throw BadLine{"\"tags\" must be an array of tags"};
    for (const json& tag : tags) m.tags.push_back(u32(Fields::checked(tag, "tags[]", 0, kMaxU32)));
    return m;
  }
  if (type == "express") {
    const Fields f(j, {"t", "type", "tag", "order", "table", "item", "arrives"});
    ExpressSent m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.tag = u32(f.integer("tag", 0, kMaxU32));
    m.order = u32(f.integer("order", 0, kMaxU32 - 1));
    m.table = u32(f.integer("table", 0, index_max(limits.tables, kMaxU32)));
    m.item = static_cast<std::uint16_t>(f.integer("item", 0, index_max(limits.items, kMaxU16)));
    m.arrives = f.integer("arrives", m.time, kMaxFeedTimeMs);
    return m;
  }
  if (type == "tick") {
    const Fields f(j, {"t", "type", "odo"});
    ClockTick m;
    m.time = f.integer("t", 0, kMaxFeedTimeMs);
    m.odometer = f.integer("odo", 0, kMaxFeedOdometerUm);
    return m;
  }
  throw BadLine{fmt::format("unknown message type \"{}\"", type)};
}

// nlohmann's parse errors start with "[json.exception.parse_error.101] "; keep what follows.
std::string json_error(const std::string& what) {
  const auto end = what.find("] ");
  return "invalid JSON: " + (end == std::string::npos ? what : what.substr(end + 2));
}

// Builds a line's value as nlohmann's own parser does (json::parse is this over its SAX
// interface), but stops at a key given twice in one object, which json::parse would take with its
// last value. The repeat is found by the one map insertion each key needs anyway (measured: +2.6 %
// instructions per line, docs/PERFORMANCE.md); a parser callback would cost a call per token.
class StrictDom {
 public:
  explicit StrictDom(json& root) : root_(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(json::number_integer_t v) { return put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return put(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(v); }
  bool string(json::string_t& v) { return put(std::move(v)); }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))); }  // never in text
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(json::string_t& k) {
    auto [at, inserted] = open_.back()->get_ref<json::object_t&>().emplace(std::move(k), nullptr);
    if (!inserted) {
      duplicate_ = at->first;
      return false;
    }
    slot_ = &at->second;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const json::exception& e) {
    error_ = e.what();
    return false;
  }

  /// Why parsing stopped: a duplicate key or a JSON syntax error.
  std::string what() const {
    return duplicate_.empty() ? json_error(error_)
                              : fmt::format("duplicate key \"{}\"", duplicate_);
  }

 private:
  json* place(json&& v) {
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.get_ref<json::array_t&>().push_back(std::move(v));
      return &parent.get_ref<json::array_t&>().back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  bool put(json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(json::value_t type) {
    open_.push_back(place(json(type)));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> open_;  ///< the objects and arrays being filled, innermost last
  json* slot_ = nullptr;     ///< the value of the key just read
  std::string duplicate_;
  std::string error_;
};

// One line's JSON value. Throws BadLine for invalid JSON or a key given twice in an object.
json parse_line(const std::string& line) {
  json j;
  StrictDom dom(j);
  if (!json::sax_parse(line, &dom)) throw BadLine{dom.what()};
  return j;
}

bool next_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace

std::string feed_header_line(const FeedHeader& header) {
  // Keys in a fixed order, so the same header gives the same bytes.
  std::string out = fmt::format(R"({{"type":"header","version":{},"scenario":{},"seed":{},)",
                                header.version, json(header.scenario).dump(), header.seed);
  out += R"("scenario_yaml":)" + json(header.scenario_yaml).dump();
  // Only when there are some, so a feed without overrides is what earlier versions wrote.
  if (!header.overrides.empty()) out += R"(,"overrides":)" + json(header.overrides).dump();
  return out + "}";
}

std::string feed_line(const SensorMessage& message) {
  std::string out;
  append_line(out, message);
  return out;
}

std::string sequenced_feed_line(const std::string& source, std::uint64_t seq,
                                const SensorMessage& message) {
  std::string out = fmt::format(R"({{"src":{},"seq":{},)", json(source).dump(), seq);
  std::string line;
  append_line(line, message);
  out.append(line, 1, std::string::npos);  // the message's keys, after its opening brace
  return out;
}

bool parse_sequenced_line(const std::string& line, const FeedLimits& limits, SequencedMessage& out,
                          std::string& error) {
  try {
    json j = parse_line(line);
    if (!j.is_object()) throw BadLine{"not a JSON object"};
    const auto src = j.find("src");
    if (src == j.end() || !src->is_string() || src->get<std::string>().empty())
      throw BadLine{"missing non-empty string key \"src\""};
    const auto seq = j.find("seq");
    if (seq == j.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0)
      throw BadLine{"\"seq\" must be an integer from 1"};
    out.source = src->get<std::string>();
    out.seq = seq->get<std::uint64_t>();
    j.erase("src");
    j.erase("seq");
    out.message = parse_message(j, limits);
    return true;
  } catch (const BadLine& bad) {
    error = bad.what;
    return false;
  }
}

FeedHeader parse_feed_header(const std::string& line, const std::string& source) {
  std::istringstream in(line);
  return FeedReader(in, source, false).header();
}

FeedRecorder::FeedRecorder(const std::filesystem::path& path, const FeedHeader& header,
                           ControllerPort* next)
    : writer_(path), next_(next) {
  buffer_ = feed_header_line(header);
  buffer_ += '\n';
}

void FeedRecorder::on_message(const SensorMessage& message, std::vector<Command>& commands) {
  append_line(buffer_, message);
  buffer_ += '\n';
  ++messages_;
  if (buffer_.size() >= kFlushBytes) flush();
  if (next_ != nullptr) next_->on_message(message, commands);
}

void FeedRecorder::flush() {
  writer_.write(buffer_);
  buffer_.clear();
}

void FeedRecorder::commit() {
  flush();
  writer_.commit();
}

std::string FeedError::to_string(const std::string& source) const {
  return fmt::format("{}:{}: {}", source, line, message);
}

FeedReader::FeedReader(std::istream& in, std::string source, bool skip_bad)
    : in_(in), source_(std::move(source)), skip_bad_(skip_bad) {
  std::string line;
  const auto fail = [&](const std::string& what) {
    throw FeedFormatError(fmt::format("{}:1: {}", source_, what));
  };
  if (!next_line(in_, line)) fail("empty feed: expected a header line");
  line_ = 1;
  try {
    const json j = parse_line(line);
    if (!j.is_object()) throw BadLine{"the header must be a JSON object"};
    if (!j.contains("type") || j["type"] != "header")
      throw BadLine{"the first line must be the header ({\"type\":\"header\", ...})"};
    const Fields f(j, {"type", "version", "scenario", "seed", "scenario_yaml", "overrides"});
    header_.version = static_cast<int>(f.integer("version", 0, INT32_MAX));
    if (header_.version != kFeedVersion)
      throw BadLine{fmt::format("unsupported feed version {} (this kaiten reads version {})",
                                header_.version, kFeedVersion)};
    const json& name = f.at("scenario");
    const json& yaml = f.at("scenario_yaml");
    if (!name.is_string() || !yaml.is_string())
      throw BadLine{"\"scenario\" and \"scenario_yaml\" must be strings"};
    header_.scenario = name.get<std::string>();
    header_.scenario_yaml = yaml.get<std::string>();
    const json& seed = f.at("seed");
    if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
      throw BadLine{"\"seed\" must be a non-negative integer"};
    header_.seed = seed.get<std::uint64_t>();
    if (f.has("overrides")) {
      const json& overrides = f.at("overrides");
      const auto text = [](const json& o) { return o.is_string(); };
      if (!overrides.is_array() || !std::all_of(overrides.begin(), overrides.end(), text))
        throw BadLine{"\"overrides\" must be a list of strings"};
      for (const json& o : overrides) header_.overrides.push_back(o.get<std::string>());
    }
  } catch (const BadLine& bad) {
    fail(bad.what);
  }
}

bool FeedReader::next(SensorMessage& out) {
  if (stopped_) return false;
  std::string line;
  while (next_line(in_, line)) {
    ++line_;
    try {
      if (line.find_first_not_of(" \t") == std::string::npos) throw BadLine{"empty line"};
      SensorMessage m = parse_message(parse_line(line), limits_);
      const SimTime t = time_of(m);
      if (t < last_time_)
        throw BadLine{fmt::format("out of time order: t={} comes after t={}", t, last_time_)};
      last_time_ = t;
      ++messages_;
      out = std::move(m);
      return true;
    } catch (const BadLine& bad) {
      errors_.push_back({line_, bad.what});
      if (!skip_bad_) {
        stopped_ = true;
        return false;
      }
    }
  }
  return false;
}

FeedContents read_feed(std::istream& in, const std::string& source, bool skip_bad,
                       const FeedLimits& limits) {
  FeedReader reader(in, source, skip_bad);
  reader.set_limits(limits);
  FeedContents out;
  out.header = reader.header();
  SensorMessage m;
  while (reader.next(m)) out.messages.push_back(std::move(m));
  out.errors = reader.errors();
  out.stopped = reader.stopped();
  return out;
}

FeedContents read_feed_file(const std::filesystem::path& path, bool skip_bad,
                            const FeedLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open " + path.string());
  return read_feed(in, path.string(), skip_bad, limits);
}

}  // namespace kaiten
