#include "control_command.hpp"

#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "arguments.hpp"
#include "commands.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/controller/report.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/io/output_set.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/live/live_controller.hpp"
#include "kaiten/live/mqtt_link.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten::app {
namespace {

FeedLimits limits_of(const ScenarioDef& def) {
  FeedLimits limits;
  limits.lanes = static_cast<std::uint32_t>(def.belt.lanes.size());
  limits.items = static_cast<std::uint32_t>(def.menu.size());
  limits.tables = static_cast<std::uint32_t>(def.tables.size());
  for (const LaneDef& lane : def.belt.lanes)
    for (const BeltPoint& p : lane.points) limits.readers += p.kind == PointKind::reader ? 1 : 0;
  return limits;
}

std::string csv_text(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string feed_errors_csv(const std::vector<FeedError>& errors, bool stopped) {
  std::string out = "line,action,message\n";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const bool stop = stopped && i + 1 == errors.size();
    out += fmt::format("{},{},{}\n", errors[i].line, stop ? "stopped" : "skipped",
                       csv_text(errors[i].message));
  }
  return out;
}

void print_summary(const ControllerReport& r, std::int64_t messages) {
  const ControllerTotals& t = r.totals;
  fmt::print("{}: {} messages, {} plates made, {} sold (¥{}), {} discarded (waste {:.1f} %)\n",
             r.store.name, messages, t.made, t.sold, t.revenue_yen, t.discarded,
             100.0 * t.waste_rate);
  fmt::print(
      "plates: {} sold, {} discarded, {} on the belt at the end, {} lost after an unconfirmed "
      "inference, {} lost unseen\n",
      t.sold, t.discarded, t.on_belt_at_end, t.lost_inferred_unconfirmed, t.lost_unseen);
  fmt::print("commands: {} produce, {} expire, {} make-order\n", t.produce_cmds, t.expire_cmds,
             t.order_cmds);
  for (const HorizonAccuracy& a : r.accuracy) {
    if (a.points == 0) continue;
    fmt::print(
        "forecast {:>2} min: MAE {:.2f} plates (last window {:.2f}, seated rate {:.2f}), "
        "WAPE {:.1f} %\n",
        a.horizon_min, a.model.mae, a.last_window.mae, a.seated_rate.mae, 100.0 * a.model.wape);
  }
  if (!r.day_complete) fmt::print("the feed ends before closing time: sales are provisional\n");
}

// Replays earlier days' feeds, each through a controller that starts from the days before it.
// Throws FeedFormatError / IoError; a bad scenario in a history feed is a FeedFormatError.
ControllerHistory learn_history(const ControlOptions& options) {
  ControllerHistory history;
  for (const std::string& path : options.history) {
    const FeedContents feed = read_feed_file(path, options.skip_bad);
    for (const auto& e : feed.errors)
      fmt::print(stderr, "{} ({})\n", e.to_string(path),
                 feed.stopped ? "stopped: use --skip-bad to skip malformed lines" : "skipped");
    const LoadResult loaded =
        load_recorded_scenario(feed.header.scenario_yaml, path, feed.header.overrides);
    if (!loaded.scenario) {
      for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
      throw FeedFormatError(path + ": the header's scenario is not valid");
    }
    Controller day(*loaded.scenario, feed.header.seed);
    day.learn_from(history);
    std::vector<Command> ignored;
    for (const SensorMessage& m : feed.messages) {
      ignored.clear();
      day.on_message(m, ignored);
    }
    day.finish();
    history = day.history();
  }
  return history;
}

const std::vector<std::string>& control_files() {
  static const std::vector<std::string> files{
      "controller_summary.json", "timeline.csv", "decisions.csv",  "forecast_items.csv",
      "top_sellers.csv",         "sales.csv",    "feed_errors.csv"};
  return files;
}

// The folder is replaced as a whole (docs/outputs.md).
void write_outputs(const std::string& out_dir, const ControllerReport& report,
                   const std::string& errors_csv) {
  const std::pair<const char*, std::string> files[] = {
      {"controller_summary.json", controller_summary_json(report)},
      {"timeline.csv", timeline_csv(report)},
      {"forecast_items.csv", forecast_items_csv(report)},
      {"top_sellers.csv", top_sellers_csv(report)},
      {"decisions.csv", decisions_csv(report)},
      {"sales.csv", sales_csv(report)},
      {"feed_errors.csv", errors_csv}};
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(file.first);
  OutputSet out(out_dir, "control", names);
  for (const auto& [name, text] : files) out.write(name, text);
  out.commit();
}

// Set by SIGINT/SIGTERM: the one thing a signal handler may safely touch.
volatile std::sig_atomic_t stop_signal = 0;
extern "C" void on_stop_signal(int) {
  stop_signal = 1;
}

int control_live(const ControlOptions& options) {
  if (!check_live_target("control", options.broker, options.store)) return kExitBadInput;
  if (!check_inputs("control", options.history) ||
      !check_output("control", "--out", options.out_dir, options.history, control_files()) ||
      !check_output("control", "--checkpoint", options.checkpoint, options.history))
    return kExitBadInput;
  LiveControlOptions live;
  live.broker = options.broker;
  live.store = options.store;
  live.checkpoint = options.checkpoint;
  if (!options.history.empty()) live.history = learn_history(options);
  stop_signal = 0;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  live.stop_requested = [] { return stop_signal != 0; };
  const LiveControlResult result = run_live_controller(live);
  for (const FeedError& e : result.errors)
    fmt::print(stderr, "{} (skipped)\n", e.to_string(live_topics(options.store).sensors));
  if (!result.started) {
    fmt::print("live: stopped before the store's header arrived: nothing to report\n");
    return kExitOk;
  }
  if (!options.out_dir.empty())
    write_outputs(options.out_dir, result.report, feed_errors_csv(result.errors, false));
  print_summary(result.report, result.messages);
  fmt::print(
      "live: {} messages ({} replayed from the checkpoint), {} duplicates dropped, {} "
      "requests to send again, {} commands sent, {} connections{}\n",
      result.messages, result.replayed, result.duplicates, result.resend_requests, result.commands,
      result.connections, result.stopped ? "; stopped by a signal before closing" : "");
  return kExitOk;
}

}  // namespace

