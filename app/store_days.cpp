#include "store_days.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "day_runner.hpp"
#include "kaiten/headoffice/chain.hpp"

namespace kaiten::app {
namespace {

using namespace kaiten::headoffice;

std::vector<std::int64_t> eaten_of(const DayResult& r) {
  std::vector<std::int64_t> out;
  for (const ItemTotals& t : r.items) out.push_back(t.eaten);
  return out;
}

PopulationMemberState member_state(const Customer& c) {
  PopulationMemberState m;
  m.member = c.id;
  m.segment = static_cast<std::int64_t>(c.segment);
  m.size = c.size;
  m.app = c.app;
  m.base_rate = c.base_rate;
  m.memory = c.memory;
  m.memory_factor = c.memory_factor;
  m.own_wait_min = c.own.wait_min;
  m.own_first_plate_min = c.own.first_plate_min;
  m.own_unmet_appetite = c.own.unmet_appetite;
  m.own_failed_wishes = c.own.failed_wishes;
  m.own_tired_share = c.own.tired_share;
  m.joined = c.joined;
  m.churned = c.churned;
  m.lapsed = c.lapsed;
  m.visits = c.visits;
  m.walkaways = c.walkaways;
  m.spend_yen = c.spend_yen;
  m.margin_yen = c.margin_yen;
  m.clv_yen = c.clv_yen;
  m.rating_sum = c.rating_sum;
  m.last_rating = c.last_rating;
  return m;
}

Customer customer_of(const PopulationMemberState& m) {
  Customer c;
  c.id = static_cast<std::uint32_t>(m.member);
  c.segment = static_cast<Segment>(m.segment);
  c.size = static_cast<std::int32_t>(m.size);
  c.app = m.app;
  c.base_rate = m.base_rate;
  c.memory = m.memory;
  c.memory_factor = m.memory_factor;
  c.own = {m.own_wait_min, m.own_first_plate_min, m.own_unmet_appetite, m.own_failed_wishes,
           m.own_tired_share};
  c.joined = static_cast<std::int32_t>(m.joined);
  c.churned = static_cast<std::int32_t>(m.churned);
  c.lapsed = m.lapsed;
  c.visits = static_cast<std::int32_t>(m.visits);
  c.walkaways = static_cast<std::int32_t>(m.walkaways);
  c.spend_yen = m.spend_yen;
  c.margin_yen = m.margin_yen;
  c.clv_yen = m.clv_yen;
  c.rating_sum = m.rating_sum;
  c.last_rating = m.last_rating;
  return c;
}

PopulationDay population_day(std::int32_t day, const PopulationDayRow& r) {
  PopulationDay d;
  d.day = day;
  d.members = static_cast<std::int32_t>(r.members);
  d.visits_new = static_cast<std::int32_t>(r.visits_new);
  d.visits_returning = static_cast<std::int32_t>(r.visits_returning);
  d.walkaways = static_cast<std::int32_t>(r.walkaways);
  d.promoters = static_cast<std::int32_t>(r.promoters);
  d.passives = static_cast<std::int32_t>(r.passives);
  d.detractors = static_cast<std::int32_t>(r.detractors);
  d.churned = static_cast<std::int32_t>(r.churned);
  d.lapsed = static_cast<std::int32_t>(r.lapsed);
  d.recoveries = static_cast<std::int32_t>(r.recoveries);
  d.recovery_cost_yen = r.recovery_cost_yen;
  d.margin_yen = r.margin_yen;
  d.mean_rating = r.mean_rating;
  d.retention = r.retention;
  return d;
}

}  // namespace

PopulationDayRow population_row(const PopulationDay& d) {
  PopulationDayRow r;
  r.members = d.members;
  r.visits_new = d.visits_new;
  r.visits_returning = d.visits_returning;
  r.walkaways = d.walkaways;
  r.promoters = d.promoters;
  r.passives = d.passives;
  r.detractors = d.detractors;
  r.nps = d.nps();
  r.mean_rating = d.mean_rating;
  r.churned = d.churned;
  r.lapsed = d.lapsed;
  r.recoveries = d.recoveries;
  r.recovery_cost_yen = d.recovery_cost_yen;
  r.margin_yen = d.margin_yen;
  r.retention = d.retention;
  return r;
}

std::vector<PopulationMemberRow> member_rows(const Population& population, Date first) {
  std::vector<PopulationMemberRow> rows;
  rows.reserve(population.members().size());
  for (const Customer& c : population.members()) {
    PopulationMemberRow r;
    r.member = c.id;
    r.segment = to_string(c.segment);
    r.size = c.size;
    r.app = c.app;
    r.joined = first + c.joined;
    if (c.churned >= 0) r.left_on = first + c.churned;
    r.lapsed = c.lapsed;
    r.visits = c.visits;
    r.walkaways = c.walkaways;
    r.spend_yen = c.spend_yen;
    r.margin_yen = c.margin_yen;
    r.clv_yen = c.clv_yen;
    const std::int32_t rated = c.visits + c.walkaways;
    if (rated > 0) {
      r.mean_rating = c.rating_sum / rated;
      r.last_rating = c.last_rating;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

bool check_stock_policy(std::string_view command, const ScenarioDef& def, StockPolicy policy,
                        const std::string& scenario) {
  if (policy == StockPolicy::unlimited) return true;
  if (def.ingredients.empty()) {
    fmt::print(stderr, "kaiten {}: stock policy {} needs ingredients and menu recipes in {}\n",
               command, to_string(policy), scenario);
    return false;
  }
  if (policy != StockPolicy::fixed) return true;
  const std::map<std::string, double> fixed_orders(def.stock.fixed_orders_g.begin(),
                                                   def.stock.fixed_orders_g.end());
  for (const MenuItem& item : def.menu) {
    for (const RecipeLine& line : item.recipe) {
      if (fixed_orders.count(line.ingredient) == 0) {
        fmt::print(stderr,
                   "kaiten {}: stock policy fixed needs stock.fixed_orders_g for {} (menu item "
                   "{})\n",
                   command, line.ingredient, item.id);
        return false;
      }
    }
  }
  return true;
}

StoreDays::StoreDays(std::string store, ScenarioDef def, std::uint64_t seed, StockPolicy policy,
                     Date first, int oracle_reps, RegionShock region)
    : store_(std::move(store)),
      def_(std::move(def)),
      seed_(seed),
      policy_(policy),
      oracle_reps_(oracle_reps),
      region_(std::move(region)),
      path_(def_, seed, first),
      catalogue_(catalogue_of(def_)),
      fixed_orders_(def_.stock.fixed_orders_g.begin(), def_.stock.fixed_orders_g.end()) {
  forecast_options_.seed = seed;
  if (def_.population.enabled) population_.emplace(def_, seed);
  population_origin_ = first;
}

bool StoreDays::resume_population(const HistoryStore& history, Date next) {
  if (!population_) return true;
  const std::optional<PopulationState> state = history.population_state(store_);
  if (!state || state->date != next - 1 || state->starting != population_->starting_members() ||
      state->members.size() < static_cast<std::size_t>(state->starting))
    return false;
  const auto rows = history.population_days(store_, state->first_date, state->date);
  if (static_cast<std::int32_t>(rows.size()) != state->date - state->first_date + 1) return false;
  std::vector<Customer> members;
  members.reserve(state->members.size());
  for (const PopulationMemberState& m : state->members) {
    if (m.member != static_cast<std::int64_t>(members.size())) return false;  // a gap: not ours
    members.push_back(customer_of(m));
  }
  std::vector<PopulationDay> days;
  for (const auto& [date, row] : rows)
    days.push_back(population_day(date - state->first_date, row));
  population_->restore(std::move(members), std::move(days), state->last_nps);
  population_origin_ = state->first_date;
  return true;
}

void StoreDays::restore_before_first(const HistoryStore& history) {
  const Date before = path_.date() - 1;
  if (history.has_day(store_, before)) stock_.restore(history.closing_lots(store_, before));
}

void StoreDays::skip(Date date, const HistoryStore& history) {
  path_.advance_to(date);
  stock_.restore(history.closing_lots(store_, date));
}

DayRecord StoreDays::simulate(Date date, const HistoryStore& history, DayResult* day_result) {
  const ScenarioDef& def = def_;
  path_.advance_to(date);
  ScenarioDef day = scenario_for_day(def, date, path_);
  std::optional<double> shock;
  if (def.demand.shock_sd > 0) shock = path_.shock();
  if (region_.sd > 0) {
    // The region's shock multiplies arrivals on top of the store's own, mean-preserving too.
    const double r =
        regional_shock(region_.chain_seed, region_.region, date, region_.sd, region_.persistence);
    const double factor = std::exp(r - 0.5 * region_.sd * region_.sd);
    for (double& rate : day.customers.hourly_parties) rate *= factor;
    shock = shock.value_or(0.0) + r;
  }
  const std::uint64_t s = day_seed(seed_, date);
  // The day's parties are the population's visits (the unlimited twin below gets the same ones).
  if (population_) population_->plan(day, s);

  // Opening stock: this morning's delivery plus what is carried over.
  std::string used_policy = "unlimited";
  std::map<std::string, double> order;
  std::vector<double> expected(def.menu.size());
  for (std::size_t i = 0; i < def.menu.size(); ++i) expected[i] = def.menu[i].popularity;
  // Fixed orders are par levels: each morning's delivery brings the stock up to them.
  const auto up_to_par = [&] {
    std::map<std::string, double> out;
    for (const auto& [ingredient, par] : fixed_orders_)
      out[ingredient] = std::max(0.0, par - stock_.on_hand(ingredient));
    return out;
  };
  if (policy_ == StockPolicy::fixed) {
    order = up_to_par();
    used_policy = "fixed";
  } else if (policy_ == StockPolicy::forecast) {
    const Date from = date - forecast_options_.max_history_days;
    if (history.days_between(store_, from, date - 1) >= def.stock.warmup_days &&
        history.has_day(store_, date - 1)) {
      const StoreHistory past = history.load(store_, from, date - 1);
      const StoreForecast fc = forecast_store(past, date, forecast_options_);
      std::map<std::string, double> on_hand;
      for (const IngredientDef& ing : def.ingredients) on_hand[ing.id] = stock_.on_hand(ing.id);
      for (const IngredientOrder& io : forecast_orders(fc, catalogue_, on_hand))
        order[io.ingredient] = io.order_g;
      for (const ItemForecast& it : fc.items) {
        const int i = find_item(def, it.item);
        if (i >= 0) expected[static_cast<std::size_t>(i)] = it.mean * it.plates_per_sale;
      }
      used_policy = "forecast";
    } else if (!fixed_orders_.empty()) {
      order = up_to_par();
      used_policy = "warmup";
    }
  }
  const bool stocked = used_policy != "unlimited";
  std::map<std::string, double> opening;
  if (stocked) {
    for (const IngredientDef& ing : def.ingredients) {
      const auto it = order.find(ing.id);
      if (it != order.end())
        // No day follows the last date a history holds: a lot keeping longer keeps to it.
        stock_.deliver(ing.id, it->second,
                       std::min(date + (ing.shelf_life_days - 1), Date::latest()));
      opening[ing.id] = stock_.on_hand(ing.id);
    }
    const auto plates = allocate_plates(day, opening, expected);
    for (std::size_t i = 0; i < day.menu.size(); ++i)
      if (plates[i]) day.menu[i].stock_plates = plates[i];
  }

  ItemDaySink sink(day);
  Controller controller(day, s);
  controller.commands_only();  // the batch stores the day's sales from the simulation
  std::optional<Controller> controller_at_checkpoint;
  DayCheckpoints checkpoints;
  checkpoints.keep = [&] {
    if (controller.stock_bound()) return false;
    controller_at_checkpoint.emplace(controller);
    return true;
  };
  DayResult result = simulate_day(day, s, &sink, &controller, checkpoints);
  controller.finish();
  const PopulationDay* visits = population_ ? &population_->record(day, result) : nullptr;

  // True demand: what the same day sells with unlimited stock. The controller plans with the
  // stock it is told of, so a day whose limits changed a decision (the store refused an item, or
  // a plan used an item's last plate) is run again without limits, from the last checkpoint
  // before that (until then the two days are the same). Otherwise every stock check answered as
  // it would have without limits: the days are the same.
  std::vector<std::int64_t> true_demand = eaten_of(result);
  const bool limited = std::any_of(day.menu.begin(), day.menu.end(),
                                   [](const MenuItem& m) { return m.stock_plates.has_value(); });
  ScenarioDef unlimited = day;
  for (MenuItem& m : unlimited.menu) m.stock_plates.reset();
  if (limited && (result.stock_refusals > 0 || controller.stock_bound())) {
    if (checkpoints.last) {
      controller_at_checkpoint->lift_stock_limits();
      true_demand =
          eaten_of(std::move(*checkpoints.last).run_unlimited(&*controller_at_checkpoint));
    } else {
      true_demand = eaten_of(run_store_day(unlimited, s));
    }
    ++run_on_unlimited_;
  }
  std::vector<double> oracle;
  if (oracle_reps_ > 0) {
    oracle.assign(def.menu.size(), 0.0);
    for (int rep = 1; rep <= oracle_reps_; ++rep) {
      const DayResult r =
          run_store_day(unlimited, day_seed(seed_, date, static_cast<std::uint32_t>(rep)));
      for (std::size_t i = 0; i < oracle.size(); ++i)
        oracle[i] += static_cast<double>(r.items[i].eaten) / oracle_reps_;
    }
  }

  DayRecord record = make_day_record(store_, date, day, result, sink, true_demand, oracle, shock);
  if (visits != nullptr) {
    record.population = population_row(*visits);
    if (keep_population_state_) {
      PopulationState& state = record.population_state.emplace();
      state.first_date = population_origin_;
      state.date = date;
      state.starting = population_->starting_members();
      state.last_nps = population_->last_nps();
      state.complete = visits->day == 0;
      for (const std::uint32_t id : population_->changed())
        state.members.push_back(member_state(population_->members()[id]));
    }
  }
  if (stocked) {
    std::vector<std::int64_t> taken(def.menu.size());
    for (std::size_t i = 0; i < taken.size(); ++i) taken[i] = sink.stock_taken(i);
    const std::map<std::string, double> use = ingredient_use(day, taken);
    std::map<std::string, double> used;
    for (const auto& [ingredient, grams] : use) used[ingredient] = stock_.take(ingredient, grams);
    const std::map<std::string, double> expired = stock_.expire(date);
    for (const IngredientDef& ing : def.ingredients) {
      IngredientDay g;
      g.ingredient = ing.id;
      g.policy = used_policy;
      g.ordered_g = order.count(ing.id) != 0 ? order.at(ing.id) : 0.0;
      g.opening_g = opening[ing.id];
      g.used_g = used.count(ing.id) != 0 ? used.at(ing.id) : 0.0;
      g.expired_g = expired.count(ing.id) != 0 ? expired.at(ing.id) : 0.0;
      g.closing_g = stock_.on_hand(ing.id);
      record.stock.push_back(g);
    }
    record.closing_lots = stock_.lots();
  }
  if (day_result != nullptr) *day_result = std::move(result);
  return record;
}

}  // namespace kaiten::app
