// Each measure per grid point with its 95 % interval, and the trade-offs, from a sweep folder.
#include <fmt/format.h>

#include <algorithm>

#include "charts.hpp"
#include "csv.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {
namespace {

constexpr std::string_view kSweep = "kaiten sweep --out";

struct Measure {
  std::string name, unit, definition;
};

/// Measures drawn first, in this order: the ones `kaiten sweep` prints by default.
constexpr std::string_view kFirst[] = {"waste_rate", "gross_margin_yen", "found_on_belt",
                                       "wait_p95_min", "order_lead_p95_min"};

std::string axis_title(const Measure& m) {
  return m.unit.empty() ? m.name : fmt::format("{} ({})", m.name, m.unit);
}

}  // namespace

Report sweep_report(const std::filesystem::path& dir) {
  Report report;
  report.kind = "sweep";
  const std::string json_name = (dir / "sweep.json").string();
  const Json doc = parse_json_file(dir, "sweep.json", kSweep);
  const Json& vary = json_field(doc, json_name, "vary");
  const Json& measures_json = json_field(doc, json_name, "measures");
  if (!vary.is_array() || vary.empty())
    throw ReportError(fmt::format("{}: field `vary` is not a non-empty list", json_name));
  if (!measures_json.is_array())
    throw ReportError(fmt::format("{}: field `measures` is not a list", json_name));
  std::vector<std::string> factors;
  for (const Json& f : vary) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string())
      throw ReportError(fmt::format("{}: a `vary` entry has no `path`", json_name));
    factors.push_back(f["path"].get<std::string>());
  }
  std::vector<Measure> measures;
  for (const Json& m : measures_json) {
    if (!m.is_object() || !m.contains("name") || !m["name"].is_string())
      throw ReportError(fmt::format("{}: a `measures` entry has no `name`", json_name));
    measures.push_back({m["name"].get<std::string>(), m.value("unit", std::string()),
                        m.value("definition", std::string())});
  }
  const auto text = [&](std::string_view path) {
    const Json& v = json_field(doc, json_name, path);
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  std::string factor_list;
  for (const std::string& f : factors) factor_list += (factor_list.empty() ? "" : " × ") + f;
  report.title = fmt::format("kaiten sweep report: {}", factor_list);
  report.subtitle = fmt::format("scenario {} ({}); {} points × {} replications, seeds {}; {}",
                                text("scenario_name"), text("scenario"), text("points"),
                                text("replications"), text("seeds"), dir.string());
  if (doc.contains("overrides") && doc["overrides"].is_array() && !doc["overrides"].empty())
    report.subtitle += "; overrides: " + doc["overrides"].dump();

  const CsvTable means = read_csv(dir, "means.csv", kSweep);
  if (means.size() == 0) throw ReportError(fmt::format("{}: no rows", means.name()));
  std::vector<std::size_t> factor_cols;
  for (const std::string& f : factors) factor_cols.push_back(means.column(f));
  const std::size_t reps_col = means.column("replications");

  // Point labels: the factor's value alone when one factor varies, else "path=value, ...".
  std::vector<std::string> labels;
  for (std::size_t r = 0; r < means.size(); ++r) {
    std::string label;
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const std::string& v = means.text(r, factor_cols[f]);
      label += factors.size() == 1 ? v : fmt::format("{}{}={}", f ? ", " : "", factors[f], v);
    }
    labels.push_back(label);
  }
  const std::string x_title = factors.size() == 1 ? factors.front() : "grid point (settings)";

  // The grid and the measure definitions as tables.
  Table grid;
  grid.title = "Grid points";
  grid.caption = "Every setting run, with the replications (days on common random numbers) each.";
  grid.header = {"point"};
  grid.header.insert(grid.header.end(), factors.begin(), factors.end());
  grid.header.push_back("replications");
  for (std::size_t r = 0; r < means.size(); ++r) {
    std::vector<std::string> row{fmt::format("{}", r + 1)};
    for (const std::size_t c : factor_cols) row.push_back(means.text(r, c));
    row.push_back(means.text(r, reps_col));
    grid.rows.push_back(std::move(row));
  }
  report.tables.push_back(std::move(grid));

  // Day measures only (per-lane and per-item ones stay in means.csv), defaults first.
  std::vector<const Measure*> shown;
  for (const std::string_view first : kFirst)
    for (const Measure& m : measures)
      if (m.name == first && means.has(m.name + ".mean")) shown.push_back(&m);
  for (const Measure& m : measures) {
    if (m.name.find('.') != std::string::npos || !means.has(m.name + ".mean")) continue;
    if (std::find(shown.begin(), shown.end(), &m) == shown.end()) shown.push_back(&m);
  }
  if (shown.empty())
    throw ReportError(
        fmt::format("{}: none of the measures of {} has a column M.mean", means.name(), json_name));

  Table defs;
  defs.title = "Measures";
  defs.caption =
      "Each chart below shows one of these: the mean over replications at each grid point, with "
      "its 95 % Student-t interval.";
  defs.header = {"measure", "unit", "definition"};
  for (const Measure* m : shown) defs.rows.push_back({m->name, m->unit, m->definition});
  report.tables.push_back(std::move(defs));

  struct Interval {
    std::vector<double> mean, low, high;
  };
  const auto interval = [&](const Measure& m) {
    Interval iv;
    const std::size_t c_mean = means.column(m.name + ".mean"),
                      c_low = means.column(m.name + ".low95"),
                      c_high = means.column(m.name + ".high95");
    for (std::size_t r = 0; r < means.size(); ++r) {
      iv.mean.push_back(round_sig(means.number(r, c_mean)));
      iv.low.push_back(round_sig(means.number(r, c_low)));
      iv.high.push_back(round_sig(means.number(r, c_high)));
    }
    return iv;
  };

  for (const Measure* m : shown) {
    const Interval iv = interval(*m);
    const Rgb colour = kMadeColour;
    Json datasets = Json::array({{{"label", "95% low"},
                                  {"data", iv.low},
                                  {"kaitenBand", true},
                                  {"borderColor", "rgba(0,0,0,0)"},
                                  {"backgroundColor", css(colour, 0.18)},
                                  {"pointRadius", 0},
                                  {"fill", false}},
                                 {{"label", "95% high"},
                                  {"data", iv.high},
                                  {"kaitenBand", true},
                                  {"borderColor", "rgba(0,0,0,0)"},
                                  {"backgroundColor", css(colour, 0.18)},
                                  {"pointRadius", 0},
                                  {"fill", "-1"}},
                                 {{"label", "mean (band: 95% interval)"},
                                  {"data", iv.mean},
                                  {"borderColor", css(colour)},
                                  {"backgroundColor", css(colour)},
                                  {"pointRadius", 3}}});
    report.charts.push_back(make_chart(
        "measure_" + m->name, fmt::format("{} by {}", m->name, x_title),
        fmt::format("{}: mean over the replications at each point (line) and its 95 % "
                    "confidence interval (band); where bands do not overlap the points differ.",
                    m->definition.empty() ? m->name : m->definition),
        {{"type", "line"},
         {"data", {{"labels", labels}, {"datasets", datasets}}},
         {"options",
          {{"interaction", {{"mode", "index"}, {"intersect", false}}},
           {"scales", {{"x", axis(x_title)}, {"y", axis(axis_title(*m))}}}}}}));
  }

  // Trade-offs: waste against what diners found and against the margin, each point with its
  // intervals on both axes.
  const auto find = [&](std::string_view name) -> const Measure* {
    for (const Measure* m : shown)
      if (m->name == name) return m;
    return nullptr;
  };
  const std::pair<std::string_view, std::string_view> pairs[] = {
      {"waste_rate", "found_on_belt"}, {"waste_rate", "gross_margin_yen"}};
  for (const auto& [xn, yn] : pairs) {
    const Measure* mx = find(xn);
    const Measure* my = find(yn);
    if (!mx || !my) {
      report.notes.push_back(fmt::format(
          "No trade-off chart of {} against {}: the sweep does not hold both.", yn, xn));
      continue;
    }
    const Interval ix = interval(*mx), iy = interval(*my);
    Json points = Json::array();
    for (std::size_t r = 0; r < labels.size(); ++r)
      points.push_back({{"x", ix.mean[r]},
                        {"y", iy.mean[r]},
                        {"xLow", ix.low[r]},
                        {"xHigh", ix.high[r]},
                        {"yLow", iy.low[r]},
                        {"yHigh", iy.high[r]},
                        {"label", fmt::format("{} = {}", x_title, labels[r])}});
    report.charts.push_back(make_chart(
        fmt::format("tradeoff_{}_{}", yn, xn), fmt::format("Trade-off: {} against {}", yn, xn),
        fmt::format("Each point is a grid point (hover for its setting), joined in grid order, "
                    "with 95 % intervals on both axes: up and to the left is better{}.",
                    yn == "found_on_belt" ? " (more wanted plates found, less waste)"
                                          : " (more margin, less waste)"),
        {{"type", "scatter"},
         {"data",
          {{"datasets", Json::array({{{"label", "grid points"},
                                      {"data", points},
                                      {"showLine", true},
                                      {"kaitenErrorBars", true},
                                      {"borderColor", css(kForecastColour)},
                                      {"backgroundColor", css(kForecastColour)},
                                      {"pointRadius", 4}}})}}},
         {"options",
          {{"scales",
            {{"x", axis(axis_title(*mx), {{"type", "linear"},
                                          {"suggestedMin", lowest(ix.low)},
                                          {"suggestedMax", highest(ix.high)}})},
             {"y", axis(axis_title(*my), {{"suggestedMin", lowest(iy.low)},
                                          {"suggestedMax", highest(iy.high)}})}}}}}}));
  }
  report.notes.push_back(
      "Per-lane and per-item measures (lane.ID.M, item.ID.M) are in means.csv but not charted.");
  return report;
}

