// Run log: read_run_log() on any bytes (through a scratch file: the reader takes a path).
// Invariants: a log that cannot be read is refused with a RunLogError naming the file; a log that
// reads either has totals or says it was cut short and why; a complete log's totals agree with its
// events (each counted kind, the plates conserved, the events' CRC-64 digest); what was read,
// written back with RunLogWriter, reads back the same. Each input is also read with its chunks'
// checksums repaired, so that mutations reach the payload parsing; the reader must then still
// refuse totals that disagree with the events.
#include <fmt/format.h>

#include <lzma.h>

#include <array>

#include "fuzz_support.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/run_log.hpp"

namespace kaiten::fuzz {
namespace {

std::string describe(const RunLogTotals& t) {
  return fmt::format(
      "made {}, eaten {}, discarded {}, on belt at close {}, reads {}, digest {:016x}", t.made,
      t.eaten, t.discarded, t.on_belt_at_close, t.reads, t.truth_digest);
}

// The totals that `events` imply, counted here independently of the reader; `events` of the
// totals (the engine's events) is not in the records and is given.
RunLogTotals counted(const std::vector<TruthEvent>& events, std::int64_t engine_events) {
  std::array<std::int64_t, 14> count{};
  TruthDigest digest;
  for (const TruthEvent& e : events) {
    ++count[static_cast<std::size_t>(e.kind)];
    digest.add(e);
  }
  RunLogTotals t;
  t.events = engine_events;
  t.made = count[static_cast<std::size_t>(TruthKind::plate_made)];
  t.eaten = count[static_cast<std::size_t>(TruthKind::plate_eaten)];
  t.discarded = count[static_cast<std::size_t>(TruthKind::plate_discarded)];
  t.on_belt_at_close = count[static_cast<std::size_t>(TruthKind::on_belt_at_close)];
  t.reads = count[static_cast<std::size_t>(TruthKind::plate_read)];
  t.truth_digest = digest.value();
  return t;
}

void check_totals(const RunLogContents& log) {
  const RunLogTotals from_events = counted(log.events, log.totals->events);
  KAITEN_FUZZ_CHECK(from_events == *log.totals,
                    fmt::format("a complete log's totals disagree with its {} events: recorded {}; "
                                "events give {}",
                                log.events.size(), describe(*log.totals), describe(from_events)));
  const RunLogTotals& t = *log.totals;
  KAITEN_FUZZ_CHECK(plates_conserved(t.made, t.eaten, t.discarded, t.on_belt_at_close),
                    describe(t));
}

void check_written_back(const RunLogContents& log) {
  const std::filesystem::path copy = scratch_path("written-back.log");
  RunLogWriter writer(copy, log.header);
  for (const TruthEvent& e : log.events) writer.on_event(e);
  // finish() always writes totals: for a log cut short, those its events imply.
  writer.finish(log.totals ? *log.totals : counted(log.events, 0));
  writer.commit();
  const RunLogContents again = read_run_log(copy);
  std::filesystem::remove(copy);
  KAITEN_FUZZ_CHECK(again.header.seed == log.header.seed &&
                        again.header.scenario_name == log.header.scenario_name &&
                        again.header.scenario_path == log.header.scenario_path &&
                        again.header.scenario_yaml == log.header.scenario_yaml,
                    "the header changed when written back");
  KAITEN_FUZZ_CHECK(
      again.events == log.events,
      fmt::format("{} events written back, {} read", log.events.size(), again.events.size()));
  KAITEN_FUZZ_CHECK(!again.truncated && again.totals, again.problem);
  if (log.totals) KAITEN_FUZZ_CHECK(*again.totals == *log.totals, describe(*again.totals));
}

// The input with every whole chunk's CRC-32 made right, so that mutated payloads get past the
// checksum and reach the payload parsing.
std::string with_checksums_repaired(std::string_view input) {
  std::string out(input);
  std::size_t pos = 12;  // magic and version
  while (out.size() >= pos + 12) {
    const auto u32_at = [&](std::size_t at) {
      std::uint32_t v = 0;
      for (std::size_t i = 0; i < 4; ++i)
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(out[at + i])) << (8 * i);
      return v;
    };
    const std::uint32_t length = u32_at(pos + 4);
    if (out.size() - pos - 12 < length) break;
    const std::uint32_t crc =
        lzma_crc32(reinterpret_cast<const std::uint8_t*>(out.data() + pos), 8 + length, 0);
    for (std::size_t i = 0; i < 4; ++i)
      out[pos + 8 + length + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
    pos += 12 + length;
  }
  return out;
}

// Reads `bytes` as a run log and checks what holds for any log.
void check_log(std::string_view bytes) {
  const std::filesystem::path path = write_scratch("input.log", bytes);
  RunLogContents log;
  try {
    log = read_run_log(path);
  } catch (const RunLogError& e) {
    KAITEN_FUZZ_CHECK(std::string_view(e.what()).starts_with(path.string() + ": "), e.what());
    return;
  }
  KAITEN_FUZZ_CHECK(log.header.version >= 1 && log.header.version <= kRunLogVersion,
                    std::to_string(log.header.version));
  KAITEN_FUZZ_CHECK(log.truncated ? !log.problem.empty() : log.totals && log.problem.empty(),
                    fmt::format("truncated {}, totals {}, problem \"{}\"", log.truncated,
                                log.totals.has_value(), log.problem));
  if (log.totals && !log.truncated) check_totals(log);
  check_written_back(log);
}

}  // namespace
}  // namespace kaiten::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kaiten::fuzz;
  const std::string_view input = as_text(data, size);
  check_log(input);
  const std::string repaired = with_checksums_repaired(input);
  if (repaired != input) check_log(repaired);
  return 0;
}
