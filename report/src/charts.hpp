#pragma once
// Building Chart.js configurations (JSON) for the report: datasets, axes, colours and histograms.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kaiten/core/palette.hpp"
#include "kaiten/report/report.hpp"

namespace kaiten::report {

using Json = nlohmann::json;

/// Colours with a meaning across the report (and the viewer): plates made in the viewer's bar
/// blue, eaten green, thrown away in the viewer's "discard limit" red.
inline constexpr Rgb kMadeColour{96, 140, 200};
inline constexpr Rgb kEatenColour{60, 180, 75};
inline constexpr Rgb kDiscardColour = kExpiredColour;
inline constexpr Rgb kNeutralColour{120, 120, 130};
inline constexpr Rgb kForecastColour{245, 130, 48};

/// "rgba(r,g,b,a)".
inline std::string css(Rgb c, double alpha = 1.0) {
  return fmt::format("rgba({},{},{},{})", c.r, c.g, c.b, alpha);
}

/// An axis with a title (unit in it) and extra options merged in.
inline Json axis(const std::string& title, Json extra = Json::object()) {
  Json a = {{"title", {{"display", true}, {"text", title}}}};
  a.update(extra);
  return a;
}

/// A time-of-day x axis: values are minutes since midnight, ticks every `step` minutes.
inline Json clock_axis(double from, double to, double step = 60) {
  return axis("time of day (HH:MM)", {{"type", "linear"},
                                      {"min", from},
                                      {"max", to},
                                      {"kaitenClock", true},
                                      {"ticks", {{"stepSize", step}}}});
}

/// A finished chart: the title set in the plugin options, the configuration serialised.
inline Chart make_chart(std::string id, std::string title, std::string caption, Json config) {
  Json& options = config["options"];
  options["plugins"]["title"] = {{"display", true}, {"text", title}, {"font", {{"size", 15}}}};
  options["maintainAspectRatio"] = false;
  Chart chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.caption = std::move(caption);
  chart.config_json = config.dump(-1, ' ', false, Json::error_handler_t::replace);
  return chart;
}

/// A histogram of `values`: bins of a round width (1, 2 or 5 x 10^k) from 0, about `bins` of
/// them up to the largest value. Labels "a–b".
struct Histogram {
  std::vector<std::string> labels;
  std::vector<double> counts;
  double width = 1;
};
Histogram histogram(const std::vector<double>& values, int bins = 20);
/// The bin counts of `values` on `shape`'s bins (same labels and width).
std::vector<double> histogram_counts(const std::vector<double>& values, const Histogram& shape);

/// `v` to six significant digits: the values a chart carries, short in the page.
inline double round_sig(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, 5 - std::floor(std::log10(std::abs(v))));
  return std::round(v * scale) / scale;
}

/// The smallest / largest finite value of `v` (0 if none): axis bounds that hold every interval.
inline double lowest(const std::vector<double>& v) {
  double out = 0;
  bool any = false;
  for (const double x : v)
    if (std::isfinite(x) && (!any || x < out)) {
      out = x;
      any = true;
    }
  return out;
}
inline double highest(const std::vector<double>& v) {
  double out = 0;
  bool any = false;
  for (const double x : v)
    if (std::isfinite(x) && (!any || x > out)) {
      out = x;
      any = true;
    }
  return out;
}

/// A round step near `raw`: 1, 2 or 5 x 10^k.
double nice_step(double raw);

}  // namespace kaiten::report
