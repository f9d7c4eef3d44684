// A store's days from a sales history (kaiten batch, history import): sales, waste and stock-outs
// per day, per item and per weekday. Aggregated before embedding: a year is a few hundred points a
// series, whatever the number of items.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

#include "charts.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/report/report.hpp"

namespace kaiten::report {
namespace {

using headoffice::Date;

double sum_finite(double a, double b) {
  return std::isfinite(b) ? a + b : a;
}

/// Day-by-day values as a JSON list, null where the day is missing.
Json daily(const std::vector<double>& v) {
  Json out = Json::array();
  for (const double x : v) {
    if (std::isfinite(x)) {
      out.push_back(std::round(x * 10000) / 10000);
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

/// The mean of the last `window` finite values up to each day (NaN until one is seen).
std::vector<double> rolling_mean(const std::vector<double>& v, std::size_t window) {
  std::vector<double> out(v.size(), std::nan(""));
  for (std::size_t i = 0; i < v.size(); ++i) {
    double total = 0;
    int n = 0;
    for (std::size_t k = i + 1 - std::min(i + 1, window); k <= i; ++k)
      if (std::isfinite(v[k])) {
        total += v[k];
        ++n;
      }
    if (n > 0) out[i] = total / n;
  }
  return out;
}

Json line(const std::string& label, Json data, Rgb colour, Json extra = Json::object()) {
  Json d = {{"label", label},
            {"data", std::move(data)},
            {"borderColor", css(colour)},
            {"backgroundColor", css(colour, 0.3)},
            {"pointRadius", 0},
            {"borderWidth", 1.5},
            {"spanGaps", false}};
  d.update(extra);
  return d;
}

/// Ingredients delivered against what the plates made used and what expired, per day and per
/// ingredient, in kg: orders above need come back as expired stock.
void add_orders_against_need(Report& report, const headoffice::StoreHistory& h,
                             const std::vector<std::pair<Date, headoffice::IngredientDay>>& stock,
                             const std::vector<std::string>& labels, const Json& x_axis) {
  if (stock.empty()) {
    report.notes.push_back(
        "No ingredient orders against need: the history holds no stock rows (unlimited stock, "
        "or sales imported from a till).");
    return;
  }
  const std::size_t days = h.dates.size();
  std::vector<double> ordered(days, std::nan("")), used(days, std::nan("")),
      expired(days, std::nan(""));
  std::map<std::string, std::array<double, 3>> by_ingredient;
  for (const auto& [date, row] : stock) {
    const auto d = static_cast<std::size_t>(date - h.dates.front());
    if (d >= days) continue;
    if (!std::isfinite(ordered[d])) ordered[d] = used[d] = expired[d] = 0;
    ordered[d] += row.ordered_g / 1000;
    used[d] += row.used_g / 1000;
    expired[d] += row.expired_g / 1000;
    auto& totals = by_ingredient[row.ingredient];
    totals[0] += row.ordered_g / 1000;
    totals[1] += row.used_g / 1000;
    totals[2] += row.expired_g / 1000;
  }
  report.charts.push_back(make_chart(
      "history_orders", "Ingredients ordered, used and expired per day",
      "All ingredients in kg: delivered in the morning (ordered), taken by the plates made (used, "
      "the realised need) and thrown away past their shelf life at closing (expired).",
      {{"type", "line"},
       {"data",
        {{"labels", labels},
         {"datasets", Json::array({line("ordered", daily(ordered), kForecastColour),
                                   line("used (need)", daily(used), kEatenColour),
                                   line("expired", daily(expired), kDiscardColour)})}}},
       {"options",
        {{"interaction", {{"mode", "index"}, {"intersect", false}}},
         {"scales", {{"x", x_axis}, {"y", axis("kg per day", {{"beginAtZero", true}})}}}}}}));
  // Per ingredient, as shares of what was ordered: rice's tonnes would flatten the rest in kg.
  std::vector<std::tuple<double, std::string, double, double>> rows;  // -expired %, name, kg
  for (const auto& [ingredient, totals] : by_ingredient) {
    if (totals[0] <= 0) continue;
    std::string name = ingredient;
    for (const headoffice::CatalogueIngredient& c : h.catalogue.ingredients)
      if (c.ingredient == ingredient && !c.name.empty()) name = c.name;
    rows.emplace_back(-100 * totals[2] / totals[0], name, totals[0], totals[1]);
  }
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> names;
  Json expired_share = Json::array(), used_share = Json::array();
  for (const auto& [minus_expired, name, ordered_kg, used_kg] : rows) {
    names.push_back(fmt::format("{} ({:.0f} kg)", name, ordered_kg));
    expired_share.push_back(std::round(-minus_expired * 10) / 10);
    used_share.push_back(std::round(1000 * used_kg / ordered_kg) / 10);
  }
  report.charts.push_back(make_chart(
      "history_orders_by_ingredient",
      "Ingredients: used and expired as a share of what was ordered",
      "Each ingredient over the period (kg ordered in brackets), most expired first: used by "
      "plates made (the realised need) and expired, as % of the kg ordered; the rest was still "
      "in stock at the end.",
      {{"type", "bar"},
       {"data",
        {{"labels", names},
         {"datasets", Json::array({{{"label", "expired (% of ordered)"},
                                    {"data", expired_share},
                                    {"backgroundColor", css(kDiscardColour)}},
                                   {{"label", "used (% of ordered)"},
                                    {"data", used_share},
                                    {"backgroundColor", css(kEatenColour)}}})}}},
       {"options",
        {{"scales",
          {{"x", axis("ingredient (kg ordered)")},
           {"y", axis("% of the kg ordered", {{"beginAtZero", true}})}}}}}}));
}

/// The next-day forecast each of the last kForecastDays days would have had (from the days
/// before it, as `kaiten forecast` makes it) against what then sold, per item.
constexpr std::size_t kForecastDays = 28;
constexpr std::size_t kForecastMinHistory = 56;

template <typename NameOf, typename ColourOf>
void add_forecasts_against_sales(Report& report, const headoffice::StoreHistory& h,
                                 const NameOf& name_of, const ColourOf& colour_of) {
  namespace ho = headoffice;
  const std::size_t days = h.dates.size();
  if (days < kForecastMinHistory) {
    report.notes.push_back(fmt::format(
        "No forecasts against sales: they need {} days of history ({} here), {} to fit and the "
        "last {} to forecast.",
        kForecastMinHistory, days, kForecastMinHistory - kForecastDays, kForecastDays));
    return;
  }
  ho::ForecastOptions options;
  options.sample_paths = 200;  // the chart needs the mean and a 90 % band, not a newsvendor
  options.quantile_levels = {0.05, 0.95};
  const std::size_t from = days - kForecastDays;
  struct Series {
    std::vector<double> mean, low, high, sold;
    std::map<std::string, int> models;
  };
  std::map<std::string, Series> series;
  std::vector<std::string> labels;
  for (std::size_t d = from; d < days; ++d) {
    labels.push_back(h.dates[d].to_string());
    std::optional<ho::StoreForecast> f;
    if (h.present[d]) f = ho::forecast_store(h, h.dates[d], options);
    for (const ho::ItemSeries& item : h.items) {
      Series& s = series[item.item];
      double mean = std::nan(""), low = std::nan(""), high = std::nan("");
      if (f)
        for (const ho::ItemForecast& x : f->items)
          if (x.item == item.item) {
            mean = x.mean;
            low = x.quantiles.at(0);
            high = x.quantiles.at(1);
            ++s.models[x.detail.empty() ? to_string(x.model) : x.detail];
          }
      s.mean.push_back(mean);
      s.low.push_back(low);
      s.high.push_back(high);
      s.sold.push_back(item.sold[d]);
    }
  }
  Table table;
  table.title = fmt::format("Next-day forecasts against sales, the last {} days", kForecastDays);
  table.caption =
      "Each day forecast from the days before it, as kaiten forecast would have: mean forecast "
      "and sales per day, mean absolute error, bias (forecast − sold) and how often the sales "
      "fell inside the 90 % interval. Sold-out days understate demand.";
  table.header = {"item", "model (most used)", "forecast / day", "sold / day", "MAE",
                  "bias", "in 90 % interval"};
  std::vector<std::pair<double, std::string>> by_sales;
  for (const ho::ItemSeries& item : h.items) {
    const Series& s = series[item.item];
    double f = 0, sold = 0, abs_error = 0, bias = 0;
    int n = 0, inside = 0;
    for (std::size_t k = 0; k < s.mean.size(); ++k) {
      if (!std::isfinite(s.mean[k]) || !std::isfinite(s.sold[k])) continue;
      f += s.mean[k];
      sold += s.sold[k];
      abs_error += std::abs(s.mean[k] - s.sold[k]);
      bias += s.mean[k] - s.sold[k];
      inside += s.low[k] <= s.sold[k] && s.sold[k] <= s.high[k];
      ++n;
    }
    if (n == 0) continue;
    std::string model;
    int most = 0;
    for (const auto& [name, count] : s.models)
      if (count > most) {
        most = count;
        model = name;
      }
    table.rows.push_back({name_of(item.item), model, fmt::format("{:.1f}", f / n),
                          fmt::format("{:.1f}", sold / n), fmt::format("{:.2f}", abs_error / n),
                          fmt::format("{:+.2f}", bias / n),
                          fmt::format("{:.0f} %", 100.0 * inside / n)});
    by_sales.emplace_back(-sold, item.item);
  }
  report.tables.push_back(std::move(table));
  std::sort(by_sales.begin(), by_sales.end());
  for (std::size_t k = 0; k < by_sales.size() && k < 4; ++k) {
    const std::string& item = by_sales[k].second;
    const Series& s = series[item];
    const Rgb colour = colour_of(item);
    report.charts.push_back(make_chart(
        "history_forecast_" + item,
        fmt::format("{}: next-day forecast against sales, the last {} days", name_of(item),
                    kForecastDays),
        "The forecast made the evening before (line) with its 90 % interval (band) against the "
        "plates then sold (dots).",
        {{"type", "line"},
         {"data",
          {{"labels", labels},
           {"datasets", Json::array({line("5 %", daily(s.low), colour,
                                          {{"kaitenBand", true},
                                           {"borderColor", "rgba(0,0,0,0)"},
                                           {"backgroundColor", css(colour, 0.18)},
                                           {"fill", false}}),
                                     line("95 %", daily(s.high), colour,
                                          {{"kaitenBand", true},
                                           {"borderColor", "rgba(0,0,0,0)"},
                                           {"backgroundColor", css(colour, 0.18)},
                                           {"fill", "-1"}}),
                                     line("forecast (band: 90 % interval)", daily(s.mean), colour),
                                     line("sold", daily(s.sold), Rgb{20, 20, 20},
                                          {{"showLine", false}, {"pointRadius", 3}})})}}},
         {"options",
          {{"interaction", {{"mode", "index"}, {"intersect", false}}},
           {"scales",
            {{"x", axis("day (YYYY-MM-DD)")},
             {"y", axis("plates per day", {{"beginAtZero", true}})}}}}}}));
  }
}

}  // namespace

Report history_report(const std::filesystem::path& db, const std::string& store_id,
                      const std::map<std::string, std::string>& regions) {
  namespace ho = headoffice;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw ReportError(
        fmt::format("{}: no such file (kaiten batch --history writes one)", db.string()));
  if (std::filesystem::is_directory(db, ec))
    throw ReportError(fmt::format("{}: is a folder, not a sales history", db.string()));
  Report report;
  report.kind = "history";
  ho::StoreHistory h;
  std::string store;
  std::vector<std::pair<Date, ho::IngredientDay>> stock;
  try {
    const ho::HistoryStore history(db.string(), ho::HistoryAccess::read_only);
    if (store_id.empty() && history.stores().size() > 1) return chain_history_report(db, regions);
    store = ho::resolve_store(history, store_id);
    const auto first = history.first_day(store);
    const auto last = history.last_day(store);
    if (!first || !last)
      throw ReportError(fmt::format("{}: store {} has no days", db.string(), store));
    h = history.load(store, *first, *last);
    stock = history.stock_rows(store, *first, *last);
  } catch (const ho::HistoryError& e) {
    throw ReportError(fmt::format("{}: {}", db.string(), e.what()));
  }
  const std::size_t days = h.dates.size();
  report.title = fmt::format("kaiten history report: {}", store);
  report.subtitle =
      fmt::format("{} to {}, {} days ({} in the history); from {}", h.dates.front().to_string(),
                  h.dates.back().to_string(), days,
                  std::accumulate(h.present.begin(), h.present.end(), 0), db.string());

  // Totals per day over items; NaN where the day is missing.
  std::vector<double> sold(days, 0), made(days, 0), discarded(days, 0), outs(days, 0),
      demand(days, 0);
  bool has_demand = false;
  for (const ho::ItemSeries& s : h.items)
    for (std::size_t d = 0; d < days; ++d) {
      sold[d] = sum_finite(sold[d], s.sold[d]);
      made[d] = sum_finite(made[d], s.made[d]);
      discarded[d] = sum_finite(discarded[d], s.discarded[d]);
      if (d < s.stock_out.size()) outs[d] += s.stock_out[d];
      if (d < s.true_demand.size() && std::isfinite(s.true_demand[d])) {
        demand[d] += s.true_demand[d];
        has_demand = true;
      }
    }
  std::vector<double> waste(days, std::nan(""));
  for (std::size_t d = 0; d < days; ++d) {
    if (!h.present[d]) {
      sold[d] = made[d] = discarded[d] = outs[d] = demand[d] = std::nan("");
      continue;
    }
    if (made[d] > 0) waste[d] = 100.0 * (made[d] - sold[d]) / made[d];
  }
  std::vector<std::string> labels;
  for (const Date& d : h.dates) labels.push_back(d.to_string());
  const Json x_axis = axis("day (YYYY-MM-DD)", {{"ticks", {{"maxTicksLimit", 16}}}});

  // Headline table.
  const auto total = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0, sum_finite);
  };
  Table table;
  table.title = "The period";
  table.caption = "Totals over the days in the history (docs/headoffice.md defines the columns).";
  table.header = {"measure", "value", "definition"};
  table.rows = {{"days", fmt::format("{}", std::accumulate(h.present.begin(), h.present.end(), 0)),
                 "days of the store in the history"},
                {"items", fmt::format("{}", h.items.size()), "menu items with sales rows"},
                {"plates_sold", fmt::format("{:.0f}", total(sold)), "plates eaten (sold)"},
                {"plates_made", fmt::format("{:.0f}", total(made)), "plates made"},
                {"plates_discarded", fmt::format("{:.0f}", total(discarded)),
                 "plates removed by the freshness rule"},
                {"waste_rate",
                 fmt::format("{:.1f} %",
                             total(made) > 0 ? 100 * (total(made) - total(sold)) / total(made) : 0),
                 "plates made but not sold / plates made"},
                {"stock_out_item_days", fmt::format("{:.0f}", total(outs)),
                 "item-days on which the item ran out"}};
  report.tables.push_back(std::move(table));

  report.charts.push_back(make_chart(
      "history_plates", "Plates sold, made and discarded per day",
      "Each day's plates over all items; the thin line is sold, 7-day mean (weekly seasonality "
      "removed). Gaps are days missing from the history.",
      {{"type", "line"},
       {"data",
        {{"labels", labels},
         {"datasets", Json::array({line("made", daily(made), kMadeColour),
                                   line("sold", daily(sold), kEatenColour),
                                   line("discarded", daily(discarded), kDiscardColour),
                                   line("sold, 7-day mean", daily(rolling_mean(sold, 7)),
                                        Rgb{20, 20, 20}, {{"borderWidth", 1}})})}}},
       {"options",
        {{"interaction", {{"mode", "index"}, {"intersect", false}}},
         {"scales", {{"x", x_axis}, {"y", axis("plates per day", {{"beginAtZero", true}})}}}}}}));
  report.charts.push_back(make_chart(
      "history_waste_rate", "Waste rate per day",
      "Plates made but not sold / plates made, each day (dots) and over 7 days (line): the "
      "share thrown away, discarded or left at closing.",
      {{"type", "line"},
       {"data",
        {{"labels", labels},
         {"datasets",
          Json::array(
              {line("day", daily(waste), kDiscardColour, {{"showLine", false}, {"pointRadius", 2}}),
               line("7-day mean", daily(rolling_mean(waste, 7)), Rgb{20, 20, 20})})}}},
       {"options",
        {{"scales", {{"x", x_axis}, {"y", axis("waste rate (%)", {{"beginAtZero", true}})}}}}}}));
  report.charts.push_back(make_chart(
      "history_stock_outs", "Stock-outs per day",
      "How many items ran out of stock each day: a sold-out item's sales understate its demand "
      "(the forecasts correct for it, docs/headoffice.md).",
      {{"type", "bar"},
       {"data",
        {{"labels", labels},
         {"datasets", Json::array({{{"label", "items that ran out"},
                                    {"data", daily(outs)},
                                    {"backgroundColor", css(kForecastColour)}}})}}},
       {"options",
        {{"plugins", {{"legend", {{"display", false}}}}},
         {"scales", {{"x", x_axis}, {"y", axis("items sold out", {{"beginAtZero", true}})}}}}}}));
  if (has_demand) {
    report.charts.push_back(make_chart(
        "history_demand", "Plates sold against true demand per day",
        "Simulated days only: what diners would have eaten with unlimited stock (true demand) "
        "against what was sold; the gap is demand lost to stock-outs.",
        {{"type", "line"},
         {"data",
          {{"labels", labels},
           {"datasets", Json::array({line("true demand", daily(demand), kForecastColour),
                                     line("sold", daily(sold), kEatenColour)})}}},
         {"options",
          {{"interaction", {{"mode", "index"}, {"intersect", false}}},
           {"scales", {{"x", x_axis}, {"y", axis("plates per day", {{"beginAtZero", true}})}}}}}}));
  }

  // Items: the catalogue's order gives each item its menu index, hence its viewer colour.
  const auto colour_of = [&](const std::string& item) {
    for (std::size_t i = 0; i < h.catalogue.items.size(); ++i)
      if (h.catalogue.items[i].item == item) return item_colour(i);
    return kNeutralColour;
  };
  const auto name_of = [&](const std::string& item) {
    for (const ho::CatalogueItem& c : h.catalogue.items)
      if (c.item == item && !c.name.empty()) return c.name;
    return item;
  };
  std::vector<std::size_t> order(h.items.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> item_sold(h.items.size()), item_discarded(h.items.size());
  for (std::size_t i = 0; i < h.items.size(); ++i) {
    item_sold[i] = total(h.items[i].sold);
    item_discarded[i] = total(h.items[i].discarded);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return item_sold[a] > item_sold[b]; });
  {
    Json datasets = Json::array();
    for (std::size_t k = 0; k < order.size() && k < 8; ++k) {
      const ho::ItemSeries& s = h.items[order[k]];
      datasets.push_back(line(name_of(s.item), daily(rolling_mean(s.sold, 7)), colour_of(s.item)));
    }
    report.charts.push_back(make_chart(
        "history_top_items", "The best sellers' sales per day (7-day mean)",
        "Plates sold per day of the eight items that sold most over the period, each as a 7-day "
        "mean so that the weekly pattern does not hide the trend; colours as in the viewer.",
        {{"type", "line"},
         {"data", {{"labels", labels}, {"datasets", datasets}}},
         {"options",
          {{"scales",
            {{"x", x_axis}, {"y", axis("plates sold per day", {{"beginAtZero", true}})}}}}}}));
  }
  {
    std::vector<std::size_t> by_waste = order;
    std::stable_sort(by_waste.begin(), by_waste.end(), [&](std::size_t a, std::size_t b) {
      return item_discarded[a] > item_discarded[b];
    });
    std::vector<std::string> names;
    Json counts = Json::array(), colours = Json::array(), rates = Json::array();
    for (const std::size_t i : by_waste) {
      const double item_made = total(h.items[i].made);
      names.push_back(name_of(h.items[i].item));
      counts.push_back(item_discarded[i]);
      colours.push_back(css(colour_of(h.items[i].item)));
      rates.push_back(item_made > 0 ? std::round(1000 * item_discarded[i] / item_made) / 10 : 0.0);
    }
    report.charts.push_back(make_chart(
        "history_item_waste", "Plates discarded per item over the period",
        "Each item's discarded plates (bars, in its colour) and its discard rate (line, right "
        "axis), most discarded first: where the kitchen over-produces.",
        {{"type", "bar"},
         {"data",
          {{"labels", names},
           {"datasets", Json::array({{{"type", "line"},
                                      {"label", "discard rate (%)"},
                                      {"data", rates},
                                      {"yAxisID", "y1"},
                                      {"borderColor", css(kDiscardColour)},
                                      {"backgroundColor", css(kDiscardColour)},
                                      {"order", 0}},
                                     {{"label", "plates discarded"},
                                      {"data", counts},
                                      {"backgroundColor", colours},
                                      {"order", 1}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("menu item")},
             {"y", axis("plates discarded", {{"beginAtZero", true}})},
             {"y1", axis("discard rate (%)", {{"beginAtZero", true},
                                              {"position", "right"},
                                              {"grid", {{"drawOnChartArea", false}}}})}}}}}}));
  }
  {
    // Mean plates sold by weekday, holidays apart.
    const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "holiday"};
    std::vector<double> sum(8, 0), n(8, 0);
    for (std::size_t d = 0; d < days; ++d) {
      if (!h.present[d] || !std::isfinite(sold[d])) continue;
      const int k = h.holiday[d] ? 7 : h.dates[d].weekday_index();
      sum[static_cast<std::size_t>(k)] += sold[d];
      n[static_cast<std::size_t>(k)] += 1;
    }
    std::vector<std::string> labels_w;
    Json means = Json::array();
    for (std::size_t k = 0; k < 8; ++k) {
      if (n[k] == 0) continue;
      labels_w.push_back(fmt::format("{} ({} days)", names[k], n[k]));
      means.push_back(std::round(sum[k] / n[k] * 10) / 10);
    }
    report.charts.push_back(make_chart(
        "history_weekday", "Mean plates sold by day of the week",
        "The mean day's sales by weekday, holidays counted apart: the weekly pattern the "
        "next-day forecasts model (seasonal naive, Holt-Winters).",
        {{"type", "bar"},
         {"data",
          {{"labels", labels_w},
           {"datasets", Json::array({{{"label", "mean plates sold"},
                                      {"data", means},
                                      {"backgroundColor", css(kEatenColour)}}})}}},
         {"options",
          {{"plugins", {{"legend", {{"display", false}}}}},
           {"scales",
            {{"x", axis("day of the week (days in the history)")},
             {"y", axis("plates sold per day (mean)", {{"beginAtZero", true}})}}}}}}));
  }
  add_orders_against_need(report, h, stock, labels, x_axis);
  add_forecasts_against_sales(report, h, name_of, colour_of);
  report.notes.push_back(
      "The backtest of every forecasting model is its own report: kaiten backtest --out DIR, "
      "then kaiten report DIR.");
  return report;
}

}  // namespace kaiten::report
