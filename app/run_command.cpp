#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "commands.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/atomic_file.hpp"
#include "kaiten/io/report.hpp"
#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::app {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int run_command(const RunOptions& options) {
  // Read the text once: the loader validates it and the run log embeds these exact bytes.
  const std::string yaml = read_text(options.scenario);
  const LoadResult loaded = std::filesystem::is_regular_file(options.scenario)
                                ? load_scenario_text(yaml, options.scenario)
                                : load_scenario_file(options.scenario);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  const ScenarioDef& def = *loaded.scenario;
  const RunInfo info{def.name, options.seed.value_or(def.seed)};

  try {
    DayResult day;
    if (options.out_dir.empty()) {
      day = simulate_day(def, info.seed, nullptr);
    } else {
      const std::filesystem::path dir(options.out_dir);
      std::filesystem::create_directories(dir);
      // Every file is staged as *.tmp and renamed only once all are complete.
      RunLogWriter log(dir / "run.log",
                       {kRunLogVersion, info.seed, def.name, options.scenario, yaml});
      day = simulate_day(def, info.seed, &log);
      log.finish(totals_of(day, log.digest()));
      AtomicWriter summary(dir / "summary.json");
      summary.write(summary_json(def, info, day));
      AtomicWriter items(dir / "items.csv");
      items.write(items_csv(def, day));
      AtomicWriter hours(dir / "hours.csv");
      hours.write(hours_csv(def, day));
      AtomicWriter plates(dir / "plates.csv");
      plates.write(plates_csv(def, day));
      AtomicWriter parties(dir / "parties.csv");
      parties.write(parties_csv(day));
      log.commit();
      summary.commit();
      items.commit();
      hours.commit();
      plates.commit();
      parties.commit();
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
