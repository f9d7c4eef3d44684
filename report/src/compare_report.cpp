// Policies side by side from a comparison folder (`kaiten compare --out`): each measure per
// policy with its 95 % interval, the paired differences against the baseline, and a trade-off.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

#include "charts.hpp"
#include "csv.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {
namespace {

constexpr std::string_view kCompare = "kaiten compare --out";

struct Measure {
  std::string name, unit, definition;
  bool higher_is_better = false;
};

struct Interval {
  double mean = 0, low = 0, high = 0;
};

/// The measures of the difference charts: money, waste, what diners lived through and the
/// kitchen's load (the counters, e.g. events or tag reads, stay in the table and the bar charts).
constexpr std::string_view kDifferenceMeasures[] = {
    "clv_per_member_yen", "visits",         "nps_proxy",         "churned_members",
    "waste_rate",         "discard_rate",   "gross_margin_yen",  "revenue_yen",
    "cost_of_goods_yen",  "waste_cost_yen", "found_on_belt",     "tired_share",
    "failed_wishes",      "parties_lost",   "wait_p95_min",      "first_plate_p50_min",
    "order_lead_p95_min", "seated_min",     "plates_per_person", "kitchen_busy"};

/// Policies get these colours in order (the report's own, then the palette's greys).
constexpr Rgb kPolicyColours[] = {kNeutralColour, kMadeColour, kForecastColour, kEatenColour};

Rgb policy_colour(std::size_t p) {
  return kPolicyColours[p % std::size(kPolicyColours)];
}

std::string axis_title(const Measure& m) {
  return m.unit.empty() ? m.name : fmt::format("{} ({})", m.name, m.unit);
}

/// "better", "worse" or "no clear difference": the paired difference's interval against zero.
std::string verdict(const Interval& d, bool higher_is_better) {
  if (d.low > 0) return higher_is_better ? "better" : "worse";
  if (d.high < 0) return higher_is_better ? "worse" : "better";
  return "no clear difference";
}

std::string interval_text(const Interval& i) {
  return fmt::format("{:.4g} [{:.4g}, {:.4g}]", i.mean, i.low, i.high);
}

/// Each row of `table` by its `policy` cell; every measure's interval columns read.
std::map<std::string, std::vector<Interval>> intervals_by_policy(
    const CsvTable& table, const std::vector<Measure>& measures) {
  std::map<std::string, std::vector<Interval>> out;
  const std::size_t policy_col = table.column("policy");
  std::vector<std::size_t> cols;
  for (const Measure& m : measures) {
    cols.push_back(table.column(m.name + ".mean"));
    cols.push_back(table.column(m.name + ".low95"));
    cols.push_back(table.column(m.name + ".high95"));
  }
  for (std::size_t r = 0; r < table.size(); ++r) {
    std::vector<Interval>& row = out[table.text(r, policy_col)];
    for (std::size_t m = 0; m < measures.size(); ++m)
      row.push_back({round_sig(table.number(r, cols[3 * m])),
                     round_sig(table.number(r, cols[3 * m + 1])),
                     round_sig(table.number(r, cols[3 * m + 2]))});
  }
  return out;
}

}  // namespace

