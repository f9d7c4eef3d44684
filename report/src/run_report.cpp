// The day at a glance, from a run folder (docs/reports.md says what each chart needs).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "charts.hpp"
#include "csv.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {

double nice_step(double raw) {
  if (!(raw > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p * (1 + 1e-9)) return m * p;
  return 10 * p;
}

Histogram histogram(const std::vector<double>& values, int bins) {
  Histogram h;
  double top = 0;
  for (const double v : values) top = std::max(top, v);
  h.width = nice_step(top > 0 ? top / bins : 1);
  const auto n = static_cast<std::size_t>(std::floor(top / h.width)) + 1;
  for (std::size_t i = 0; i < n; ++i)
    h.labels.push_back(fmt::format("{:g}–{:g}", static_cast<double>(i) * h.width,
                                   static_cast<double>(i + 1) * h.width));
  h.counts = histogram_counts(values, h);
  return h;
}

std::vector<double> histogram_counts(const std::vector<double>& values, const Histogram& shape) {
  std::vector<double> counts(shape.labels.size(), 0.0);
  if (counts.empty()) return counts;
  for (const double v : values) {
    const double bin = std::floor(std::max(0.0, v) / shape.width);
    counts[std::min(counts.size() - 1, static_cast<std::size_t>(bin))] += 1;
  }
  return counts;
}

const Json& json_field(const Json& doc, std::string_view file, std::string_view path) {
  const Json* at = &doc;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string key(path.substr(start, dot - start));
    if (!at->is_object() || !at->contains(key))
      throw ReportError(fmt::format("{}: no field `{}`", file, path));
    at = &(*at)[key];
    start = dot + 1;
  }
  return *at;
}

double json_number(const Json& doc, std::string_view file, std::string_view path) {
  const Json& v = json_field(doc, file, path);
  if (v.is_null()) return std::nan("");  // an empty distribution
  if (!v.is_number()) throw ReportError(fmt::format("{}: field `{}` is not a number", file, path));
  return v.get<double>();
}

Json parse_json_file(const std::filesystem::path& dir, std::string_view name,
                     std::string_view written_by) {
  const std::string text = read_output_file(dir, name, written_by);
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw ReportError(fmt::format("{}: not a JSON object", (dir / name).string()));
  return doc;
}

namespace {

constexpr std::string_view kRun = "kaiten run --out";

}  // namespace

const std::vector<HeadlineMeasure>& headline_measures() {
  static const std::vector<HeadlineMeasure> kList{
      {"plates_made", "plates.made", "plates", "plates made (belt and orders)", 1},
      {"plates_eaten", "plates.eaten", "plates", "plates eaten", 1},
      {"plates_discarded", "plates.discarded", "plates", "plates discarded at a gate", 1},
      {"plates_on_belt_at_close", "plates.on_belt_at_close", "plates",
       "plates still on the belt at closing", 1},
      {"waste_rate", "waste_rate", "%",
       "plates thrown away (discarded or left at closing) / plates made", 100},
      {"discard_rate", "discard_rate", "%", "plates discarded at a gate / plates made", 100},
      {"revenue_yen", "money.revenue_yen", "yen", "price of the plates eaten", 1},
      {"cost_of_goods_yen", "money.cost_of_goods_yen", "yen", "cost of every plate made", 1},
      {"waste_cost_yen", "money.waste_cost_yen", "yen", "cost of the plates thrown away", 1},
      {"gross_margin_yen", "money.gross_margin_yen", "yen", "revenue minus the cost of goods made",
       1},
      {"customers", "customers.customers", "people", "people seated", 1},
      {"parties_arrived", "customers.parties.arrived", "parties", "parties that arrived", 1},
      {"parties_seated", "customers.parties.seated", "parties", "parties seated", 1},
      {"parties_balked", "customers.parties.balked", "parties",
       "parties that left on arrival: the queue was too long", 1},
      {"parties_reneged", "customers.parties.reneged", "parties",
       "parties that left the queue when their patience ran out", 1},
      {"wait_p50_min", "customers.wait_for_table_min.p50", "min",
       "median wait for a table (seated parties)", 1},
      {"wait_p95_min", "customers.wait_for_table_min.p95", "min",
       "95th percentile of the wait for a table", 1},
      {"seated_min", "customers.time_seated_min.mean", "min", "mean time at the table", 1},
      {"first_plate_p50_min", "customers.time_to_first_plate_min.p50", "min",
       "median time from seated to the first plate", 1},
      {"found_on_belt", "customers.found_on_belt_share", "%",
       "wanted plates taken from the belt / plates eaten by diners", 100},
      {"plates_per_person", "customers.plates_per_person", "plates", "plates eaten / customers", 1},
      {"order_lead_p95_min", "customers.panel_lead_time_min.p95", "min",
       "95th percentile of order to plate eaten", 1},
      {"failed_wishes", "customers.failed_wishes", "wishes", "wishes for a sold-out item", 1},
      {"freshness_violations", "freshness_violations", "plates",
       "plates eaten past the discard limit (must be 0)", 1},
      {"max_travel_eaten_m", "max_travel_eaten_m", "m",
       "longest distance travelled by an eaten plate", 1},
  };
  return kList;
}

