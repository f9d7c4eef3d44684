#pragma once
// The kaiten subcommands. Each returns the process exit code:
// 0 success, 1 a run or check failed, 2 bad input (scenario, log or arguments).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kaiten::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;

/// `kaiten --version`; also part of what a sweep journal's runs depend on.
inline constexpr const char* kVersion = "kaiten 0.1.0";

struct RunOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's seed
  std::string out_dir;                ///< empty: no files written
  bool quiet = false;
  std::string feed_out;           ///< empty: no feed written
  std::vector<std::string> sets;  ///< --set PATH=VALUE, in order
  std::string broker;             ///< non-empty: the store live on this broker (docs/live.md)
  std::string store = "store1";
  bool realtime = false;
  double speed = 1.0;
  std::int64_t command_latency_ms = 0;  ///< a slow link: commands held this long (wall clock)
  std::size_t reorder_burst = 0;  ///< fault injection: sensor messages in reversed, doubled bursts
};
int run_command(const RunOptions& options);

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> sets;  ///< --set PATH=VALUE, in order
};
int validate_command(const ValidateOptions& options);

struct ReplayOptions {
  std::string log;
  bool check = false;
};
/// `kaiten replay LOG --check`: re-simulates the log headless and compares.
int replay_command(const ReplayOptions& options);

struct CompareOptions {
  std::string scenario;
  std::vector<std::string> policies{"manager", "predictive"};
  int replications = 10;
  std::uint64_t first_seed = 1;
  std::vector<std::string> sets;     ///< --set PATH=VALUE, in order
  unsigned jobs = 0;                 ///< threads; 0: every core
  std::string out_dir;               ///< --out: runs, means and differences as files (empty: none)
  bool quiet = false;                ///< no table on stdout
  int days = 0;                      ///< --days: each run is N consecutive days; 0: one day
  std::string start = "2025-01-06";  ///< --start: the first of the days (a Monday)
  bool start_given = false;
};
/// `kaiten compare`: policies on common random numbers, means with 95 % confidence intervals.
int compare_command(const CompareOptions& options);

struct SchemaOptions {
  bool json = false;  ///< JSON Schema instead of Markdown
};
/// `kaiten schema`: every scenario key, from the loader's key table.
int schema_command(const SchemaOptions& options);

struct ReportOptions {
  std::string input;    ///< a run or sweep folder; empty with `history`
  std::string history;  ///< a sales history (SQLite) instead of a folder
  std::string store;    ///< the history's store; empty: its only one
  std::string chain;    ///< a chain file: the stores' regions for a chain history's report
  std::string out;      ///< the HTML file to write
  std::string png_dir;  ///< empty: no PNG files
  bool quiet = false;
};
/// `kaiten report`: a run or sweep folder as one self-contained HTML page (docs/reports.md).
int report_command(const ReportOptions& options);

/// Replaces this process with kaiten-view (next to this executable) given `args`; returns only on
/// failure.
int launch_viewer(const std::vector<std::string>& args);

}  // namespace kaiten::app
