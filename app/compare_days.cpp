#include "compare_days.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "kaiten/headoffice/history.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day_measures.hpp"
#include "store_days.hpp"

namespace kaiten::app {
namespace {

using namespace kaiten::headoffice;

/// Counts and money add up over the days; rates, times and distances do not, so those are the
/// mean of the days' values (plates_per_person is a ratio despite its unit).
bool is_total(const DayMeasure& m) {
  constexpr std::string_view kCounted[] = {"plates", "yen",   "people", "parties",
                                           "wishes", "reads", "events", "orders"};
  return m.name != "plates_per_person" &&
         std::find(std::begin(kCounted), std::end(kCounted), m.unit) != std::end(kCounted);
}

struct PopulationMeasure {
  std::string_view name, unit, definition;
  bool higher_is_better;
  double (*value)(const Population& pop);
};

double sum_of(const Population& pop, std::int64_t (*field)(const PopulationDay&)) {
  std::int64_t sum = 0;
  for (const PopulationDay& d : pop.days()) sum += field(d);
  return static_cast<double>(sum);
}

const PopulationMeasure kPopulationMeasures[] = {
    {"clv_per_member_yen", "yen",
     "customer lifetime value per starting member: their visits' margin (spend - cost of goods "
     "eaten - coupons) discounted to the first day, over the N days",
     true, [](const Population& p) { return p.clv_per_starting_member(); }},
    {"visits", "visits", "visits by members and new customers over the N days (walkaways included)",
     true,
     [](const Population& p) {
       return sum_of(p, [](const PopulationDay& d) {
         return static_cast<std::int64_t>(d.visits_new + d.visits_returning);
       });
     }},
    {"visits_returning", "visits", "visits by members who had been before (walkaways included)",
     true,
     [](const Population& p) {
       return sum_of(
           p, [](const PopulationDay& d) { return static_cast<std::int64_t>(d.visits_returning); });
     }},
    {"nps_proxy", "points",
     "promoters - detractors in per cent of the rated visits of the N days (docs/loyalty.md)", true,
     [](const Population& p) {
       const double promoters =
           sum_of(p, [](const PopulationDay& d) { return static_cast<std::int64_t>(d.promoters); });
       const double detractors = sum_of(
           p, [](const PopulationDay& d) { return static_cast<std::int64_t>(d.detractors); });
       const double rated = promoters + detractors + sum_of(p, [](const PopulationDay& d) {
                              return static_cast<std::int64_t>(d.passives);
                            });
       return rated > 0 ? 100.0 * (promoters - detractors) / rated : 0.0;
     }},
    {"churned_members", "members",
     "members whose visit rate fell below the churn floor during the N days", false,
     [](const Population& p) {
       return sum_of(p,
                     [](const PopulationDay& d) { return static_cast<std::int64_t>(d.churned); });
     }},
    {"retention", "%", "starting members neither churned nor lapsed after the last day", true,
     [](const Population& p) {
       return p.days().empty() ? 100.0 : 100.0 * p.days().back().retention;
     }},
    {"member_margin_yen", "yen",
     "the visits' margin (spend - cost of goods eaten - coupons), undiscounted, over the N days",
     true,
     [](const Population& p) {
       return sum_of(p, [](const PopulationDay& d) { return d.margin_yen; });
     }},
    {"recovery_cost_yen", "yen", "service-recovery coupons over the N days", false,
     [](const Population& p) {
       return sum_of(p, [](const PopulationDay& d) { return d.recovery_cost_yen; });
     }},
};

}  // namespace

std::vector<whatif::ComparedMeasure> days_measures(bool population) {
  std::vector<whatif::ComparedMeasure> out;
  if (population)
    for (const PopulationMeasure& m : kPopulationMeasures)
      out.push_back({std::string(m.name), std::string(m.unit), std::string(m.definition),
                     m.higher_is_better});
  for (const DayMeasure& m : day_measures())
    out.push_back({std::string(m.name), std::string(m.unit),
                   fmt::format("{}; {}", m.definition,
                               is_total(m) ? "total of the N days" : "mean of the N days' values"),
                   m.higher_is_better});
  return out;
}

whatif::RunValues run_days(const ScenarioDef& def, std::uint64_t seed, Date start, int days) {
  // The run's own days, for the forecast stock policy, as a batch would read them back.
  HistoryStore history(":memory:");
  const std::string store = "compare";
  history.ensure_store(store, StoreSource::sim, "", seed);
  history.put_catalogue(store, catalogue_of(def));
  history.put_holidays(store, holidays_of(def));
  StoreDays store_days(store, def, seed, def.stock.policy, start);
  const std::vector<DayMeasure>& measures = day_measures();
  std::vector<double> sums(measures.size(), 0.0);
  for (int k = 0; k < days; ++k) {
    DayResult day;
    history.write_day(store_days.simulate(start + k, history, &day));
    const CustomerExperience cx = customer_experience(day);
    for (std::size_t m = 0; m < measures.size(); ++m) sums[m] += measures[m].value(day, cx);
  }
  whatif::RunValues out;
  if (const Population* pop = store_days.population())
    for (const PopulationMeasure& m : kPopulationMeasures) out.push_back(m.value(*pop));
  for (std::size_t m = 0; m < measures.size(); ++m)
    out.push_back(is_total(measures[m]) ? sums[m] : sums[m] / days);
  return out;
}

}  // namespace kaiten::app