Report compare_report(const std::filesystem::path& dir) {
  Report report;
  report.kind = "compare";
  const std::string json_name = (dir / "compare.json").string();
  const Json doc = parse_json_file(dir, "compare.json", kCompare);
  const Json& policies_json = json_field(doc, json_name, "policies");
  const Json& measures_json = json_field(doc, json_name, "measures");
  if (!policies_json.is_array() || policies_json.size() < 2)
    throw ReportError(fmt::format("{}: field `policies` is not a list of two or more", json_name));
  if (!measures_json.is_array() || measures_json.empty())
    throw ReportError(fmt::format("{}: field `measures` is not a non-empty list", json_name));
  std::vector<std::string> policies, definitions;
  for (const Json& p : policies_json) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string())
      throw ReportError(fmt::format("{}: a `policies` entry has no `name`", json_name));
    policies.push_back(p["name"].get<std::string>());
    definitions.push_back(p.value("definition", std::string()));
  }
  std::vector<Measure> measures;
  for (const Json& m : measures_json) {
    if (!m.is_object() || !m.contains("name") || !m["name"].is_string())
      throw ReportError(fmt::format("{}: a `measures` entry has no `name`", json_name));
    measures.push_back({m["name"].get<std::string>(), m.value("unit", std::string()),
                        m.value("definition", std::string()),
                        m.value("better", std::string()) == "higher"});
  }
  const auto text = [&](std::string_view path) {
    const Json& v = json_field(doc, json_name, path);
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  const std::string& baseline = policies.front();
  report.title = fmt::format("kaiten comparison: {} against {}",
                             fmt::join(policies.begin() + 1, policies.end(), ", "), baseline);
  report.subtitle = fmt::format(
      "scenario {} ({}); {} replications per policy on the same seeds {}; {}",
      text("scenario_name"), text("scenario"), text("replications"), text("seeds"), dir.string());
  // `kaiten compare --days`: each replication is a run of consecutive days.
  if (doc.contains("days") && doc["days"].is_number_integer())
    report.subtitle +=
        fmt::format("; each replication {} days from {}{}", doc["days"].dump(),
                    doc.value("start", std::string("?")),
                    doc.value("population", false) ? ", customer population on" : "");
  if (doc.contains("overrides") && doc["overrides"].is_array() && !doc["overrides"].empty())
    report.subtitle += "; overrides: " + doc["overrides"].dump();

  const CsvTable means_csv = read_csv(dir, "means.csv", kCompare);
  const CsvTable diffs_csv = read_csv(dir, "differences.csv", kCompare);
  const auto means = intervals_by_policy(means_csv, measures);
  const auto diffs = intervals_by_policy(diffs_csv, measures);
  for (std::size_t p = 0; p < policies.size(); ++p) {
    if (!means.count(policies[p]))
      throw ReportError(fmt::format("{}: no row for policy {}", means_csv.name(), policies[p]));
    if (p > 0 && !diffs.count(policies[p]))
      throw ReportError(fmt::format("{}: no row for policy {}", diffs_csv.name(), policies[p]));
  }

  Table roles;
  roles.title = "Policies";
  roles.caption = "Every policy ran the same days (seeds): differences are paired, day by day.";
  roles.header = {"policy", "role", "what it does"};
  for (std::size_t p = 0; p < policies.size(); ++p)
    roles.rows.push_back({policies[p], p == 0 ? "baseline" : "compared", definitions[p]});
  report.tables.push_back(std::move(roles));

  Table paired;
  paired.title = fmt::format("Paired differences against {}", baseline);
  paired.caption =
      "Mean of (policy − baseline) over the seeds with its 95 % interval; better or worse where "
      "the interval excludes zero, by the measure's direction.";
  paired.header = {"measure", "unit", "better when"};
  for (std::size_t p = 1; p < policies.size(); ++p) {
    paired.header.push_back(policies[p] + " − " + baseline);
    paired.header.push_back("verdict");
  }
  for (std::size_t m = 0; m < measures.size(); ++m) {
    std::vector<std::string> row{measures[m].name, measures[m].unit,
                                 measures[m].higher_is_better ? "higher" : "lower"};
    for (std::size_t p = 1; p < policies.size(); ++p) {
      const Interval& d = diffs.at(policies[p])[m];
      row.push_back(interval_text(d));
      row.push_back(verdict(d, measures[m].higher_is_better));
    }
    paired.rows.push_back(std::move(row));
  }
  report.tables.push_back(std::move(paired));

  // Each compared policy's differences in one chart: % of the baseline's mean, so that measures
  // of different units share an axis; a measure whose baseline mean is 0 has no such scale.
  for (std::size_t p = 1; p < policies.size(); ++p) {
    Json better = Json::array(), worse = Json::array(), unclear = Json::array();
    std::vector<std::string> labels, skipped;
    std::vector<double> lows, highs;
    for (std::size_t m = 0; m < measures.size(); ++m) {
      if (std::find(std::begin(kDifferenceMeasures), std::end(kDifferenceMeasures),
                    measures[m].name) == std::end(kDifferenceMeasures))
        continue;
      const double base = means.at(baseline)[m].mean;
      if (base == 0) {
        skipped.push_back(measures[m].name);
        continue;
      }
      const Interval& d = diffs.at(policies[p])[m];
      const double scale = 100 / std::abs(base);
      const Json point = {{"x", round_sig(d.mean * scale)},
                          {"y", measures[m].name},
                          {"xLow", round_sig(d.low * scale)},
                          {"xHigh", round_sig(d.high * scale)}};
      labels.push_back(measures[m].name);
      lows.push_back(d.low * scale);
      highs.push_back(d.high * scale);
      const std::string v = verdict(d, measures[m].higher_is_better);
      (v == "better" ? better : v == "worse" ? worse : unclear).push_back(point);
    }
    if (!skipped.empty())
      report.notes.push_back(fmt::format(
          "Not in the chart of {} − {} (the baseline's mean is 0, so no percentage): {}.",
          policies[p], baseline, fmt::join(skipped, ", ")));
    const auto dataset = [](std::string label, Json points, Rgb colour) {
      return Json{{"label", std::move(label)},      {"data", std::move(points)},
                  {"kaitenErrorBars", true},        {"borderColor", css(colour)},
                  {"backgroundColor", css(colour)}, {"pointRadius", 4}};
    };
    report.charts.push_back(make_chart(
        "difference_" + policies[p], fmt::format("{} − {}, per measure", policies[p], baseline),
        fmt::format("The paired difference as a percentage of {}'s mean, with its 95 % interval; "
                    "green: {} is better, red: worse, grey: the interval holds zero.",
                    baseline, policies[p]),
        {{"type", "scatter"},
         {"data",
          {{"datasets", Json::array({dataset("better", better, kEatenColour),
                                     dataset("worse", worse, kDiscardColour),
                                     dataset("no clear difference", unclear, kNeutralColour)})}}},
         {"options",
          {{"indexAxis", "y"},
           {"scales",
            {{"x", axis(fmt::format("difference (% of {}'s mean)", baseline),
                        {{"type", "linear"},
                         {"suggestedMin", std::min(0.0, lowest(lows))},
                         {"suggestedMax", std::max(0.0, highest(highs))}})},
             {"y", axis("measure", {{"type", "category"},
                                    {"labels", labels},
                                    {"offset", true},
                                    {"ticks", {{"autoSkip", false}}}})}}}}}}));
  }

  // Each measure per policy with its interval.
  for (std::size_t m = 0; m < measures.size(); ++m) {
    Json points = Json::array(), colours = Json::array();
    std::vector<double> highs, lows;
    for (std::size_t p = 0; p < policies.size(); ++p) {
      const Interval& i = means.at(policies[p])[m];
      points.push_back({{"x", policies[p]}, {"y", i.mean}, {"yLow", i.low}, {"yHigh", i.high}});
      colours.push_back(css(policy_colour(p), 0.75));
      highs.push_back(i.high);
      lows.push_back(i.low);
    }
    const Measure& measure = measures[m];
    report.charts.push_back(make_chart(
        "measure_" + measure.name, fmt::format("{} by policy", measure.name),
        fmt::format("{}: the mean over the seeds and its 95 % interval ({} is better).",
                    measure.definition.empty() ? measure.name : measure.definition,
                    measure.higher_is_better ? "higher" : "lower"),
        {{"type", "bar"},
         {"data",
          {{"labels", policies},
           {"datasets", Json::array({{{"label", "mean (bar: 95% interval)"},
                                      {"data", points},
                                      {"kaitenErrorBars", true},
                                      {"borderColor", css(kNeutralColour)},
                                      {"backgroundColor", colours}}})}}},
         {"options",
          {{"plugins", {{"legend", {{"display", false}}}}},
           {"scales",
            {{"x", axis("policy")},
             {"y", axis(axis_title(measure), {{"suggestedMin", std::min(0.0, lowest(lows))},
                                              {"suggestedMax", highest(highs)}})}}}}}}));
  }

  // The trade-off operators weigh: waste against the wanted plates diners found.
  const auto index_of = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t m = 0; m < measures.size(); ++m)
      if (measures[m].name == name) return m;
    return std::nullopt;
  };
  const auto mx = index_of("waste_rate"), my = index_of("found_on_belt");
  if (mx && my) {
    Json datasets = Json::array();
    for (std::size_t p = 0; p < policies.size(); ++p) {
      const Interval& x = means.at(policies[p])[*mx];
      const Interval& y = means.at(policies[p])[*my];
      datasets.push_back({{"label", policies[p]},
                          {"data", Json::array({{{"x", x.mean},
                                                 {"y", y.mean},
                                                 {"xLow", x.low},
                                                 {"xHigh", x.high},
                                                 {"yLow", y.low},
                                                 {"yHigh", y.high}}})},
                          {"kaitenErrorBars", true},
                          {"borderColor", css(policy_colour(p))},
                          {"backgroundColor", css(policy_colour(p))},
                          {"pointRadius", 5}});
    }
    report.charts.push_back(make_chart(
        "tradeoff_found_on_belt_waste_rate", "Trade-off: found_on_belt against waste_rate",
        "Each policy's means with 95 % intervals on both axes: up and to the left is better (more "
        "wanted plates found on the belt, less waste).",
        {{"type", "scatter"},
         {"data", {{"datasets", datasets}}},
         {"options",
          {{"scales",
            {{"x", axis(axis_title(measures[*mx]), {{"type", "linear"}})},
             {"y", axis(axis_title(measures[*my]))}}}}}}));
  } else {
    report.notes.push_back(
        "No trade-off chart: the comparison does not hold both waste_rate and found_on_belt.");
  }
  return report;
}

}  // namespace kaiten::report
