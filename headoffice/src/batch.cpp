#include "kaiten/headoffice/batch.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>

#include "kaiten/core/rng.hpp"

namespace kaiten::headoffice {

std::uint64_t day_seed(std::uint64_t seed, Date date, std::uint32_t replication) {
  std::uint64_t x = splitmix64(seed);
  x = splitmix64(x ^ static_cast<std::uint64_t>(static_cast<std::uint32_t>(date.days)));
  return splitmix64(x ^ (static_cast<std::uint64_t>(replication) << 32));
}

DemandPath::DemandPath(const ScenarioDef& base, std::uint64_t seed, Date first)
    : demand_(base.demand), seed_(seed), date_(first), walk_(base.menu.size(), 0.0) {
  draw(true);
}

void DemandPath::draw(bool first) {
  // One stream per date: the shock first, then one step per menu item in menu order.
  std::mt19937_64 rng = make_stream(day_seed(seed_, date_), RngStream::day_shocks);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const double e = normal(rng);
  const double sd = demand_.shock_sd;
  const double phi = demand_.shock_persistence;
  shock_ = first ? sd * e : phi * shock_ + std::sqrt(1.0 - phi * phi) * sd * e;
  for (double& w : walk_) {
    const double step = normal(rng);
    if (!first) w += demand_.popularity_drift_sd * step;
  }
}

void DemandPath::advance_to(Date date) {
  while (date_ < date) {
    ++date_;
    draw(false);
  }
}

bool is_holiday(const ScenarioDef& def, Date date) {
  const std::string text = date.to_string();
  return std::binary_search(def.calendar.holidays.begin(), def.calendar.holidays.end(), text);
}

ScenarioDef scenario_for_day(const ScenarioDef& base, Date date, const DemandPath& path) {
  ScenarioDef day = base;
  day.customers.day = date.weekday();
  day.customers.holiday = is_holiday(base, date);
  const double sd = base.demand.shock_sd;
  const double factor = std::exp(path.shock() - 0.5 * sd * sd);
  for (double& rate : day.customers.hourly_parties) rate *= factor;
  const std::vector<double>& walk = path.log_popularity();
  for (std::size_t i = 0; i < day.menu.size() && i < walk.size(); ++i)
    day.menu[i].popularity *= std::exp(walk[i]);
  return day;
}

ItemDaySink::ItemDaySink(const ScenarioDef& day_def)
    : panel_orders_(day_def.menu.size(), 0),
      taken_(day_def.menu.size(), 0),
      sold_out_(day_def.menu.size()) {
  for (const MenuItem& item : day_def.menu) limit_.push_back(item.stock_plates);
}

void ItemDaySink::on_event(const TruthEvent& e) {
  const std::size_t item = e.item;
  if (item >= taken_.size()) return;
  bool takes = false;
  if (e.kind == TruthKind::panel_order) {
    ++panel_orders_[item];
    takes = true;
  } else if (e.kind == TruthKind::plate_made && e.where == 0) {
    takes = true;  // a free-running plate (ordered ones took stock when ordered)
  }
  if (!takes) return;
  ++taken_[item];
  if (limit_[item] && !sold_out_[item] && taken_[item] >= *limit_[item]) sold_out_[item] = e.time;
}

DayRecord make_day_record(const std::string& store, Date date, const ScenarioDef& day_def,
                          const DayResult& result, const ItemDaySink& sink,
                          const std::vector<std::int64_t>& true_demand,
                          const std::vector<double>& expected_demand, std::optional<double> shock) {
  DayRecord r;
  r.store = store;
  r.date = date;
  r.holiday = day_def.customers.holiday;
  r.shock = shock;
  for (const PartyResult& p : result.parties) {
    ++r.parties;
    r.customers += p.size;
    r.failed_wishes += p.failed_wishes;
  }
  for (std::size_t i = 0; i < day_def.menu.size(); ++i) {
    const ItemTotals& t = result.items[i];
    ItemDay d;
    d.item = day_def.menu[i].id;
    d.sold = t.eaten;
    d.discarded = t.discarded;
    d.made = t.made;
    d.panel_orders = sink.panel_orders(i);
    if (day_def.menu[i].stock_plates) d.stock_plates = *day_def.menu[i].stock_plates;
    if (const auto at = sink.sold_out_at(i)) {
      d.stock_out = true;
      d.stock_out_min = static_cast<std::int32_t>(*at / kMsPerMinute);
    }
    if (i < true_demand.size()) d.true_demand = true_demand[i];
    if (i < expected_demand.size()) d.expected_demand = expected_demand[i];
    r.items.push_back(std::move(d));
  }
  r.hourly_sold.resize(result.hours.size());
  for (std::size_t h = 0; h < result.hours.size(); ++h) r.hourly_sold[h] = result.hours[h].eaten;
  return r;
}

Catalogue catalogue_of(const ScenarioDef& def) {
  Catalogue c;
  for (const MenuItem& item : def.menu) {
    c.items.push_back({item.id, item.name, item.price_yen, item.cost_yen});
    for (const RecipeLine& line : item.recipe)
      c.recipes.push_back({item.id, line.ingredient, line.grams});
  }
  for (const IngredientDef& ing : def.ingredients) {
    c.ingredients.push_back({ing.id, ing.name, ing.cost_yen_per_kg, ing.shelf_life_days,
                             ing.underage_yen_per_kg, ing.overage_yen_per_kg});
  }
  std::sort(c.items.begin(), c.items.end(),
            [](const CatalogueItem& a, const CatalogueItem& b) { return a.item < b.item; });
  std::sort(c.ingredients.begin(), c.ingredients.end(),
            [](const CatalogueIngredient& a, const CatalogueIngredient& b) {
              return a.ingredient < b.ingredient;
            });
  return c;
}

std::vector<Date> holidays_of(const ScenarioDef& def) {
  std::vector<Date> out;
  for (const std::string& text : def.calendar.holidays)
    if (const auto d = Date::parse(text)) out.push_back(*d);
  return out;
}

void Inventory::deliver(const std::string& ingredient, double grams, Date expires) {
  if (grams <= 0) return;
  auto& lots = lots_[ingredient];
  const auto at =
      std::upper_bound(lots.begin(), lots.end(), expires,
                       [](Date d, const std::pair<Date, double>& lot) { return d < lot.first; });
  lots.insert(at, {expires, grams});
}

double Inventory::on_hand(const std::string& ingredient) const {
  const auto it = lots_.find(ingredient);
  if (it == lots_.end()) return 0.0;
  double sum = 0;
  for (const auto& lot : it->second) sum += lot.second;
  return sum;
}

double Inventory::take(const std::string& ingredient, double grams) {
  const auto it = lots_.find(ingredient);
  if (it == lots_.end() || grams <= 0) return 0.0;
  double taken = 0;
  auto& lots = it->second;
  while (!lots.empty() && taken < grams) {
    const double use = std::min(lots.front().second, grams - taken);
    taken += use;
    lots.front().second -= use;
    if (lots.front().second <= 1e-9) lots.erase(lots.begin());
  }
  return taken;
}

std::map<std::string, double> Inventory::expire(Date date) {
  std::map<std::string, double> out;
  for (auto& [ingredient, lots] : lots_) {
    double gone = 0;
    while (!lots.empty() && lots.front().first <= date) {
      gone += lots.front().second;
      lots.erase(lots.begin());
    }
    out[ingredient] = gone;
  }
  return out;
}

std::vector<StockLot> Inventory::lots() const {
  std::vector<StockLot> out;
  for (const auto& [ingredient, lots] : lots_)
    for (const auto& [expires, grams] : lots) out.push_back({ingredient, expires, grams});
  return out;
}

void Inventory::restore(const std::vector<StockLot>& lots) {
  lots_.clear();
  for (const StockLot& lot : lots) deliver(lot.ingredient, lot.grams, lot.expires);
}

std::vector<std::optional<std::int32_t>> allocate_plates(
    const ScenarioDef& def, const std::map<std::string, double>& on_hand_g,
    const std::vector<double>& expected_plates) {
  // Expected grams of each ingredient over all items.
  std::map<std::string, double> total;
  for (std::size_t i = 0; i < def.menu.size(); ++i)
    for (const RecipeLine& line : def.menu[i].recipe)
      total[line.ingredient] += std::max(expected_plates[i], 1e-6) * line.grams;
  std::vector<std::optional<std::int32_t>> out(def.menu.size());
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    if (def.menu[i].recipe.empty()) continue;
    double plates = std::numeric_limits<double>::infinity();
    for (const RecipeLine& line : def.menu[i].recipe) {
      const auto hand = on_hand_g.find(line.ingredient);
      const double stock = hand == on_hand_g.end() ? 0.0 : hand->second;
      const double share = std::max(expected_plates[i], 1e-6) * line.grams / total[line.ingredient];
      plates = std::min(plates, stock * share / line.grams);
    }
    out[i] = static_cast<std::int32_t>(std::clamp(std::floor(plates + 1e-9), 0.0, 1e6));
  }
  return out;
}

std::map<std::string, double> ingredient_use(const ScenarioDef& def,
                                             const std::vector<std::int64_t>& plates) {
  std::map<std::string, double> use;
  for (std::size_t i = 0; i < def.menu.size() && i < plates.size(); ++i)
    for (const RecipeLine& line : def.menu[i].recipe)
      use[line.ingredient] += static_cast<double>(plates[i]) * line.grams;
  return use;
}

const char* to_string(StockPolicy policy) {
  switch (policy) {
    case StockPolicy::unlimited:
      return "unlimited";
    case StockPolicy::fixed:
      return "fixed";
    case StockPolicy::forecast:
      return "forecast";
  }
  return "?";
}

}  // namespace kaiten::headoffice