namespace {

std::string format_value(double v, std::string_view unit) {
  if (std::isnan(v)) return "n/a";
  if (unit == "%") return fmt::format("{:.1f} %", v);
  if (unit == "yen") return fmt::format("¥{:.0f}", v);
  if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2f}", v);
}

/// Three bar datasets (made, eaten, thrown away) over categories.
Json fate_bars(const std::vector<std::string>& labels, const std::vector<double>& made,
               const std::vector<double>& eaten, const std::vector<double>& thrown,
               const std::string& thrown_label) {
  return {
      {"labels", labels},
      {"datasets",
       Json::array({{{"label", "made"}, {"data", made}, {"backgroundColor", css(kMadeColour)}},
                    {{"label", "eaten"}, {"data", eaten}, {"backgroundColor", css(kEatenColour)}},
                    {{"label", thrown_label},
                     {"data", thrown},
                     {"backgroundColor", css(kDiscardColour)}}})}};
}

Json xy(const std::vector<double>& x, const std::vector<double>& y) {
  Json points = Json::array();
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    points.push_back(
        {{"x", std::round(x[i] * 1000) / 1000}, {"y", std::round(y[i] * 1000) / 1000}});
  return points;
}

Json line(const std::string& label, Json data, Rgb colour, Json extra = Json::object()) {
  Json d = {{"label", label},
            {"data", std::move(data)},
            {"borderColor", css(colour)},
            {"backgroundColor", css(colour, 0.25)},
            {"pointRadius", 0},
            {"borderWidth", 1.5}};
  d.update(extra);
  return d;
}

/// Indices of the rows to keep so that no series has more than about `max_points` points: every
/// k-th row, and always the last.
std::vector<std::size_t> thin(std::size_t rows, std::size_t max_points) {
  std::vector<std::size_t> keep;
  const std::size_t step = std::max<std::size_t>(1, (rows + max_points - 1) / max_points);
  for (std::size_t i = 0; i < rows; i += step) keep.push_back(i);
  if (rows > 0 && keep.back() != rows - 1) keep.push_back(rows - 1);
  return keep;
}

}  // namespace

