#include <fmt/format.h>
#include <filesystem>
#include <memory>
#include <optional>

#include "arguments.hpp"
#include "commands.hpp"
#include "day_runner.hpp"
#include "kaiten/controller/report.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/atomic_file.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/io/input_file.hpp"
#include "kaiten/io/report.hpp"
#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::app {

int run_command(const RunOptions& options) {
  const std::vector<std::string> inputs{options.scenario};
  if (!check_inputs("run", inputs) ||
      !check_output("run", "--out", options.out_dir, inputs,
                    {"summary.json", "items.csv", "hours.csv", "plates.csv", "parties.csv",
                     "controller_summary.json", "timeline.csv", "top_sellers.csv", "run.log"}) ||
      !check_output("run", "--feed-out", options.feed_out, inputs))
    return kExitBadInput;
  // Read the text once: the loader validates it and the run log embeds these exact bytes.
  const std::string yaml = read_input_file(options.scenario);
  const LoadResult loaded = load_scenario_text(yaml, options.scenario);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  const ScenarioDef& def = *loaded.scenario;
  const RunInfo info{def.name, options.seed.value_or(def.seed)};

  try {
    Controller controller(def, info.seed);
    // The feed is written (staged as *.tmp) as the day runs, then renamed with the other outputs.
    std::optional<FeedRecorder> feed;
    if (!options.feed_out.empty())
      feed.emplace(options.feed_out, FeedHeader{kFeedVersion, def.name, info.seed, yaml},
                   &controller);
    ControllerPort* port = feed ? &*feed : nullptr;
    DayResult day;
    if (options.out_dir.empty()) {
      day = run_store_day(def, info.seed, nullptr, controller, port);
      if (feed) feed->commit();
    } else {
      const std::filesystem::path dir(options.out_dir);
      std::filesystem::create_directories(dir);
      // Every file is staged as *.tmp and renamed only once all are complete.
      RunLogWriter log(dir / "run.log",
                       {kRunLogVersion, info.seed, def.name, options.scenario, yaml});
      day = run_store_day(def, info.seed, &log, controller, port);
      log.finish(totals_of(day, log.digest()));
      const ControllerReport report = controller.report();
      std::vector<std::pair<std::string, std::string>> files = {
          {"summary.json", summary_json(def, info, day)},
          {"items.csv", items_csv(def, day)},
          {"hours.csv", hours_csv(def, day)},
          {"plates.csv", plates_csv(def, day)},
          {"parties.csv", parties_csv(day)},
          {"lanes.csv", lanes_csv(def, day)},
          {"controller_summary.json", controller_summary_json(report)},
          {"timeline.csv", timeline_csv(report)},
          {"top_sellers.csv", top_sellers_csv(report)},
      };
      std::vector<std::unique_ptr<AtomicWriter>> staged;
      for (const auto& [name, text] : files) {
        staged.push_back(std::make_unique<AtomicWriter>(dir / name));
        staged.back()->write(text);
      }
      log.commit();
      if (feed) feed->commit();
      for (auto& w : staged) w->commit();
    }
    if (!options.quiet) fmt::print("{}", human_summary(def, info, day));
    if (!plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close)) {
      fmt::print(stderr, "internal error: plates not conserved\n");
      return kExitFailed;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten run: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
