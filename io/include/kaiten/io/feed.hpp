#pragma once
// The sensor feed as JSON Lines (docs/feed.md): a header line with the scenario and seed, then one
// sensor message per line in time order. FeedRecorder writes it while passing every message on to
// the controller; FeedReader reads it back line by line, reporting malformed lines by number and
// either skipping them or stopping at the first, as asked.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kaiten/core/sensor.hpp"
#include "kaiten/io/atomic_file.hpp"

namespace kaiten {

inline constexpr int kFeedVersion = 1;

/// The largest `t` (and `arrives`) a feed may give, in ms: 10^10, some 115 days, beyond any day a
/// scenario describes, and far enough below the 64-bit limit that the controller's sums of times
/// (a time limit, a trip) cannot overflow.
inline constexpr std::int64_t kMaxFeedTimeMs = 10'000'000'000;
/// The largest `odo` a feed may give, in um: 10^15, a million km of belt travel (an encoder that is
/// never reset, on a belt at 1 m/s for 30 years), with the same margin.
inline constexpr std::int64_t kMaxFeedOdometerUm = 1'000'000'000'000'000;

/// The feed's first line.
struct FeedHeader {
  int version = kFeedVersion;
  std::string scenario;       ///< the scenario's name
  std::uint64_t seed = 0;     ///< the run's seed
  std::string scenario_yaml;  ///< the scenario file's exact text
  /// The `--set` overrides applied to it, "PATH=VALUE" in order; written only when there are some.
  std::vector<std::string> overrides;
};

/// The header line and a message line, as written (no line break). Same input, same bytes.
std::string feed_header_line(const FeedHeader& header);
std::string feed_line(const SensorMessage& message);

/// Records the feed to `path` (staged as `path`.tmp, renamed by commit()) and forwards every
/// message to `next` (may be null), whose commands it returns unchanged.
class FeedRecorder final : public ControllerPort {
 public:
  FeedRecorder(const std::filesystem::path& path, const FeedHeader& header,
               ControllerPort* next = nullptr);
  FeedRecorder(const FeedRecorder&) = delete;
  FeedRecorder& operator=(const FeedRecorder&) = delete;

  void on_message(const SensorMessage& message, std::vector<Command>& commands) override;
  /// Writes what is buffered, flushes and renames into place. Throws IoError.
  void commit();
  std::int64_t messages() const { return messages_; }

 private:
  void flush();
  AtomicWriter writer_;
  std::string buffer_;
  ControllerPort* next_ = nullptr;
  std::int64_t messages_ = 0;
};

/// A malformed line: its 1-based number and what is wrong with it.
struct FeedError {
  std::int64_t line = 0;
  std::string message;
  /// "source:line: message"
  std::string to_string(const std::string& source) const;
};

/// A feed whose header is missing or unusable (nothing can be read from it).
struct FeedFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Upper bounds for indexes in messages (0 = not checked): a message naming lane 7 of a 3-lane
/// store is malformed.
struct FeedLimits {
  std::uint32_t lanes = 0;
  std::uint32_t items = 0;
  std::uint32_t readers = 0;
  std::uint32_t tables = 0;
};

/// A message as a live store publishes it (docs/live.md): the feed line with two more keys,
/// `src` (the publishing gateway) and `seq` (its sequence number, from 1), in front.
struct SequencedMessage {
  std::string source;
  std::uint64_t seq = 0;
  SensorMessage message;
};
std::string sequenced_feed_line(const std::string& source, std::uint64_t seq,
                                const SensorMessage& message);
/// Parses a sequenced line as strictly as a feed line (docs/feed.md). False with `error` set
/// for a malformed one.
bool parse_sequenced_line(const std::string& line, const FeedLimits& limits, SequencedMessage& out,
                          std::string& error);
/// The header line's fields, as FeedReader reads them. Throws FeedFormatError naming `source`.
FeedHeader parse_feed_header(const std::string& line, const std::string& source);

class FeedReader {
 public:
  /// Reads the header line. Throws FeedFormatError ("source:1: ...") if it is missing or bad.
  /// With `skip_bad`, malformed lines are recorded and skipped; without, the first one stops the
  /// reader.
  FeedReader(std::istream& in, std::string source, bool skip_bad);
  FeedReader(const FeedReader&) = delete;
  FeedReader& operator=(const FeedReader&) = delete;

  const FeedHeader& header() const { return header_; }
  void set_limits(const FeedLimits& limits) { limits_ = limits; }

  /// The next good message. False at the end of the feed, or at the first malformed line when
  /// not skipping (then stopped() is true and errors().back() names the line).
  bool next(SensorMessage& out);

  /// Every malformed line met so far, in order.
  const std::vector<FeedError>& errors() const { return errors_; }
  bool stopped() const { return stopped_; }
  std::int64_t messages() const { return messages_; }
  const std::string& source() const { return source_; }

 private:
  std::istream& in_;
  std::string source_;
  bool skip_bad_ = false;
  FeedHeader header_;
  FeedLimits limits_;
  std::vector<FeedError> errors_;
  std::int64_t line_ = 0;
  std::int64_t messages_ = 0;
  SimTime last_time_ = INT64_MIN;
  bool stopped_ = false;
};

/// A whole feed in memory.
struct FeedContents {
  FeedHeader header;
  std::vector<SensorMessage> messages;
  std::vector<FeedError> errors;
  bool stopped = false;  ///< a malformed line stopped the reading (skip_bad false)
};

/// Reads a whole feed. Throws FeedFormatError for a bad header, IoError for an unreadable file.
FeedContents read_feed(std::istream& in, const std::string& source, bool skip_bad,
                       const FeedLimits& limits = {});
FeedContents read_feed_file(const std::filesystem::path& path, bool skip_bad,
                            const FeedLimits& limits = {});

}  // namespace kaiten
