#include "kaiten/io/run_log.hpp"

#include <gtest/gtest.h>

#include <boost/crc.hpp>
#include <fstream>
#include <iterator>

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

RunLogHeader sample_header() {
  return {kRunLogVersion, 42, "tiny", "scenarios/tiny.yaml", "name: tiny\nseed: 42\n"};
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
  const RunLogTotals totals{123, 10, 6, 3, 1, 99, 0};
  const auto path = write_log(dir, events, totals);
  const RunLogContents log = read_run_log(path);
  EXPECT_FALSE(log.truncated);
  EXPECT_EQ(log.header.seed, 42u);
  EXPECT_EQ(log.header.scenario_name, "tiny");
  EXPECT_EQ(log.header.scenario_path, "scenarios/tiny.yaml");
  EXPECT_EQ(log.header.scenario_yaml, "name: tiny\nseed: 42\n");
  EXPECT_EQ(log.events, events);
  ASSERT_TRUE(log.totals.has_value());
  EXPECT_EQ(log.totals->made, 10);
  EXPECT_EQ(log.totals->events, 123);
  EXPECT_EQ(log.totals->reads, 99);
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
  for (const auto& e : events) {
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
  }
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

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void spit(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
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
  const std::size_t header_end = 12 + 12 + 8 + (4 + 4) + (4 + 19) + (4 + 20);
  const std::size_t chunk_bytes = 12 + 4 + 4096 * 28;
  struct Cut {
    std::size_t at;
    std::size_t events;
  };
  const Cut cuts[] = {{header_end, 0},
                      {header_end + 100, 0},
                      {header_end + chunk_bytes - 1, 0},
                      {header_end + chunk_bytes, 4096},
                      {header_end + 2 * chunk_bytes + 5, 8192},
                      {full.size() - 1, 10000}};
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

TEST(RunLog, ACorruptedChunkEndsReadingThereAndSaysWhy) {
  const auto dir = fresh_dir("log_corrupt");
  const auto events = sample_events(10000);
  std::string bytes = slurp(write_log(dir, events, {}));
  const std::size_t header_end = 12 + 12 + 8 + (4 + 4) + (4 + 19) + (4 + 20);
  bytes[header_end + 12 + 4 + 4096 * 28 + 50] ^= 0x40;  // inside the second events chunk
  spit(dir / "bad.log", bytes);
  const RunLogContents log = read_run_log(dir / "bad.log");
  EXPECT_TRUE(log.truncated);
  EXPECT_EQ(log.events.size(), 4096u);
  EXPECT_NE(log.problem.find("checksum"), std::string::npos);
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

}  // namespace
}  // namespace kaiten
