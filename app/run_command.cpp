#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>

#include "arguments.hpp"
#include "commands.hpp"
#include "day_runner.hpp"
#include "kaiten/controller/report.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/io/input_file.hpp"
#include "kaiten/io/output_set.hpp"
#include "kaiten/io/report.hpp"
#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/live/live_store.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/population.hpp"

namespace kaiten::app {
namespace {

// One day's satisfaction, every party scored as a first visit (docs/loyalty.md).
void print_satisfaction(const PopulationDef& def, const DayResult& day) {
  const DaySatisfaction s = day_satisfaction(def, day);
  const PopulationDay& c = s.counts;
  fmt::print(
      "satisfaction (first visits, docs/loyalty.md): mean rating {:.2f}; {} promoters, {} "
      "passives, {} detractors ({} walked away): NPS proxy {:.1f}\n  parties by rating",
      c.mean_rating, c.promoters, c.passives, c.detractors, c.walkaways, c.nps());
  for (std::size_t r = 0; r < s.histogram.size(); ++r) fmt::print(" {}:{}", r, s.histogram[r]);
  fmt::print("\n");
}

// The files of `kaiten run --out DIR`.
std::vector<std::string> run_files() {
  return {"summary.json", "items.csv",       "hours.csv", "plates.csv",
          "parties.csv",  "orders.csv",      "lanes.csv", "controller_summary.json",
          "timeline.csv", "top_sellers.csv", "run.log"};
}

// A feed written into the output folder is one of the folder's files: its name there, if so.
// Throws OutputFolderRefused for a feed deeper inside the folder or named like another output.
std::optional<std::string> feed_inside(const std::filesystem::path& feed,
                                       const std::filesystem::path& out_dir) {
  if (feed.empty()) return std::nullopt;
  namespace fs = std::filesystem;
  const fs::path dir = fs::weakly_canonical(fs::absolute(out_dir));
  const fs::path file = fs::weakly_canonical(fs::absolute(feed));
  if (file.parent_path() == dir) {
    const std::string name = file.filename().string();
    for (const std::string& taken : run_files())
      if (name == taken || name == kManifestName)
        throw OutputFolderRefused(out_dir.string() + ": --feed-out " + feed.string() +
                                  " would overwrite the run's " + name);
    if (name.ends_with(".tmp"))
      throw OutputFolderRefused(out_dir.string() + ": --feed-out " + feed.string() +
                                ": a name ending in .tmp is kept for unfinished files");
    return name;
  }
  const auto [end, _] = std::mismatch(dir.begin(), dir.end(), file.begin(), file.end());
  if (end == dir.end())
    throw OutputFolderRefused(out_dir.string() + ": --feed-out " + feed.string() +
                              " lies in a subfolder of the output folder, which is replaced as "
                              "a whole; put the feed directly in it or elsewhere");
  return std::nullopt;
}

// Opens `out` on --out (the files `names`, and the feed when it lies directly in the folder) and
// returns where the feed goes: staged in the set, or --feed-out itself. Throws
// OutputFolderRefused.
std::filesystem::path open_run_outputs(const RunOptions& options, std::vector<std::string> names,
                                       std::optional<OutputSet>& out) {
  if (options.out_dir.empty()) return options.feed_out;
  const auto feed_in_out = feed_inside(options.feed_out, options.out_dir);
  if (feed_in_out) names.push_back(*feed_in_out);
  out.emplace(options.out_dir, "run", names);
  return feed_in_out ? out->staged_path(*feed_in_out) : std::filesystem::path(options.feed_out);
}

// The files of `kaiten run --broker --out DIR`: the store's side only (the controller is
// elsewhere), and no run log, whose replay could not bring back the broker's timing.
std::vector<std::string> live_run_files() {
  return {"summary.json", "items.csv",  "hours.csv", "plates.csv",
          "parties.csv",  "orders.csv", "lanes.csv", "live.json"};
}

std::string live_json(const LiveStoreOptions& options, const LiveStoreStats& s,
                      const DayResult& day) {
  return fmt::format(
      "{{\n  \"store\": \"{}\",\n  \"speed\": {},\n  \"published\": {},\n  \"resent\": {},\n"
      "  \"resend_requests\": {},\n  \"commands\": {},\n  \"command_duplicates\": {},\n"
      "  \"commands_malformed\": {},\n  \"commands_after_close\": {},\n"
      "  \"late_expiries\": {},\n  \"max_command_delay_ms\": {},\n"
      "  \"mean_command_delay_ms\": {:.1f},\n  \"connections\": {},\n"
      "  \"controller_done\": {},\n  \"freshness_violations\": {},\n"
      "  \"command_latency_ms\": {},\n  \"reorder_burst\": {}\n}}\n",
      options.store, options.speed, s.published, s.resent, s.resend_requests, s.commands,
      s.command_duplicates, s.commands_malformed, s.commands_after_close, s.late_expiries,
      s.max_command_delay_ms, s.mean_command_delay_ms, s.connections, s.controller_done,
      day.freshness_violations, options.command_latency.count(), options.reorder_burst);
}

// `kaiten run --broker URL --realtime`: the simulation as a live store (docs/live.md).
int run_live(const RunOptions& options, const ScenarioDef& def, const RunInfo& info,
             const std::string& yaml) {
  if (!check_live_target("run", options.broker, options.store)) return kExitBadInput;
  std::optional<OutputSet> out;
  const std::filesystem::path feed_path = open_run_outputs(options, live_run_files(), out);
  const FeedHeader header{kFeedVersion, def.name, info.seed, yaml, info.overrides};
  LiveStoreOptions live;
  live.broker = options.broker;
  live.store = options.store;
  live.speed = options.speed;
  live.command_latency = std::chrono::milliseconds(options.command_latency_ms);
  live.reorder_burst = options.reorder_burst;
  LiveStore store(live, header);
  store.start();
  std::optional<FeedRecorder> feed;
  if (!options.feed_out.empty()) feed.emplace(feed_path, header, &store);
  ControllerPort* port = feed ? static_cast<ControllerPort*>(&*feed) : &store;
  const DayResult day = simulate_day(def, info.seed, nullptr, port);
  store.close();
  if (feed) feed->commit();
  const LiveStoreStats& stats = store.stats();
  if (out) {
    out->write("summary.json", summary_json(def, info, day));
    out->write("items.csv", items_csv(def, day));
    out->write("hours.csv", hours_csv(def, day));
    out->write("plates.csv", plates_csv(def, day));
    out->write("parties.csv", parties_csv(day));
    out->write("orders.csv", orders_csv(def, day));
    out->write("lanes.csv", lanes_csv(def, day));
    out->write("live.json", live_json(live, stats, day));
    out->commit();
  }
  if (!options.quiet) {
    fmt::print("{}", human_summary(def, info, day));
    fmt::print(
        "live: {} messages published, {} sent again; {} commands ({} duplicates dropped, {} "
        "after closing), delay mean {:.0f} ms max {} ms simulated, {} expiry commands late; "
        "{} connections; controller {}\n",
        stats.published, stats.resent, stats.commands, stats.command_duplicates,
        stats.commands_after_close, stats.mean_command_delay_ms, stats.max_command_delay_ms,
        stats.late_expiries, stats.connections,
        stats.controller_done ? "done" : "did not confirm the end of the day");
  }
  if (!plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close)) {
    fmt::print(stderr, "internal error: plates not conserved\n");
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

int run_command(const RunOptions& options) {
  const std::vector<std::string> inputs{options.scenario};
  if (!check_inputs("run", inputs) ||
      !check_output("run", "--out", options.out_dir, inputs, run_files()) ||
      !check_output("run", "--feed-out", options.feed_out, inputs))
    return kExitBadInput;
  const auto overrides = parse_overrides("run", options.sets);
  if (!overrides) return kExitBadInput;
  // Read the text once: the loader validates it and the run log embeds these exact bytes.
  const std::string yaml = read_input_file(options.scenario);
  const LoadResult loaded = load_scenario_text(yaml, options.scenario, *overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  const ScenarioDef& def = *loaded.scenario;
  const RunInfo info{def.name, options.seed.value_or(def.seed), override_texts(*overrides)};

  if (options.broker.empty() != !options.realtime) {
    fmt::print(stderr, "kaiten run: --broker and --realtime go together (docs/live.md)\n");
    return kExitBadInput;
  }
  if (!options.broker.empty()) {
    try {
      return run_live(options, def, info, yaml);
    } catch (const OutputFolderRefused& e) {
      fmt::print(stderr, "kaiten run: --out {}\n", e.what());
      return kExitBadInput;
    } catch (const std::exception& e) {
      fmt::print(stderr, "kaiten run: {}\n", e.what());
      return kExitFailed;
    }
  }

  try {
    // The output folder is replaced as a whole (docs/outputs.md); checked before the day runs.
    std::optional<OutputSet> out;
    const std::filesystem::path feed_path = open_run_outputs(options, run_files(), out);
    Controller controller(def, info.seed);
    // The feed is written (staged) as the day runs, then renamed with the other outputs.
    std::optional<FeedRecorder> feed;
    if (!options.feed_out.empty())
      feed.emplace(feed_path, FeedHeader{kFeedVersion, def.name, info.seed, yaml, info.overrides},
                   &controller);
    ControllerPort* port = feed ? &*feed : nullptr;
    DayResult day;
    if (!out) {
      day = run_store_day(def, info.seed, nullptr, controller, port);
      if (feed) feed->commit();
    } else {
      RunLogWriter log(out->staged_path("run.log"), {kRunLogVersion, info.seed, def.name,
                                                     options.scenario, yaml, info.overrides});
      day = run_store_day(def, info.seed, &log, controller, port);
      log.finish(totals_of(day, log.digest()));
      log.commit();
      if (feed) feed->commit();
      const ControllerReport report = controller.report();
      out->write("summary.json", summary_json(def, info, day));
      out->write("items.csv", items_csv(def, day));
      out->write("hours.csv", hours_csv(def, day));
      out->write("plates.csv", plates_csv(def, day));
      out->write("parties.csv", parties_csv(day));
      out->write("orders.csv", orders_csv(def, day));
      out->write("lanes.csv", lanes_csv(def, day));
      out->write("controller_summary.json", controller_summary_json(report));
      out->write("timeline.csv", timeline_csv(report));
      out->write("top_sellers.csv", top_sellers_csv(report));
      out->commit();
    }
    if (!options.quiet) fmt::print("{}", human_summary(def, info, day));
    if (!options.quiet && def.population.enabled) print_satisfaction(def.population, day);
    if (!plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close)) {
      fmt::print(stderr, "internal error: plates not conserved\n");
      return kExitFailed;
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten run: --out {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten run: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
