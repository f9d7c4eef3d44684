// kaiten forecast: next-day forecast per item and newsvendor orders per ingredient, as CSV and
// JSON, replacing the output folder as a whole (docs/headoffice.md, docs/outputs.md).
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/io/output_set.hpp"

namespace kaiten::app {

using namespace kaiten::headoffice;

namespace {

std::string level_name(double p) {
  return fmt::format("q{:02}", static_cast<int>(p * 100.0 + 0.5));
}

std::string number(double v) {
  return fmt::format("{:.2f}", v);
}

}  // namespace

int forecast_command(const ForecastCommandOptions& o) {
  const auto date = parse_date_option("forecast", "--date", o.date);
  if (!date) return kExitBadInput;
  ForecastOptions options;
  options.seed = o.seed;
  options.sample_paths = o.paths;
  if (!o.model.empty()) {
    options.model = model_from_string(o.model);
    if (!options.model) {
      fmt::print(stderr, "kaiten forecast: --model: unknown model \"{}\"\n", o.model);
      return kExitBadInput;
    }
  }
  if (!check_inputs("forecast", {o.history}) ||
      !check_output("forecast", "--out", o.out_dir, {o.history},
                    {"forecast.csv", "orders.csv", "forecast.json"}) ||
      !check_store_id("forecast", "--store", o.store))
    return kExitBadInput;
  try {
    const HistoryStore history(o.history, HistoryAccess::read_only);
    const auto resolved = resolve_store_option("forecast", history, o.store);
    if (!resolved) return kExitBadInput;
    const std::string& store = *resolved;
    StoreHistory past = history.load(store, *date - options.max_history_days, *date - 1);
    if (std::none_of(past.present.begin(), past.present.end(), [](auto p) { return p != 0; })) {
      fmt::print(stderr, "kaiten forecast: store {} has no sales before {}\n", store,
                 date->to_string());
      return kExitBadInput;
    }
    if (o.holiday && !past.is_holiday(*date)) {
      past.holidays.insert(std::lower_bound(past.holidays.begin(), past.holidays.end(), *date),
                           *date);
    }
    // A chain history: the other stores' shocks pool into the persistence of this one's.
    for (const std::string& other : history.stores()) {
      if (other == store) continue;
      const StoreHistory peer = history.load(other, *date - options.max_history_days, *date - 1);
      if (std::any_of(peer.present.begin(), peer.present.end(), [](auto p) { return p != 0; }))
        options.peer_deviations.push_back(profile_deviations(peer, *date, options));
    }
    const StoreForecast fc = forecast_store(past, *date, options);
    // Usable stock carried over from the last day before the target.
    std::map<std::string, double> on_hand;
    for (const StockLot& lot : history.closing_lots(store, *date - 1))
      if (lot.expires >= *date) on_hand[lot.ingredient] += lot.grams;
    const std::vector<IngredientOrder> orders =
        forecast_orders(fc, past.catalogue, on_hand, options.quantile_levels);

    std::string items_csv = "store,date,item,model,mean";
    for (const double p : options.quantile_levels) items_csv += "," + level_name(p);
    items_csv += ",critical_ratio,order_quantile,plates_per_sale,censored_history\n";
    nlohmann::json items = nlohmann::json::array();
    for (const ItemForecast& it : fc.items) {
      items_csv += fmt::format("{},{},{},{},{}", store, date->to_string(), it.item,
                               to_string(it.model), number(it.mean));
      nlohmann::json q = nlohmann::json::object();
      for (std::size_t k = 0; k < it.quantiles.size(); ++k) {
        items_csv += "," + number(it.quantiles[k]);
        q[level_name(options.quantile_levels[k])] = it.quantiles[k];
      }
      items_csv +=
          fmt::format(",{:.4f},{},{:.4f},{}\n", it.critical_ratio, number(it.order_quantile),
                      it.plates_per_sale, it.censored_days ? 1 : 0);
      items.push_back({{"item", it.item},
                       {"model", to_string(it.model)},
                       {"model_detail", it.detail},
                       {"sd", it.sd},
                       {"mean", it.mean},
                       {"quantiles", q},
                       {"critical_ratio", it.critical_ratio},
                       {"order_quantile", it.order_quantile},
                       {"plates_per_sale", it.plates_per_sale},
                       {"censored_history", it.censored_days}});
    }
    std::string orders_csv =
        "store,date,ingredient,mean_need_g,critical_ratio,underage_yen_per_kg,"
        "overage_yen_per_kg,costs_derived,target_g,on_hand_g,order_g";
    for (const double p : options.quantile_levels) orders_csv += "," + level_name(p) + "_g";
    orders_csv += "\n";
    nlohmann::json ingredients = nlohmann::json::array();
    for (const IngredientOrder& io : orders) {
      const bool derived = io.costs.underage_derived || io.costs.overage_derived;
      orders_csv += fmt::format("{},{},{},{},{:.4f},{},{},{},{},{},{}", store, date->to_string(),
                                io.ingredient, number(io.mean_need_g), io.critical_ratio,
                                number(io.costs.underage_yen_per_kg),
                                number(io.costs.overage_yen_per_kg), derived ? 1 : 0,
                                number(io.target_g), number(io.on_hand_g), number(io.order_g));
      nlohmann::json q = nlohmann::json::object();
      for (std::size_t k = 0; k < io.need_quantiles_g.size(); ++k) {
        orders_csv += "," + number(io.need_quantiles_g[k]);
        q[level_name(options.quantile_levels[k])] = io.need_quantiles_g[k];
      }
      orders_csv += "\n";
      ingredients.push_back({{"ingredient", io.ingredient},
                             {"mean_need_g", io.mean_need_g},
                             {"critical_ratio", io.critical_ratio},
                             {"underage_yen_per_kg", io.costs.underage_yen_per_kg},
                             {"overage_yen_per_kg", io.costs.overage_yen_per_kg},
                             {"underage_derived", io.costs.underage_derived},
                             {"overage_derived", io.costs.overage_derived},
                             {"target_g", io.target_g},
                             {"on_hand_g", io.on_hand_g},
                             {"order_g", io.order_g},
                             {"need_quantiles_g", q}});
    }
    const nlohmann::json doc = {{"store", store},
                                {"date", date->to_string()},
                                {"horizon_days", fc.horizon},
                                {"holiday", fc.holiday},
                                {"holiday_factor", fc.holiday_factor},
                                {"sample_paths", options.sample_paths},
                                {"items", items},
                                {"ingredients", ingredients}};

    // The folder is replaced as a whole (docs/outputs.md).
    OutputSet out(o.out_dir, "forecast", {"forecast.csv", "orders.csv", "forecast.json"});
    out.write("forecast.csv", items_csv);
    out.write("orders.csv", orders_csv);
    out.write("forecast.json", doc.dump(2) + "\n");
    out.commit();
    if (!o.quiet) {
      double total = 0;
      for (const ItemForecast& it : fc.items) total += it.mean;
      fmt::print("kaiten forecast: {} on {} ({}{}), {} days after the last day of history\n", store,
                 date->to_string(), to_string(date->weekday()),
                 fc.holiday ? fmt::format(", holiday ×{:.2f}", fc.holiday_factor) : "", fc.horizon);
      fmt::print("  {} items, {:.0f} plates expected; {} ingredient orders; written to {}\n",
                 fc.items.size(), total, orders.size(), o.out_dir);
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten forecast: --out {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten forecast: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
