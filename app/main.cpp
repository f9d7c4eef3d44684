// kaiten: simulate and control a smart conveyor-belt sushi restaurant.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <optional>
#include <utility>

#include "arguments.hpp"
#include "cli_support.hpp"
#include "commands.hpp"
#include "control_command.hpp"
#include "headoffice_commands.hpp"  // headoffice
#include "kaiten/headoffice/backtest.hpp"
#include "malloc_tunables.hpp"
#include "whatif_commands.hpp"

namespace {

int run_cli(int argc, char** argv) {
  using namespace kaiten::app;
  CLI::App cli{
      "kaiten: simulator and controller for smart conveyor-belt sushi restaurants.\n"
      "Scenario files are YAML (see docs/scenario.md)."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", kVersion);
  cli.footer(
      "Exit codes: 0 success; 1 a run or check failed, an output could not be written, or an "
      "unexpected error (one line on stderr); 2 bad input: an option, a scenario or another input "
      "file that cannot be used (a directory, a file missing), or an output path that is one of "
      "the inputs. Bad input is reported before anything is written.");

  // --set PATH=VALUE, repeatable; one value per occurrence, so it never swallows the scenario.
  const auto add_set_option = [](CLI::App* cmd, std::vector<std::string>& sets) {
    cmd->add_option("--set", sets,
                    "Override a scenario value, PATH=VALUE (repeatable, applied in order): PATH "
                    "as the validator prints it, e.g. belt.speed_mm_s, belt.lanes[1].length_mm, "
                    "kitchen.staff[3].cooks (`kaiten schema` lists every key); VALUE is YAML. "
                    "Checked like the file; recorded in the outputs (docs/whatif.md)")
        ->allow_extra_args(false)
        ->type_name("PATH=VALUE");
  };

  RunOptions run;
  CLI::App* run_cmd = cli.add_subcommand("run", "Simulate one restaurant day headless and report.");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("--seed", run.seed, "Random seed (default: the scenario's `seed`)")
      ->check(seed_check());
  run_cmd->add_option("--out", run.out_dir,
                      "Write summary.json, items.csv, hours.csv, plates.csv and run.log here "
                      "(a folder kaiten owns: created if missing, replaced as a whole; "
                      "docs/outputs.md)");
  run_cmd->add_flag("--quiet", run.quiet, "Print nothing on success");
  run_cmd->add_option("--feed-out", run.feed_out,
                      "Write the sensor feed the controller saw (JSON Lines, docs/feed.md)");
  add_set_option(run_cmd, run.sets);
  run_cmd->add_option("--broker", run.broker,
                      "Be the store live: publish the sensor messages to this MQTT broker "
                      "(tcp://HOST:PORT) and obey the commands from it (docs/live.md); needs "
                      "--realtime");
  run_cmd->add_option("--store", run.store, "The store's ID in the broker's topics")
      ->default_val("store1");
  run_cmd->add_flag("--realtime", run.realtime,
                    "Run on the wall clock (with --broker): the day unfolds at --speed times "
                    "real time");
  run_cmd->add_option("--speed", run.speed, "Simulated seconds per wall-clock second")
      ->default_val(1.0)
      ->check(CLI::Range(0.01, 100000.0));
  run_cmd
      ->add_option("--command-latency", run.command_latency_ms,
                   "With --broker: hold each command this many wall-clock ms after it "
                   "arrives (a slow link)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{3'600'000}));
  run_cmd
      ->add_option("--reorder-burst", run.reorder_burst,
                   "With --broker, fault injection: publish the sensor messages in bursts of N, "
                   "each burst newest first and every message twice (default 0: off)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{10'000}));

  ValidateOptions validate;
  CLI::App* validate_cmd =
      cli.add_subcommand("validate", "Check a scenario file and report every problem found.");
  validate_cmd->add_option("scenario", validate.scenario, "Scenario YAML file")->required();
  add_set_option(validate_cmd, validate.sets);

  SchemaOptions schema;
  CLI::App* schema_cmd = cli.add_subcommand(
      "schema",
      "Print every scenario key (type, unit, default, allowed values, meaning) as the Markdown "
      "tables of docs/scenario.md, or as a JSON Schema for editors and validators.");
  schema_cmd->add_flag("--json", schema.json,
                       "JSON Schema (draft-07): point a YAML language server at it to complete "
                       "and check scenario files as you type");

  // Viewer options, passed on to kaiten-view.
  std::string snapshot, at, size;
  double speed = 60;
  auto add_view_options = [&](CLI::App* cmd) {
    cmd->add_option("--snapshot", snapshot,
                    "Render one frame to this PNG and exit (no window; needs --at)");
    cmd->add_option("--at", at, "Simulated time of the snapshot or of the start, HH:MM[:SS]");
    cmd->add_option("--speed", speed, "Playback speed, 1 to 600 times real time (default 60)");
    cmd->add_option("--size", size, "Window or snapshot size WxH (default 1600x900)");
  };
  auto view_args = [&](std::vector<std::string> args) {
    if (!snapshot.empty()) args.insert(args.end(), {"--snapshot", snapshot});
    if (!at.empty()) args.insert(args.end(), {"--at", at});
    if (!size.empty()) args.insert(args.end(), {"--size", size});
    args.insert(args.end(), {"--speed", fmt::format("{}", speed)});
    return args;
  };

  ReplayOptions replay;
  CLI::App* replay_cmd = cli.add_subcommand(
      "replay",
      "Replay a run log in the viewer; with --check, re-simulate it headless and confirm it "
      "reproduces exactly.");
  replay_cmd->add_option("log", replay.log, "Run log written by `kaiten run --out DIR`")
      ->required();
  replay_cmd->add_flag("--check", replay.check,
                       "Re-simulate from the log's scenario and seed; compare every event and "
                       "the recorded totals (no display needed)");
  add_view_options(replay_cmd);

  std::string view_scenario;
  std::optional<std::uint64_t> view_seed;
  std::vector<std::string> view_sets;
  CLI::App* view_cmd =
      cli.add_subcommand("view",
                         "Run a scenario live in a window (the SFML viewer), or, with --broker, "
                         "watch a live store.");
  view_cmd->add_option("scenario", view_scenario, "Scenario YAML file (not with --broker)");
  view_cmd->add_option("--seed", view_seed, "Random seed (default: the scenario's `seed`)")
      ->check(seed_check());
  add_set_option(view_cmd, view_sets);
  add_view_options(view_cmd);
  // The viewer attached to a live store (docs/live.md): checked by kaiten-view.
  std::string view_broker, view_store, view_png, view_quit;
  view_cmd->add_option("--broker", view_broker,
                       "Attach to a live store on this MQTT broker, tcp://HOST:PORT "
                       "(docs/live.md); no scenario then");
  view_cmd->add_option("--store", view_store, "With --broker: the store's ID (default store1)");
  view_cmd->add_option("--save-png", view_png,
                       "With --broker: write the last frame to this PNG when the window closes");
  view_cmd->add_option("--quit-after", view_quit,
                       "With --broker: close by itself after this many seconds");

  CompareOptions compare;
  CLI::App* compare_cmd = cli.add_subcommand(
      "compare",
      "Run a scenario under several controller policies on the same seeds and compare waste, money "
      "and customer experience (means and paired differences with 95% confidence intervals).");
  compare_cmd->add_option("scenario", compare.scenario, "Scenario YAML file")->required();
  compare_cmd->add_option("--policies", compare.policies,
                          "Policies to compare (manager, predictive, fixed_mix), the first is the "
                          "baseline (default: manager predictive)");
  compare_cmd
      ->add_option("--replications", compare.replications,
                   "Replications per policy: days, or runs of N days with --days (default 10)")
      ->check(CLI::Range(1, 1000));
  compare_cmd->add_option("--seed", compare.first_seed, "First seed (default 1)")
      ->check(seed_check());
  add_set_option(compare_cmd, compare.sets);
  compare_cmd->add_option("--jobs", compare.jobs, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  compare_cmd->add_option("--out", compare.out_dir,
                          "Also write runs.csv, means.csv, differences.csv and compare.json to "
                          "this folder (for `kaiten report`)");
  compare_cmd->add_flag("--quiet", compare.quiet, "Print no table");
  compare_cmd
      ->add_option("--days", compare.days,
                   "Each replication is this many consecutive days, stock and the customer "
                   "population carried over (docs/whatif.md)")
      ->check(CLI::Range(1, 3660));
  CLI::Option* compare_start = compare_cmd->add_option(
      "--start", compare.start, "First day with --days, YYYY-MM-DD (default 2025-01-06, a Monday)");

  // what-if: sweeps and optimisation (docs/whatif.md)
  SweepOptions sweep;
  CLI::App* sweep_cmd = cli.add_subcommand(
      "sweep",
      "Run a grid of settings, each for the same replications (common random numbers), on every "
      "core; write every run and the means with 95% confidence intervals. Resumable with --out.");
  sweep_cmd->add_option("scenario", sweep.scenario, "Scenario YAML file")->required();
  sweep_cmd
      ->add_option("--vary", sweep.vary,
                   "A key and its values: PATH=V1,V2,... or, for a number, PATH=FROM:TO:STEP "
                   "(repeatable: the grid is every combination, the first --vary varying "
                   "slowest)")
      ->allow_extra_args(false)
      ->type_name("PATH=VALUES");
  add_set_option(sweep_cmd, sweep.sets);
  sweep_cmd->add_option("--replications", sweep.replications, "Days per point (default 10)")
      ->check(CLI::Range(1, 100000));
  sweep_cmd->add_option("--seed", sweep.seed, "First seed (default: the scenario's `seed`)")
      ->check(seed_check());
  sweep_cmd->add_option("--jobs", sweep.jobs, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  sweep_cmd->add_option("--out", sweep.out_dir,
                        "Write runs.csv, means.csv and sweep.json here (a folder kaiten owns); "
                        "an interrupted sweep rerun with the same --out resumes");
  sweep_cmd
      ->add_option("--show", sweep.show,
                   "Measures in the printed table, comma-separated (default: waste_rate, "
                   "gross_margin_yen, found_on_belt, wait_p95_min, order_lead_p95_min)")
      ->allow_extra_args(false);
  sweep_cmd->add_flag("--quiet", sweep.quiet, "No progress bar and no table");

  OptimizeOptions optimize;
  CLI::App* optimize_cmd = cli.add_subcommand(
      "optimize",
      "Find the setting of some keys that makes a measure best, subject to bounds on others, on "
      "common random numbers; check it on fresh seeds against the scenario's own setting.");
  optimize_cmd->add_option("scenario", optimize.scenario, "Scenario YAML file")->required();
  optimize_cmd
      ->add_option("--param", optimize.params,
                   "A numeric key and its range: PATH=FROM:TO (continuous; integer keys in steps "
                   "of 1) or PATH=FROM:TO:STEP (repeatable)")
      ->allow_extra_args(false)
      ->required()
      ->type_name("PATH=RANGE");
  optimize_cmd->add_option("--objective", optimize.objective, "The measure to make best")
      ->required();
  CLI::Option* maximize =
      optimize_cmd->add_flag("--maximize", optimize.maximize, "Maximize the objective");
  CLI::Option* minimize = optimize_cmd->add_flag(
      "--minimize", optimize.minimize, "Minimize it (default: as the measure says is better)");
  maximize->excludes(minimize);
  optimize_cmd
      ->add_option("--constraint", optimize.constraints,
                   "A bound on a measure's mean: 'MEASURE>=X' or 'MEASURE<=X' (repeatable)")
      ->allow_extra_args(false);
  optimize_cmd
      ->add_option("--budget", optimize.budget,
                   "Simulated days the search may use (default 300; the final check adds 2 x "
                   "--final-replications)")
      ->check(CLI::Range(1L, 100'000'000L));
  optimize_cmd
      ->add_option("--replications", optimize.replications,
                   "Days per setting during the search (default 10)")
      ->check(CLI::Range(2, 100000));
  optimize_cmd
      ->add_option("--final-replications", optimize.final_replications,
                   "Fresh days for the final intervals (default: --replications)")
      ->check(CLI::Range(2, 100000));
  optimize_cmd->add_option("--seed", optimize.seed, "First seed (default: the scenario's `seed`)")
      ->check(seed_check());
  optimize_cmd->add_option("--jobs", optimize.jobs, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  add_set_option(optimize_cmd, optimize.sets);
  optimize_cmd->add_option("--out", optimize.out_dir,
                           "Write evaluations.csv and optimize.json here");
  optimize_cmd->add_flag("--quiet", optimize.quiet, "Print nothing but errors");

  ControlOptions control;
  CLI::App* control_cmd = cli.add_subcommand(
      "control", "Run the controller on a recorded or external sensor feed (docs/feed.md).");
  control_cmd->add_option("feed", control.feed, "JSON Lines sensor feed (or --broker)");
  control_cmd->add_option("--broker", control.broker,
                          "Run live on this MQTT broker (tcp://HOST:PORT) instead of a feed file, "
                          "until the store closes or SIGINT/SIGTERM (docs/live.md)");
  control_cmd->add_option("--store", control.store, "The store's ID in the broker's topics")
      ->default_val("store1");
  control_cmd->add_option("--checkpoint", control.checkpoint,
                          "With --broker: journal every handled message here and resume from it "
                          "after a restart");
  control_cmd->add_option("--out", control.out_dir,
                          "Write decisions, the top-sellers/forecast timeline and accuracy here");
  control_cmd->add_flag("--skip-bad", control.skip_bad,
                        "Skip malformed lines (each reported) instead of stopping at the first");
  control_cmd->add_option("--history", control.history,
                          "Earlier days' feeds, oldest first, to learn the appetite curve from");

  ReportOptions report;
  CLI::App* report_cmd = cli.add_subcommand(
      "report",
      "Make one self-contained HTML page of charts (opens offline) from a run, sweep, compare or "
      "backtest folder, or a sales history (docs/reports.md).");
  CLI::Option* report_input = report_cmd->add_option(
      "input", report.input,
      "Folder written by `kaiten run --out`, `kaiten sweep --out`, `kaiten compare --out` or "
      "`kaiten backtest --out`");
  CLI::Option* report_history = report_cmd->add_option(
      "--history", report.history,
      "A sales history (kaiten batch --history) instead of a folder: sales, waste and stock-outs "
      "per day");
  report_input->excludes(report_history);
  report_cmd->add_option("--store", report.store, "One store of a history of several")
      ->needs(report_history);
  report_cmd
      ->add_option("--chain", report.chain,
                   "The chain file of a chain history: adds each region's totals to the report")
      ->needs(report_history);
  report_cmd->add_option("--out", report.out, "The HTML file to write")->required();
  report_cmd->add_option("--png", report.png_dir,
                         "Also write each chart as DIR/CHART.png (needs headless chromium)");
  report_cmd->add_flag("--quiet", report.quiet, "Print nothing on success");

  // headoffice: multi-day batches, the sales history, forecasts and backtests
  BatchOptions batch;
  CLI::App* batch_cmd = cli.add_subcommand(
      "batch", "Simulate consecutive days of a store into a sales history (resumable).");
  batch_cmd->add_option("scenario", batch.scenario, "Scenario YAML file")->required();
  batch_cmd->add_option("--days", batch.days, "Number of days")->required();
  batch_cmd->add_option("--start", batch.start, "First day, YYYY-MM-DD")->required();
  batch_cmd->add_option("--history", batch.history, "Sales history (SQLite; created if missing)")
      ->required();
  batch_cmd->add_option("--seed", batch.seed, "Batch seed (default: the scenario's `seed`)")
      ->check(seed_check());
  batch_cmd->add_option("--store", batch.store, "Store id in the history (default: scenario name)");
  batch_cmd->add_option("--stock-policy", batch.stock_policy,
                        "unlimited, fixed or forecast (default: the scenario's stock.policy)");
  batch_cmd
      ->add_option("--oracle-reps", batch.oracle_reps,
                   "Extra unlimited replications per day, for the expected-demand oracle")
      ->check(CLI::Range(0, 1000));
  batch_cmd->add_option("--members", batch.members_csv,
                        "With a population: write its members (visits, spend, margin, CLV, "
                        "satisfaction) to this CSV file");
  batch_cmd->add_flag("--quiet", batch.quiet, "No progress bar and no summary");
  add_set_option(batch_cmd, batch.sets);
  // the chain: every store of a chain file into one history (docs/chain.md)
  CLI::App* chain_cmd =
      cli.add_subcommand("chain", "A chain of stores: batches on all cores or under mpirun.");
  chain_cmd->require_subcommand(1);
  ChainBatchOptions chain_batch;
  CLI::App* chain_batch_cmd = chain_cmd->add_subcommand(
      "batch",
      "Simulate consecutive days of every store of a chain into one sales history (resumable; "
      "under mpirun rank 0 writes and the other ranks simulate).");
  chain_batch_cmd->add_option("chain", chain_batch.chain, "Chain YAML file")->required();
  chain_batch_cmd->add_option("--days", chain_batch.days, "Number of days")->required();
  chain_batch_cmd->add_option("--start", chain_batch.start, "First day, YYYY-MM-DD")->required();
  chain_batch_cmd
      ->add_option("--history", chain_batch.history, "Sales history (SQLite; created if missing)")
      ->required();
  chain_batch_cmd->add_option("--jobs", chain_batch.jobs,
                              "Simulating threads (default 0: all cores; under mpirun, threads "
                              "on rank 0 besides writing, default none)");
  chain_batch_cmd->add_option("--stock-policy", chain_batch.stock_policy,
                              "unlimited, fixed or forecast (default: each store's scenario)");
  chain_batch_cmd
      ->add_option("--stores", chain_batch.stores,
                   "Only these stores, comma-separated ids (default: all): one node's share of "
                   "the chain, into a shard history for `kaiten history merge`")
      ->delimiter(',');
  chain_batch_cmd->add_flag("--quiet", chain_batch.quiet, "No progress bar and no summary");
  std::string chain_validate;
  CLI::App* chain_validate_cmd =
      chain_cmd->add_subcommand("validate", "Check a chain file and every store's scenario.");
  chain_validate_cmd->add_option("chain", chain_validate, "Chain YAML file")->required();

  CLI::App* history_cmd = cli.add_subcommand("history", "Sales history: import and inspect.");
  history_cmd->require_subcommand(1);
  HistoryImportOptions import;
  CLI::App* import_cmd =
      history_cmd->add_subcommand("import", "Import a point-of-sale CSV export into a history.");
  import_cmd->add_option("csv", import.csv, "POS export (CSV, see docs/headoffice.md)")->required();
  import_cmd->add_option("--history", import.history, "Sales history (created if missing)")
      ->required();
  import_cmd->add_option("--store", import.store,
                         "Store id for a CSV without a store column (a CSV with one is refused "
                         "with --store rather than relabelled)");
  import_cmd->add_option("--scenario", import.scenario,
                         "Take menu, ingredients, recipes and holidays from this scenario");
  import_cmd->add_flag("--skip-bad", import.skip_bad, "Import the good rows, report the bad ones");
  import_cmd->add_flag("--quiet", import.quiet, "Print nothing on success");
  std::string info_history;
  CLI::App* info_cmd = history_cmd->add_subcommand("info", "List the stores and days held.");
  info_cmd->add_option("--history", info_history, "Sales history")->required();
  HistoryMergeOptions merge;
  CLI::App* merge_cmd = history_cmd->add_subcommand(
      "merge", "Merge histories written separately (a chain batch's shards) into one.");
  merge_cmd->add_option("shards", merge.shards, "Histories to merge, in order")->required();
  merge_cmd->add_option("--history", merge.history, "The merged history (created if missing)")
      ->required();
  merge_cmd->add_flag("--quiet", merge.quiet, "Print nothing on success");
  ForecastCommandOptions forecast;
  CLI::App* forecast_cmd = cli.add_subcommand(
      "forecast", "Next-day forecast per item and newsvendor orders per ingredient.");
  forecast_cmd->add_option("--history", forecast.history, "Sales history")->required();
  forecast_cmd->add_option("--date", forecast.date, "Day to forecast, YYYY-MM-DD")->required();
  forecast_cmd
      ->add_option("--out", forecast.out_dir,
                   "Write forecast.csv, orders.csv and forecast.json here (the folder is "
                   "replaced as a whole)")
      ->required();
  forecast_cmd->add_option("--store", forecast.store, "Store id (needed if several)");
  forecast_cmd->add_option("--chain", forecast.chain,
                           "Forecast every store of this chain file on correlated sample paths and "
                           "order per distribution centre on the pooled need (docs/headoffice.md)");
  forecast_cmd->add_option("--model", forecast.model,
                           "Force one model: seasonal_naive, mean4, ses, holt_winters, croston, "
                           "tsb, combination, ets, top_down (default: top_down from 4 weeks)");
  forecast_cmd->add_flag("--holiday", forecast.holiday, "Treat the date as a holiday");
  forecast_cmd->add_option("--paths", forecast.paths, "Joint sample paths (default 2000)")
      ->check(CLI::Range(1, 100000));
  forecast_cmd->add_option("--seed", forecast.seed, "Seed of the sample paths (default 1)")
      ->check(seed_check());
  forecast_cmd->add_flag("--quiet", forecast.quiet, "Print nothing on success");
  BacktestCommandOptions backtest;
  CLI::App* backtest_cmd =
      cli.add_subcommand("backtest", "Rolling-origin evaluation of every model over a range.");
  backtest_cmd->add_option("--history", backtest.history, "Sales history")->required();
  backtest_cmd->add_option("--from", backtest.from, "First day scored, YYYY-MM-DD")->required();
  backtest_cmd->add_option("--to", backtest.to, "Last day scored, YYYY-MM-DD")->required();
  backtest_cmd->add_option("--store", backtest.store, "Store id (needed if several)");
  backtest_cmd->add_option("--chain", backtest.chain,
                           "Score each distribution centre's pooled orders against its stores' own "
                           "and fixed par levels, for this chain file's stores");
  backtest_cmd
      ->add_option("--models", backtest.models,
                   "Models to score, comma-separated, from: " +
                       kaiten::headoffice::backtest_model_names() + " (default: all)")
      ->delimiter(',');
  backtest_cmd
      ->add_option("--compare", backtest.compare,
                   "Model pairs A:B for a paired block-bootstrap interval (default: auto:each)")
      ->delimiter(',');
  backtest_cmd->add_option("--against", backtest.against,
                           "auto (true demand when recorded), true or sold");
  backtest_cmd->add_flag("--no-calendar", backtest.no_calendar, "Ignore holidays (ablation)");
  backtest_cmd->add_flag("--no-uncensor", backtest.no_uncensor,
                         "Fit sold-out days as they are (ablation)");
  backtest_cmd
      ->add_option("--share-leaders", backtest.share_leaders,
                   "Top-down: the N biggest items as a share group of their own (0-5, default 0)")
      ->check(CLI::Range(0, 5));
  backtest_cmd->add_option("--out", backtest.out_dir,
                           "Write backtest.json and backtest_items.csv here");
  backtest_cmd->add_flag("--quiet", backtest.quiet, "Print nothing");
  // end headoffice

  if (const auto code = parse_command_line(cli, argc, argv)) return *code;
  // Each command runs guarded: an exception that escapes it is one line on stderr and exit 1.
  const auto guarded = [](std::string_view name, auto&& command) {
    return run_guarded("kaiten", name, command);
  };
  // headoffice
  if (batch_cmd->parsed()) return guarded("batch", [&] { return batch_command(batch); });
  if (chain_batch_cmd->parsed())
    return guarded("chain batch", [&] { return chain_batch_command(chain_batch); });
  if (chain_validate_cmd->parsed())
    return guarded("chain validate", [&] { return chain_validate_command(chain_validate); });
  if (import_cmd->parsed())
    return guarded("history import", [&] { return history_import_command(import); });
  if (info_cmd->parsed())
    return guarded("history info", [&] { return history_info_command(info_history); });
  if (merge_cmd->parsed())
    return guarded("history merge", [&] { return history_merge_command(merge); });
  if (forecast_cmd->parsed())
    return guarded("forecast", [&] { return forecast_command(forecast); });
  if (backtest_cmd->parsed())
    return guarded("backtest", [&] { return backtest_command(backtest); });
  // end headoffice
  if (report_cmd->parsed()) return guarded("report", [&] { return report_command(report); });
  if (sweep_cmd->parsed()) return guarded("sweep", [&] { return sweep_command(sweep); });
  if (optimize_cmd->parsed())
    return guarded("optimize", [&] { return optimize_command(optimize); });
  if (compare_cmd->parsed()) {
    compare.start_given = compare_start->count() > 0;
    return guarded("compare", [&] { return compare_command(compare); });
  }
  if (control_cmd->parsed()) return guarded("control", [&] { return control_command(control); });
  if (run_cmd->parsed()) return guarded("run", [&] { return run_command(run); });
  if (schema_cmd->parsed()) return guarded("schema", [&] { return schema_command(schema); });
  if (validate_cmd->parsed())
    return guarded("validate", [&] { return validate_command(validate); });
  if (replay_cmd->parsed()) {
    return guarded("replay", [&] {
      if (!check_inputs("replay", {replay.log})) return kExitBadInput;
      if (replay.check) return replay_command(replay);
      return launch_viewer(view_args({"replay", replay.log}));
    });
  }
  if (view_cmd->parsed()) {
    return guarded("view", [&] {
      if (!view_broker.empty() || !view_store.empty() || !view_png.empty() || !view_quit.empty()) {
        // Live: only the live options and --size; kaiten-view refuses the others with a reason.
        std::vector<std::string> args{"view"};
        if (!view_scenario.empty()) args.push_back(view_scenario);
        for (const auto& [name, value] :
             {std::pair<const char*, const std::string&>{"--broker", view_broker},
              {"--store", view_store},
              {"--save-png", view_png},
              {"--quit-after", view_quit},
              {"--size", size},
              {"--snapshot", snapshot},
              {"--at", at}})
          if (!value.empty()) args.insert(args.end(), {name, value});
        if (view_cmd->count("--speed") > 0)
          args.insert(args.end(), {"--speed", fmt::format("{}", speed)});
        if (view_seed) args.insert(args.end(), {"--seed", std::to_string(*view_seed)});
        for (const std::string& set : view_sets) args.insert(args.end(), {"--set", set});
        return launch_viewer(args);
      }
      if (view_scenario.empty()) {
        fmt::print(stderr, "kaiten view: give a scenario file, or --broker URL\n");
        return kExitBadInput;
      }
      if (!check_inputs("view", {view_scenario}) || !parse_overrides("view", view_sets))
        return kExitBadInput;
      std::vector<std::string> args{"view", view_scenario};
      if (view_seed) args.insert(args.end(), {"--seed", std::to_string(*view_seed)});
      for (const std::string& set : view_sets) args.insert(args.end(), {"--set", set});
      return launch_viewer(view_args(args));
    });
  }
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  kaiten::app::restart_with_malloc_tunables(argv);
  // Nothing escapes: not even an exception from setting up the command line.
  return kaiten::app::run_guarded("kaiten", "", [&] { return run_cli(argc, argv); });
}
