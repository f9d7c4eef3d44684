// The scenario's expected demand by clock hour: what a manager's experience would tell them.
#include <algorithm>

#include "kaiten/core/scenario.hpp"

namespace kaiten {
namespace {

double mean_plates(const AppetiteDef& a) {
  return a.mean_plates;
}

// Expected plates a party of `size` eats: the first two members are adults, each further one a
// child with probability child_share.
double plates_per_party(const CustomersDef& c, int size) {
  const double adult = c.men_share_of_adults * mean_plates(c.men) +
                       (1.0 - c.men_share_of_adults) * mean_plates(c.women);
  const double later = c.child_share * mean_plates(c.children) + (1.0 - c.child_share) * adult;
  return std::min(size, 2) * adult + std::max(0, size - 2) * later;
}

// Share of a meal of T minutes eaten by t minutes after seating: 2t/T - (t/T)^2, capped at 1.
double eaten_by(double t, double meal) {
  if (t <= 0) return 0.0;
  if (t >= meal) return 1.0;
  const double x = t / meal;
  return 2 * x - x * x;
}

}  // namespace

std::vector<double> expected_plates_by_hour(const ScenarioDef& def) {
  std::vector<double> plates(48, 0.0);
  const CustomersDef& c = def.customers;
  if (c.model != CustomerModel::parties) return plates;
  double weight = 0.0, per_party = 0.0;
  for (std::size_t k = 0; k < c.party_size_weights.size(); ++k) {
    weight += c.party_size_weights[k];
    per_party += c.party_size_weights[k] * plates_per_party(c, static_cast<int>(k) + 1);
  }
  if (weight <= 0) return plates;
  per_party /= weight;
  double scale = c.weekday_multiplier[static_cast<std::size_t>(c.day)];
  if (c.holiday) scale *= c.holiday_multiplier;
  // Arrivals minute by minute, each spreading its plates over the following hours.
  const SimTime entry_end = def.close - c.last_entry_min * kMsPerMinute;
  const double meal = c.meal_min_mean;
  for (SimTime a = def.open; a < entry_end; a += kMsPerMinute) {
    const auto hour = static_cast<std::size_t>(a / kMsPerHour);
    if (hour >= c.hourly_parties.size()) break;
    const double minute_share =
        static_cast<double>(std::min(kMsPerMinute, entry_end - a)) / kMsPerHour;
    const double parties = c.hourly_parties[hour] * scale * minute_share;
    if (parties <= 0) continue;
    // Seated at the middle of the minute.
    const double seated_min = (static_cast<double>(a) + kMsPerMinute / 2.0) / kMsPerMinute;
    for (std::size_t h = hour; h < plates.size(); ++h) {
      const double from = static_cast<double>(h) * 60.0 - seated_min;
      const double to = from + 60.0;
      if (from >= meal) break;
      const SimTime hour_start = static_cast<SimTime>(h) * kMsPerHour;
      if (hour_start >= def.close) break;
      plates[h] += parties * per_party * (eaten_by(to, meal) - eaten_by(from, meal));
    }
  }
  return plates;
}

std::vector<double> manager_plan(const ScenarioDef& def) {
  if (!def.controller.manager_plan.empty()) return def.controller.manager_plan;
  std::vector<double> plan(48, 0.0);
  if (def.customers.model != CustomerModel::parties) {
    // The stand-in customers have no demand to plan from: the kitchen's capacity, as it opens.
    for (std::size_t h = 0; h < plan.size(); ++h) {
      const SimTime from = static_cast<SimTime>(h) * kMsPerHour;
      if (from + kMsPerHour > def.open && from < def.close)
        plan[h] = kitchen_capacity_per_min(def, std::max(from, def.open));
    }
    return plan;
  }
  plan = expected_plates_by_hour(def);
  for (double& x : plan) x = x / 60.0 * (1.0 + def.controller.manager_margin);
  return plan;
}

}  // namespace kaiten
