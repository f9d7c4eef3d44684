// Point-of-sale CSV: parse_pos_csv() on any bytes. Invariants: every data row is imported or
// counted as skipped (and any error skips a row); errors come in line order; the imported days,
// written back as CSV, parse to the same days without error; written into a history (SQLite in
// memory) they read back with the same sales, and the same file then imports nothing (a file
// cannot be imported twice).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "fuzz_support.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/pos_import.hpp"

namespace kaiten::fuzz {
namespace {

using headoffice::DayRecord;
using headoffice::HistoryStore;
using headoffice::ItemDay;
using headoffice::PosImport;

constexpr const char* kFile = "fuzz.csv";
// Used when the file has no store column (`kaiten history import --store`).
constexpr const char* kDefaultStore = "ginza";
// Days a store's imported dates may span for the history read-back (load() makes a series per
// day of the span).
constexpr std::int32_t kMaxSpanDays = 400;
// Integers a double holds exactly: the history reads sales back as doubles.
constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string optional_text(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string();
}

std::string as_csv(const std::vector<DayRecord>& days) {
  std::string out =
      "store,date,item,sold,discarded,made,panel_orders,stock_out,sold_out_at,stock_plates,"
      "holiday\n";
  for (const DayRecord& d : days)
    for (const ItemDay& i : d.items) {
      const std::string sold_out_at =
          i.stock_out_min ? fmt::format("{:02}:{:02}", *i.stock_out_min / 60, *i.stock_out_min % 60)
                          : std::string();
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", quoted(d.store), d.date.to_string(),
                         i.item, i.sold, i.discarded, i.made, i.panel_orders, i.stock_out ? 1 : 0,
                         sold_out_at, optional_text(i.stock_plates), d.holiday ? 1 : 0);
    }
  return out;
}

std::string describe(const DayRecord& d) {
  return fmt::format("store \"{}\" {} ({} items)", d.store, d.date.to_string(), d.items.size());
}

bool same_item(const ItemDay& a, const ItemDay& b) {
  return a.item == b.item && a.sold == b.sold && a.discarded == b.discarded && a.made == b.made &&
         a.panel_orders == b.panel_orders && a.stock_plates == b.stock_plates &&
         a.stock_out == b.stock_out && a.stock_out_min == b.stock_out_min && !a.true_demand &&
         !b.true_demand && !a.expected_demand && !b.expected_demand;
}

bool same_day(const DayRecord& a, const DayRecord& b) {
  return a.store == b.store && a.date == b.date && a.holiday == b.holiday &&
         a.items.size() == b.items.size() &&
         std::equal(a.items.begin(), a.items.end(), b.items.begin(), same_item);
}

void check_accounting(const PosImport& r) {
  std::int64_t imported = 0;
  for (const DayRecord& d : r.days) imported += static_cast<std::int64_t>(d.items.size());
  KAITEN_FUZZ_CHECK(
      r.rows_skipped >= 0 && r.rows_skipped <= r.rows && imported == r.rows - r.rows_skipped,
      fmt::format("{} rows, {} skipped, {} imported", r.rows, r.rows_skipped, imported));
  KAITEN_FUZZ_CHECK(!r.errors.empty() || r.rows_skipped == 0,
                    fmt::format("{} rows skipped without an error", r.rows_skipped));
  for (std::size_t i = 1; i < r.errors.size(); ++i)
    KAITEN_FUZZ_CHECK(r.errors[i - 1].line <= r.errors[i].line, r.errors[i].to_string());
  for (const headoffice::PosError& e : r.errors)
    KAITEN_FUZZ_CHECK(e.line >= 0 && !e.message.empty(), e.to_string());
  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const DayRecord& d = r.days[i];
    KAITEN_FUZZ_CHECK(!d.store.empty() && !d.items.empty(), describe(d));
    if (i > 0)
      KAITEN_FUZZ_CHECK(
          std::make_pair(r.days[i - 1].store, r.days[i - 1].date) < std::make_pair(d.store, d.date),
          "days out of order at " + describe(d));
    for (const ItemDay& item : d.items)
      KAITEN_FUZZ_CHECK(item.sold >= 0 && item.discarded >= 0 && item.panel_orders >= 0 &&
                            item.made >= item.sold + item.discarded,
                        fmt::format("{}: item {} sold {} discarded {} made {}", describe(d),
                                    item.item, item.sold, item.discarded, item.made));
  }
}