Report run_report(const std::filesystem::path& dir) {
  Report report;
  report.kind = "run";
  const Json summary = parse_json_file(dir, "summary.json", kRun);
  const std::string summary_name = (dir / "summary.json").string();
  const auto text_field = [&](std::string_view path) {
    const Json& v = json_field(summary, summary_name, path);
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  report.title = fmt::format("kaiten day report: {}", text_field("scenario"));
  report.subtitle = fmt::format("seed {}, open {}–{}", text_field("seed"), text_field("hours.open"),
                                text_field("hours.close"));
  if (summary.contains("overrides") && summary["overrides"].is_array() &&
      !summary["overrides"].empty()) {
    std::string sets;
    for (const Json& o : summary["overrides"])
      sets += (sets.empty() ? "" : ", ") + (o.is_string() ? o.get<std::string>() : o.dump());
    report.subtitle += fmt::format("; overrides: {}", sets);
  }
  report.subtitle += fmt::format("; from {}", dir.string());

  // Headline measures with definitions.
  Table headline;
  headline.title = "Headline measures";
  headline.caption =
      "The day's totals and customer experience; names as in docs/measures.md and `kaiten sweep`.";
  headline.header = {"measure", "value", "unit", "definition"};
  // A scenario without the party model has no customer experience (no summary.json `customers`).
  const bool parties_modelled = summary.contains("customers");
  for (const HeadlineMeasure& m : headline_measures()) {
    if (!parties_modelled && m.path.rfind("customers.", 0) == 0) continue;
    const double v = json_number(summary, summary_name, m.path) * m.scale;
    headline.rows.push_back({std::string(m.name), format_value(v, m.unit), std::string(m.unit),
                             std::string(m.definition)});
  }
  report.tables.push_back(std::move(headline));

  // Menu items: ids in menu order, for colours.
  const CsvTable items = read_csv(dir, "items.csv", kRun);
  std::map<std::string, std::size_t> item_index;
  std::vector<std::string> item_names;
  {
    const std::size_t id = items.column("item");
    const std::size_t name = items.column("name");
    for (std::size_t r = 0; r < items.size(); ++r) {
      item_index.emplace(items.text(r, id), r);
      item_names.push_back(items.text(r, name));
    }
  }

  // 1. Plates per hour.
  const CsvTable hours = read_csv(dir, "hours.csv", kRun);
  std::vector<std::string> hour_labels;
  std::vector<double> h_made, h_eaten, h_discarded, h_left, h_revenue, h_cogs, h_waste, h_margin,
      h_cooked, h_orders, h_capacity;
  {
    const std::size_t c_hour = hours.column("hour");
    const std::size_t c_made = hours.column("made"), c_eaten = hours.column("eaten"),
                      c_disc = hours.column("discarded"), c_left = hours.column("on_belt_at_close");
    const std::size_t c_rev = hours.column("revenue_yen"),
                      c_cogs = hours.column("cost_of_goods_yen"),
                      c_waste = hours.column("waste_cost_yen"),
                      c_margin = hours.column("gross_margin_yen");
    for (std::size_t r = 0; r < hours.size(); ++r) {
      const std::string& h = hours.text(r, c_hour);
      hour_labels.push_back(h.find(':') == std::string::npos ? h + ":00" : h);
      h_made.push_back(hours.number(r, c_made));
      h_eaten.push_back(hours.number(r, c_eaten));
      h_discarded.push_back(hours.number(r, c_disc) + hours.number(r, c_left));
      h_left.push_back(hours.number(r, c_left));
      h_revenue.push_back(hours.number(r, c_rev));
      h_cogs.push_back(hours.number(r, c_cogs));
      h_waste.push_back(hours.number(r, c_waste));
      h_margin.push_back(hours.number(r, c_margin));
    }
    if (hours.has("cooked") && hours.has("capacity_plates")) {
      const std::size_t c_cooked = hours.column("cooked"), c_cap = hours.column("capacity_plates");
      const std::size_t c_ord = hours.column("cooked_orders");
      for (std::size_t r = 0; r < hours.size(); ++r) {
        h_cooked.push_back(hours.number(r, c_cooked) - hours.number(r, c_ord));
        h_orders.push_back(hours.number(r, c_ord));
        h_capacity.push_back(hours.number(r, c_cap));
      }
    }
  }
  report.charts.push_back(make_chart(
      "plates_by_hour", "Plates made, eaten and thrown away per hour",
      "Each hour's plates by how they ended; thrown away = discarded at a gate (and, in the last "
      "hour, left on the belt at closing). Hover a bar for its count.",
      {{"type", "bar"},
       {"data", fate_bars(hour_labels, h_made, h_eaten, h_discarded, "thrown away")},
       {"options",
        {{"scales",
          {{"x", axis("hour of day (HH:MM, start of the hour)")},
           {"y", axis("plates per hour", {{"beginAtZero", true}})}}}}}}));

  // 2. Plates per lane.
  const CsvTable lanes = read_csv(dir, "lanes.csv", kRun);
  {
    std::vector<std::string> labels;
    std::vector<double> made, eaten, thrown;
    const std::size_t c_lane = lanes.column("lane"), c_kind = lanes.column("kind");
    const std::size_t c_made = lanes.column("made"), c_eaten = lanes.column("eaten"),
                      c_disc = lanes.column("discarded"), c_left = lanes.column("on_belt_at_close");
    for (std::size_t r = 0; r < lanes.size(); ++r) {
      labels.push_back(fmt::format("{} ({})", lanes.text(r, c_lane), lanes.text(r, c_kind)));
      made.push_back(lanes.number(r, c_made));
      eaten.push_back(lanes.number(r, c_eaten));
      thrown.push_back(lanes.number(r, c_disc) + lanes.number(r, c_left));
    }
    report.charts.push_back(make_chart(
        "plates_by_lane", "Plates made, eaten and thrown away per lane",
        "Each lane's day: loops first, then express lanes (every express plate is a panel "
        "order). A tall red bar beside a short green one is a lane that over-produces.",
        {{"type", "bar"},
         {"data", fate_bars(labels, made, eaten, thrown, "thrown away")},
         {"options",
          {{"scales",
            {{"x", axis("lane (kind)")},
             {"y", axis("plates per day", {{"beginAtZero", true}})}}}}}}));
  }

  // 3. Plates per item, in the viewer's item colours.
  {
    const std::size_t c_eaten = items.column("eaten"), c_disc = items.column("discarded"),
                      c_left = items.column("on_belt_at_close");
    std::vector<double> eaten, discarded, left;
    Json colours = Json::array();
    for (std::size_t r = 0; r < items.size(); ++r) {
      eaten.push_back(items.number(r, c_eaten));
      discarded.push_back(items.number(r, c_disc));
      left.push_back(items.number(r, c_left));
      colours.push_back(css(item_colour(r)));
    }
    report.charts.push_back(make_chart(
        "plates_by_item", "Plates eaten and thrown away per menu item",
        "Each item's eaten plates (in the item's colour, as in the viewer) with its discarded "
        "plates (red) and those left at closing (grey) stacked on top.",
        {{"type", "bar"},
         {"data",
          {{"labels", item_names},
           {"datasets",
            Json::array({{{"label", "eaten"}, {"data", eaten}, {"backgroundColor", colours}},
                         {{"label", "discarded"},
                          {"data", discarded},
                          {"backgroundColor", css(kDiscardColour)}},
                         {{"label", "on the belt at close"},
                          {"data", left},
                          {"backgroundColor", css(kNeutralColour)}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("menu item", {{"stacked", true}})},
             {"y", axis("plates per day", {{"stacked", true}, {"beginAtZero", true}})}}}}}}));
  }

  // 4-6. The controller's timeline: belt load, seated people, forecasts.
  const CsvTable timeline = read_csv(dir, "timeline.csv", kRun);
  {
    const std::size_t c_time = timeline.column("time");
    const std::size_t c_belt = timeline.column("on_belt"),
                      c_people = timeline.column("seated_people");
    const std::size_t c_f1 = timeline.column("forecast_1"), c_a1 = timeline.column("actual_1"),
                      c_f15 = timeline.column("forecast_15"), c_a15 = timeline.column("actual_15");
    std::vector<double> t, belt, people, f1, a1, f15, a15;
    for (const std::size_t r : thin(timeline.size(), 600)) {
      t.push_back(timeline.clock_min(r, c_time));
      belt.push_back(timeline.number(r, c_belt));
      people.push_back(timeline.number(r, c_people));
      f1.push_back(timeline.number(r, c_f1));
      a1.push_back(timeline.number(r, c_a1));
      f15.push_back(timeline.number(r, c_f15));
      a15.push_back(timeline.number(r, c_a15));
    }
    if (t.empty()) throw ReportError(fmt::format("{}: no rows", timeline.name()));
    const double from = std::floor(t.front() / 60) * 60, to = std::ceil(t.back() / 60) * 60;
    report.charts.push_back(make_chart(
        "belt_and_seated", "Belt load and seated people through the day",
        "Plates on the belt (left axis) and people seated (right axis), as the controller saw "
        "them: the belt fills ahead of the lunch and dinner peaks and empties as they pass.",
        {{"type", "line"},
         {"data",
          {{"datasets",
            Json::array(
                {line("plates on the belt", xy(t, belt), kMadeColour, {{"yAxisID", "y"}}),
                 line("people seated", xy(t, people), kItemPalette[4], {{"yAxisID", "y1"}})})}}},
         {"options",
          {{"interaction", {{"mode", "nearest"}, {"axis", "x"}, {"intersect", false}}},
           {"scales",
            {{"x", clock_axis(from, to)},
             {"y", axis("plates on the belt", {{"beginAtZero", true}, {"position", "left"}})},
             {"y1", axis("people seated", {{"beginAtZero", true},
                                           {"position", "right"},
                                           {"grid", {{"drawOnChartArea", false}}}})}}}}}}));
    const auto forecast_chart = [&](const std::string& id, int minutes,
                                    const std::vector<double>& f, const std::vector<double>& a) {
      return make_chart(
          id, fmt::format("The controller's {}-minute forecast against plates then eaten", minutes),
          fmt::format("At each time, the plates the controller expected to be eaten in the next {} "
                      "min (orange) and the plates actually eaten in those {} min (green): the "
                      "closer the lines, the better the forecast.",
                      minutes, minutes),
          {{"type", "line"},
           {"data",
            {{"datasets", Json::array({line("forecast", xy(t, f), kForecastColour),
                                       line("eaten", xy(t, a), kEatenColour)})}}},
           {"options",
            {{"interaction", {{"mode", "nearest"}, {"axis", "x"}, {"intersect", false}}},
             {"scales",
              {{"x", clock_axis(from, to)},
               {"y",
                axis(fmt::format("plates per {} min", minutes), {{"beginAtZero", true}})}}}}}});
    };
    report.charts.push_back(forecast_chart("forecast_1", 1, f1, a1));
    report.charts.push_back(forecast_chart("forecast_15", 15, f15, a15));

    // 7. Live top sellers (day, by plates): each item that was ever in the list.
    const CsvTable top = read_csv(dir, "top_sellers.csv", kRun);
    const std::size_t c_t = top.column("time"), c_scope = top.column("scope"),
                      c_by = top.column("rank_by"), c_item = top.column("item"),
                      c_plates = top.column("plates");
    std::map<std::string, Json> series;  // item id -> points
    std::vector<double> times;
    std::set<double> kept;
    {
      std::set<double> all;
      for (std::size_t r = 0; r < top.size(); ++r) all.insert(top.clock_min(r, c_t));
      std::vector<double> sorted(all.begin(), all.end());
      for (const std::size_t i : thin(sorted.size(), 300)) kept.insert(sorted[i]);
    }
    for (std::size_t r = 0; r < top.size(); ++r) {
      if (top.text(r, c_scope) != "day" || top.text(r, c_by) != "plates") continue;
      const double tm = top.clock_min(r, c_t);
      if (!kept.count(tm)) continue;
      series[top.text(r, c_item)].push_back(
          {{"x", std::round(tm * 1000) / 1000}, {"y", top.number(r, c_plates)}});
    }
    Json datasets = Json::array();
    for (auto& [item, points] : series) {
      const auto found = item_index.find(item);
      const std::size_t index = found == item_index.end() ? 0 : found->second;
      const std::string label = found == item_index.end() ? item : item_names[index];
      datasets.push_back(line(label, points, item_colour(index)));
    }
    report.charts.push_back(make_chart(
        "top_sellers", "Live top sellers through the day",
        "Plates sold so far today of each item while it was in the controller's live top-10 "
        "(by plates); a line stops or starts where the item left or entered the list.",
        {{"type", "line"},
         {"data", {{"datasets", datasets}}},
         {"options",
          {{"interaction", {{"mode", "nearest"}, {"intersect", false}}},
           {"spanGaps", false},
           {"scales",
            {{"x", clock_axis(from, to)},
             {"y", axis("plates sold so far today", {{"beginAtZero", true}})}}}}}}));
  }

  // 8-9. Distributions over parties: wait for a table, time seated.
  if (parties_modelled) {
    const CsvTable parties = read_csv(dir, "parties.csv", kRun);
    const std::size_t c_seated = parties.column("seated"), c_wait = parties.column("wait_min"),
                      c_time = parties.column("time_seated_min");
    std::vector<double> waits, seated;
    for (std::size_t r = 0; r < parties.size(); ++r) {
      if (parties.text(r, c_seated).empty()) continue;  // never seated
      if (!parties.text(r, c_wait).empty()) waits.push_back(parties.number(r, c_wait));
      if (!parties.text(r, c_time).empty()) seated.push_back(parties.number(r, c_time));
    }
    const auto distribution = [&](const std::string& id, const std::string& title,
                                  const std::string& caption, const std::vector<double>& values,
                                  const std::string& x_title, Rgb colour) {
      const Histogram h = histogram(values);
      return make_chart(
          id, title, caption,
          {{"type", "bar"},
           {"data",
            {{"labels", h.labels},
             {"datasets", Json::array({{{"label", "parties"},
                                        {"data", h.counts},
                                        {"backgroundColor", css(colour)},
                                        {"barPercentage", 1.0},
                                        {"categoryPercentage", 1.0}}})}}},
           {"options",
            {{"plugins", {{"legend", {{"display", false}}}}},
             {"scales",
              {{"x", axis(x_title)}, {"y", axis("parties", {{"beginAtZero", true}})}}}}}});
    };
    report.charts.push_back(distribution(
        "wait_distribution", "Wait for a table",
        fmt::format("How many seated parties waited how long from arrival to their table ({} "
                    "parties; the tall bar at 0 is those seated at once).",
                    waits.size()),
        waits, "wait for a table (min)", kMadeColour));
    report.charts.push_back(distribution(
        "seated_distribution", "Time at the table",
        fmt::format("How long seated parties stayed, seated to leaving or closing ({} parties).",
                    seated.size()),
        seated, "time seated (min)", kItemPalette[9]));

    // The queue for tables through the day, from each party's arrival and seating (or leaving
    // the queue, or closing).
    const std::size_t c_arrived = parties.column("arrived"), c_left = parties.column("left"),
                      c_size = parties.column("size"), c_fate = parties.column("fate");
    double open_min = 0, close_min = 0;
    if (!parse_clock_min(text_field("hours.open"), open_min) ||
        !parse_clock_min(text_field("hours.close"), close_min))
      throw ReportError(
          fmt::format("{}: `hours.open`/`hours.close` are not clock times", summary_name));
    struct Wait {
      double from, to, people;
    };
    std::vector<Wait> queue;
    for (std::size_t r = 0; r < parties.size(); ++r) {
      const double from = parties.clock_min(r, c_arrived);
      double to = from;
      if (!parties.text(r, c_seated).empty()) {
        to = parties.clock_min(r, c_seated);
      } else if (!parties.text(r, c_left).empty()) {
        to = parties.clock_min(r, c_left);
      } else if (parties.text(r, c_fate) == "unserved_at_close") {
        to = close_min;
      }
      if (to > from) queue.push_back({from, to, parties.number(r, c_size)});
    }
    std::vector<double> t, waiting_parties, waiting_people;
    for (double m = std::floor(open_min); m <= std::ceil(close_min); m += 1) {
      double n = 0, people = 0;
      for (const Wait& w : queue)
        if (w.from <= m && m < w.to) {
          n += 1;
          people += w.people;
        }
      t.push_back(m);
      waiting_parties.push_back(n);
      waiting_people.push_back(people);
    }
    report.charts.push_back(make_chart(
        "queue", "The queue for tables through the day",
        fmt::format("Parties and people waiting for a table, minute by minute ({} parties "
                    "waited at all); flat at zero when every party was seated on arrival.",
                    queue.size()),
        {{"type", "line"},
         {"data",
          {{"datasets",
            Json::array({line("parties waiting", xy(t, waiting_parties), kMadeColour),
                         line("people waiting", xy(t, waiting_people), kItemPalette[4])})}}},
         {"options",
          {{"interaction", {{"mode", "nearest"}, {"axis", "x"}, {"intersect", false}}},
           {"scales",
            {{"x", clock_axis(std::floor(open_min / 60) * 60, std::ceil(close_min / 60) * 60)},
             {"y", axis("waiting for a table (parties, people)",
                        {{"beginAtZero", true}, {"suggestedMax", 5}})}}}}}}));
  }

  // 10. Plate age when eaten (and when discarded), from plates.csv.
  {
    const CsvTable plates = read_csv(dir, "plates.csv", kRun);
    const std::size_t c_made = plates.column("made"), c_ended = plates.column("ended"),
                      c_fate = plates.column("fate");
    std::vector<double> eaten_age, discarded_age;
    for (std::size_t r = 0; r < plates.size(); ++r) {
      const std::string& fate = plates.text(r, c_fate);
      if (fate != "eaten" && fate != "discarded") continue;
      const double age = plates.clock_min(r, c_ended) - plates.clock_min(r, c_made);
      (fate == "eaten" ? eaten_age : discarded_age).push_back(age);
    }
    std::vector<double> all = eaten_age;
    all.insert(all.end(), discarded_age.begin(), discarded_age.end());
    const Histogram h = histogram(all, 24);
    report.charts.push_back(make_chart(
        "plate_age", "Plate age when eaten or discarded",
        fmt::format("Minutes from a plate's making to its end ({} eaten, {} discarded): eaten "
                    "plates should sit well left of the discarded ones.",
                    eaten_age.size(), discarded_age.size()),
        {{"type", "bar"},
         {"data",
          {{"labels", h.labels},
           {"datasets", Json::array({{{"label", "eaten"},
                                      {"data", histogram_counts(eaten_age, h)},
                                      {"backgroundColor", css(kEatenColour)},
                                      {"categoryPercentage", 1.0}},
                                     {{"label", "discarded"},
                                      {"data", histogram_counts(discarded_age, h)},
                                      {"backgroundColor", css(kDiscardColour)},
                                      {"categoryPercentage", 1.0}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("age: minutes from made to eaten or discarded", {{"stacked", true}})},
             {"y", axis("plates", {{"beginAtZero", true}, {"stacked", true}})}}}}}}));
  }

  // 11. Order lead time: summary.json has its distribution (mean, p50, p95), not every order.
  if (parties_modelled) {
    std::vector<std::string> labels;
    std::vector<double> p50, mean, p95;
    const std::pair<const char*, const char*> parts[] = {{"panel_lead_time_min", "order to eaten"},
                                                         {"order_queue_min", "waiting for a cook"},
                                                         {"order_cook_min", "cooking"},
                                                         {"order_delivery_min", "cooked to eaten"}};
    for (const auto& [key, label] : parts) {
      const std::string base = fmt::format("customers.{}", key);
      labels.push_back(label);
      p50.push_back(json_number(summary, summary_name, base + ".p50"));
      mean.push_back(json_number(summary, summary_name, base + ".mean"));
      p95.push_back(json_number(summary, summary_name, base + ".p95"));
    }
    report.charts.push_back(make_chart(
        "order_lead_time", "Touch-panel order lead time and its parts",
        fmt::format("Median, mean and 95th percentile of the {} panel orders' time from order to "
                    "plate eaten, and of each part (summary.json).",
                    text_field("customers.panel_orders")),
        {{"type", "bar"},
         {"data",
          {{"labels", labels},
           {"datasets",
            Json::array(
                {{{"label", "median"}, {"data", p50}, {"backgroundColor", css(kEatenColour)}},
                 {{"label", "mean"}, {"data", mean}, {"backgroundColor", css(kMadeColour)}},
                 {{"label", "95th percentile"},
                  {"data", p95},
                  {"backgroundColor", css(kForecastColour)}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("part of the order's journey")},
             {"y", axis("minutes", {{"beginAtZero", true}})}}}}}}));
  }

  // 11b. Order lead time, every order: orders.csv (run folders written before it lack it).
  const bool has_orders = std::filesystem::exists(dir / "orders.csv");
  if (parties_modelled && has_orders) {
    const CsvTable orders = read_csv(dir, "orders.csv", kRun);
    const std::size_t c_lead = orders.column("lead_min"), c_express = orders.column("express");
    std::vector<double> by_express, by_belt;
    for (std::size_t r = 0; r < orders.size(); ++r)
      (orders.text(r, c_express) == "1" ? by_express : by_belt).push_back(orders.number(r, c_lead));
    std::vector<double> all = by_express;
    all.insert(all.end(), by_belt.begin(), by_belt.end());
    const Histogram h = histogram(all, 24);
    report.charts.push_back(make_chart(
        "order_lead_distribution", "Touch-panel order lead time, every order",
        fmt::format("How many eaten orders took how long from order to plate eaten ({} by an "
                    "express lane, {} on the belt loop); a long right tail is orders that "
                    "waited for a cook or rode the loop.",
                    by_express.size(), by_belt.size()),
        {{"type", "bar"},
         {"data",
          {{"labels", h.labels},
           {"datasets", Json::array({{{"label", "express lane"},
                                      {"data", histogram_counts(by_express, h)},
                                      {"backgroundColor", css(kForecastColour)},
                                      {"categoryPercentage", 1.0}},
                                     {{"label", "belt loop"},
                                      {"data", histogram_counts(by_belt, h)},
                                      {"backgroundColor", css(kMadeColour)},
                                      {"categoryPercentage", 1.0}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("order lead time: order to plate eaten (min)", {{"stacked", true}})},
             {"y", axis("orders", {{"beginAtZero", true}, {"stacked", true}})}}}}}}));
  }

  // 12. Money by hour.
  report.charts.push_back(make_chart(
      "money_by_hour", "Money per hour",
      "Revenue (plates eaten, at price), cost of goods (plates made, at cost) and waste at cost "
      "(plates thrown away) per hour, with the gross margin (revenue minus cost of goods) as a "
      "line.",
      {{"type", "bar"},
       {"data",
        {{"labels", hour_labels},
         {"datasets", Json::array({{{"type", "line"},
                                    {"label", "gross margin"},
                                    {"data", h_margin},
                                    {"borderColor", "rgba(20,20,20,1)"},
                                    {"backgroundColor", "rgba(20,20,20,1)"},
                                    {"order", 0}},
                                   {{"label", "revenue"},
                                    {"data", h_revenue},
                                    {"backgroundColor", css(kEatenColour)},
                                    {"order", 1}},
                                   {{"label", "cost of goods"},
                                    {"data", h_cogs},
                                    {"backgroundColor", css(kMadeColour)},
                                    {"order", 1}},
                                   {{"label", "waste at cost"},
                                    {"data", h_waste},
                                    {"backgroundColor", css(kDiscardColour)},
                                    {"order", 1}}})}}},
       {"options",
        {{"scales",
          {{"x", axis("hour of day (HH:MM, start of the hour)")},
           {"y", axis("yen per hour")}}}}}}));

  // 13. The kitchen: plates cooked against capacity.
  if (!h_capacity.empty()) {
    report.charts.push_back(make_chart(
        "kitchen_by_hour", "Kitchen: plates cooked against capacity per hour",
        "Plates the cooks finished for the belt and for panel orders (stacked) against what the "
        "cooks on shift could make (line): bars at the line are hours the kitchen was the limit.",
        {{"type", "bar"},
         {"data",
          {{"labels", hour_labels},
           {"datasets", Json::array({{{"type", "line"},
                                      {"label", "capacity"},
                                      {"data", h_capacity},
                                      {"borderColor", "rgba(20,20,20,1)"},
                                      {"backgroundColor", "rgba(20,20,20,1)"},
                                      {"order", 0}},
                                     {{"label", "belt plates"},
                                      {"data", h_cooked},
                                      {"backgroundColor", css(kMadeColour)},
                                      {"order", 1}},
                                     {{"label", "panel orders"},
                                      {"data", h_orders},
                                      {"backgroundColor", css(kForecastColour)},
                                      {"order", 1}}})}}},
         {"options",
          {{"scales",
            {{"x", axis("hour of day (HH:MM, start of the hour)", {{"stacked", true}})},
             {"y", axis("plates per hour", {{"stacked", true}, {"beginAtZero", true}})}}}}}}));
  }

  if (!parties_modelled)
    report.notes.push_back(
        "The scenario does not model parties (customers.model), so the run has no customer "
        "experience: no waits, times at the table or order lead times to chart.");
  if (parties_modelled && !has_orders)
    report.notes.push_back(
        "This run folder has no orders.csv (written by kaiten before 2026-12), so order lead "
        "time is shown only as the mean, median and 95th percentile that summary.json carries.");
  return report;
}

}  // namespace kaiten::report
