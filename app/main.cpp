// kaiten: simulate and control a smart conveyor-belt sushi restaurant.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace kaiten::app;
  CLI::App cli{
      "kaiten: simulator and controller for smart conveyor-belt sushi restaurants.\n"
      "Scenario files are YAML (see docs/scenario.md)."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "kaiten 0.1.0");

  RunOptions run;
  CLI::App* run_cmd = cli.add_subcommand("run", "Simulate one restaurant day headless and report.");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("--seed", run.seed, "Random seed (default: the scenario's `seed`)");
  run_cmd->add_option("--out", run.out_dir,
                      "Write summary.json, items.csv, hours.csv, plates.csv and run.log here "
                      "(created if missing; files are replaced atomically)");
  run_cmd->add_flag("--quiet", run.quiet, "Print nothing on success");

  std::string validate_path;
  CLI::App* validate_cmd =
      cli.add_subcommand("validate", "Check a scenario file and report every problem found.");
  validate_cmd->add_option("scenario", validate_path, "Scenario YAML file")->required();

  ReplayOptions replay;
  CLI::App* replay_cmd = cli.add_subcommand(
      "replay", "Read a run log; with --check, re-simulate it and confirm it reproduces exactly.");
  replay_cmd->add_option("log", replay.log, "Run log written by `kaiten run --out DIR`")
      ->required();
  replay_cmd->add_flag("--check", replay.check,
                       "Re-simulate from the log's scenario and seed; compare every event and "
                       "the recorded totals");

  CLI11_PARSE(cli, argc, argv);
  if (run_cmd->parsed()) return run_command(run);
  if (validate_cmd->parsed()) return validate_command(validate_path);
  if (replay_cmd->parsed()) return replay_command(replay);
  return kExitBadInput;
}
