#include "kaiten/io/run_log.hpp"

#include <libdeflate.h>
#include <lzma.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
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
constexpr std::uint32_t kChunkPackedEvents = 4;  // version 3 on; kChunkEvents before
constexpr std::uint32_t kEventsPerChunk = 4096;
constexpr std::size_t kEventBytes = 28;
// A packed record's smallest and largest sizes: eight fields, the six varints 1 to 10 bytes
// (time delta and plate delta up to 10, item up to 3, the u32 fields up to 5).
constexpr std::size_t kPackedMinBytes = 8;
constexpr std::size_t kPackedMaxBytes = 10 + 1 + 1 + 3 + 10 + 5 + 5 + 5;
constexpr std::uint32_t kMaxChunkBytes = 64u << 20;
// An events chunk's type, length and record count, before its records.
constexpr std::size_t kPackedFrame = 12;

// Checksums come from libraries: CRC-32 (ISO-HDLC, as zlib and PNG) for chunks from libdeflate and
// CRC-64/XZ for the events' digest from liblzma, both with carry-less multiplication where the
// processor has it (a byte-at-a-time CRC was once the largest cost of `kaiten run`, and liblzma
// 5.4's table-driven CRC-32 still 3 % of it; docs/PERFORMANCE.md).
std::uint32_t crc32_of(const char* data, std::size_t size) {
  return libdeflate_crc32(0, data, size);
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
  /// An unsigned LEB128 varint of at most 10 bytes, no larger than `max`.
  std::uint64_t get_varint(std::uint64_t max = ~std::uint64_t{0}) {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      need(1);
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      if (shift == 63 && byte > 1) throw RunLogError("a varint overflows 64 bits");
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
      if (shift == 63) throw RunLogError("a varint runs past 10 bytes");
    }
    if (v > max) throw RunLogError("a field's value " + std::to_string(v) + " is out of range");
    return v;
  }
  bool at_end() const { return pos_ == data_.size(); }
  std::size_t remaining() const { return data_.size() - pos_; }

 private:
  void need(std::size_t n) const {
    if (data_.size() - pos_ < n) throw RunLogError("chunk payload too short");
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

using EventBytes = std::array<char, kEventBytes>;
static_assert(std::endian::native == std::endian::little,
              "the run log's records are little-endian and copied as such");

// One event record, little-endian, built in place: one append per event, no allocation.
EventBytes encode_event(const TruthEvent& e) {
  EventBytes b;
  const auto kind = static_cast<std::uint8_t>(e.kind);
  std::memcpy(&b[0], &e.time, 8);
  std::memcpy(&b[8], &kind, 1);
  std::memcpy(&b[9], &e.lane, 1);
  std::memcpy(&b[10], &e.item, 2);
  std::memcpy(&b[12], &e.plate, 4);
  std::memcpy(&b[16], &e.generation, 4);
  std::memcpy(&b[20], &e.aux, 4);
  std::memcpy(&b[24], &e.where, 4);
  return b;
}

// Version 3's packed records (docs/outputs.md): each field a varint (LEB128), the time and the
// plate as zigzag deltas against the previous record of the same chunk (the first against 0), so
// a chunk decodes on its own. A busy day's log is a third of the 28-byte records' size, and the
// writer's cost falls with it (docs/PERFORMANCE.md).
using PackState = RunLogPackState;

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

char* put_varint(char* p, std::uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// Packs `e` at `out` (room for kPackedMaxBytes); returns the end of the record.
char* pack_event(char* out, const TruthEvent& e, PackState& state) {
  char* p = out;
  // Wrapping differences: exact for any pair of values, and no overflow to speak of.
  p = put_varint(p, zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(e.time) -
                                                     static_cast<std::uint64_t>(state.time))));
  *p++ = static_cast<char>(e.kind);
  *p++ = static_cast<char>(e.lane);
  p = put_varint(p, e.item);
  p = put_varint(p, zigzag(static_cast<std::int64_t>(e.plate) - state.plate));
  p = put_varint(p, e.generation);
  p = put_varint(p, e.aux);
  p = put_varint(p, e.where);
  state.time = e.time;
  state.plate = e.plate;
  return p;
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
    : out_(path),
      packed_(kPackedFrame + kEventsPerChunk * kPackedMaxBytes + 4),
      records_(kEventsPerChunk * kEventBytes) {
  std::string start(kMagic, sizeof kMagic);
  put<std::uint32_t>(start, kRunLogVersion);  // the payload below is this version's
  std::string payload;
  put<std::uint64_t>(payload, header.seed);
  put_string(payload, header.scenario_name);
  put_string(payload, header.scenario_path);
  put_string(payload, header.scenario_yaml);
  put<std::uint32_t>(payload, static_cast<std::uint32_t>(header.overrides.size()));
  for (const std::string& o : header.overrides) put_string(payload, o);
  out_.write(start + chunk(kChunkHeader, payload));
}

void RunLogWriter::on_event(const TruthEvent& event) {
  const EventBytes record = encode_event(event);
  std::memcpy(records_.data() + records_size_, record.data(), record.size());
  records_size_ += record.size();
  char* const records = packed_.data() + kPackedFrame;
  packed_size_ =
      static_cast<std::size_t>(pack_event(records + packed_size_, event, pack_) - records);
  if (++pending_count_ == kEventsPerChunk) flush_events();
}

std::uint64_t RunLogWriter::digest() const {
  TruthDigest d = digest_;
  d.add_record(records_.data(), records_size_);
  return d.value();
}

void RunLogWriter::flush_events() {
  if (pending_count_ == 0) return;
  // The digest once per chunk over its records: the same CRC-64 as record by record.
  digest_.add_record(records_.data(), records_size_);
  records_size_ = 0;
  // The chunk is framed around the records where they lie: its type, length and count in the
  // room left before them, its CRC-32 after them, and written in one piece.
  char* const frame = packed_.data();
  store<std::uint32_t>(frame, kChunkPackedEvents);
  store<std::uint32_t>(frame + 4, static_cast<std::uint32_t>(4 + packed_size_));
  store<std::uint32_t>(frame + 8, pending_count_);
  const std::size_t framed = kPackedFrame + packed_size_;
  store<std::uint32_t>(frame + framed, crc32_of(frame, framed));
  out_.write(std::string_view(frame, framed + 4));
  packed_size_ = 0;
  pending_count_ = 0;
  pack_ = {};
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

// Reading has three layers: framing splits the bytes into checksummed chunks (or says where and
// how that fails), one decoder per chunk type fills the contents, and read_run_log checks the
// order of the chunks. A new chunk encoding is one more line in kDecoders.
namespace {

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

enum class ChunkRole { header, events, totals };

const char* role_name(ChunkRole role) {
  switch (role) {
    case ChunkRole::header:
      return "run header";
    case ChunkRole::events:
      return "events";
    case ChunkRole::totals:
      return "totals";
  }
  return "?";
}

void decode_header(Cursor& in, RunLogContents& log) {
  log.header.seed = in.get<std::uint64_t>();
  log.header.scenario_name = in.get_string();
  log.header.scenario_path = in.get_string();
  log.header.scenario_yaml = in.get_string();
  if (log.header.version < 2) return;
  const auto count = in.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < count; ++i) log.header.overrides.push_back(in.get_string());
}

void decode_events(Cursor& in, RunLogContents& log) {
  const auto count = in.get<std::uint32_t>();
  if (in.remaining() / kEventBytes >= count) log.events.reserve(log.events.size() + count);
  for (std::uint32_t i = 0; i < count; ++i) log.events.push_back(get_event(in));
}

void decode_packed_events(Cursor& in, RunLogContents& log) {
  const auto count = in.get<std::uint32_t>();
  if (in.remaining() / kPackedMinBytes >= count) log.events.reserve(log.events.size() + count);
  std::uint64_t time = 0;
  std::uint32_t plate = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    TruthEvent e;
    time += static_cast<std::uint64_t>(unzigzag(in.get_varint()));
    e.time = static_cast<SimTime>(time);
    const auto kind = in.get<std::uint8_t>();
    if (kind < 1 || kind > 13) throw RunLogError("unknown event kind " + std::to_string(kind));
    e.kind = static_cast<TruthKind>(kind);
    e.lane = in.get<std::uint8_t>();
    e.item = static_cast<std::uint16_t>(in.get_varint(0xffff));
    plate += static_cast<std::uint32_t>(unzigzag(in.get_varint()));
    e.plate = plate;
    e.generation = static_cast<std::uint32_t>(in.get_varint(0xffffffffu));
    e.aux = static_cast<std::uint32_t>(in.get_varint(0xffffffffu));
    e.where = static_cast<std::uint32_t>(in.get_varint(0xffffffffu));
    log.events.push_back(e);
  }
}

void decode_totals(Cursor& in, RunLogContents& log) {
  RunLogTotals t;
  t.events = in.get<std::int64_t>();
  t.made = in.get<std::int64_t>();
  t.eaten = in.get<std::int64_t>();
  t.discarded = in.get<std::int64_t>();
  t.on_belt_at_close = in.get<std::int64_t>();
  t.reads = in.get<std::int64_t>();
  t.truth_digest = in.get<std::uint64_t>();
  log.totals = t;
}

// Cheap checks of a payload's shape, so that searching a damaged log for whole chunks does not
// checksum every stretch of bytes that happens to start with a known type.
bool header_fits(std::string_view payload) {
  return payload.size() >= 8 + 3 * 4;
}
bool events_fits(std::string_view payload) {
  return payload.size() >= 4 &&
         payload.size() == 4 + std::size_t{Cursor(payload).get<std::uint32_t>()} * kEventBytes;
}
bool packed_events_fits(std::string_view payload) {
  if (payload.size() < 4) return false;
  const std::size_t count = Cursor(payload).get<std::uint32_t>();
  return payload.size() - 4 >= count * kPackedMinBytes &&
         payload.size() - 4 <= count * kPackedMaxBytes;
}
bool totals_fits(std::string_view payload) {
  return payload.size() == 7 * 8;
}

struct ChunkDecoder {
  std::uint32_t type;
  ChunkRole role;
  std::uint32_t first_version, last_version;  ///< the log versions that have this chunk type
  bool (*fits)(std::string_view payload);     ///< the payload's size agrees with its type
  void (*decode)(Cursor&, RunLogContents&);   ///< throws RunLogError for a malformed payload
};

constexpr ChunkDecoder kDecoders[] = {
    {kChunkHeader, ChunkRole::header, 1, kRunLogVersion, header_fits, decode_header},
    {kChunkEvents, ChunkRole::events, 1, 2, events_fits, decode_events},
    {kChunkPackedEvents, ChunkRole::events, 3, kRunLogVersion, packed_events_fits,
     decode_packed_events},
    {kChunkTotals, ChunkRole::totals, 1, kRunLogVersion, totals_fits, decode_totals},
};

const ChunkDecoder* decoder_for(std::uint32_t type) {
  for (const ChunkDecoder& d : kDecoders)
    if (d.type == type) return &d;
  return nullptr;
}

constexpr std::size_t kFrameBytes = 12;  // type, length, CRC-32

// What the totals chunk records that the events themselves also tell: the plates made, eaten,
// discarded and on the belt at close and the reads, counted by kind, and the CRC-64 of the
// records. (`events` counts the engine's events, which the records do not show: it is copied.)
RunLogTotals totals_told_by(const std::vector<TruthEvent>& events, const RunLogTotals& recorded,
                            std::uint64_t digest) {
  RunLogTotals told;
  told.events = recorded.events;
  for (const TruthEvent& e : events) {
    told.made += e.kind == TruthKind::plate_made ? 1 : 0;
    told.eaten += e.kind == TruthKind::plate_eaten ? 1 : 0;
    told.discarded += e.kind == TruthKind::plate_discarded ? 1 : 0;
    told.on_belt_at_close += e.kind == TruthKind::on_belt_at_close ? 1 : 0;
    told.reads += e.kind == TruthKind::plate_read ? 1 : 0;
  }
  told.truth_digest = digest;
  return told;
}

std::string describe(const std::vector<TotalsDifference>& differences) {
  std::string out;
  for (const TotalsDifference& d : differences)
    out += (out.empty() ? "" : "; ") + d.field + " recorded " + d.recorded + ", the events give " +
           d.replayed;
  return out;
}

std::uint32_t u32_at(std::string_view data, std::size_t at) {
  return Cursor(data.substr(at, 4)).get<std::uint32_t>();
}

// Whether a whole chunk of a known type, of a size that fits it and with its checksum right,
// starts at `at`.
bool whole_chunk_at(std::string_view data, std::size_t at) {
  if (data.size() - at < kFrameBytes) return false;
  const ChunkDecoder* decoder = decoder_for(u32_at(data, at));
  if (decoder == nullptr) return false;
  const std::uint32_t length = u32_at(data, at + 4);
  if (length > kMaxChunkBytes || data.size() - at - kFrameBytes < length ||
      !decoder->fits(data.substr(at + 8, length)))
    return false;
  return u32_at(data, at + 8 + length) == crc32_of(data.data() + at, 8 + length);
}

// The first whole chunk after `from`, if any: what tells a damaged length field from a log cut
// short (a log cut short has nothing whole after its last whole chunk).
std::optional<std::size_t> next_whole_chunk(std::string_view data, std::size_t from) {
  for (std::size_t at = from + 1; at + kFrameBytes <= data.size(); ++at)
    if (whole_chunk_at(data, at)) return at;
  return std::nullopt;
}

struct Frame {
  enum class Status { whole, end, cut_short, damaged } status;
  std::uint32_t type = 0;
  std::string_view payload;
  std::string problem;  ///< for cut_short and damaged
};

// The chunk starting at `at`. It is cut short only if it runs past the end of the file and no
// whole chunk follows; a chunk that fits but fails its checksum is damaged even at the very end
// (cutting a file short never changes the bytes that remain).
Frame next_frame(std::string_view data, std::size_t at) {
  const std::string where = " at byte " + std::to_string(at);
  if (at == data.size()) return {Frame::Status::end, 0, {}, {}};
  if (data.size() - at < kFrameBytes)
    return {Frame::Status::cut_short, 0, {}, "ends inside the chunk" + where};
  const std::uint32_t type = u32_at(data, at);
  const std::uint32_t length = u32_at(data, at + 4);
  if (data.size() - at - kFrameBytes < length) {
    if (const auto next = next_whole_chunk(data, at))
      return {Frame::Status::damaged,
              type,
              {},
              "the chunk declares " + std::to_string(length) +
                  " bytes, more than the file holds, yet a whole chunk follows at byte " +
                  std::to_string(*next)};
    return {Frame::Status::cut_short, type, {}, "ends inside the chunk" + where};
  }
  if (length > kMaxChunkBytes)
    return {Frame::Status::damaged,
            type,
            {},
            "the chunk declares " + std::to_string(length) + " bytes, more than any chunk holds"};
  if (u32_at(data, at + 8 + length) != crc32_of(data.data() + at, 8 + length))
    return {Frame::Status::damaged, type, {}, "the chunk fails its checksum"};
  return {Frame::Status::whole, type, data.substr(at + 8, length), {}};
}

}  // namespace

