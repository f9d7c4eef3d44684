// A chain's purchasing backtest (`kaiten backtest --chain --out DIR`, docs/headoffice.md): each
// distribution centre's pooled orders against its stores' own and fixed par levels.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "charts.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {
namespace {

constexpr std::string_view kWrittenBy = "kaiten backtest --chain --out";

struct Rule {
  const char* key;
  const char* label;
  Rgb colour;
};
constexpr Rule kRules[] = {{"pooled", "pooled per centre", kEatenColour},
                           {"separate", "stores' own orders", kMadeColour},
                           {"fixed_par", "fixed par per store", kNeutralColour}};

}  // namespace

Report purchasing_report(const std::filesystem::path& dir) {
  Report report;
  report.kind = "purchasing";
  const std::string name = (dir / "chain_backtest.json").string();
  const Json doc = parse_json_file(dir, "chain_backtest.json", kWrittenBy);
  const auto text = [&](std::string_view path) {
    const Json& v = json_field(doc, name, path);
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  report.title = fmt::format("kaiten purchasing report: {}", text("chain"));
  report.subtitle =
      fmt::format("{} stores, days {} to {} ({} scored), against {}; from {}", text("stores"),
                  text("from"), text("to"), text("days"), text("actuals"), dir.string());
  const Json& centres = json_field(doc, name, "centres");
  if (!centres.is_array() || centres.empty())
    throw ReportError(fmt::format("{}: field `centres` is not a non-empty list", name));

  std::vector<std::string> labels;
  std::vector<std::vector<double>> cost(3), shortage(3), leftover(3), fill(3);
  Table table;
  table.title = "Ordering rules per centre";
  table.caption =
      "Shortage (kg short × underage cost) and leftover (kg over × overage cost) over the scored "
      "days, on the needs that materialised; fill is the share of the need's value covered. "
      "docs/headoffice.md defines each rule.";
  table.header = {"centre", "rule", "shortage ¥", "leftover ¥", "cost ¥", "fill", "pooled saves"};
  for (const Json& c : centres) {
    const std::string centre = json_field(c, name, "centre").get<std::string>();
    labels.push_back(centre);
    for (std::size_t r = 0; r < 3; ++r) {
      const std::string base = kRules[r].key;
      const double s = json_number(c, name, base + ".shortage_yen");
      const double l = json_number(c, name, base + ".leftover_yen");
      const double f = json_number(c, name, base + ".fill_rate");
      shortage[r].push_back(std::round(s));
      leftover[r].push_back(std::round(l));
      cost[r].push_back(std::round(s + l));
      fill[r].push_back(std::round(f * 10000) / 10000);
      table.rows.push_back({centre, kRules[r].label, fmt::format("{:.0f}", s),
                            fmt::format("{:.0f}", l), fmt::format("{:.0f}", s + l),
                            fmt::format("{:.3f}", f),
                            r == 0 ? fmt::format("{:.1f} % against own orders",
                                                 json_number(c, name, "pooled_saving_pct"))
                                   : ""});
    }
  }
  report.tables.push_back(std::move(table));

  Json cost_sets = Json::array(), fill_sets = Json::array();
  for (std::size_t r = 0; r < 3; ++r) {
    cost_sets.push_back({{"label", kRules[r].label},
                         {"data", cost[r]},
                         {"backgroundColor", css(kRules[r].colour)}});
    fill_sets.push_back({{"label", kRules[r].label},
                         {"data", fill[r]},
                         {"backgroundColor", css(kRules[r].colour)}});
  }
  report.charts.push_back(make_chart(
      "purchasing_cost", "Shortage + leftover cost by ordering rule",
      "Each centre's (and the chain's) cost of ordering by each rule over the scored days: lower "
      "is better; the gap between the first two bars is what pooling the stores' needs saves.",
      {{"type", "bar"},
       {"data", {{"labels", labels}, {"datasets", cost_sets}}},
       {"options",
        {{"scales",
          {{"x", axis("distribution centre")},
           {"y", axis("yen over the scored days", {{"beginAtZero", true}})}}}}}}));
  Json parts = Json::array();
  for (std::size_t r = 0; r < 3; ++r) {
    parts.push_back({{"label", fmt::format("{}: shortage", kRules[r].label)},
                     {"data", shortage[r]},
                     {"stack", kRules[r].key},
                     {"backgroundColor", css(kDiscardColour, r == 0 ? 1.0 : 0.6)}});
    parts.push_back({{"label", fmt::format("{}: leftover", kRules[r].label)},
                     {"data", leftover[r]},
                     {"stack", kRules[r].key},
                     {"backgroundColor", css(kRules[r].colour)}});
  }
  report.charts.push_back(make_chart(
      "purchasing_parts", "Shortage and leftover, rule by rule",
      "Each bar is one rule at one centre, split into what running short cost (red) and what was "
      "left over (the rule's colour): a fixed par level runs short more, forecasts leave more "
      "over.",
      {{"type", "bar"},
       {"data", {{"labels", labels}, {"datasets", parts}}},
       {"options",
        {{"scales",
          {{"x", axis("distribution centre", {{"stacked", true}})},
           {"y",
            axis("yen over the scored days", {{"beginAtZero", true}, {"stacked", true}})}}}}}}));
  report.charts.push_back(make_chart(
      "purchasing_fill", "Fill rate by ordering rule",
      "Share of the needed ingredients' value that the order covered, per centre and rule: 1 is "
      "never short.",
      {{"type", "bar"},
       {"data", {{"labels", labels}, {"datasets", fill_sets}}},
       {"options",
        {{"scales",
          {{"x", axis("distribution centre")},
           {"y", axis("fill rate (share of the need's value)", {{"min", 0}, {"max", 1}})}}}}}}));
  return report;
}

}  // namespace kaiten::report
