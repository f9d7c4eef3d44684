#include "kaiten/io/run_log.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/crc.hpp>
#include <optional>

#include <fstream>
#include <iterator>
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("kaiten_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<TruthEvent> sample_events(std::size_t n) {
  std::vector<TruthEvent> events;
  for (std::size_t i = 0; i < n; ++i) {
    const auto u = static_cast<std::uint32_t>(i);
    events.push_back({static_cast<SimTime>(1000 * i), static_cast<TruthKind>(1 + i % 6),
                      static_cast<std::uint8_t>(i % 3), static_cast<std::uint16_t>(i % 22), u,
                      u / 7, u * 13, u % 5});
  }
  return events;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void spit(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

std::uint32_t u32_of(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

struct Span {
  std::size_t offset;
  std::uint32_t type;
  std::uint32_t length;
  std::size_t end() const { return offset + 12 + length; }
};

std::vector<Span> spans_of(const std::string& log) {
  std::vector<Span> spans;
  for (std::size_t pos = 12; pos < log.size(); pos = spans.back().end())
    spans.push_back({pos, u32_of(log, pos), u32_of(log, pos + 4)});
  return spans;
}

/// A chunk as docs/outputs.md frames it, checksummed with Boost.CRC.
std::string frame(std::uint32_t type, const std::string& payload) {
  std::string out;
  auto put = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(type);
  put(static_cast<std::uint32_t>(payload.size()));
  out += payload;
  boost::crc_32_type crc;
  crc.process_bytes(out.data(), out.size());
  put(crc.checksum());
  return out;
}

/// The 28-byte record of docs/outputs.md (versions 1 and 2; the digest's input in every version).
std::string record_of(const TruthEvent& e) {
  std::string bytes;
  auto put = [&](std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(static_cast<std::uint64_t>(e.time), 8);
  put(static_cast<std::uint64_t>(e.kind), 1);
  put(e.lane, 1);
  put(e.item, 2);
  put(e.plate, 4);
  put(e.generation, 4);
  put(e.aux, 4);
  put(e.where, 4);
  return bytes;
}

/// Version 3's packed events, decoded as docs/outputs.md describes them: a second
/// implementation, written from the document, not from the reader.
std::vector<TruthEvent> unpack_by_hand(const std::string& payload) {
  std::size_t pos = 4;
  auto varint = [&] {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<unsigned char>(payload.at(pos++));
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  auto delta = [&] {
    const std::uint64_t z = varint();
    return (z & 1) ? -static_cast<std::int64_t>(z >> 1) - 1 : static_cast<std::int64_t>(z >> 1);
  };
  std::uint32_t count = 0;
  for (int i = 0; i < 4; ++i)
    count |= static_cast<std::uint32_t>(static_cast<unsigned char>(payload[i])) << (8 * i);
  std::vector<TruthEvent> events;
  std::int64_t time = 0, plate = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    TruthEvent e;
    time += delta();
    e.time = time;
    e.kind = static_cast<TruthKind>(payload.at(pos++));
    e.lane = static_cast<std::uint8_t>(payload.at(pos++));
    e.item = static_cast<std::uint16_t>(varint());
    plate += delta();
    e.plate = static_cast<std::uint32_t>(plate);
    e.generation = static_cast<std::uint32_t>(varint());
    e.aux = static_cast<std::uint32_t>(varint());
    e.where = static_cast<std::uint32_t>(varint());
    events.push_back(e);
  }
  EXPECT_EQ(pos, payload.size());
  return events;
}

RunLogHeader sample_header() {
  return {kRunLogVersion, 42, "tiny", "scenarios/tiny.yaml", "name: tiny\nseed: 42\n", {}};
}

std::filesystem::path write_log(const std::filesystem::path& dir,
                                const std::vector<TruthEvent>& events, RunLogTotals totals) {
  const auto path = dir / "run.log";
  RunLogWriter w(path, sample_header());
  for (const auto& e : events) w.on_event(e);
  totals.truth_digest = w.digest();
  w.finish(totals);
  w.commit();
  return path;
}

TEST(RunLog, RoundTripsHeaderEventsAndTotals) {
  const auto dir = fresh_dir("log_roundtrip");
  const auto events = sample_events(10000);  // more than two whole chunks
  // The totals a writer records agree with its events: kinds 1..6 in turn over 10000 events give
  // 1667 each of kinds 1-4 (made, read, eaten, discarded) and 1666 of kinds 5 and 6 (speed change,
  // on the belt at close). `events` counts the engine's events, which the records do not show.
  const RunLogTotals totals{123, 1667, 1667, 1667, 1666, 1667, 0};
  const auto path = write_log(dir, events, totals);
  const RunLogContents log = read_run_log(path);
  EXPECT_FALSE(log.truncated);
  EXPECT_EQ(log.header.seed, 42u);
  EXPECT_EQ(log.header.scenario_name, "tiny");
  EXPECT_EQ(log.header.scenario_path, "scenarios/tiny.yaml");
  EXPECT_EQ(log.header.scenario_yaml, "name: tiny\nseed: 42\n");
  EXPECT_EQ(log.events, events);
  ASSERT_TRUE(log.totals.has_value());
  EXPECT_EQ(log.totals->made, 1667);
  EXPECT_EQ(log.totals->events, 123);
  EXPECT_EQ(log.totals->on_belt_at_close, 1666);
  // The recorded digest is the digest of the events read back.
  TruthDigest d;
  for (const auto& e : log.events) d.add(e);
  EXPECT_EQ(log.totals->truth_digest, d.value());
}

TEST(RunLog, DigestEqualsOneCrc64OverAllRecords) {
  // Independent check of the running digest: CRC-64/XZ of the whole record stream at once.
  const auto events = sample_events(50);
  TruthDigest d;
  for (const auto& e : events) d.add(e);
  std::string bytes;
  for (const auto& e : events) bytes += record_of(e);
  boost::crc_optimal<64, 0x42F0E1EBA9EA3693ULL, ~0ULL, ~0ULL, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  EXPECT_EQ(d.value(), crc.checksum());
  // The published CRC-64/XZ check value of "123456789".
  boost::crc_optimal<64, 0x42F0E1EBA9EA3693ULL, ~0ULL, ~0ULL, true, true> check;
  check.process_bytes("123456789", 9);
  EXPECT_EQ(check.checksum(), 0x995DC9BBDF1939FAULL);
  TruthDigest of_check;
  of_check.add_record("123456789", 9);
  EXPECT_EQ(of_check.value(), 0x995DC9BBDF1939FAULL);
  EXPECT_EQ(TruthDigest{}.value(), 0u);  // CRC-64/XZ of nothing
}

TEST(RunLog, EveryChunkEndsWithTheCrc32OfItsTypeLengthAndPayload) {
  // Walks the file as docs/outputs.md describes it and checks each chunk's CRC-32 with Boost.CRC,
  // independently of the writer's checksum code.
  const auto dir = fresh_dir("log_chunk_crc");
  const std::string full = slurp(write_log(dir, sample_events(5000), {}));
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(full[at + i])) << (8 * i);
    return v;
  };
  std::size_t pos = 12;
  int chunks = 0;
  while (pos < full.size()) {
    const std::uint32_t length = u32(pos + 4);
    boost::crc_32_type crc;
    crc.process_bytes(full.data() + pos, 8 + length);
    EXPECT_EQ(u32(pos + 8 + length), crc.checksum()) << "chunk " << chunks;
    pos += 12 + length;
    ++chunks;
  }
  EXPECT_EQ(pos, full.size());
  EXPECT_EQ(chunks, 4);  // header, 4096 events, 904 events, totals
}

TEST(RunLog, ALogCutAnywhereReadsBackUpToItsLastWholeChunk) {
  const auto dir = fresh_dir("log_truncated");
  const auto events = sample_events(10000);  // chunks of 4096, 4096, 1808 events, then totals
  const std::string full = slurp(write_log(dir, events, {}));
  // file header, chunk frame, seed, name, path, scenario text, no overrides
  const std::size_t header_end = 12 + 12 + 8 + (4 + 4) + (4 + 19) + (4 + 20) + 4;
  const std::vector<Span> spans = spans_of(full);
  ASSERT_EQ(spans.size(), 5u);
  ASSERT_EQ(spans[1].offset, header_end);
  struct Cut {
    std::size_t at;
    std::size_t events;
  };
  const Cut cuts[] = {{header_end, 0},        {header_end + 100, 0},      {spans[1].end() - 1, 0},
                      {spans[1].end(), 4096}, {spans[2].end() + 5, 8192}, {full.size() - 1, 10000}};
  for (const Cut& cut : cuts) {
    const auto path = dir / "cut.log";
    spit(path, full.substr(0, cut.at));
    const RunLogContents log = read_run_log(path);
    EXPECT_EQ(log.events.size(), cut.events) << "cut at " << cut.at;
    EXPECT_FALSE(log.totals.has_value());
    EXPECT_TRUE(log.truncated) << "cut at " << cut.at;
    EXPECT_TRUE(std::equal(log.events.begin(), log.events.end(), events.begin()));
  }
}

TEST(RunLog, AFlippedBitMidFileIsCorruptionNotACutNamingTheChunk) {
  const auto dir = fresh_dir("log_corrupt");
  const auto events = sample_events(10000);
  std::string bytes = slurp(write_log(dir, events, {}));
  // file header, chunk frame, seed, name, path, scenario text, no overrides
  const std::size_t second = spans_of(bytes)[2].offset;
  bytes[second + 50] ^= 0x40;  // inside the second events chunk; two whole chunks follow
  spit(dir / "bad.log", bytes);
  try {
    read_run_log(dir / "bad.log");
    FAIL() << "a corrupt log was read";
  } catch (const RunLogCorrupt& e) {
    EXPECT_EQ(e.offset, second);
    EXPECT_NE(std::string(e.what()).find("byte " + std::to_string(second)), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
  }
}

TEST(RunLog, NotALogIsAnErrorNamingTheFile) {
  const auto dir = fresh_dir("log_bad");
  spit(dir / "x.log", "this is not a log at all");
  try {
    read_run_log(dir / "x.log");
    FAIL();
  } catch (const RunLogError& e) {
    EXPECT_NE(std::string(e.what()).find("x.log"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("magic"), std::string::npos);
  }
  EXPECT_THROW(read_run_log(dir / "missing.log"), RunLogError);
}

TEST(RunLog, AnotherVersionIsRejectedClearly) {
  const auto dir = fresh_dir("log_version");
  std::string bytes = slurp(write_log(dir, sample_events(3), {}));
  bytes[8] = 9;
  spit(dir / "v9.log", bytes);
  try {
    read_run_log(dir / "v9.log");
    FAIL();
  } catch (const RunLogError& e) {
    EXPECT_NE(std::string(e.what()).find("version 9"), std::string::npos);
  }
}

TEST(RunLog, TotalsDifferencesNameEachFieldWithBothValues) {
  const RunLogTotals recorded{100, 10, 6, 3, 1, 99, 0xff};
  RunLogTotals replayed = recorded;
  EXPECT_TRUE(totals_differences(recorded, replayed).empty());
  replayed.made = 11;
  replayed.truth_digest = 0x1234;
  const auto d = totals_differences(recorded, replayed);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].field, "made");
  EXPECT_EQ(d[0].recorded, "10");
  EXPECT_EQ(d[0].replayed, "11");
  EXPECT_EQ(d[1].field, "truth_digest");
  EXPECT_EQ(d[1].recorded, "0x00000000000000ff");
  EXPECT_EQ(d[1].replayed, "0x0000000000001234");
}

// --- A real log, damaged every way -------------------------------------------------------------
// The expected outcome of each damage is worked out here from the layout in docs/outputs.md and
// its reading rules, walking the file independently of the reader.

TEST(RunLog, RoundTripsTheOverrides) {
  const auto dir = fresh_dir("log_overrides");
  RunLogHeader header = sample_header();
  header.overrides = {"belt.speed_mm_s=60", "kitchen.staff=[{from: \"11:00\", cooks: 2}]"};
  {
    RunLogWriter w(dir / "run.log", header);
    w.finish({});
    w.commit();
  }
  const RunLogContents log = read_run_log(dir / "run.log");
  EXPECT_EQ(log.header.version, kRunLogVersion);
  EXPECT_EQ(log.header.overrides, header.overrides);
  EXPECT_EQ(log.header.scenario_yaml, header.scenario_yaml);
}

// A log written before overrides (version 1: the header ends with the scenario text) still reads.
TEST(RunLog, AVersion1LogReadsWithoutOverrides) {
  const auto dir = fresh_dir("log_v1");
  std::string header;
  auto put = [](std::string& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(header, 42, 8);
  for (const std::string s : {"tiny", "tiny.yaml", "name: tiny\n"}) {
    put(header, s.size(), 4);
    header += s;
  }
  std::string totals;
  for (int i = 0; i < 7; ++i) put(totals, 0, 8);
  std::string bytes = "KAITNLOG";
  put(bytes, 1, 4);
  bytes += frame(1, header) + frame(3, totals);
  spit(dir / "v1.log", bytes);
  const RunLogContents log = read_run_log(dir / "v1.log");
  EXPECT_EQ(log.header.version, 1U);
  EXPECT_EQ(log.header.seed, 42U);
  EXPECT_EQ(log.header.scenario_yaml, "name: tiny\n");
  EXPECT_TRUE(log.header.overrides.empty());
  EXPECT_FALSE(log.truncated);
}

// Version 3 packs the records; decoded by hand from docs/outputs.md they are the events written,
// extremes included (a plate index falling from the largest to 0, the largest fields, equal times).
TEST(RunLog, PackedEventsDecodeAsTheDocumentSays) {
  const auto dir = fresh_dir("log_packed");
  std::vector<TruthEvent> events = sample_events(5000);
  events.push_back({events.back().time, TruthKind::plate_read, 255, 65535, 0xffffffffu, 0xffffffffu,
                    0xffffffffu, 0xffffffffu});
  events.push_back({std::int64_t{1} << 40, TruthKind::table_ready, 0, 0, 0, 0, 0, 0});
  events.push_back({0, TruthKind::plate_made, 1, 2, 3, 4, 5, 6});
  const std::string full = slurp(write_log(dir, events, {}));
  EXPECT_EQ(u32_of(full, 8), 3u);
  std::vector<TruthEvent> unpacked;
  std::size_t packed_bytes = 0;
  for (const Span& s : spans_of(full)) {
    EXPECT_NE(s.type, 2u) << "version 3 writes no 28-byte records";
    if (s.type != 4) continue;
    const std::vector<TruthEvent> chunk = unpack_by_hand(full.substr(s.offset + 8, s.length));
    unpacked.insert(unpacked.end(), chunk.begin(), chunk.end());
    packed_bytes += s.length - 4;
  }
  EXPECT_EQ(unpacked, events);
  // The sample's fields are small and its deltas steady: well under half of 28 bytes each.
  EXPECT_LT(packed_bytes, events.size() * 12);
}

// A version 2 log (28-byte records) written by an earlier kaiten still reads, digest and all.
TEST(RunLog, AVersion2LogReadsWithItsRecords) {
  const auto dir = fresh_dir("log_v2");
  auto put = [](std::string& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  std::string header;
  put(header, 42, 8);
  for (const std::string s : {"tiny", "tiny.yaml", "name: tiny\n"}) {
    put(header, s.size(), 4);
    header += s;
  }
  put(header, 0, 4);                                         // no overrides
  const std::vector<TruthEvent> events = sample_events(12);  // kinds 1-6 twice each
  std::string records;
  for (const TruthEvent& e : events) records += record_of(e);
  std::string payload;
  put(payload, events.size(), 4);
  payload += records;
  boost::crc_optimal<64, 0x42F0E1EBA9EA3693ULL, ~0ULL, ~0ULL, true, true> crc;
  crc.process_bytes(records.data(), records.size());
  std::string totals;
  for (const std::uint64_t v : {99, 2, 2, 2, 2, 2}) put(totals, v, 8);
  put(totals, crc.checksum(), 8);
  std::string bytes = "KAITNLOG";
  put(bytes, 2, 4);
  bytes += frame(1, header) + frame(2, payload) + frame(3, totals);
  spit(dir / "v2.log", bytes);
  const RunLogContents log = read_run_log(dir / "v2.log");
  EXPECT_EQ(log.header.version, 2U);
  EXPECT_EQ(log.events, events);
  ASSERT_TRUE(log.totals.has_value());
  EXPECT_EQ(log.totals->truth_digest, crc.checksum());
  EXPECT_FALSE(log.truncated);

  // The same records in a version 3 log, or packed records in a version 2 log: corrupt.
  std::string v3 = bytes;
  v3[8] = 3;
  spit(dir / "mixed.log", v3);
  try {
    (void)read_run_log(dir / "mixed.log");
    FAIL() << "a 28-byte events chunk was read in a version 3 log";
  } catch (const RunLogCorrupt& e) {
    EXPECT_NE(std::string(e.what()).find("not in a version 3 log"), std::string::npos) << e.what();
  }
  const std::string v3_log = slurp(write_log(dir, events, {}));
  const std::vector<Span> spans = spans_of(v3_log);
  std::string v2_with_packed = bytes.substr(0, 12) + frame(1, header) +
                               v3_log.substr(spans[1].offset, spans[1].end() - spans[1].offset);
  spit(dir / "mixed.log", v2_with_packed);
  EXPECT_THROW((void)read_run_log(dir / "mixed.log"), RunLogCorrupt);
}

// A varint that never ends, or overflows its field, is a corrupt chunk, not a crash.
TEST(RunLog, AnOverlongVarintIsCorruption) {
  const auto dir = fresh_dir("log_varint");
  const std::string good = slurp(write_log(dir, sample_events(3), {}));
  const std::vector<Span> spans = spans_of(good);
  const std::string start = good.substr(0, spans[1].offset);
  const std::string totals = good.substr(spans.back().offset);
  std::string count = {1, 0, 0, 0};
  for (const std::string& record :
       {count + std::string(11, '\x80') + "\x01" + std::string(8, '\x01'),    // 12-byte time
        count + "\x02\x01\x00" + "\xff\xff\x04" + std::string(5, '\x01')}) {  // item > 65535
    spit(dir / "bad.log", start + frame(4, record) + totals);
    try {
      (void)read_run_log(dir / "bad.log");
      FAIL() << "an overlong varint was read";
    } catch (const RunLogCorrupt& e) {
      EXPECT_EQ(e.offset, spans[1].offset) << e.what();
    }
  }
}

/// What reading a damaged log must give: an error (corrupt at a chunk, or another RunLogError
/// whose message holds `words`), or the log read up to `events` events, cut short or complete.
struct Expected {
  enum class Kind { corrupt, error, cut_short, complete } kind;
  std::size_t at_or_events = 0;
  std::string words;
};

class RealLog : public ::testing::Test {
 protected:
  // Written once per process, in a folder of its own (ctest runs each test in its own process,
  // several at a time); a failure here fails the test rather than skipping it.
  void SetUp() override {
    if (!bytes_.empty()) return;
    // The tiny store open six hours instead of one: about six events chunks.
    const std::string path = std::string(KAITEN_SOURCE_DIR) + "/scenarios/tiny.yaml";
    std::string yaml = slurp(path);
    const std::string one_hour = "close: \"12:00\"";
    ASSERT_NE(yaml.find(one_hour), std::string::npos);
    yaml.replace(yaml.find(one_hour), one_hour.size(), "close: \"17:00\"");
    const LoadResult loaded = load_scenario_text(yaml, path);
    ASSERT_TRUE(loaded.ok());
    dir_ = fresh_dir("log_real_" + std::to_string(::getpid()));
    RunLogWriter w(dir_ / "real.log", {kRunLogVersion, 7, loaded.scenario->name, path, yaml, {}});
    const DayResult day = simulate_day(*loaded.scenario, 7, &w);
    day_ = day;
    w.finish(totals_of(day, w.digest()));
    w.commit();
    const RunLogContents whole = read_run_log(dir_ / "real.log");
    ASSERT_FALSE(whole.truncated);
    events_ = whole.events;
    bytes_ = slurp(dir_ / "real.log");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Events held by the whole events chunks that end at or before `cut`.
  static std::size_t events_before(std::size_t cut) {
    std::size_t n = 0;
    for (const Span& s : spans_of(bytes_))
      if (s.type == 4 && s.end() <= cut) n += u32_of(bytes_, s.offset + 8);
    return n;
  }

  static void check(const std::string& bytes, const Expected& want, const std::string& what) {
    const auto path = dir_ / "damaged.log";
    spit(path, bytes);
    SCOPED_TRACE(what);
    try {
      const RunLogContents log = read_run_log(path);
      ASSERT_TRUE(want.kind == Expected::Kind::cut_short || want.kind == Expected::Kind::complete)
          << "read without an error";
      EXPECT_EQ(log.truncated, want.kind == Expected::Kind::cut_short);
      EXPECT_EQ(log.totals.has_value(), want.kind == Expected::Kind::complete);
      ASSERT_EQ(log.events.size(), want.at_or_events);
      EXPECT_TRUE(std::equal(log.events.begin(), log.events.end(), events_.begin()));
    } catch (const RunLogCorrupt& e) {
      ASSERT_EQ(want.kind, Expected::Kind::corrupt) << e.what();
      EXPECT_EQ(e.offset, want.at_or_events) << e.what();
      EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("byte " + std::to_string(want.at_or_events)),
                std::string::npos)
          << e.what();
      if (!want.words.empty()) {
        EXPECT_NE(std::string(e.what()).find(want.words), std::string::npos) << e.what();
      }
    } catch (const RunLogError& e) {
      ASSERT_EQ(want.kind, Expected::Kind::error) << e.what();
      EXPECT_NE(std::string(e.what()).find(want.words), std::string::npos) << e.what();
    }
  }

  static inline std::filesystem::path dir_;
  static inline DayResult day_;  ///< the simulation's own counts, as the totals record them
  static inline std::string bytes_;
  static inline std::vector<TruthEvent> events_;
};

TEST_F(RealLog, IsLongEnoughToHaveManyChunks) {
  const auto spans = spans_of(bytes_);
  ASSERT_GE(spans.size(), 6u);
  EXPECT_LE(spans.size(), 12u);  // few enough to damage each one many ways
  EXPECT_EQ(spans.front().type, 1u);
  EXPECT_EQ(spans.back().type, 3u);
  EXPECT_EQ(spans.back().end(), bytes_.size());
}

TEST_F(RealLog, ACutAnywhereIsReadUpToTheLastWholeChunk) {
  const auto spans = spans_of(bytes_);
  std::vector<std::size_t> cuts;
  for (std::size_t c = 0; c < 24; ++c) cuts.push_back(c);
  for (const Span& s : spans)
    for (const std::size_t d : {1, 11, 12, 13})
      for (const std::size_t at : {s.offset + d, s.end() - d}) cuts.push_back(at);
  for (std::size_t k = 1; k < 100; ++k) cuts.push_back(bytes_.size() * k / 100);
  const std::size_t header_end = spans.front().end();
  for (const std::size_t cut : cuts) {
    Expected want;
    if (cut >= bytes_.size()) continue;
    if (cut == 0) {
      want = {Expected::Kind::error, 0, "empty"};
    } else if (cut < header_end) {
      want = {Expected::Kind::error, 0, "cut short"};
    } else {
      want = {Expected::Kind::cut_short, events_before(cut), ""};
    }
    check(bytes_.substr(0, cut), want, "cut at " + std::to_string(cut));
  }
  check(bytes_, {Expected::Kind::complete, events_.size(), ""}, "whole");
}

TEST_F(RealLog, AFlippedBitIsCorruptionAtItsChunkExceptALastLengthRunningPastTheEnd) {
  const auto spans = spans_of(bytes_);
  std::vector<std::pair<std::size_t, int>> flips;  // byte offset, bit
  for (std::size_t at = 0; at < 12; ++at) flips.push_back({at, static_cast<int>(at % 8)});
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const Span& s = spans[k];
    // Every bit of the length of the header, a middle chunk and the last two; elsewhere a bit
    // of each byte of the frame.
    const bool every_bit = k == 0 || k == spans.size() / 2 || k + 2 >= spans.size();
    for (std::size_t i = 0; i < 8; ++i)
      for (int bit = 0; bit < 8; ++bit)
        if (bit == static_cast<int>((i + k) % 8) || (every_bit && i >= 4))
          flips.push_back({s.offset + i, bit});
    for (std::size_t i = 0; i < 4; ++i) flips.push_back({s.end() - 4 + i, static_cast<int>(i)});
    flips.push_back({s.offset + 8, 0});
    flips.push_back({s.offset + 12 + s.length / 2, 5});
    flips.push_back({s.end() - 5, 7});
  }
  for (std::size_t k = 0; k < 150; ++k) flips.push_back({bytes_.size() * k / 150, 3});
  for (const auto& [at, bit] : flips) {
    std::string damaged = bytes_;
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << bit));
    Expected want;
    if (at < 8) {
      want = {Expected::Kind::error, 0, "magic"};
    } else if (at < 12) {
      // Version 3 read as 2 meets a packed chunk version 2 does not have; read as 1, a header
      // with bytes left over (the overrides); any other version is not read at all.
      const std::uint32_t version = u32_of(damaged, 8);
      if (version == 2)
        want = {Expected::Kind::corrupt, spans[1].offset, "not in a version 2 log"};
      else if (version == 1)
        want = {Expected::Kind::corrupt, 12, "trailing bytes"};
      else
        want = {Expected::Kind::error, 0, "version"};
    } else {
      const Span& s =
          *std::find_if(spans.begin(), spans.end(), [&](const Span& c) { return at < c.end(); });
      const bool length_field = at >= s.offset + 4 && at < s.offset + 8;
      const std::size_t declared_end = s.offset + 12 + u32_of(damaged, s.offset + 4);
      // The documented rule: a damaged chunk counts as a cut only if it is the last one and its
      // declared length runs past the end of the file.
      if (length_field && s.end() == bytes_.size() && declared_end > bytes_.size())
        want = {Expected::Kind::cut_short, events_.size(), ""};
      else
        want = {Expected::Kind::corrupt, s.offset, ""};
    }
    check(damaged, want, "bit " + std::to_string(bit) + " of byte " + std::to_string(at));
  }
}

TEST_F(RealLog, ChunksOutOfOrderAreCorruption) {
  const auto spans = spans_of(bytes_);
  auto chunk = [&](const Span& s) { return bytes_.substr(s.offset, s.end() - s.offset); };
  const std::string start = bytes_.substr(0, 12);
  const std::string header = chunk(spans.front());
  const std::string first_events = chunk(spans[1]);
  const std::string totals = chunk(spans.back());
  const std::size_t after_header = 12 + header.size();
  check(start + header + header + first_events + totals,
        {Expected::Kind::corrupt, after_header, "second run header"}, "two headers");
  check(start + totals + header + first_events, {Expected::Kind::corrupt, 12, "not the run header"},
        "totals first");
  check(start + first_events + header + totals, {Expected::Kind::corrupt, 12, "not the run header"},
        "events first");
  const std::size_t after_totals = after_header + first_events.size() + totals.size();
  check(start + header + first_events + totals + first_events,
        {Expected::Kind::corrupt, after_totals, "follow the totals"}, "events after the totals");
  check(start + header + first_events + totals + totals,
        {Expected::Kind::corrupt, after_totals, "follow the totals"}, "totals twice");
  check(start + header + first_events + totals + "xyz",
        {Expected::Kind::corrupt, after_totals, "follow the totals"}, "bytes after the totals");
  check(start + header + frame(9, "hello") + first_events + totals,
        {Expected::Kind::corrupt, after_header, "unknown chunk type 9"}, "unknown type");
  // An events chunk whose count promises more records than it holds, with a right checksum.
  std::string short_events = first_events.substr(8, first_events.size() - 12 - 28);
  check(start + header + frame(4, short_events) + totals,
        {Expected::Kind::corrupt, after_header, "too short"}, "count past the payload");
  // A whole log without its totals was cut short after a whole chunk.
  check(start + header + first_events, {Expected::Kind::cut_short, u32_of(first_events, 8), ""},
        "no totals");
}

// Regression (fuzz_run_log, tests/fuzz/corpus/run_log/regress-totals-without-events.log): every
// chunk whole, but events chunks lost, repeated or swapped while the totals chunk is intact. Such a
// log once read as complete, and `replay --check` said "check ok" for a day with no events.
TEST_F(RealLog, TotalsThatDisagreeWithTheEventsReadAreCorruptionNamingTheField) {
  const auto spans = spans_of(bytes_);
  ASSERT_GE(spans.size(), 5u);  // header, at least three events chunks, totals
  auto chunk = [&](const Span& s) { return bytes_.substr(s.offset, s.end() - s.offset); };
  const std::string start = bytes_.substr(0, 12);
  const std::string header = chunk(spans.front());
  const std::string totals = chunk(spans.back());
  const std::size_t after_header = 12 + header.size();
  std::string events;
  for (std::size_t k = 1; k + 1 < spans.size(); ++k) events += chunk(spans[k]);
  const std::string made = "made recorded " + std::to_string(day_.made);
  ASSERT_GT(day_.made, 0);

  // Every events chunk gone: the totals (at the byte after the header) count plates no event shows.
  check(start + header + totals,
        {Expected::Kind::corrupt, after_header, made + ", the events give 0"}, "no events chunks");
  check(start + header + totals, {Expected::Kind::corrupt, after_header, "truth_digest recorded"},
        "no events chunks: the digest");
  // The last events chunk gone.
  const std::string but_last = events.substr(0, spans[spans.size() - 2].offset - after_header);
  check(start + header + but_last + totals,
        {Expected::Kind::corrupt, after_header + but_last.size(), "truth_digest"},
        "last events chunk gone");
  // The first two (whole, 4096-record) events chunks swapped: the same counts, another digest.
  const std::string swapped =
      chunk(spans[2]) + chunk(spans[1]) + events.substr(spans[3].offset - after_header);
  ASSERT_EQ(swapped.size(), events.size());
  check(start + header + swapped + totals,
        {Expected::Kind::corrupt, after_header + events.size(), "truth_digest"}, "chunks swapped");
  // An events chunk repeated.
  check(start + header + chunk(spans[1]) + events + totals,
        {Expected::Kind::corrupt, after_header + spans[1].length + 12 + events.size(), "made"},
        "a chunk repeated");
  // The totals' "made" (their second i64) changed, with the chunk's checksum made right.
  std::string payload = totals.substr(8, totals.size() - 12);
  payload[8] = static_cast<char>(payload[8] ^ 1);
  check(start + header + events + frame(3, payload),
        {Expected::Kind::corrupt, after_header + events.size(),
         "made recorded " + std::to_string(day_.made ^ 1) + ", the events give " +
             std::to_string(day_.made)},
        "made changed in the totals");
  // Without its totals chunk the same log was cut short, not corrupt.
  check(start + header + events, {Expected::Kind::cut_short, events_.size(), ""}, "no totals");
}

}  // namespace
}  // namespace kaiten