int control_command(const ControlOptions& options) {
  if (!options.broker.empty() || !options.feed.empty()) {
    if (options.broker.empty() == options.feed.empty()) {
      fmt::print(stderr, "kaiten control: give either a FEED file or --broker, not both\n");
      return kExitBadInput;
    }
  } else {
    fmt::print(stderr, "kaiten control: a FEED file or --broker is required\n");
    return kExitBadInput;
  }
  if (!options.checkpoint.empty() && options.broker.empty()) {
    fmt::print(stderr, "kaiten control: --checkpoint needs --broker\n");
    return kExitBadInput;
  }
  if (!options.broker.empty()) {
    try {
      return control_live(options);
    } catch (const OutputFolderRefused& e) {
      fmt::print(stderr, "kaiten control: --out {}\n", e.what());
      return kExitBadInput;
    } catch (const LiveInputError& e) {
      fmt::print(stderr, "kaiten control: {}\n", e.what());
      return kExitBadInput;
    } catch (const FeedFormatError& e) {
      fmt::print(stderr, "{}\n", e.what());
      return kExitBadInput;
    } catch (const LinkError& e) {
      fmt::print(stderr, "kaiten control: {}\n", e.what());
      return kExitFailed;
    } catch (const std::exception& e) {
      fmt::print(stderr, "kaiten control: {}\n", e.what());
      return kExitFailed;
    }
  }
  std::vector<std::string> inputs{options.feed};
  inputs.insert(inputs.end(), options.history.begin(), options.history.end());
  if (!check_inputs("control", inputs) ||
      !check_output("control", "--out", options.out_dir, inputs, control_files()))
    return kExitBadInput;
  std::ifstream in(options.feed, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "kaiten control: cannot open {}\n", options.feed);
    return kExitBadInput;
  }
  try {
    FeedReader reader(in, options.feed, options.skip_bad);
    const LoadResult loaded =
        load_recorded_scenario(reader.header().scenario_yaml, options.feed + " (scenario_yaml)",
                               reader.header().overrides);
    for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
    if (!loaded.scenario) return kExitBadInput;
    const ScenarioDef& def = *loaded.scenario;
    reader.set_limits(limits_of(def));

    Controller controller(def, reader.header().seed);
    if (!options.history.empty()) controller.learn_from(learn_history(options));
    SensorMessage message;
    std::vector<Command> commands;
    std::size_t reported = 0;
    while (reader.next(message)) {
      commands.clear();
      controller.on_message(message, commands);
      for (; reported < reader.errors().size(); ++reported)
        fmt::print(stderr, "{} (skipped)\n", reader.errors()[reported].to_string(reader.source()));
    }
    for (; reported < reader.errors().size(); ++reported)
      fmt::print(
          stderr, "{}{}\n", reader.errors()[reported].to_string(reader.source()),
          reader.stopped() ? " (stopped: use --skip-bad to skip malformed lines)" : " (skipped)");
    // Everything computed up to here is reported, even when a bad line stopped the reading.
    const ControllerReport report = controller.report();
    if (!options.out_dir.empty())
      write_outputs(options.out_dir, report, feed_errors_csv(reader.errors(), reader.stopped()));
    print_summary(report, reader.messages());
    return reader.stopped() ? kExitBadInput : kExitOk;
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten control: --out {}\n", e.what());
    return kExitBadInput;
  } catch (const FeedFormatError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten control: {}\n", e.what());
    return kExitFailed;
  }
}

}  // namespace kaiten::app
