#include <fmt/format.h>
#include <optional>

#include "commands.hpp"
#include "day_runner.hpp"
#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::app {
namespace {

// Compares a re-simulation, event by event, with what the log recorded.
class ReplayChecker final : public TruthSink {
 public:
  explicit ReplayChecker(const std::vector<TruthEvent>& recorded) : recorded_(recorded) {}
  void on_event(const TruthEvent& event) override {
    digest_.add(event);
    if (seen_ < recorded_.size() && !first_mismatch_ && !(recorded_[seen_] == event))
      first_mismatch_ = seen_;
    ++seen_;
  }
  std::size_t seen() const { return seen_; }
  std::optional<std::size_t> first_mismatch() const { return first_mismatch_; }
  std::uint64_t digest() const { return digest_.value(); }

 private:
  const std::vector<TruthEvent>& recorded_;
  std::size_t seen_ = 0;
  std::optional<std::size_t> first_mismatch_;
  TruthDigest digest_;
};

}  // namespace

int replay_command(const ReplayOptions& options) {
  RunLogContents log;
  try {
    log = read_run_log(options.log);
  } catch (const RunLogCorrupt& e) {
    // Damage in the middle of a log is not a log cut short: nothing after it can be trusted.
    fmt::print(stderr, "check FAILED: {}\n", e.what());
    return kExitFailed;
  } catch (const RunLogError& e) {
    fmt::print(stderr, "kaiten replay: {}\n", e.what());
    return kExitBadInput;
  }
  const std::string end = log.events.empty() ? "-" : format_clock(log.events.back().time);
  fmt::print("{}: run log v{} of \"{}\" (seed {}), {} events up to {}{}\n", options.log,
             log.header.version, log.header.scenario_name, log.header.seed, log.events.size(), end,
             log.truncated ? fmt::format(" [cut short: {}]", log.problem) : "");

  if (!log.header.overrides.empty()) {
    std::string sets;
    for (const std::string& t : log.header.overrides) sets += " --set " + t;
    fmt::print("  with the recorded overrides:{}\n", sets);
  }
  const LoadResult loaded = load_recorded_scenario(log.header.scenario_yaml,
                                                   options.log + ":scenario", log.header.overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;

  ReplayChecker checker(log.events);
  const DayResult day = run_store_day(*loaded.scenario, log.header.seed, &checker);
  if (checker.first_mismatch()) {
    const TruthEvent& e = log.events[*checker.first_mismatch()];
    fmt::print(stderr, "check FAILED: event {} (at {}) differs from the recording\n",
               *checker.first_mismatch(), format_clock(e.time));
    return kExitFailed;
  }
  if (checker.seen() < log.events.size()) {
    fmt::print(stderr, "check FAILED: the log records {} events, the re-simulation made {}\n",
               log.events.size(), checker.seen());
    return kExitFailed;
  }
  if (!log.totals) {
    fmt::print(
        "check ok, verified up to its last whole chunk: all {} recorded events reproduced; the "
        "log is cut short ({}), so the day's totals were not compared\n",
        log.events.size(), log.problem);
    return kExitOk;
  }
  const RunLogTotals replayed = totals_of(day, checker.digest());
  const std::vector<TotalsDifference> differences = totals_differences(*log.totals, replayed);
  if (!differences.empty()) {
    for (const TotalsDifference& d : differences)
      fmt::print(stderr, "check FAILED: total {} differs: recorded {}, replayed {}\n", d.field,
                 d.recorded, d.replayed);
    return kExitFailed;
  }
  fmt::print(
      "check ok: {} events, made {}, eaten {}, discarded {}, on belt at close {} reproduced\n",
      replayed.events, replayed.made, replayed.eaten, replayed.discarded,
      replayed.on_belt_at_close);
  return kExitOk;
}

}  // namespace kaiten::app