std::string folder_kind(const std::filesystem::path& dir) {
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (!std::filesystem::exists(status))
    throw ReportError(fmt::format("{}: no such folder", dir.string()));
  if (!std::filesystem::is_directory(status))
    throw ReportError(fmt::format(
        "{}: not a folder (give the folder `kaiten run --out` or `kaiten sweep --out` wrote)",
        dir.string()));
  if (std::filesystem::exists(dir / "summary.json", ec)) return "run";
  if (std::filesystem::exists(dir / "sweep.json", ec)) return "sweep";
  if (std::filesystem::exists(dir / "backtest.json", ec)) return "backtest";
  if (std::filesystem::exists(dir / "compare.json", ec)) return "compare";
  if (std::filesystem::exists(dir / "chain_backtest.json", ec)) return "purchasing";
  throw ReportError(fmt::format(
      "{}: not a run, sweep, compare or backtest folder: it holds no summary.json (kaiten run "
      "--out), sweep.json (kaiten sweep --out), compare.json (kaiten compare --out), "
      "backtest.json (kaiten backtest --out) or chain_backtest.json (kaiten backtest --chain "
      "--out)",
      dir.string()));
}

Report load_report(const std::filesystem::path& dir) {
  const std::string kind = folder_kind(dir);
  if (kind == "run") return run_report(dir);
  if (kind == "sweep") return sweep_report(dir);
  if (kind == "compare") return compare_report(dir);
  if (kind == "purchasing") return purchasing_report(dir);
  return backtest_report(dir);
}

}  // namespace kaiten::report
