// A history of several stores (`kaiten chain batch`) without --store: the stores side by side,
// ranked by waste and by margin, so head office sees which stores to look at first.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "charts.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/report/report.hpp"
#include "report_internal.hpp"

namespace kaiten::report {
namespace {

/// Stores in a ranked chart: a chain's hundreds would be unreadable bars; the table has all.
constexpr std::size_t kRankedStores = 20;

/// One store's period, from its sales and its catalogue's prices and costs.
struct StoreTotals {
  std::string store;
  int days = 0;
  double sold = 0, made = 0, discarded = 0, revenue = 0, cost = 0, stock_out_days = 0;
  double waste_rate() const { return made > 0 ? 100 * (made - sold) / made : 0; }
  double margin_per_day() const { return days > 0 ? (revenue - cost) / days : 0; }
};

StoreTotals totals_of(const headoffice::HistoryStore& history, const std::string& store) {
  StoreTotals t;
  t.store = store;
  const auto first = history.first_day(store);
  const auto last = history.last_day(store);
  if (!first || !last) return t;
  const headoffice::StoreHistory h = history.load(store, *first, *last);
  for (const std::uint8_t p : h.present) t.days += p;
  for (const headoffice::ItemSeries& s : h.items) {
    double price = 0, cost = 0;
    for (const headoffice::CatalogueItem& c : h.catalogue.items)
      if (c.item == s.item) {
        price = c.price_yen;
        cost = c.cost_yen;
      }
    for (std::size_t d = 0; d < h.dates.size(); ++d) {
      if (!h.present[d]) continue;
      const double sold = std::isfinite(s.sold[d]) ? s.sold[d] : 0;
      const double made = std::isfinite(s.made[d]) ? s.made[d] : 0;
      t.sold += sold;
      t.made += made;
      t.discarded += std::isfinite(s.discarded[d]) ? s.discarded[d] : 0;
      t.revenue += sold * price;
      t.cost += made * cost;
      if (d < s.stock_out.size()) t.stock_out_days += s.stock_out[d];
    }
  }
  return t;
}

}  // namespace

Report chain_history_report(const std::filesystem::path& db,
                            const std::map<std::string, std::string>& regions) {
  namespace ho = headoffice;
  Report report;
  report.kind = "chain";
  std::vector<StoreTotals> stores;
  try {
    const ho::HistoryStore history(db.string(), ho::HistoryAccess::read_only);
    for (const std::string& store : history.stores()) stores.push_back(totals_of(history, store));
  } catch (const ho::HistoryError& e) {
    throw ReportError(fmt::format("{}: {}", db.string(), e.what()));
  }
  report.title = fmt::format("kaiten chain report: {} stores", stores.size());
  report.subtitle =
      fmt::format("every store of {}; kaiten report --history {} --store ID shows one store",
                  db.string(), db.string());

  Table table;
  table.title = "Stores";
  table.caption =
      "Each store's period: days, plates sold, waste rate ((made − sold) / made), gross margin "
      "per day (sales at menu price minus the cost of every plate made) and item-days sold out; "
      "most waste first.";
  table.header = {
      "store", "days", "plates sold", "waste rate", "margin / day (yen)", "stock-out item-days"};
  std::vector<StoreTotals> by_waste = stores;
  std::stable_sort(
      by_waste.begin(), by_waste.end(),
      [](const StoreTotals& a, const StoreTotals& b) { return a.waste_rate() > b.waste_rate(); });
  for (const StoreTotals& t : by_waste)
    table.rows.push_back({t.store, fmt::format("{}", t.days), fmt::format("{:.0f}", t.sold),
                          fmt::format("{:.1f} %", t.waste_rate()),
                          fmt::format("{:.0f}", t.margin_per_day()),
                          fmt::format("{:.0f}", t.stock_out_days)});
  report.tables.push_back(std::move(table));

  const auto ranked = [&](const std::vector<StoreTotals>& order, const char* id, const char* title,
                          const char* caption, const char* unit, auto value, Rgb colour) {
    std::vector<std::string> labels;
    Json data = Json::array();
    for (std::size_t k = 0; k < order.size() && k < kRankedStores; ++k) {
      const StoreTotals& t = order[k];
      labels.push_back(t.store);
      data.push_back(round_sig(value(t)));
    }
    report.charts.push_back(make_chart(
        id, title, caption,
        {{"type", "bar"},
         {"data",
          {{"labels", labels},
           {"datasets",
            Json::array({{{"label", unit}, {"data", data}, {"backgroundColor", css(colour)}}})}}},
         {"options",
          {{"indexAxis", "y"},
           {"plugins", {{"legend", {{"display", false}}}}},
           {"scales",
            {{"x", axis(unit, {{"beginAtZero", true}})},
             {"y", axis("store", {{"ticks", {{"autoSkip", false}}}})}}}}}}));
  };
  ranked(
      by_waste, "chain_waste", "Stores ranked by waste rate, most first",
      "Plates made but not sold / plates made over each store's period, most first: where "
      "production or ordering runs ahead of demand.",
      "waste rate (%)", [](const StoreTotals& t) { return t.waste_rate(); }, kDiscardColour);
  std::vector<StoreTotals> by_margin = stores;
  std::stable_sort(by_margin.begin(), by_margin.end(),
                   [](const StoreTotals& a, const StoreTotals& b) {
                     return a.margin_per_day() < b.margin_per_day();
                   });
  ranked(
      by_margin, "chain_margin", "Stores ranked by gross margin per day, lowest first",
      "Sales at menu price minus the cost of every plate made, per day in the history, lowest "
      "first (the stores to look at).",
      "gross margin per day (yen)", [](const StoreTotals& t) { return t.margin_per_day(); },
      kEatenColour);
  const auto region_of = [&](const std::string& store) {
    const auto it = regions.find(store);
    return it == regions.end() ? std::string("(no region)") : it->second;
  };
  // Regions in name order, each with its stores' totals summed.
  std::map<std::string, StoreTotals> by_region;
  std::map<std::string, int> region_stores;
  for (const StoreTotals& t : stores) {
    const std::string r = regions.empty() ? std::string("stores") : region_of(t.store);
    StoreTotals& sum = by_region[r];
    sum.store = r;
    sum.days += t.days;
    sum.sold += t.sold;
    sum.made += t.made;
    sum.discarded += t.discarded;
    sum.revenue += t.revenue;
    sum.cost += t.cost;
    sum.stock_out_days += t.stock_out_days;
    ++region_stores[r];
  }
  Json scatter = Json::array();
  std::size_t colour_index = 0;
  for (const auto& [region, sum] : by_region) {
    Json points = Json::array();
    for (const StoreTotals& t : stores)
      if ((regions.empty() ? std::string("stores") : region_of(t.store)) == region)
        points.push_back({{"x", round_sig(t.waste_rate())},
                          {"y", round_sig(t.margin_per_day())},
                          {"label", t.store}});
    const Rgb colour = regions.empty() ? kMadeColour : item_colour(colour_index++);
    scatter.push_back({{"label", region},
                       {"data", points},
                       {"borderColor", css(colour)},
                       {"backgroundColor", css(colour)},
                       {"pointRadius", 4}});
  }
  report.charts.push_back(make_chart(
      "chain_waste_margin", "Waste rate against margin, per store",
      "Each store (hover for its id): to the right wastes more, higher earns more; a store low "
      "and to the right is the first to visit.",
      {{"type", "scatter"},
       {"data", {{"datasets", scatter}}},
       {"options",
        {{"plugins", {{"legend", {{"display", !regions.empty()}}}}},
         {"scales",
          {{"x", axis("waste rate (%)", {{"type", "linear"}})},
           {"y", axis("gross margin per day (yen)")}}}}}}));
  if (stores.size() > kRankedStores)
    report.notes.push_back(fmt::format(
        "The ranked charts show the {} stores with the most waste and the lowest margin; the "
        "table lists all {}.",
        kRankedStores, stores.size()));
  if (regions.empty()) {
    report.notes.push_back(
        "Regions are in the chain file, not the history: kaiten report --history H.db --chain "
        "CHAIN.yaml adds each region's totals.");
    return report;
  }
  Table region_table;
  region_table.title = "Regions";
  region_table.caption =
      "Each region's stores together (regions from the chain file): waste rate over all their "
      "plates, gross margin and stock-out item-days per store-day.";
  region_table.header = {"region",
                         "stores",
                         "store-days",
                         "waste rate",
                         "margin / store-day (yen)",
                         "stock-out item-days / store-day"};
  std::vector<std::string> labels;
  Json waste = Json::array(), margin = Json::array();
  for (const auto& [region, sum] : by_region) {
    region_table.rows.push_back(
        {region, fmt::format("{}", region_stores[region]), fmt::format("{}", sum.days),
         fmt::format("{:.1f} %", sum.waste_rate()), fmt::format("{:.0f}", sum.margin_per_day()),
         fmt::format("{:.2f}", sum.days > 0 ? sum.stock_out_days / sum.days : 0.0)});
    labels.push_back(region);
    waste.push_back(round_sig(sum.waste_rate()));
    margin.push_back(round_sig(sum.margin_per_day()));
  }
  report.tables.push_back(std::move(region_table));
  report.charts.push_back(make_chart(
      "chain_regions", "Regions: waste rate and gross margin per store-day",
      "Each region's stores together: waste rate (bars, left axis) and gross margin per store-day "
      "(line, right axis); a region's shared weather and holidays move all its stores at once.",
      {{"type", "bar"},
       {"data",
        {{"labels", labels},
         {"datasets", Json::array({{{"type", "line"},
                                    {"label", "gross margin per store-day (yen)"},
                                    {"data", margin},
                                    {"yAxisID", "y1"},
                                    {"borderColor", css(kEatenColour)},
                                    {"backgroundColor", css(kEatenColour)},
                                    {"order", 0}},
                                   {{"label", "waste rate (%)"},
                                    {"data", waste},
                                    {"backgroundColor", css(kDiscardColour)},
                                    {"order", 1}}})}}},
       {"options",
        {{"scales",
          {{"x", axis("region")},
           {"y", axis("waste rate (%)", {{"beginAtZero", true}})},
           {"y1", axis("gross margin per store-day (yen)",
                       {{"beginAtZero", true},
                        {"position", "right"},
                        {"grid", {{"drawOnChartArea", false}}}})}}}}}}));
  return report;
}

}  // namespace kaiten::report