void check_csv_round_trip(const PosImport& r) {
  const std::string text = as_csv(r.days);
  const PosImport again = headoffice::parse_pos_csv(text, "written-back.csv", "", nullptr);
  KAITEN_FUZZ_CHECK(again.errors.empty(), again.errors.front().to_string() + "\n" + text);
  KAITEN_FUZZ_CHECK(again.days.size() == r.days.size(),
                    fmt::format("{} days written, {} read back", r.days.size(), again.days.size()));
  for (std::size_t i = 0; i < r.days.size(); ++i)
    KAITEN_FUZZ_CHECK(same_day(r.days[i], again.days[i]),
                      describe(r.days[i]) + " read back as " + describe(again.days[i]));
}

void check_history_round_trip(std::string_view text, const PosImport& r) {
  std::map<std::string, std::pair<headoffice::Date, headoffice::Date>> span;  // store -> dates
  for (const DayRecord& d : r.days) {
    auto [it, inserted] = span.emplace(d.store, std::make_pair(d.date, d.date));
    if (!inserted) it->second.second = d.date;  // days are sorted by store and date
  }
  HistoryStore history(":memory:");
  for (const auto& [store, dates] : span) history.ensure_store(store, headoffice::StoreSource::pos);
  history.write_days(r.days);
  for (const DayRecord& d : r.days)
    KAITEN_FUZZ_CHECK(history.has_day(d.store, d.date), describe(d) + " not in the history");
  for (const auto& [store, dates] : span) {
    if (dates.second - dates.first >= kMaxSpanDays) continue;
    const headoffice::StoreHistory h = history.load(store, dates.first, dates.second);
    for (const DayRecord& d : r.days) {
      if (d.store != store) continue;
      const auto t = static_cast<std::size_t>(d.date - dates.first);
      KAITEN_FUZZ_CHECK(h.present[t] == 1, describe(d) + " not loaded");
      for (const ItemDay& item : d.items) {
        const auto series = std::find_if(h.items.begin(), h.items.end(),
                                         [&](const auto& s) { return s.item == item.item; });
        KAITEN_FUZZ_CHECK(series != h.items.end(), describe(d) + ": no series for " + item.item);
        if (item.made >= kExactInDouble) continue;
        KAITEN_FUZZ_CHECK(
            series->sold[t] == static_cast<double>(item.sold) &&
                series->discarded[t] == static_cast<double>(item.discarded) &&
                series->made[t] == static_cast<double>(item.made) &&
                (series->stock_out[t] != 0) == item.stock_out,
            fmt::format("{}: item {} read back sold {} discarded {} made {}", describe(d),
                        item.item, series->sold[t], series->discarded[t], series->made[t]));
      }
    }
  }
  const PosImport twice = headoffice::parse_pos_csv(text, kFile, kDefaultStore, &history);
  KAITEN_FUZZ_CHECK(twice.days.empty(),
                    fmt::format("a second import of the same file imports {} days, first {}",
                                twice.days.size(), describe(twice.days.front())));
}

}  // namespace
}  // namespace kaiten::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kaiten::fuzz;
  const std::string_view text = as_text(data, size);
  const PosImport r = kaiten::headoffice::parse_pos_csv(text, kFile, kDefaultStore, nullptr);
  check_accounting(r);
  if (r.days.empty()) return 0;
  check_csv_round_trip(r);
  check_history_round_trip(text, r);
  return 0;
}
