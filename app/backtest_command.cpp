// kaiten backtest: rolling-origin evaluation of every model and baseline over a date range
// (docs/headoffice.md).
#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/headoffice/backtest.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/io/output_set.hpp"

namespace kaiten::app {

using namespace kaiten::headoffice;

namespace {

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
  if (!check_inputs("backtest", {o.history}) ||
      !check_output("backtest", "--out", o.out_dir, {o.history},
                    {"backtest.json", "backtest_items.csv"}) ||
      !check_store_id("backtest", "--store", o.store))
    return kExitBadInput;
  try {
    const HistoryStore history(o.history, HistoryAccess::read_only);
    const auto resolved = resolve_store_option("backtest", history, o.store);
    if (!resolved) return kExitBadInput;
    const std::string& store = *resolved;
    const BacktestResult r = run_backtest(history, store, options);
    if (!o.quiet) {
      fmt::print("kaiten backtest: {} from {} to {}: {} days, scored against {}\n", store, o.from,
                 o.to, r.days, r.actuals);
      fmt::print("{:<24} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>11} {:>10} {:>10} {:>6}\n",
                 "model", "RMSSE", "WRMSSE", "MASE", "SPL@CR", "RMSSE-tot", "MASE-tot", "gap",
                 "cost-yen", "waste-yen", "short-yen", "fill");
      for (const ModelScore& s : r.models) {
        fmt::print("{:<24} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>11} {:>10} {:>10} {:>6}\n",
                   s.model, cell(s.rmsse_items), cell(s.wrmsse), cell(s.mase_items),
                   cell(s.spl_items), cell(s.rmsse_total), cell(s.mase_total),
                   cell(s.gap_closed, 2), cell(s.business.cost_yen, 0),
                   cell(s.business.waste_yen, 0), cell(s.business.shortage_yen, 0),
                   cell(s.business.fill_rate));
      }
      const BusinessOutcome& f = r.fixed_orders;
      fmt::print("{:<24} {:>78} {:>10} {:>10} {:>6}\n", "fixed order", cell(f.cost_yen, 0),
                 cell(f.waste_yen, 0), cell(f.shortage_yen, 0), cell(f.fill_rate));
      for (const ModelScore& s : r.models) {
        if (s.chosen.empty()) continue;
        std::string chosen;
        for (const auto& [model, count] : s.chosen)
          chosen += fmt::format("{}{} {}", chosen.empty() ? "" : ", ", model, count);
        fmt::print("auto chose (item-days): {}\n", chosen);
      }
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
                          {"business", business_json(s.business)},
                          {"chosen", s.chosen}});
      }
      nlohmann::json fixed = nlohmann::json::object();
      for (const auto& [ingredient, grams] : r.fixed_orders_g) fixed[ingredient] = grams;
      nlohmann::json doc = {{"store", r.store},
                            {"from", o.from},
                            {"to", o.to},
                            {"days", r.days},
                            {"actuals", r.actuals},
                            {"models", models},
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
