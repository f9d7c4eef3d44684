#include "fuzz_support.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>

#include "kaiten/controller/controller.hpp"

namespace kaiten::fuzz {
namespace {

// Thrown by the counters below to stop a simulation that went past the cap; simulate_day lets a
// sink's exception through ("implementations must not throw through it except to abort the run").
struct WorkCapReached {};

class EventBudget {
 public:
  void spend() {
    if (++spent_ > kMaxSimulatedEvents) throw WorkCapReached{};
  }

 private:
  std::int64_t spent_ = 0;
};

class CountingSink final : public TruthSink {
 public:
  explicit CountingSink(EventBudget& budget) : budget_(budget) {}
  void on_event(const TruthEvent&) override { budget_.spend(); }

 private:
  EventBudget& budget_;
};

// Sits between the simulation and the controller, as FeedRecorder does in `kaiten run`.
class CountingPort final : public ControllerPort {
 public:
  CountingPort(EventBudget& budget, Controller& controller)
      : budget_(budget), controller_(controller) {}
  void on_message(const SensorMessage& message, std::vector<Command>& commands) override {
    budget_.spend();
    controller_.on_message(message, commands);
  }

 private:
  EventBudget& budget_;
  Controller& controller_;
};

std::vector<std::filesystem::path>& scratch_files() {
  static std::vector<std::filesystem::path> files;
  return files;
}

void remove_scratch_files() {
  std::error_code ignored;
  for (const auto& path : scratch_files()) std::filesystem::remove(path, ignored);
}

double day_hours(const ScenarioDef& def) {
  return static_cast<double>(def.close - def.open) / static_cast<double>(kMsPerHour);
}

// Parties expected over the day: the hourly rates over the opening hours, with the day's
// multipliers.
double expected_parties(const ScenarioDef& def) {
  const CustomersDef& c = def.customers;
  if (c.model != CustomerModel::parties) return 0.0;
  double multiplier = 1.0;
  const auto day = static_cast<std::size_t>(c.day);
  if (day < c.weekday_multiplier.size()) multiplier = c.weekday_multiplier[day];
  if (c.holiday) multiplier *= c.holiday_multiplier;
  double parties = 0.0;
  for (std::size_t h = 0; h < c.hourly_parties.size(); ++h) {
    const SimTime from = static_cast<SimTime>(h) * kMsPerHour;
    const SimTime overlap = std::min(def.close, from + kMsPerHour) - std::max(def.open, from);
    if (overlap > 0) parties += c.hourly_parties[h] * static_cast<double>(overlap) / kMsPerHour;
  }
  return parties * multiplier;
}

// The most plates a minute the kitchen can make at any time of the day: its largest shift of cooks,
// each making the quickest item.
double kitchen_top_rate_per_min(const KitchenDef& kitchen, const std::vector<MenuItem>& menu) {
  std::int32_t cooks = kitchen.cooks;
  for (const StaffShift& shift : kitchen.staff) cooks = std::max(cooks, shift.cooks);
  SimTime quickest = kitchen.prep_ms;
  for (const MenuItem& item : menu) quickest = std::min(quickest, prep_time(kitchen, item));
  return static_cast<double>(cooks) * static_cast<double>(kMsPerMinute) /
         static_cast<double>(std::max<SimTime>(1, quickest));
}

// Plates passing points of interest (readers, tables, gates): plates the kitchen can make times,
// per plate, the laps it can ride (the whole day's belt travel at most) times the lane's points.
double expected_plate_passes(const ScenarioDef& def) {
  const double minutes = day_hours(def) * 60.0;
  const double rate = std::max(kitchen_top_rate_per_min(def.kitchen, def.menu),
                               def.controller.fixed_rate_plates_per_min.value_or(0));
  // Panel orders come on top of the kitchen's rate: count generously, ten a party.
  const double plates = rate * minutes + 10.0 * expected_parties(def);
  double top_speed = def.belt.speed_mm_s;
  for (const SpeedChange& s : def.belt.speed_schedule)
    top_speed = std::max(top_speed, static_cast<double>(s.speed_mm_s));
  const double day_travel_mm = top_speed * minutes * 60.0;
  double worst_lane = 0.0;
  for (const LaneDef& lane : def.belt.lanes) {
    double points = static_cast<double>(lane.points.size());
    for (const TableDef& t : def.tables) points += t.lane == lane.id ? 1.0 : 0.0;
    const double laps =
        day_travel_mm / static_cast<double>(std::max<std::int64_t>(1, lane.length_mm)) + 1.0;
    worst_lane = std::max(worst_lane, laps * points);
  }
  return plates * worst_lane;
}

}  // namespace

void invariant_failed(const char* condition, const char* file, int line,
                      const std::string& detail) {
  std::fprintf(stderr, "invariant failed: %s\n  at %s:%d\n  %s\n", condition, file, line,
               detail.c_str());
  std::abort();
}

std::filesystem::path scratch_path(std::string_view name) {
  // A memory file system when there is one: writing and syncing a file on disk for every input
  // makes a harness some 15 times slower.
  const char* dir = std::getenv("KAITEN_FUZZ_SCRATCH");
  if (dir == nullptr || *dir == '\0')
    dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  std::filesystem::path path =
      std::filesystem::path(dir) / fmt::format("kaiten-fuzz-{}-{}", ::getpid(), name);
  auto& files = scratch_files();
  if (std::find(files.begin(), files.end(), path) == files.end()) {
    if (files.empty()) std::atexit(remove_scratch_files);
    files.push_back(path);
  }
  return path;
}

std::filesystem::path write_scratch(std::string_view name, std::string_view bytes) {
  std::filesystem::path path = scratch_path(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) invariant_failed("scratch file written", __FILE__, __LINE__, path.string());
  return path;
}

std::string too_big_to_simulate(const ScenarioDef& def) {
  const double hours = day_hours(def);
  const double lane_hours = hours * static_cast<double>(def.belt.lanes.size());
  if (lane_hours > kMaxLaneHours) return fmt::format("{:.1f} lane-hours", lane_hours);
  const double ticks = hours * 3600.0 / std::max(1, def.controller.tick_s);
  if (ticks > kMaxTicks) return fmt::format("{:.0f} controller ticks", ticks);
  const double parties = expected_parties(def);
  if (parties > kMaxExpectedParties) return fmt::format("{:.0f} parties expected", parties);
  const double passes = expected_plate_passes(def);
  if (passes > kMaxPlatePasses) return fmt::format("{:.0f} plate passes at most", passes);
  return {};
}

CappedDay simulate_capped(const ScenarioDef& def, std::uint64_t seed) {
  EventBudget budget;
  CountingSink sink(budget);
  Controller controller(def, seed);
  CountingPort port(budget, controller);
  CappedDay out;
  try {
    out.day = simulate_day(def, seed, &sink, &port);
  } catch (const WorkCapReached&) {
    out.controller_gap = controller.conservation_gap();
    return out;
  }
  controller.finish();
  out.finished = true;
  out.controller_gap = controller.conservation_gap();
  return out;
}

}  // namespace kaiten::fuzz
