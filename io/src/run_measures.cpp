#include "kaiten/io/run_measures.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "kaiten/core/measures.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day_measures.hpp"

namespace kaiten {
namespace {

/// What each lane and each item reports, in CSV order.
struct PartMeasure {
  std::string_view name;
  std::string_view unit;
  std::string_view definition;
  bool higher_is_better;
};

constexpr PartMeasure kLaneMeasures[] = {
    {"parties_seated", "parties", "parties seated at the lane's tables", true},
    {"plates_made", "plates", "plates made for the lane", false},
    {"plates_eaten", "plates", "plates eaten from the lane", true},
    {"waste_rate", "%", "plates thrown away / plates made, on the lane", false},
    {"revenue_yen", "yen", "price of the plates eaten from the lane", true},
    {"gross_margin_yen", "yen", "revenue minus the cost of goods made, on the lane", true},
};

constexpr PartMeasure kItemMeasures[] = {
    {"eaten", "plates", "plates of the item eaten", true},
    {"made", "plates", "plates of the item made", false},
    {"waste_rate", "%", "plates of the item thrown away / made", false},
};

double thrown_away_percent(std::int64_t made, std::int64_t thrown) {
  return 100.0 * waste_rate(made, thrown);
}

std::vector<double> lane_values(const LaneTotals& t) {
  return {static_cast<double>(t.parties_seated),
          static_cast<double>(t.made),
          static_cast<double>(t.eaten),
          thrown_away_percent(t.made, t.discarded + t.on_belt_at_close),
          static_cast<double>(t.money.revenue_yen),
          static_cast<double>(t.money.gross_margin_yen())};
}

std::vector<double> item_values(const ItemTotals& t) {
  return {static_cast<double>(t.eaten), static_cast<double>(t.made),
          thrown_away_percent(t.made, t.discarded + t.on_belt_at_close)};
}

template <std::size_t N>
std::string part_names(const PartMeasure (&parts)[N]) {
  std::string out;
  for (const PartMeasure& p : parts) out += (out.empty() ? "" : ",") + std::string(p.name);
  return out;
}

}  // namespace

std::vector<RunMeasure> run_measures(const ScenarioDef& def) {
  std::vector<RunMeasure> out;
  for (const DayMeasure& m : day_measures())
    out.push_back(
        {std::string(m.name), std::string(m.unit), std::string(m.definition), m.higher_is_better});
  for (std::size_t l = 0; l < lane_count(def); ++l)
    for (const PartMeasure& p : kLaneMeasures)
      out.push_back({fmt::format("lane.{}.{}", lane_id(def, l), p.name), std::string(p.unit),
                     std::string(p.definition), p.higher_is_better});
  for (const MenuItem& item : def.menu)
    for (const PartMeasure& p : kItemMeasures)
      out.push_back({fmt::format("item.{}.{}", item.id, p.name), std::string(p.unit),
                     std::string(p.definition), p.higher_is_better});
  return out;
}

std::vector<double> run_measure_values(const ScenarioDef& def, const DayResult& day) {
  const CustomerExperience cx = customer_experience(day);
  std::vector<double> out;
  for (const DayMeasure& m : day_measures()) out.push_back(m.value(day, cx));
  for (std::size_t l = 0; l < lane_count(def); ++l) {
    const std::vector<double> v = lane_values(l < day.lanes.size() ? day.lanes[l] : LaneTotals{});
    out.insert(out.end(), v.begin(), v.end());
  }
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    const std::vector<double> v = item_values(i < day.items.size() ? day.items[i] : ItemTotals{});
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}

std::optional<std::size_t> find_run_measure(const std::vector<RunMeasure>& measures,
                                            std::string_view name) {
  const auto it = std::find_if(measures.begin(), measures.end(),
                               [&](const RunMeasure& m) { return m.name == name; });
  if (it == measures.end()) return std::nullopt;
  return static_cast<std::size_t>(it - measures.begin());
}

std::string run_measure_names(const ScenarioDef& def) {
  std::string lanes;
  for (std::size_t l = 0; l < lane_count(def); ++l)
    lanes += (lanes.empty() ? "" : ", ") + lane_id(def, l);
  std::string items;
  for (const MenuItem& item : def.menu) items += (items.empty() ? "" : ", ") + item.id;
  return fmt::format("{}; per lane lane.ID.{{{}}} (ID: {}); per item item.ID.{{{}}} (ID: {})",
                     day_measure_names(), part_names(kLaneMeasures), lanes,
                     part_names(kItemMeasures), items);
}

}  // namespace kaiten
