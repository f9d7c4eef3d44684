#include "kaiten/io/run_log.hpp"

#include <lzma.h>

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>

#include "kaiten/io/input_file.hpp"

namespace kaiten {
namespace {

constexpr char kMagic[8] = {'K', 'A', 'I', 'T', 'N', 'L', 'O', 'G'};
constexpr std::uint32_t kChunkHeader = 1;
constexpr std::uint32_t kChunkEvents = 2;
constexpr std::uint32_t kChunkTotals = 3;
constexpr std::uint32_t kEventsPerChunk = 4096;
constexpr std::size_t kEventBytes = 28;
constexpr std::uint32_t kMaxChunkBytes = 64u << 20;

// Checksums come from liblzma: CRC-32 (ISO-HDLC, as zlib and PNG) for chunks and CRC-64/XZ for
// the events' digest, both table-driven several bytes at a time (a byte-at-a-time CRC was the
// largest cost of `kaiten run`; docs/PERFORMANCE.md).
std::uint32_t crc32_of(const char* data, std::size_t size) {
  return lzma_crc32(reinterpret_cast<const std::uint8_t*>(data), size, 0);
}

template <typename T>
void store(char* out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out[i] = static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff);
}
template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  store(bytes, value);
  out.append(bytes, sizeof(T));
}
void put_string(std::string& out, const std::string& s) {
  put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}

// Bounds-checked little-endian reading of one payload.
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    pos_ += sizeof(T);
    return static_cast<T>(v);
  }
  std::string get_string() {
    const auto n = get<std::uint32_t>();
    need(n);
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  void need(std::size_t n) const {
    if (data_.size() - pos_ < n) throw RunLogError("chunk payload too short");
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

using EventBytes = std::array<char, kEventBytes>;

// One event record, little-endian, built in place: one append per event, no allocation.
EventBytes encode_event(const TruthEvent& e) {
  EventBytes b;
  store<std::int64_t>(&b[0], e.time);
  store<std::uint8_t>(&b[8], static_cast<std::uint8_t>(e.kind));
  store<std::uint8_t>(&b[9], e.lane);
  store<std::uint16_t>(&b[10], e.item);
  store<std::uint32_t>(&b[12], e.plate);
  store<std::uint32_t>(&b[16], e.generation);
  store<std::uint32_t>(&b[20], e.aux);
  store<std::uint32_t>(&b[24], e.where);
  return b;
}

TruthEvent get_event(Cursor& in) {
  TruthEvent e;
  e.time = in.get<std::int64_t>();
  const auto kind = in.get<std::uint8_t>();
  if (kind < 1 || kind > 13) throw RunLogError("unknown event kind " + std::to_string(kind));
  e.kind = static_cast<TruthKind>(kind);
  e.lane = in.get<std::uint8_t>();
  e.item = in.get<std::uint16_t>();
  e.plate = in.get<std::uint32_t>();
  e.generation = in.get<std::uint32_t>();
  e.aux = in.get<std::uint32_t>();
  e.where = in.get<std::uint32_t>();
  return e;
}

std::string chunk(std::uint32_t type, const std::string& payload) {
  std::string out;
  put<std::uint32_t>(out, type);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(payload.size()));
  out += payload;
  put<std::uint32_t>(out, crc32_of(out.data(), out.size()));
  return out;
}

}  // namespace

void TruthDigest::add(const TruthEvent& event) {
  const EventBytes bytes = encode_event(event);
  add_record(bytes.data(), bytes.size());
}

void TruthDigest::add_record(const char* bytes, std::size_t size) {
  // liblzma continues a CRC from its previous (finished) value.
  crc_ = lzma_crc64(reinterpret_cast<const std::uint8_t*>(bytes), size, crc_);
}

RunLogTotals totals_of(const DayResult& day, std::uint64_t truth_digest) {
  return {day.events,           day.made,  day.eaten,   day.discarded,
          day.on_belt_at_close, day.reads, truth_digest};
}

RunLogWriter::RunLogWriter(const std::filesystem::path& path, const RunLogHeader& header)
    : out_(path) {
  std::string start(kMagic, sizeof kMagic);
  put<std::uint32_t>(start, header.version);
  std::string payload;
  put<std::uint64_t>(payload, header.seed);
  put_string(payload, header.scenario_name);
  put_string(payload, header.scenario_path);
  put_string(payload, header.scenario_yaml);
  out_.write(start + chunk(kChunkHeader, payload));
}

