// Each forecasting model's error against seasonal naive, from a backtest folder
// (`kaiten backtest --out DIR`, docs/headoffice.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "charts.hpp"
#include "csv.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {
namespace {

constexpr std::string_view kBacktest = "kaiten backtest --out";

/// A number of a model's entry, NaN when null or missing (a figure the backtest could not make).
double figure(const Json& model, const char* key) {
  if (!model.contains(key) || !model[key].is_number()) return std::nan("");
  return std::round(model[key].get<double>() * 10000) / 10000;
}

Json numbers(const std::vector<double>& v) {
  Json out = Json::array();
  for (const double x : v) {
    if (std::isfinite(x)) {
      out.push_back(x);
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

std::string cell(double v) {
  return std::isfinite(v) ? fmt::format("{:.3f}", v) : "n/a";
}

}  // namespace

Report backtest_report(const std::filesystem::path& dir) {
  Report report;
  report.kind = "backtest";
  const std::string json_name = (dir / "backtest.json").string();
  const Json doc = parse_json_file(dir, "backtest.json", kBacktest);
  const Json& models = json_field(doc, json_name, "models");
  if (!models.is_array() || models.empty())
    throw ReportError(fmt::format("{}: field `models` is not a non-empty list", json_name));
  const auto text = [&](std::string_view path) {
    const Json& v = json_field(doc, json_name, path);
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  report.title = fmt::format("kaiten backtest report: {}", text("store"));
  report.subtitle = fmt::format("days {} to {} ({} scored), against {}; from {}", text("from"),
                                text("to"), text("days"), text("actuals"), dir.string());

  std::vector<std::string> names;
  std::vector<double> rmsse_items, rmsse_total, mase_items, wrmsse, coverage;
  for (const Json& m : models) {
    if (!m.is_object() || !m.contains("model") || !m["model"].is_string())
      throw ReportError(fmt::format("{}: a `models` entry has no `model`", json_name));
    names.push_back(m["model"].get<std::string>());
    rmsse_items.push_back(figure(m, "rmsse_items"));
    rmsse_total.push_back(figure(m, "rmsse_total"));
    mase_items.push_back(figure(m, "mase_items"));
    wrmsse.push_back(figure(m, "wrmsse"));
    coverage.push_back(figure(m, "coverage90"));
  }
  Table table;
  table.title = "Models";
  table.caption =
      "Errors scaled by seasonal naive's in-sample error (below 1: better than last week's same "
      "day); cov90 is the share of actuals inside the 90 % interval. docs/headoffice.md defines "
      "each.";
  table.header = {"model", "RMSSE items", "RMSSE total", "MASE items", "WRMSSE", "cov90"};
  for (std::size_t i = 0; i < names.size(); ++i)
    table.rows.push_back({names[i], cell(rmsse_items[i]), cell(rmsse_total[i]), cell(mase_items[i]),
                          cell(wrmsse[i]), cell(coverage[i])});
  report.tables.push_back(std::move(table));

  report.charts.push_back(make_chart(
      "backtest_errors", "Each model's error, scaled by seasonal naive",
      "RMSSE per item (mean over items), of the store total, and MASE per item: each is the "
      "model's error over seasonal naive's in-sample error, so lower is better and the "
      "seasonal_naive bars are the baseline.",
      {{"type", "bar"},
       {"data",
        {{"labels", names},
         {"datasets", Json::array({{{"label", "RMSSE, items"},
                                    {"data", numbers(rmsse_items)},
                                    {"backgroundColor", css(kMadeColour)}},
                                   {{"label", "RMSSE, store total"},
                                    {"data", numbers(rmsse_total)},
                                    {"backgroundColor", css(kForecastColour)}},
                                   {{"label", "MASE, items"},
                                    {"data", numbers(mase_items)},
                                    {"backgroundColor", css(kEatenColour)}}})}}},
       {"options",
        {{"scales",
          {{"x", axis("forecasting model")},
           {"y",
            axis("scaled error (1 = seasonal naive in sample)", {{"beginAtZero", true}})}}}}}}));
  report.charts.push_back(make_chart(
      "backtest_coverage", "Coverage of the 90 % forecast interval",
      "Share of item-days whose actual fell inside the model's 5 %–95 % quantiles: a calibrated "
      "interval is near the line at 0.9; below it, the model is over-confident.",
      {{"type", "bar"},
       {"data",
        {{"labels", names},
         {"datasets", Json::array({{{"type", "line"},
                                    {"label", "0.9 (calibrated)"},
                                    {"data", numbers(std::vector<double>(names.size(), 0.9))},
                                    {"borderColor", css(kDiscardColour)},
                                    {"backgroundColor", css(kDiscardColour)},
                                    {"pointRadius", 0},
                                    {"order", 0}},
                                   {{"label", "coverage"},
                                    {"data", numbers(coverage)},
                                    {"backgroundColor", css(kMadeColour)},
                                    {"order", 1}}})}}},
       {"options",
        {{"scales",
          {{"x", axis("forecasting model")},
           {"y", axis("share of item-days inside the interval", {{"min", 0}, {"max", 1}})}}}}}}));

  // Paired comparisons: A - B with its 90 % bootstrap interval.
  if (doc.contains("comparisons") && doc["comparisons"].is_array() && !doc["comparisons"].empty()) {
    Json items = Json::array(), totals = Json::array();
    std::vector<std::string> labels;
    for (const Json& c : doc["comparisons"]) {
      if (!c.is_object() || !c.contains("a") || !c.contains("b")) continue;
      const std::string label =
          fmt::format("{} − {}", c["a"].get<std::string>(), c["b"].get<std::string>());
      labels.push_back(label);
      const auto point = [&](const char* diff, const char* interval) {
        Json p = {{"x", label}, {"y", figure(c, diff)}};
        if (c.contains(interval) && c[interval].is_array() && c[interval].size() == 2 &&
            c[interval][0].is_number() && c[interval][1].is_number()) {
          p["yLow"] = std::round(c[interval][0].get<double>() * 10000) / 10000;
          p["yHigh"] = std::round(c[interval][1].get<double>() * 10000) / 10000;
        }
        return p;
      };
      items.push_back(point("rmsse_items_diff", "rmsse_items_90"));
      totals.push_back(point("rmsse_total_diff", "rmsse_total_90"));
    }
    report.charts.push_back(make_chart(
        "backtest_comparisons", "Paired differences in RMSSE, with 90 % intervals",
        "Model A's RMSSE minus model B's on the same days (paired block bootstrap, 90 % "
        "interval as bars): below zero A is better; an interval across zero is no clear winner.",
        {{"type", "line"},
         {"data",
          {{"labels", labels},
           {"datasets", Json::array({{{"label", "items"},
                                      {"data", items},
                                      {"showLine", false},
                                      {"kaitenErrorBars", true},
                                      {"borderColor", css(kMadeColour)},
                                      {"backgroundColor", css(kMadeColour)},
                                      {"pointRadius", 4}},
                                     {{"label", "store total"},
                                      {"data", totals},
                                      {"showLine", false},
                                      {"kaitenErrorBars", true},
                                      {"borderColor", css(kForecastColour)},
                                      {"backgroundColor", css(kForecastColour)},
                                      {"pointRadius", 4}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("models compared (A − B)")},
             {"y", axis("RMSSE difference (negative: A better)")}}}}}}));
  }

  // Per item: each item's RMSSE under seasonal naive and under `auto` (or the last model).
  const CsvTable per_item = read_csv(dir, "backtest_items.csv", kBacktest);
  {
    const std::size_t c_item = per_item.column("item"), c_model = per_item.column("model"),
                      c_rmsse = per_item.column("rmsse");
    const std::string other =
        std::find(names.begin(), names.end(), "auto") != names.end() ? "auto" : names.back();
    std::vector<std::string> items;
    std::map<std::string, std::pair<double, double>> by_item;
    for (std::size_t r = 0; r < per_item.size(); ++r) {
      const std::string& item = per_item.text(r, c_item);
      const std::string& model = per_item.text(r, c_model);
      if (model != "seasonal_naive" && model != other) continue;
      if (!by_item.count(item)) {
        items.push_back(item);
        by_item[item] = {std::nan(""), std::nan("")};
      }
      const double v =
          per_item.text(r, c_rmsse).empty() ? std::nan("") : per_item.number(r, c_rmsse);
      (model == "seasonal_naive" ? by_item[item].first : by_item[item].second) = v;
    }
    std::vector<double> naive, chosen;
    for (const std::string& item : items) {
      naive.push_back(by_item[item].first);
      chosen.push_back(by_item[item].second);
    }
    report.charts.push_back(make_chart(
        "backtest_items", fmt::format("RMSSE per item: seasonal naive against {}", other),
        fmt::format("Each item's RMSSE under seasonal naive (grey) and under {} (blue): "
                    "lower is better; per-item daily demand is mostly noise, so expect both "
                    "near 1.",
                    other),
        {{"type", "bar"},
         {"data",
          {{"labels", items},
           {"datasets", Json::array({{{"label", "seasonal_naive"},
                                      {"data", numbers(naive)},
                                      {"backgroundColor", css(kNeutralColour)}},
                                     {{"label", other},
                                      {"data", numbers(chosen)},
                                      {"backgroundColor", css(kMadeColour)}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("menu item (id)")},
             {"y", axis("RMSSE (1 = seasonal naive in sample)", {{"beginAtZero", true}})}}}}}}));
  }
  return report;
}

}  // namespace kaiten::report
