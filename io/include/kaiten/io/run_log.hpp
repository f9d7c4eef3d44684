#pragma once
// The run log: everything needed to replay a run exactly, and what happened in it.
//
// Layout (little-endian): an 8-byte magic "KAITNLOG", a u32 format version, then chunks. Each chunk
// is u32 type, u32 payload length, the payload, and a u32 CRC-32 of type, length and payload. A log
// cut short by a crash therefore reads back up to its last whole chunk. docs/run-log.md documents
// the chunk payloads. The scenario travels inside the log as its YAML text, so a replay needs
// nothing but the log.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kaiten/io/atomic_file.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/truth.hpp"

namespace kaiten {

/// The version this kaiten writes: 3 packs the event records (varints, deltas). It reads versions
/// 1 (a log without overrides) and 2 (28-byte records) too.
inline constexpr std::uint32_t kRunLogVersion = 3;

struct RunLogHeader {
  std::uint32_t version = kRunLogVersion;  ///< as read; the writer always writes kRunLogVersion
  std::uint64_t seed = 0;
  std::string scenario_name;
  std::string scenario_path;  ///< as given on the command line, for messages only
  std::string scenario_yaml;  ///< the exact scenario text that was run
  /// The `--set` overrides applied to scenario_yaml, "PATH=VALUE" in order (version 2).
  std::vector<std::string> overrides;
};

/// Recorded at the end of a run; a replay must reproduce every field.
struct RunLogTotals {
  std::int64_t events = 0;
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t reads = 0;
  std::uint64_t truth_digest = 0;  ///< CRC-64 of every ground-truth event record in order

  friend bool operator==(const RunLogTotals&, const RunLogTotals&) = default;
};

/// A malformed or unreadable log: the message names the file and what is wrong.
struct RunLogError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Running CRC-64 over truth events, as the log writes them.
class TruthDigest {
 public:
  void add(const TruthEvent& event);
  /// Adds one event already encoded as its run-log record (28 bytes).
  void add_record(const char* bytes, std::size_t size);
  std::uint64_t value() const { return crc_; }

 private:
  std::uint64_t crc_ = 0;  ///< CRC-64/XZ of the records so far (0 for none)
};

RunLogTotals totals_of(const DayResult& day, std::uint64_t truth_digest);

/// The previous record of an events chunk, against which version 3 packs the next one's deltas.
struct RunLogPackState {
  SimTime time = 0;
  std::uint32_t plate = 0;
};

/// Streams a run log to disk atomically: the file appears under its name only after finish().
class RunLogWriter final : public TruthSink {
 public:
  RunLogWriter(const std::filesystem::path& path, const RunLogHeader& header);
  void on_event(const TruthEvent& event) override;
  /// The digest of every event so far.
  std::uint64_t digest() const;
  /// Writes the last events and the totals. Throws IoError.
  void finish(const RunLogTotals& totals);
  /// Renames the finished log into place. Throws IoError.
  void commit() { out_.commit(); }

 private:
  void flush_events();
  AtomicWriter out_;
  // The chunk being filled, in buffers sized once for a whole chunk: appending an event is a
  // few stores, not a string's bookkeeping (the log is written once per event of a day).
  std::vector<char> packed_;     ///< the chunk: room for its frame, then the packed records
  std::size_t packed_size_ = 0;  ///< bytes of packed records
  std::vector<char> records_;    ///< the same events as 28-byte records, for the digest
  std::size_t records_size_ = 0;
  std::uint32_t pending_count_ = 0;
  RunLogPackState pack_;  ///< the deltas' previous record in this chunk
  TruthDigest digest_;    ///< of the chunks written
};

struct RunLogContents {
  RunLogHeader header;
  std::vector<TruthEvent> events;
  std::optional<RunLogTotals> totals;  ///< missing when the log was cut short
  bool truncated = false;              ///< cut short: no totals, read up to the last whole chunk
  std::string problem;                 ///< where and how the log was cut short, if it was
};

/// A damaged log, as opposed to one cut short: a chunk fails its checksum, declares an impossible
/// length or does not decode while more of the file follows it, or the chunks are out of order (a
/// header not first or twice, totals not last, an unknown chunk type). `offset` is the byte
/// offset of the offending chunk.
struct RunLogCorrupt : RunLogError {
  RunLogCorrupt(const std::string& message, std::uint64_t at) : RunLogError(message), offset(at) {}
  std::uint64_t offset;
};

/// Reads a run log. A log cut short is not an error: reading stops after its last whole chunk
/// and `truncated` says so. Throws RunLogCorrupt for a damaged log (docs/outputs.md states the
/// rule), RunLogError if the file cannot be read, is not a run log, is of another version, or is
/// cut short before its header is whole.
RunLogContents read_run_log(const std::filesystem::path& path);

/// A field whose recorded total differs from the replayed one, both values as text.
struct TotalsDifference {
  std::string field;  ///< as in docs/outputs.md: events, made, ..., truth_digest
  std::string recorded;
  std::string replayed;
};
std::vector<TotalsDifference> totals_differences(const RunLogTotals& recorded,
                                                 const RunLogTotals& replayed);

}  // namespace kaiten
