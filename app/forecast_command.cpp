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
#include "kaiten/headoffice/purchasing.hpp"
#include "kaiten/io/output_set.hpp"

namespace kaiten::app {

using namespace kaiten::headoffice;

namespace {

const std::vector<std::string> kForecastFiles = {"forecast.csv", "orders.csv", "forecast.json"};
const std::vector<std::string> kChainForecastFiles = {"forecast.csv", "orders.csv",
                                                      "centre_orders.csv", "forecast.json"};

std::string level_name(double p) {
  return fmt::format("q{:02}", static_cast<int>(p * 100.0 + 0.5));
}

std::string number(double v) {
  return fmt::format("{:.2f}", v);
}

std::string forecast_csv_header(const std::vector<double>& levels) {
  std::string csv = "store,date,item,model,mean";
  for (const double p : levels) csv += "," + level_name(p);
  return csv + ",critical_ratio,order_quantile,plates_per_sale,censored_history\n";
}

/// forecast.csv's rows and forecast.json's items for one store's forecast.
nlohmann::json append_forecast_rows(std::string& csv, const StoreForecast& fc,
                                    const std::vector<double>& levels) {
  nlohmann::json items = nlohmann::json::array();
  for (const ItemForecast& it : fc.items) {
    csv += fmt::format("{},{},{},{},{}", fc.store, fc.date.to_string(), it.item,
                       to_string(it.model), number(it.mean));
    nlohmann::json q = nlohmann::json::object();
    for (std::size_t k = 0; k < it.quantiles.size(); ++k) {
      csv += "," + number(it.quantiles[k]);
      q[level_name(levels[k])] = it.quantiles[k];
    }
    csv += fmt::format(",{:.4f},{},{:.4f},{}\n", it.critical_ratio, number(it.order_quantile),
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
  return items;
}

std::string orders_csv_header(const std::vector<double>& levels) {
  std::string csv =
      "store,date,ingredient,mean_need_g,critical_ratio,underage_yen_per_kg,"
      "overage_yen_per_kg,costs_derived,target_g,on_hand_g,order_g";
  for (const double p : levels) csv += "," + level_name(p) + "_g";
  return csv + "\n";
}

/// orders.csv's rows and forecast.json's ingredients for one store's orders.
nlohmann::json append_order_rows(std::string& csv, const StoreForecast& fc,
                                 const std::vector<IngredientOrder>& orders,
                                 const std::vector<double>& levels) {
  nlohmann::json ingredients = nlohmann::json::array();
  for (const IngredientOrder& io : orders) {
    const bool derived = io.costs.underage_derived || io.costs.overage_derived;
    csv +=
        fmt::format("{},{},{},{},{:.4f},{},{},{},{},{},{}", fc.store, fc.date.to_string(),
                    io.ingredient, number(io.mean_need_g), io.critical_ratio,
                    number(io.costs.underage_yen_per_kg), number(io.costs.overage_yen_per_kg),
                    derived ? 1 : 0, number(io.target_g), number(io.on_hand_g), number(io.order_g));
    nlohmann::json q = nlohmann::json::object();
    for (std::size_t k = 0; k < io.need_quantiles_g.size(); ++k) {
      csv += "," + number(io.need_quantiles_g[k]);
      q[level_name(levels[k])] = io.need_quantiles_g[k];
    }
    csv += "\n";
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
  return ingredients;
}

/// Usable stock on `date` from what the store held at the close of day `known` (the last day
/// known when ordering; by default the day before).
std::map<std::string, double> on_hand_at(const HistoryStore& history, const std::string& store,
                                         Date date, Date known) {
  std::map<std::string, double> on_hand;
  for (const StockLot& lot : history.closing_lots(store, known))
    if (lot.expires >= date) on_hand[lot.ingredient] += lot.grams;
  return on_hand;
}

double saving_pct(double pooled, double separate) {
  return separate > 0 ? 100.0 * (separate - pooled) / separate : 0.0;
}

/// `kaiten forecast --chain`: every store of the chain on correlated shocks, and each centre's
/// pooled orders beside the sum of its stores' own (docs/headoffice.md).
int forecast_chain_command(const ForecastCommandOptions& o, const ForecastOptions& options,
                           Date date) {
  const HistoryStore history(o.history, HistoryAccess::read_only);
  const auto loaded = load_chain_refs("forecast", o.chain, history);
  if (!loaded) return kExitBadInput;
  const std::vector<ChainStoreRef>* refs = &loaded->refs;
  std::vector<StoreHistory> pasts;
  std::vector<std::map<std::string, double>> on_hand;
  for (std::size_t j = 0; j < refs->size(); ++j) {
    const ChainStoreRef& r = (*refs)[j];
    // Ordered `lead_days` ahead: with the sales up to the day the order goes out.
    const Date known = last_known_day(date, r.lead_days);
    pasts.push_back(history.load(r.store, known - (options.max_history_days - 1), known));
    if (std::none_of(pasts.back().present.begin(), pasts.back().present.end(),
                     [](auto p) { return p != 0; })) {
      fmt::print(stderr, "kaiten forecast: store {} has no sales up to {}\n", r.store,
                 known.to_string());
      return kExitBadInput;
    }
    loaded->apply_centre_costs(j, pasts.back().catalogue);
    on_hand.push_back(on_hand_at(history, r.store, date, known));
  }
  const ChainForecast chain = forecast_chain(pasts, *refs, on_hand, date, options);

  const std::vector<double>& levels = options.quantile_levels;
  std::string items_csv = forecast_csv_header(levels);
  std::string orders_csv = orders_csv_header(levels);
  nlohmann::json stores = nlohmann::json::array();
  for (std::size_t j = 0; j < refs->size(); ++j) {
    const StoreForecast& fc = chain.stores[j];
    nlohmann::json items = append_forecast_rows(items_csv, fc, levels);
    nlohmann::json ingredients = append_order_rows(orders_csv, fc, chain.store_orders[j], levels);
    stores.push_back({{"store", fc.store},
                      {"region", (*refs)[j].region},
                      {"centre", (*refs)[j].centre},
                      {"horizon_days", fc.horizon},
                      {"covered_days", chain.covered_days[j]},
                      {"holiday", fc.holiday},
                      {"items", items},
                      {"ingredients", ingredients}});
  }
  std::string centres_csv =
      "centre,date,ingredient,stores,mean_need_g,critical_ratio,underage_yen_per_kg,"
      "overage_yen_per_kg,on_hand_g,pooled_target_g,pooled_order_g,separate_target_g,"
      "separate_order_g,pooled_expected_cost_yen,separate_expected_cost_yen,saving_yen,"
      "saving_pct\n";
  nlohmann::json centres = nlohmann::json::object();
  std::map<std::string, std::pair<double, double>> cost_by_centre;  // pooled, separate
  for (const CentreOrder& c : chain.centres) {
    centres_csv += fmt::format(
        "{},{},{},{},{},{:.4f},{},{},{},{},{},{},{},{},{},{},{:.2f}\n", c.centre, date.to_string(),
        c.ingredient, c.stores, number(c.mean_need_g), c.critical_ratio,
        number(c.costs.underage_yen_per_kg), number(c.costs.overage_yen_per_kg),
        number(c.on_hand_g), number(c.pooled_target_g), number(c.pooled_order_g),
        number(c.separate_target_g), number(c.separate_order_g), number(c.pooled_cost_yen),
        number(c.separate_cost_yen), number(c.separate_cost_yen - c.pooled_cost_yen),
        saving_pct(c.pooled_cost_yen, c.separate_cost_yen));
    auto& [pooled, separate] = cost_by_centre[c.centre];
    pooled += c.pooled_cost_yen;
    separate += c.separate_cost_yen;
    centres[c.centre].push_back({{"ingredient", c.ingredient},
                                 {"stores", c.stores},
                                 {"mean_need_g", c.mean_need_g},
                                 {"critical_ratio", c.critical_ratio},
                                 {"on_hand_g", c.on_hand_g},
                                 {"pooled_target_g", c.pooled_target_g},
                                 {"pooled_order_g", c.pooled_order_g},
                                 {"separate_target_g", c.separate_target_g},
                                 {"separate_order_g", c.separate_order_g},
                                 {"pooled_expected_cost_yen", c.pooled_cost_yen},
                                 {"separate_expected_cost_yen", c.separate_cost_yen}});
  }
  nlohmann::json within = nlohmann::json::object();
  for (std::size_t r = 0; r < chain.correlation.regions.size(); ++r)
    within[chain.correlation.regions[r]] = chain.correlation.within[r];
  nlohmann::json totals = nlohmann::json::object();
  double all_pooled = 0, all_separate = 0;
  for (const auto& [centre, cost] : cost_by_centre) {
    totals[centre] = {{"pooled_expected_cost_yen", cost.first},
                      {"separate_expected_cost_yen", cost.second},
                      {"saving_pct", saving_pct(cost.first, cost.second)}};
    all_pooled += cost.first;
    all_separate += cost.second;
  }
  const nlohmann::json doc = {
      {"chain", o.chain},
      {"date", date.to_string()},
      {"sample_paths", options.sample_paths},
      {"shock_correlation",
       {{"within_region", within}, {"between_regions", chain.correlation.between}}},
      {"expected_cost_by_centre", totals},
      {"stores", stores},
      {"centres", centres}};
  OutputSet out(o.out_dir, "forecast", kChainForecastFiles);
  out.write("forecast.csv", items_csv);
  out.write("orders.csv", orders_csv);
  out.write("centre_orders.csv", centres_csv);
  out.write("forecast.json", doc.dump(2) + "\n");
  out.commit();
  if (!o.quiet) {
    fmt::print("kaiten forecast: {} stores of {} on {}, {} centres; written to {}\n", refs->size(),
               o.chain, date.to_string(), cost_by_centre.size(), o.out_dir);
    fmt::print("  shock correlation: between regions {:.2f}; within", chain.correlation.between);
    for (std::size_t r = 0; r < chain.correlation.regions.size(); ++r)
      fmt::print(" {} {:.2f}", chain.correlation.regions[r], chain.correlation.within[r]);
    fmt::print("\n");
    for (const auto& [centre, cost] : cost_by_centre)
      fmt::print(
          "  {}: expected shortage + leftover ¥{:.0f} pooled against ¥{:.0f} for its stores' own "
          "orders (saves ¥{:.0f}, {:.1f} %)\n",
          centre, cost.first, cost.second, cost.second - cost.first,
          saving_pct(cost.first, cost.second));
    fmt::print("  chain: ¥{:.0f} pooled against ¥{:.0f} ({:.1f} % less)\n", all_pooled,
               all_separate, saving_pct(all_pooled, all_separate));
    for (std::size_t j = 0; j < refs->size(); ++j)
      if (chain.covered_days[j] != 1)
        fmt::print("  {} ({}): {}\n", (*refs)[j].store, (*refs)[j].centre,
                   chain.covered_days[j] == 0
                       ? std::string("no delivery on this day")
                       : fmt::format("the delivery covers {} days", chain.covered_days[j]));
  }
  return kExitOk;
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
  if (!o.chain.empty() && (!o.store.empty() || o.holiday)) {
    fmt::print(stderr, "kaiten forecast: --chain forecasts every store: no --store or --holiday\n");
    return kExitBadInput;
  }
  const std::vector<std::string> inputs = o.chain.empty()
                                              ? std::vector<std::string>{o.history}
                                              : std::vector<std::string>{o.history, o.chain};
  if (!check_inputs("forecast", inputs) ||
      !check_output("forecast", "--out", o.out_dir, inputs,
                    o.chain.empty() ? kForecastFiles : kChainForecastFiles) ||
      !check_store_id("forecast", "--store", o.store))
    return kExitBadInput;
  try {
    if (!o.chain.empty()) return forecast_chain_command(o, options, *date);
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
    const std::vector<IngredientOrder> orders = forecast_orders(
        fc, past.catalogue, on_hand_at(history, store, *date, *date - 1), options.quantile_levels);

    std::string items_csv = forecast_csv_header(options.quantile_levels);
    const nlohmann::json items = append_forecast_rows(items_csv, fc, options.quantile_levels);
    std::string orders_csv = orders_csv_header(options.quantile_levels);
    const nlohmann::json ingredients =
        append_order_rows(orders_csv, fc, orders, options.quantile_levels);
    const nlohmann::json doc = {{"store", store},
                                {"date", date->to_string()},
                                {"horizon_days", fc.horizon},
                                {"holiday", fc.holiday},
                                {"holiday_factor", fc.holiday_factor},
                                {"sample_paths", options.sample_paths},
                                {"items", items},
                                {"ingredients", ingredients}};

    // The folder is replaced as a whole (docs/outputs.md).
    OutputSet out(o.out_dir, "forecast", kForecastFiles);
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
