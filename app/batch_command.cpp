// kaiten batch: consecutive simulated days of one store into the sales history, resumable, with
// each day's opening stock from the stock policy (docs/headoffice.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>

#include "arguments.hpp"
#include "commands.hpp"
#include "day_runner.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/headoffice/batch.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "progress.hpp"

namespace kaiten::app {
namespace {

using namespace kaiten::headoffice;
using Clock = std::chrono::steady_clock;

std::vector<std::int64_t> eaten_of(const DayResult& r) {
  std::vector<std::int64_t> out;
  for (const ItemTotals& t : r.items) out.push_back(t.eaten);
  return out;
}

}  // namespace

int batch_command(const BatchOptions& o) {
  if (!check_input_if_present("batch", o.history) ||
      !check_output("batch", "--history", o.history, {o.scenario}))
    return kExitBadInput;
  const auto overrides = parse_overrides("batch", o.sets);
  if (!overrides) return kExitBadInput;
  const LoadResult loaded = load_scenario_file(o.scenario, *overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  ScenarioDef def = *loaded.scenario;
  const auto start = parse_date_option("batch", "--start", o.start);
  if (!start) return kExitBadInput;
  if (o.days < 1) {
    fmt::print(stderr, "kaiten batch: --days must be at least 1\n");
    return kExitBadInput;
  }
  if (!last_of_days("batch", fmt::format("--start {} --days {}", o.start, o.days), *start, o.days))
    return kExitBadInput;
  StockPolicy policy = def.stock.policy;
  if (!o.stock_policy.empty()) {
    if (o.stock_policy == "unlimited") {
      policy = StockPolicy::unlimited;
    } else if (o.stock_policy == "fixed") {
      policy = StockPolicy::fixed;
    } else if (o.stock_policy == "forecast") {
      policy = StockPolicy::forecast;
    } else {
      fmt::print(stderr, "kaiten batch: --stock-policy: expected unlimited, fixed or forecast\n");
      return kExitBadInput;
    }
  }
  std::map<std::string, double> fixed_orders(def.stock.fixed_orders_g.begin(),
                                             def.stock.fixed_orders_g.end());
  if (policy != StockPolicy::unlimited) {
    if (def.ingredients.empty()) {
      fmt::print(stderr, "kaiten batch: stock policy {} needs ingredients and menu recipes in {}\n",
                 to_string(policy), o.scenario);
      return kExitBadInput;
    }
    for (const MenuItem& item : def.menu) {
      for (const RecipeLine& line : item.recipe) {
        if (policy == StockPolicy::fixed && fixed_orders.count(line.ingredient) == 0) {
          fmt::print(stderr,
                     "kaiten batch: stock policy fixed needs stock.fixed_orders_g for {} "
                     "(menu item {})\n",
                     line.ingredient, item.id);
          return kExitBadInput;
        }
      }
    }
  }
  const std::string store = o.store.empty() ? def.name : o.store;
  if (!check_store_id("batch", o.store.empty() ? "the scenario's name" : "--store", store))
    return kExitBadInput;
  const std::uint64_t seed = o.seed.value_or(def.seed);

  try {
    HistoryStore history(o.history);
    if (const auto known = history.store_seed(store); known && *known != seed) {
      fmt::print(stderr,
                 "kaiten batch: store \"{}\" in {} was simulated with seed {}, not {}; use --seed "
                 "{} to continue it or --store for another store\n",
                 store, o.history, *known, seed, *known);
      return kExitBadInput;
    }
    // The store's scenario as it was run: the file and the overrides applied to it.
    std::string scenario = o.scenario;
    for (const std::string& text : override_texts(*overrides)) scenario += " --set " + text;
    history.ensure_store(store, StoreSource::sim, scenario, seed);
    const Catalogue catalogue = catalogue_of(def);
    history.put_catalogue(store, catalogue);
    history.put_holidays(store, holidays_of(def));

    Progress progress(o.days, "days", !o.quiet && Progress::on_terminal());
    const auto t0 = Clock::now();
    DemandPath path(def, seed, *start);
    Inventory stock;
    if (history.has_day(store, *start - 1)) stock.restore(history.closing_lots(store, *start - 1));
    ForecastOptions forecast_options;
    forecast_options.seed = seed;
    int simulated = 0;
    int resimulated = 0;  // days simulated again without stock limits, for true demand
    int skipped = 0;
    std::int64_t plates_sold = 0;
    for (int k = 0; k < o.days; ++k) {
      const Date date = *start + k;
      path.advance_to(date);
      if (history.has_day(store, date)) {
        // Resuming: the day is done; carry its closing stock on.
        stock.restore(history.closing_lots(store, date));
        ++skipped;
        progress.tick(false);
        continue;
      }
      ScenarioDef day = scenario_for_day(def, date, path);

      // Opening stock: this morning's delivery plus what is carried over.
      std::string used_policy = "unlimited";
      std::map<std::string, double> order;
      std::vector<double> expected(def.menu.size());
      for (std::size_t i = 0; i < def.menu.size(); ++i) expected[i] = def.menu[i].popularity;
      // Fixed orders are par levels: each morning's delivery brings the stock up to them.
      const auto up_to_par = [&] {
        std::map<std::string, double> out;
        for (const auto& [ingredient, par] : fixed_orders)
          out[ingredient] = std::max(0.0, par - stock.on_hand(ingredient));
        return out;
      };
      if (policy == StockPolicy::fixed) {
        order = up_to_par();
        used_policy = "fixed";
      } else if (policy == StockPolicy::forecast) {
        const Date from = date - forecast_options.max_history_days;
        if (history.days_between(store, from, date - 1) >= def.stock.warmup_days &&
            history.has_day(store, date - 1)) {
          const StoreHistory past = history.load(store, from, date - 1);
          const StoreForecast fc = forecast_store(past, date, forecast_options);
          std::map<std::string, double> on_hand;
          for (const IngredientDef& ing : def.ingredients) on_hand[ing.id] = stock.on_hand(ing.id);
          for (const IngredientOrder& io : forecast_orders(fc, catalogue, on_hand))
            order[io.ingredient] = io.order_g;
          for (const ItemForecast& it : fc.items) {
            const int i = find_item(def, it.item);
            if (i >= 0) expected[static_cast<std::size_t>(i)] = it.mean * it.plates_per_sale;
          }
          used_policy = "forecast";
        } else if (!fixed_orders.empty()) {
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
            stock.deliver(ing.id, it->second,
                          std::min(date + (ing.shelf_life_days - 1), Date::latest()));
          opening[ing.id] = stock.on_hand(ing.id);
        }
        const auto plates = allocate_plates(day, opening, expected);
        for (std::size_t i = 0; i < day.menu.size(); ++i)
          if (plates[i]) day.menu[i].stock_plates = plates[i];
      }

      ItemDaySink sink(day);
      const std::uint64_t s = day_seed(seed, date);
      Controller controller(day, s);
      std::optional<Controller> controller_at_checkpoint;
      DayCheckpoints checkpoints;
      checkpoints.keep = [&] {
        if (controller.stock_bound()) return false;
        controller_at_checkpoint.emplace(controller);
        return true;
      };
      const DayResult result = simulate_day(day, s, &sink, &controller, checkpoints);
      controller.finish();
      ++simulated;

      // True demand: what the same day sells with unlimited stock. The controller plans with the
      // stock it is told of, so a day whose limits changed a decision (the store refused an item,
      // or a plan used an item's last plate) is run again without limits, from the last
      // checkpoint before that (until then the two days are the same). Otherwise every stock
      // check answered as it would have without limits: the days are the same.
      std::vector<std::int64_t> true_demand = eaten_of(result);
      const bool limited = std::any_of(day.menu.begin(), day.menu.end(), [](const MenuItem& m) {
        return m.stock_plates.has_value();
      });
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
        ++resimulated;
      }
      std::vector<double> oracle;
      if (o.oracle_reps > 0) {
        oracle.assign(def.menu.size(), 0.0);
        for (int rep = 1; rep <= o.oracle_reps; ++rep) {
          const DayResult r =
              run_store_day(unlimited, day_seed(seed, date, static_cast<std::uint32_t>(rep)));
          for (std::size_t i = 0; i < oracle.size(); ++i)
            oracle[i] += static_cast<double>(r.items[i].eaten) / o.oracle_reps;
        }
      }

      DayRecord record = make_day_record(
          store, date, day, result, sink, true_demand, oracle,
          def.demand.shock_sd > 0 ? std::optional<double>(path.shock()) : std::nullopt);
      if (stocked) {
        std::vector<std::int64_t> taken(def.menu.size());
        for (std::size_t i = 0; i < taken.size(); ++i) taken[i] = sink.stock_taken(i);
        const std::map<std::string, double> use = ingredient_use(day, taken);
        std::map<std::string, double> used;
        for (const auto& [ingredient, grams] : use)
          used[ingredient] = stock.take(ingredient, grams);
        const std::map<std::string, double> expired = stock.expire(date);
        for (const IngredientDef& ing : def.ingredients) {
          IngredientDay g;
          g.ingredient = ing.id;
          g.policy = used_policy;
          g.ordered_g = order.count(ing.id) != 0 ? order.at(ing.id) : 0.0;
          g.opening_g = opening[ing.id];
          g.used_g = used.count(ing.id) != 0 ? used.at(ing.id) : 0.0;
          g.expired_g = expired.count(ing.id) != 0 ? expired.at(ing.id) : 0.0;
          g.closing_g = stock.on_hand(ing.id);
          record.stock.push_back(g);
        }
        record.closing_lots = stock.lots();
      }
      for (const ItemDay& it : record.items) plates_sold += it.sold;
      history.write_day(record);  // one transaction: the whole day or nothing
      progress.tick(true);
    }
    progress.finish();
    if (!o.quiet) {
      const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      fmt::print(
          "kaiten batch: {} ({}), {} days from {}: {} simulated, {} already in the history\n"
          "  {} days run on without stock limits, from their last checkpoint, for true demand\n",
          store, to_string(policy), o.days, start->to_string(), simulated, skipped, resimulated);
      fmt::print("  {} plates sold; {:.1f} s ({:.0f} ms per simulated day); history {}\n",
                 plates_sold, seconds, simulated > 0 ? 1000.0 * seconds / simulated : 0.0,
                 o.history);
    }
  } catch (const HistoryError& e) {
    fmt::print(stderr, "kaiten batch: {}\n", e.what());
    return kExitFailed;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten batch: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