void RunLogWriter::on_event(const TruthEvent& event) {
  const EventBytes bytes = encode_event(event);
  pending_.append(bytes.data(), bytes.size());
  digest_.add_record(bytes.data(), bytes.size());
  if (++pending_count_ == kEventsPerChunk) flush_events();
}

void RunLogWriter::flush_events() {
  if (pending_count_ == 0) return;
  std::string payload;
  put<std::uint32_t>(payload, pending_count_);
  payload += pending_;
  out_.write(chunk(kChunkEvents, payload));
  pending_.clear();
  pending_count_ = 0;
}

void RunLogWriter::finish(const RunLogTotals& totals) {
  flush_events();
  std::string payload;
  for (std::int64_t v : {totals.events, totals.made, totals.eaten, totals.discarded,
                         totals.on_belt_at_close, totals.reads})
    put<std::int64_t>(payload, v);
  put<std::uint64_t>(payload, totals.truth_digest);
  out_.write(chunk(kChunkTotals, payload));
}

RunLogContents read_run_log(const std::filesystem::path& path) {
  std::string data;
  try {
    data = read_input_file(path);
  } catch (const InputFileError& e) {
    throw RunLogError(e.what());
  }
  const std::string name = path.string();
  if (data.size() < 12 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    throw RunLogError(name + ": not a kaiten run log (bad magic)");
  RunLogContents log;
  Cursor version_cursor(std::string_view(data).substr(8, 4));
  log.header.version = version_cursor.get<std::uint32_t>();
  if (log.header.version != kRunLogVersion)
    throw RunLogError(name + ": run log version " + std::to_string(log.header.version) +
                      " is not supported (this kaiten reads version " +
                      std::to_string(kRunLogVersion) + ")");
  std::size_t pos = 12;
  bool have_header = false;
  while (pos < data.size()) {
    const std::size_t start = pos;
    if (data.size() - pos < 12) {
      log.truncated = true;
      log.problem = "ends inside a chunk at byte " + std::to_string(start);
      break;
    }
    Cursor head(std::string_view(data).substr(pos, 8));
    const auto type = head.get<std::uint32_t>();
    const auto length = head.get<std::uint32_t>();
    if (length > kMaxChunkBytes || data.size() - pos - 12 < length) {
      log.truncated = true;
      log.problem = "ends inside a chunk at byte " + std::to_string(start);
      break;
    }
    Cursor tail(std::string_view(data).substr(pos + 8 + length, 4));
    if (tail.get<std::uint32_t>() != crc32_of(data.data() + pos, 8 + length)) {
      log.truncated = true;
      log.problem = "checksum mismatch in the chunk at byte " + std::to_string(start);
      break;
    }
    pos += 12 + length;
    Cursor payload(std::string_view(data).substr(start + 8, length));
    try {
      if (type == kChunkHeader) {
        log.header.seed = payload.get<std::uint64_t>();
        log.header.scenario_name = payload.get_string();
        log.header.scenario_path = payload.get_string();
        log.header.scenario_yaml = payload.get_string();
        have_header = true;
      } else if (type == kChunkEvents) {
        const auto count = payload.get<std::uint32_t>();
        for (std::uint32_t i = 0; i < count; ++i) log.events.push_back(get_event(payload));
      } else if (type == kChunkTotals) {
        RunLogTotals t;
        t.events = payload.get<std::int64_t>();
        t.made = payload.get<std::int64_t>();
        t.eaten = payload.get<std::int64_t>();
        t.discarded = payload.get<std::int64_t>();
        t.on_belt_at_close = payload.get<std::int64_t>();
        t.reads = payload.get<std::int64_t>();
        t.truth_digest = payload.get<std::uint64_t>();
        log.totals = t;
      } else {
        throw RunLogError("unknown chunk type " + std::to_string(type));
      }
      if (!payload.at_end()) throw RunLogError("chunk payload has trailing bytes");
    } catch (const RunLogError& e) {
      throw RunLogError(name + ": chunk at byte " + std::to_string(start) + ": " + e.what());
    }
    if (!have_header) throw RunLogError(name + ": the first chunk is not the run header");
  }
  if (!have_header) throw RunLogError(name + ": no whole run header (" + log.problem + ")");
  if (!log.totals && !log.truncated) {
    log.truncated = true;
    log.problem = "ends after a whole chunk but before the totals: the run did not finish";
  }
  return log;
}

}  // namespace kaiten
