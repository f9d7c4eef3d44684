#pragma once
// Head-office subcommands (docs/headoffice.md): multi-day batches into a sales history, point-of-
// sale imports, next-day forecasts with ingredient orders, and backtests. Each returns the
// process exit code (commands.hpp): 0 success, 1 a run failed, 2 bad input.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kaiten::app {

/// `kaiten batch SCENARIO --days N --start YYYY-MM-DD --history H.db`
struct BatchOptions {
  std::string scenario;
  int days = 0;
  std::string start;
  std::string history;
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's seed
  std::string store;                  ///< store id in the history; empty: the scenario's name
  std::string stock_policy;           ///< overrides the scenario's stock.policy when not empty
  int oracle_reps = 0;      ///< extra unlimited replications per day for expected demand (oracle)
  std::string members_csv;  ///< with a population: its members, one CSV row each
  bool quiet = false;
  std::vector<std::string> sets;  ///< --set PATH=VALUE, in order
};
int batch_command(const BatchOptions& options);

/// `kaiten chain batch CHAIN.yaml --days N --start YYYY-MM-DD --history H.db [--jobs J]`
/// (docs/chain.md); under mpirun, rank 0 writes and the other ranks simulate.
struct ChainBatchOptions {
  std::string chain;
  int days = 0;
  std::string start;
  std::string history;
  int jobs = 0;              ///< simulating threads; 0: all cores (under mpirun: none on rank 0)
  std::string stock_policy;  ///< overrides every store's stock.policy when not empty
  std::vector<std::string> stores;  ///< only these stores of the chain (ids); empty: all
  bool quiet = false;
};
int chain_batch_command(const ChainBatchOptions& options);

/// `kaiten chain validate CHAIN.yaml`: the chain file and every store's scenario.
int chain_validate_command(const std::string& chain);

/// `kaiten history import POS.csv --history H.db [--skip-bad]`
struct HistoryImportOptions {
  std::string csv;
  std::string history;
  std::string store;     ///< used when the CSV has no store column
  std::string scenario;  ///< optional: menu, ingredients, recipes and holidays from a scenario
  bool skip_bad = false;
  bool quiet = false;
};
int history_import_command(const HistoryImportOptions& options);

/// `kaiten history info --history H.db`: stores, days and schema version.
int history_info_command(const std::string& history);

/// `kaiten history merge SHARD.db... --history OUT.db` (docs/chain.md): each shard into OUT in
/// one transaction; two shards that disagree on a store or a store-day stop it (exit 2).
struct HistoryMergeOptions {
  std::vector<std::string> shards;
  std::string history;
  bool quiet = false;
};
int history_merge_command(const HistoryMergeOptions& options);

/// `kaiten forecast --history H.db --date YYYY-MM-DD --out DIR`
struct ForecastCommandOptions {
  std::string history;
  std::string date;
  std::string out_dir;
  std::string store;
  std::string chain;     ///< every store of this chain file, and its centres' pooled orders
  std::string model;     ///< force one model (else chosen per item)
  bool holiday = false;  ///< treat the date as a holiday
  int paths = 2000;
  std::uint64_t seed = 1;
  bool quiet = false;
};
int forecast_command(const ForecastCommandOptions& options);

/// `kaiten backtest --history H.db --from D1 --to D2`
struct BacktestCommandOptions {
  std::string history;
  std::string from;
  std::string to;
  std::string store;
  std::string chain;  ///< score the centres' pooled orders of this chain file's stores
  std::vector<std::string> models;
  std::vector<std::string> compare;  ///< "A:B" pairs for the paired bootstrap
  std::string against = "auto";      ///< auto, true or sold
  bool no_calendar = false;
  bool no_uncensor = false;  ///< ablation: fit sold-out days as they are
  int share_leaders = 0;     ///< top-down: the biggest items as a share group of their own
  std::string out_dir;
  bool quiet = false;
};
int backtest_command(const BacktestCommandOptions& options);

}  // namespace kaiten::app