RunLogContents read_run_log(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = read_input_file(path);
  } catch (const InputFileError& e) {
    throw RunLogError(e.what());
  }
  const std::string_view data(bytes);
  const std::string name = path.string();
  const std::size_t magic_bytes = std::min(data.size(), sizeof kMagic);
  if (data.empty()) throw RunLogError(name + ": empty file, not a kaiten run log");
  if (std::memcmp(data.data(), kMagic, magic_bytes) != 0)
    throw RunLogError(name + ": not a kaiten run log (bad magic)");
  if (data.size() < 12)
    throw RunLogError(name + ": cut short at byte " + std::to_string(data.size()) +
                      ", before its run header");
  RunLogContents log;
  log.header.version = u32_at(data, 8);
  if (log.header.version < 1 || log.header.version > kRunLogVersion)
    throw RunLogError(name + ": run log version " + std::to_string(log.header.version) +
                      " is not supported (this kaiten reads versions 1 to " +
                      std::to_string(kRunLogVersion) + ")");
  auto corrupt = [&](std::size_t at, const std::string& what) {
    return RunLogCorrupt(name + ": corrupt: chunk at byte " + std::to_string(at) + ": " + what, at);
  };
  bool have_header = false;
  std::optional<std::size_t> totals_at;
  TruthDigest digest;  // of the event records read, as the writer computed it for the totals
  std::size_t events_digested = 0;
  std::size_t pos = 12;
  for (;;) {
    const Frame frame = next_frame(data, pos);
    if (frame.status == Frame::Status::end) break;
    if (totals_at)
      throw corrupt(pos, "bytes follow the totals chunk (at byte " + std::to_string(*totals_at) +
                             "), which ends a log");
    if (frame.status == Frame::Status::damaged) throw corrupt(pos, frame.problem);
    if (frame.status == Frame::Status::cut_short) {
      if (!have_header)
        throw RunLogError(name + ": cut short before its run header is whole (" + frame.problem +
                          ")");
      log.truncated = true;
      log.problem = frame.problem;
      break;
    }
    const ChunkDecoder* decoder = decoder_for(frame.type);
    if (decoder == nullptr) throw corrupt(pos, "unknown chunk type " + std::to_string(frame.type));
    if (log.header.version < decoder->first_version || log.header.version > decoder->last_version)
      throw corrupt(pos, "chunk type " + std::to_string(frame.type) + " is not in a version " +
                             std::to_string(log.header.version) + " log");
    if (!have_header && decoder->role != ChunkRole::header)
      throw corrupt(pos, std::string("the first chunk is ") + role_name(decoder->role) +
                             ", not the run header");
    if (have_header && decoder->role == ChunkRole::header)
      throw corrupt(pos, "a second run header");
    Cursor payload(frame.payload);
    try {
      decoder->decode(payload, log);
      if (!payload.at_end()) throw RunLogError("chunk payload has trailing bytes");
    } catch (const RunLogError& e) {
      throw corrupt(pos, e.what());
    }
    if (frame.type == kChunkEvents) {
      digest.add_record(frame.payload.data() + 4, frame.payload.size() - 4);
    } else if (frame.type == kChunkPackedEvents) {
      for (std::size_t i = events_digested; i < log.events.size(); ++i) digest.add(log.events[i]);
    }
    events_digested = log.events.size();
    have_header = true;
    if (decoder->role == ChunkRole::totals) totals_at = pos;
    pos += kFrameBytes + frame.payload.size();
  }
  if (!have_header)
    throw RunLogError(name + ": cut short at byte " + std::to_string(pos) +
                      ", before its run header");
  // Each chunk is whole, yet whole events chunks may have been lost, repeated or swapped: the
  // totals chunk, written last, tells what the events must add up to.
  if (log.totals) {
    const std::vector<TotalsDifference> differences =
        totals_differences(*log.totals, totals_told_by(log.events, *log.totals, digest.value()));
    if (!differences.empty())
      throw corrupt(
          *totals_at,
          "the totals disagree with the " + std::to_string(log.events.size()) +
              " events read (events chunks lost, repeated or changed): " + describe(differences));
  }
  if (!log.totals && !log.truncated) {
    log.truncated = true;
    log.problem = "ends after the whole chunk that ends at byte " + std::to_string(pos) +
                  " but before the totals: the run did not finish";
  }
  return log;
}

std::vector<TotalsDifference> totals_differences(const RunLogTotals& recorded,
                                                 const RunLogTotals& replayed) {
  std::vector<TotalsDifference> out;
  const std::pair<const char*, std::int64_t RunLogTotals::*> counts[] = {
      {"events", &RunLogTotals::events},
      {"made", &RunLogTotals::made},
      {"eaten", &RunLogTotals::eaten},
      {"discarded", &RunLogTotals::discarded},
      {"on_belt_at_close", &RunLogTotals::on_belt_at_close},
      {"reads", &RunLogTotals::reads}};
  for (const auto& [field, member] : counts)
    if (recorded.*member != replayed.*member)
      out.push_back({field, std::to_string(recorded.*member), std::to_string(replayed.*member)});
  if (recorded.truth_digest != replayed.truth_digest) {
    auto hex = [](std::uint64_t v) {
      char text[19];
      std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(v));
      return std::string(text);
    };
    out.push_back({"truth_digest", hex(recorded.truth_digest), hex(replayed.truth_digest)});
  }
  return out;
}

}  // namespace kaiten
