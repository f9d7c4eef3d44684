// kaiten backtest: rolling-origin evaluation of every model and baseline over a date range
// (docs/headoffice.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/headoffice/backtest.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/purchasing.hpp"
#include "kaiten/io/output_set.hpp"

namespace kaiten::app {

using namespace kaiten::headoffice;

namespace {

const std::vector<std::string> kChainBacktestFiles = {"chain_backtest.json", "chain_backtest.csv"};

/// JSON has no NaN: null instead.
nlohmann::json num(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

std::string cell(double v, int decimals = 3) {
  return std::isnan(v) ? std::string("-") : fmt::format("{:.{}f}", v, decimals);
}

nlohmann::json business_json(const BusinessOutcome& b) {
  return {{"ordered_kg", num(b.ordered_kg)},
          {"waste_yen", num(b.waste_yen)},
          {"shortage_yen", num(b.shortage_yen)},
          {"cost_yen", num(b.cost_yen)},
          {"fill_rate", num(b.fill_rate)}};
}

/// Per item: auto's RMSSE, the best model's and its name; then how many items each model wins.
void print_item_table(const BacktestResult& r) {
  std::map<std::string, std::vector<const ItemScore*>> by_item;
  for (const ItemScore& s : r.item_scores)
    if (s.model != "oracle" && !std::isnan(s.rmsse)) by_item[s.item].push_back(&s);
  if (by_item.empty()) return;
  const bool have_auto = std::any_of(r.item_scores.begin(), r.item_scores.end(),
                                     [](const ItemScore& s) { return s.model == "auto"; });
  fmt::print("per item (RMSSE; the best model of those scored):\n");
  fmt::print("{:<16} {:>8} {:<24} {:>8}\n", "item", have_auto ? "auto" : "", "best", "RMSSE");
  std::map<std::string, int> wins;
  for (const auto& [item, scores] : by_item) {
    const ItemScore* best =
        *std::min_element(scores.begin(), scores.end(),
                          [](const auto* a, const auto* b) { return a->rmsse < b->rmsse; });
    double auto_rmsse = std::numeric_limits<double>::quiet_NaN();
    for (const ItemScore* s : scores)
      if (s->model == "auto") auto_rmsse = s->rmsse;
    ++wins[best->model];
    fmt::print("{:<16} {:>8} {:<24} {:>8}\n", item, have_auto ? cell(auto_rmsse) : "", best->model,
               cell(best->rmsse));
  }
  std::string summary;
  for (const auto& [model, count] : wins)
    summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", model, count);
  fmt::print("items won: {}\n", summary);
}

nlohmann::json rule_json(const RuleOutcome& r) {
  return {{"ordered_kg", r.ordered_kg},
          {"shortage_yen", r.shortage_yen},
          {"leftover_yen", r.leftover_yen},
          {"cost_yen", r.cost_yen},
          {"fill_rate", r.fill_rate}};
}

double saving_pct(double cost, double against) {
  return against > 0 ? 100.0 * (against - cost) / against : 0.0;
}

/// `kaiten backtest --chain`: the centres' pooled orders against their stores' own and fixed
/// par levels, day by day on the needs that materialised (docs/headoffice.md).
int backtest_chain_command(const BacktestCommandOptions& o, const ForecastOptions& forecast,
                           Date from, Date to) {
  const HistoryStore history(o.history, HistoryAccess::read_only);
  const auto loaded = load_chain_refs("backtest", o.chain, history);
  if (!loaded) return kExitBadInput;
  const std::vector<ChainStoreRef>* refs = &loaded->refs;
  ChainBacktestOptions options;
  options.from = from;
  options.to = to;
  options.forecast = forecast;
  options.adjust_catalogue = [&](std::size_t store, Catalogue& catalogue) {
    loaded->apply_centre_costs(store, catalogue);
  };
  const ChainBacktestResult r = backtest_chain(history, *refs, options);
  std::vector<CentreBacktest> rows = r.centres;
  rows.push_back(r.chain);
  std::string csv = "centre,rule,days,ordered_kg,shortage_yen,leftover_yen,cost_yen,fill_rate\n";
  nlohmann::json centres = nlohmann::json::array();
  for (const CentreBacktest& c : rows) {
    for (const auto& [rule, outcome] :
         {std::pair{"pooled", &c.pooled}, std::pair{"separate", &c.separate},
          std::pair{"fixed_par", &c.fixed}})
      csv += fmt::format("{},{},{},{:.3f},{:.2f},{:.2f},{:.2f},{:.4f}\n", c.centre, rule, r.days,
                         outcome->ordered_kg, outcome->shortage_yen, outcome->leftover_yen,
                         outcome->cost_yen, outcome->fill_rate);
    centres.push_back({{"centre", c.centre},
                       {"pooled", rule_json(c.pooled)},
                       {"separate", rule_json(c.separate)},
                       {"fixed_par", rule_json(c.fixed)},
                       {"pooled_saving_yen", c.separate.cost_yen - c.pooled.cost_yen},
                       {"pooled_saving_pct", saving_pct(c.pooled.cost_yen, c.separate.cost_yen)}});
  }
  if (!o.out_dir.empty()) {
    OutputSet out(o.out_dir, "backtest", kChainBacktestFiles);
    out.write("chain_backtest.csv", csv);
    out.write("chain_backtest.json", nlohmann::json{{"chain", o.chain},
                                                    {"from", from.to_string()},
                                                    {"to", to.to_string()},
                                                    {"days", r.days},
                                                    {"actuals", r.actuals},
                                                    {"stores", refs->size()},
                                                    {"centres", centres}}
                                             .dump(2) +
                                         "\n");
    out.commit();
  }
  if (!o.quiet) {
    fmt::print("kaiten backtest: {} stores of {} from {} to {}: {} days, scored against {}\n",
               refs->size(), o.chain, o.from, o.to, r.days, r.actuals);
    fmt::print("{:<12} {:<10} {:>12} {:>12} {:>12} {:>7}\n", "centre", "rule", "shortage-yen",
               "leftover-yen", "cost-yen", "fill");
    for (const CentreBacktest& c : rows) {
      for (const auto& [rule, outcome] :
           {std::pair{"pooled", &c.pooled}, std::pair{"separate", &c.separate},
            std::pair{"fixed par", &c.fixed}})
        fmt::print("{:<12} {:<10} {:>12.0f} {:>12.0f} {:>12.0f} {:>7.3f}\n", c.centre, rule,
                   outcome->shortage_yen, outcome->leftover_yen, outcome->cost_yen,
                   outcome->fill_rate);
      fmt::print(
          "{:<12} pooled saves ¥{:.0f} ({:.1f} %) against the stores' own orders, ¥{:.0f} "
          "({:.1f} %) against fixed par\n",
          c.centre, c.separate.cost_yen - c.pooled.cost_yen,
          saving_pct(c.pooled.cost_yen, c.separate.cost_yen), c.fixed.cost_yen - c.pooled.cost_yen,
          saving_pct(c.pooled.cost_yen, c.fixed.cost_yen));
    }
  }
  return kExitOk;
}

}  // namespace

int backtest_command(const BacktestCommandOptions& o) {
  const auto from = parse_date_option("backtest", "--from", o.from);
  const auto to = parse_date_option("backtest", "--to", o.to);
  if (!from || !to) return kExitBadInput;
  if (*to < *from) {
    fmt::print(stderr, "kaiten backtest: --to ({}) is before --from ({})\n", o.to, o.from);
    return kExitBadInput;
  }
  BacktestOptions options;
  options.from = *from;
  options.to = *to;
  options.models = o.models;
  options.forecast.use_calendar = !o.no_calendar;
  options.forecast.uncensor = !o.no_uncensor;
  options.forecast.share_leaders = static_cast<std::size_t>(o.share_leaders);
  for (const std::string& pair : o.compare) {
    const auto colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
      fmt::print(stderr, "kaiten backtest: --compare: expected MODEL:MODEL, got \"{}\"\n", pair);
      return kExitBadInput;
    }
    options.compare.emplace_back(pair.substr(0, colon), pair.substr(colon + 1));
  }
  if (o.against == "true") {
    options.actuals = Actuals::true_demand;
  } else if (o.against == "sold") {
    options.actuals = Actuals::sold;
  } else if (o.against != "auto") {
    fmt::print(stderr, "kaiten backtest: --against: expected auto, true or sold\n");
    return kExitBadInput;
  }
  for (const std::string& model : o.models) {
    if (!is_backtest_model(model)) {
      fmt::print(stderr, "kaiten backtest: --models: unknown model \"{}\" (models: {})\n",
                 one_line(model), backtest_model_names());
      return kExitBadInput;
    }
  }
  if (!o.chain.empty() && (!o.store.empty() || !o.models.empty() || !o.compare.empty())) {
    fmt::print(stderr,
               "kaiten backtest: --chain scores the centres' orders from every store's automatic "
               "forecast: no --store, --models or --compare\n");
    return kExitBadInput;
  }
  const std::vector<std::string> inputs = o.chain.empty()
                                              ? std::vector<std::string>{o.history}
                                              : std::vector<std::string>{o.history, o.chain};
  if (!check_inputs("backtest", inputs) ||
      !check_output("backtest", "--out", o.out_dir, inputs,
                    o.chain.empty()
                        ? std::vector<std::string>{"backtest.json", "backtest_items.csv"}
                        : kChainBacktestFiles) ||
      !check_store_id("backtest", "--store", o.store))
    return kExitBadInput;
  try {
    if (!o.chain.empty()) return backtest_chain_command(o, options.forecast, *from, *to);
    const HistoryStore history(o.history, HistoryAccess::read_only);
    const auto resolved = resolve_store_option("backtest", history, o.store);
    if (!resolved) return kExitBadInput;
    const std::string& store = *resolved;
    const BacktestResult r = run_backtest(history, store, options);
    if (!o.quiet) {
      fmt::print("kaiten backtest: {} from {} to {}: {} days, scored against {}\n", store, o.from,
                 o.to, r.days, r.actuals);
      fmt::print(
          "{:<24} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>6} {:>11} {:>10} {:>10} {:>6}\n",
          "model", "RMSSE", "WRMSSE", "MASE", "SPL@CR", "RMSSE-tot", "MASE-tot", "gap", "cov90",
          "cost-yen", "waste-yen", "short-yen", "fill");
      for (const ModelScore& s : r.models) {
        fmt::print(
            "{:<24} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>6} {:>11} {:>10} {:>10} {:>6}\n",
            s.model, cell(s.rmsse_items), cell(s.wrmsse), cell(s.mase_items), cell(s.spl_items),
            cell(s.rmsse_total), cell(s.mase_total), cell(s.gap_closed, 2), cell(s.coverage90),
            cell(s.business.cost_yen, 0), cell(s.business.waste_yen, 0),
            cell(s.business.shortage_yen, 0), cell(s.business.fill_rate));
      }
      const BusinessOutcome& f = r.fixed_orders;
      fmt::print("{:<24} {:>85} {:>10} {:>10} {:>6}\n", "fixed order", cell(f.cost_yen, 0),
                 cell(f.waste_yen, 0), cell(f.shortage_yen, 0), cell(f.fill_rate));
      for (const ModelScore& s : r.models) {
        if (s.chosen.empty()) continue;
        std::string chosen;
        for (const auto& [model, count] : s.chosen)
          chosen += fmt::format("{}{} {}", chosen.empty() ? "" : ", ", model, count);
        fmt::print("auto chose (item-days): {}\n", chosen);
      }
      if (!r.comparisons.empty()) {
        fmt::print(
            "paired block bootstrap (7-day blocks), a - b with 90 % interval (negative: a "
            "better):\n");
        fmt::print("{:<24} {:<24} {:>24} {:>24} {:>8}\n", "a", "b", "RMSSE items", "RMSSE total",
                   "a wins");
        for (const ModelComparison& c : r.comparisons) {
          fmt::print(
              "{:<24} {:<24} {:>24} {:>24} {:>8}\n", c.a, c.b,
              fmt::format("{:+.3f} [{:+.3f}, {:+.3f}]", c.items_diff, c.items_lo, c.items_hi),
              fmt::format("{:+.3f} [{:+.3f}, {:+.3f}]", c.total_diff, c.total_lo, c.total_hi),
              fmt::format("{}/{}", c.items_a_better, c.items));
        }
      }
      print_item_table(r);
      if (r.as_run) {
        const AsRunOutcome& a = *r.as_run;
        std::string policies;
        for (const auto& [policy, days] : a.policy_days)
          policies += fmt::format("{}{} {} days", policies.empty() ? "" : ", ", policy, days);
        fmt::print(
            "as run ({}): ordered {:.1f} kg, used {:.1f} kg, expired {:.1f} kg ({:.0f} yen); "
            "lost {:.0f} of {:.0f} plates demanded ({:.0f} yen margin); cost {:.0f} yen; fill "
            "rate {}; belt discards {:.0f} plates\n",
            policies, a.ordered_kg, a.used_kg, a.expired_kg, a.expired_yen, a.lost_plates,
            a.demand_plates, a.lost_margin_yen, a.cost_yen, cell(a.fill_rate, 4),
            a.discarded_plates);
      }
    }
    if (!o.out_dir.empty()) {
      nlohmann::json models = nlohmann::json::array();
      for (const ModelScore& s : r.models) {
        models.push_back({{"model", s.model},
                          {"rmsse_items", num(s.rmsse_items)},
                          {"wrmsse", num(s.wrmsse)},
                          {"mase_items", num(s.mase_items)},
                          {"spl_items", num(s.spl_items)},
                          {"rmsse_total", num(s.rmsse_total)},
                          {"mase_total", num(s.mase_total)},
                          {"gap_closed", num(s.gap_closed)},
                          {"coverage90", num(s.coverage90)},
                          {"business", business_json(s.business)},
                          {"chosen", s.chosen}});
      }
      nlohmann::json comparisons = nlohmann::json::array();
      for (const ModelComparison& c : r.comparisons) {
        comparisons.push_back({{"a", c.a},
                               {"b", c.b},
                               {"rmsse_items_diff", num(c.items_diff)},
                               {"rmsse_items_90", {num(c.items_lo), num(c.items_hi)}},
                               {"rmsse_total_diff", num(c.total_diff)},
                               {"rmsse_total_90", {num(c.total_lo), num(c.total_hi)}},
                               {"items_a_better", c.items_a_better},
                               {"items", c.items}});
      }
      nlohmann::json fixed = nlohmann::json::object();
      for (const auto& [ingredient, grams] : r.fixed_orders_g) fixed[ingredient] = grams;
      nlohmann::json doc = {{"store", r.store},
                            {"from", o.from},
                            {"to", o.to},
                            {"days", r.days},
                            {"actuals", r.actuals},
                            {"models", models},
                            {"comparisons", comparisons},
                            {"fixed_orders", business_json(r.fixed_orders)},
                            {"fixed_orders_g", fixed}};
      if (r.as_run) {
        const AsRunOutcome& a = *r.as_run;
        doc["as_run"] = {{"days", a.days},
                         {"policy_days", a.policy_days},
                         {"ordered_kg", a.ordered_kg},
                         {"used_kg", a.used_kg},
                         {"expired_kg", a.expired_kg},
                         {"expired_yen", a.expired_yen},
                         {"demand_plates", a.demand_plates},
                         {"sold_plates", a.sold_plates},
                         {"lost_plates", a.lost_plates},
                         {"lost_margin_yen", a.lost_margin_yen},
                         {"cost_yen", a.cost_yen},
                         {"fill_rate", num(a.fill_rate)},
                         {"discarded_plates", a.discarded_plates}};
      }
      std::string csv = "item,model,rmsse,mase\n";
      for (const ItemScore& s : r.item_scores)
        csv += fmt::format("{},{},{},{}\n", s.item, s.model, cell(s.rmsse, 4), cell(s.mase, 4));
      // The folder is replaced as a whole (docs/outputs.md).
      OutputSet out(o.out_dir, "backtest", {"backtest.json", "backtest_items.csv"});
      out.write("backtest.json", doc.dump(2) + "\n");
      out.write("backtest_items.csv", csv);
      out.commit();
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten backtest: --out {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten backtest: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
