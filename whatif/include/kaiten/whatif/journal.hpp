#pragma once
// The finished runs of a sweep, kept in a file beside its output folder while it runs, so that a
// sweep interrupted (killed, Ctrl-C, a crash) and started again with the same scenario skips the
// runs it has (docs/whatif.md, "Resuming"). A run is keyed by its grid point and seed: a rerun
// with more replications or more values reuses every run it shares with the first.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "kaiten/whatif/parallel.hpp"

namespace kaiten::whatif {

/// The journal file of the output folder `out_dir`: "DIR.kaiten-sweep-journal" beside it.
std::filesystem::path journal_path(const std::filesystem::path& out_dir);

class SweepJournal {
 public:
  /// Opens the journal at `path` for runs whose results depend on `key` (the kaiten version, the
  /// scenario text, its overrides and the measures' names). Runs recorded under another key, and
  /// lines that do not read back whole (the line being written when the process was killed), are
  /// left out; a journal of another key is started afresh. Throws IoError.
  SweepJournal(std::filesystem::path path, const std::string& key);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  using RunKey = std::pair<std::string, std::uint64_t>;  ///< point label, seed

  /// The runs read when it was opened.
  const std::map<RunKey, RunValues>& finished() const { return finished_; }
  /// True when a journal of other runs (another scenario or version) was found and replaced.
  bool replaced() const { return replaced_; }

  /// Appends one finished run, written at once (a kill loses at most this line). Throws IoError.
  void record(const std::string& point, std::uint64_t seed, const RunValues& values);
  /// Deletes the journal: the sweep's outputs are complete. Throws IoError.
  void remove();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::map<RunKey, RunValues> finished_;
  bool replaced_ = false;
};

}  // namespace kaiten::whatif
