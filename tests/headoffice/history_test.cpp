#include "kaiten/headoffice/history.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace kaiten::headoffice {
namespace {

using test::TempDir;

Date day(const char* text) {
  return *Date::parse(text);
}

DayRecord two_items(const std::string& store, Date date) {
  DayRecord r;
  r.store = store;
  r.date = date;
  r.holiday = true;
  r.parties = 300;
  r.customers = 790;
  r.failed_wishes = 4;
  r.shock = -0.05;
  ItemDay a;
  a.item = "maguro";
  a.sold = 580;
  a.discarded = 20;
  a.made = 610;
  a.panel_orders = 40;
  a.stock_plates = 620;
  a.true_demand = 600;
  a.expected_demand = 590.5;
  a.stock_out = true;
  a.stock_out_min = 20 * 60 + 30;
  ItemDay b;
  b.item = "salmon";
  b.sold = 800;
  b.made = 850;
  r.items = {a, b};
  r.hourly_sold.assign(48, 0);
  r.hourly_sold[11] = 100;
  r.hourly_sold[12] = 300;
  r.hourly_sold[20] = 200;
  r.hourly_sold[21] = 100;
  r.stock = {{"tuna", "forecast", 11000, 11500, 10980, 520, 0}};
  r.closing_lots = {{"rice", date + 10, 1234.5}};
  return r;
}

TEST(History, CreatesAVersionedSchema) {
  TempDir dir;
  const std::string path = dir.file("h.db");
  {
    HistoryStore h(path);
    EXPECT_EQ(h.schema_version(), kHistorySchemaVersion);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), kHistorySchemaVersion);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  HistoryStore again(path);  // reopening is fine
  EXPECT_EQ(again.schema_version(), kHistorySchemaVersion);
}

TEST(History, MigratesAVersionOneFile) {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  { HistoryStore h(path); }
  // Take the file back to version 1: no population tables, one schema_version row.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE population_days; DROP TABLE population_members; "
                         "DROP TABLE population_state; DROP TABLE population_member_state; "
                         "UPDATE schema_version SET version = 1; PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  {
    // Read-only: left as it is, and reads no population.
    HistoryStore ro(path, HistoryAccess::read_only);
    EXPECT_EQ(ro.schema_version(), 1);
    EXPECT_TRUE(ro.population_days("s", Date::earliest(), Date::latest()).empty());
  }
  HistoryStore h(path);
  EXPECT_EQ(h.schema_version(), 3);
  h.ensure_store("s", StoreSource::sim);
  DayRecord r = two_items("s", Date::from_ymd(2025, 3, 3));
  PopulationDayRow p;
  p.members = 100;
  p.visits_new = 3;
  p.visits_returning = 40;
  p.promoters = 20;
  p.passives = 13;
  p.detractors = 10;
  p.nps = 10.0 * 100 / 43;
  p.retention = 0.98;
  r.population = p;
  h.write_day(r);
  const auto rows = h.population_days("s", r.date, r.date);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].second.visits_returning, 40);
  EXPECT_DOUBLE_EQ(rows[0].second.retention, 0.98);
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT version FROM schema_version ORDER BY version", -1, &stmt,
                               nullptr),
            SQLITE_OK);
  std::vector<int> versions;
  while (sqlite3_step(stmt) == SQLITE_ROW) versions.push_back(sqlite3_column_int(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(versions, (std::vector<int>{1, 2, 3}));
}

// Version 3: the population's state is written with its day and read back whole; a day's
// changed members update theirs, a complete state replaces an earlier population's rows.
TEST(History, KeepsThePopulationStateWithItsDay) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s", StoreSource::sim);
  EXPECT_FALSE(h.population_state("s"));
  const Date first = Date::from_ymd(2025, 3, 3);
  const auto member = [](std::int64_t id, double memory) {
    PopulationMemberState m;
    m.member = id;
    m.size = 2;
    m.base_rate = 0.0667;
    m.memory = memory;
    m.memory_factor = 0.3 * memory;
    m.own_wait_min = 10.0 / 3.0;  // not a round binary fraction: must come back bit for bit
    m.clv_yen = 1234.5678;
    m.churned = id == 2 ? 0 : -1;
    return m;
  };
  DayRecord d1 = two_items("s", first);
  PopulationState& s1 = d1.population_state.emplace();
  s1.first_date = first;
  s1.date = first;
  s1.starting = 3;
  s1.last_nps = 12.5;
  s1.complete = true;
  s1.members = {member(0, 0.1), member(1, -0.2), member(2, -5.0)};
  h.write_day(d1);
  DayRecord d2 = two_items("s", first + 1);
  PopulationState& s2 = d2.population_state.emplace(s1);
  s2.date = first + 1;
  s2.last_nps = -4.0;
  s2.complete = false;
  s2.members = {member(1, 0.7), member(3, 0.0)};  // one visited, one joined
  h.write_day(d2);
  const auto got = h.population_state("s");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first_date, first);
  EXPECT_EQ(got->date, first + 1);
  EXPECT_EQ(got->starting, 3);
  EXPECT_EQ(got->last_nps, -4.0);
  ASSERT_EQ(got->members.size(), 4u);
  EXPECT_EQ(got->members[0].memory, 0.1);
  EXPECT_EQ(got->members[1].memory, 0.7);
  EXPECT_EQ(got->members[2].churned, 0);
  EXPECT_EQ(got->members[3].member, 3);
  EXPECT_EQ(got->members[1].own_wait_min, 10.0 / 3.0);
  EXPECT_EQ(got->members[1].clv_yen, 1234.5678);
  // A new population (complete) replaces the rows of the old one, however many it had.
  DayRecord d3 = two_items("s", first + 2);
  PopulationState& s3 = d3.population_state.emplace(s1);
  s3.first_date = first + 2;
  s3.date = first + 2;
  s3.members = {member(0, 1.0)};
  s3.starting = 1;
  h.write_day(d3);
  const auto fresh = h.population_state("s");
  ASSERT_TRUE(fresh);
  ASSERT_EQ(fresh->members.size(), 1u);
  EXPECT_EQ(fresh->first_date, first + 2);
  EXPECT_EQ(fresh->members[0].memory, 1.0);
}

TEST(History, RefusesANewerSchemaAndForeignFiles) {
  TempDir dir;
  const auto make = [&](const std::string& name, const char* sql) {
    const std::string path = dir.file(name);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return path;
  };
  const std::string newer = make("newer.db", "CREATE TABLE x (a); PRAGMA user_version = 99;");
  EXPECT_THROW(HistoryStore{newer}, HistoryError);
  const std::string foreign = make("foreign.db", "CREATE TABLE customers (name TEXT);");
  try {
    HistoryStore h(foreign);
    FAIL() << "opened a foreign file";
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("not a kaiten sales history"), std::string::npos);
  }
  EXPECT_THROW(HistoryStore{dir.file("no/such/dir/h.db")}, HistoryError);
}

TEST(History, ReadOnlyOpeningNeverWrites) {
  TempDir dir;
  const std::string path = dir.file("h.db");
  EXPECT_THROW(HistoryStore(path, HistoryAccess::read_only), HistoryError);  // missing
  EXPECT_FALSE(std::filesystem::exists(path));                               // not created
  {
    HistoryStore h(path);
    h.ensure_store("s1", StoreSource::sim);
    h.write_day(two_items("s1", day("2025-03-01")));
  }
  HistoryStore reader(path, HistoryAccess::read_only);
  EXPECT_TRUE(reader.has_day("s1", day("2025-03-01")));
  EXPECT_THROW(reader.write_day(two_items("s1", day("2025-03-02"))), HistoryError);
  std::ofstream(dir.file("empty.db")).close();  // an empty file is no history to a reader
  EXPECT_THROW(HistoryStore(dir.file("empty.db"), HistoryAccess::read_only), HistoryError);
  EXPECT_EQ(std::filesystem::file_size(dir.file("empty.db")), 0U);
}

// A date after 9999-12-31 would be written with five digits, which no reader takes back.
TEST(History, RefusesDatesItCouldNotReadBack) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s1", StoreSource::sim);
  EXPECT_THROW(h.write_day(two_items("s1", Date::latest() + 1)), HistoryError);
  DayRecord last = two_items("s1", Date::latest());
  last.closing_lots = {{"rice", Date::latest() + 3, 10.0}};
  EXPECT_THROW(h.write_day(last), HistoryError);
  last.closing_lots = {{"rice", Date::latest(), 10.0}};
  h.write_day(last);
  EXPECT_EQ(h.last_day("s1"), Date::latest());
  EXPECT_EQ(h.closing_lots("s1", Date::latest()).at(0).expires, Date::latest());
}

TEST(History, WritesAndReadsADay) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s1", StoreSource::sim, "chain.yaml", 42);
  h.put_catalogue("s1", test::small_catalogue());
  const Date d = day("2025-03-20");
  h.write_day(two_items("s1", d));
  EXPECT_TRUE(h.has_day("s1", d));
  EXPECT_FALSE(h.has_day("s1", d + 1));
  EXPECT_FALSE(h.has_day("s2", d));
  EXPECT_EQ(h.day_count("s1"), 1);
  EXPECT_EQ(h.first_day("s1"), d);
  EXPECT_EQ(h.last_day("s1"), d);
  EXPECT_EQ(h.store_seed("s1"), 42U);
  EXPECT_EQ(h.store_source("s1"), StoreSource::sim);

  const StoreHistory s = h.load("s1", d - 2, d);
  ASSERT_EQ(s.dates.size(), 3U);
  EXPECT_EQ(s.present, (std::vector<std::uint8_t>{0, 0, 1}));
  EXPECT_EQ(s.holiday[2], 1);
  EXPECT_TRUE(s.is_holiday(d));
  ASSERT_EQ(s.items.size(), 2U);
  const ItemSeries& m = s.items[0];
  EXPECT_EQ(m.item, "maguro");
  EXPECT_TRUE(std::isnan(m.sold[0]));
  EXPECT_EQ(m.sold[2], 580);
  EXPECT_EQ(m.made[2], 610);
  EXPECT_EQ(m.discarded[2], 20);
  EXPECT_EQ(m.true_demand[2], 600);
  EXPECT_DOUBLE_EQ(m.expected_demand[2], 590.5);
  EXPECT_EQ(m.stock_out[2], 1);
  // Sold out at 20:30: before it, 100 + 300 + half of hour 20's 200 = 500 of 700 plates.
  EXPECT_NEAR(m.sold_before_out[2], 500.0 / 700.0, 1e-12);
  EXPECT_TRUE(std::isnan(s.items[1].true_demand[2]));
  EXPECT_EQ(s.catalogue.items.size(), 2U);
  EXPECT_EQ(s.catalogue.recipes.size(), 4U);

  const auto lots = h.closing_lots("s1", d);
  ASSERT_EQ(lots.size(), 1U);
  EXPECT_EQ(lots[0].ingredient, "rice");
  EXPECT_EQ(lots[0].expires, d + 10);
  EXPECT_DOUBLE_EQ(lots[0].grams, 1234.5);
  const auto rows = h.stock_rows("s1", d, d);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].second.policy, "forecast");
  EXPECT_DOUBLE_EQ(rows[0].second.expired_g, 520);
}

TEST(History, AFailedDayLeavesNothing) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s1", StoreSource::sim);
  const Date d = day("2025-03-21");
  DayRecord bad = two_items("s1", d);
  bad.items.push_back(bad.items[0]);  // the third sales row repeats an item: the insert fails
  EXPECT_THROW(h.write_day(bad), HistoryError);
  EXPECT_FALSE(h.has_day("s1", d));
  EXPECT_EQ(h.day_count("s1"), 0);
  EXPECT_TRUE(h.closing_lots("s1", d).empty());
  EXPECT_TRUE(h.stock_rows("s1", d, d).empty());
  const StoreHistory s = h.load("s1", d, d);
  EXPECT_TRUE(s.items.empty());  // no sales row survived either
  // The store is usable afterwards.
  h.write_day(two_items("s1", d));
  EXPECT_TRUE(h.has_day("s1", d));
}

TEST(History, ADayIsWrittenOnce) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s1", StoreSource::sim);
  const Date d = day("2025-03-22");
  h.write_day(two_items("s1", d));
  EXPECT_THROW(h.write_day(two_items("s1", d)), HistoryError);
  EXPECT_EQ(h.day_count("s1"), 1);
  EXPECT_EQ(h.load("s1", d, d).items[0].sold[0], 580);
}

TEST(History, SeveralDaysAreAllOrNothing) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s1", StoreSource::pos);
  const Date d = day("2025-04-01");
  DayRecord broken = two_items("s1", d + 2);
  broken.items[0].sold = -1;  // violates CHECK (sold >= 0)
  EXPECT_THROW(h.write_days({two_items("s1", d), two_items("s1", d + 1), broken}), HistoryError);
  EXPECT_EQ(h.day_count("s1"), 0);
  h.write_days({two_items("s1", d), two_items("s1", d + 1)});
  EXPECT_EQ(h.day_count("s1"), 2);
  EXPECT_EQ(h.days_between("s1", d, d + 5), 2);
}

TEST(History, StoresKeepTheirSource) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("a", StoreSource::sim, "x.yaml", 1);
  h.ensure_store("a", StoreSource::sim);  // idempotent
  EXPECT_THROW(h.ensure_store("a", StoreSource::pos), HistoryError);
  h.ensure_store("b", StoreSource::pos);
  EXPECT_EQ(h.stores(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(resolve_store(h, "b"), "b");
  EXPECT_THROW(resolve_store(h, ""), HistoryError);   // two stores: which one?
  EXPECT_THROW(resolve_store(h, "c"), HistoryError);  // no such store
}

TEST(History, CatalogueAndCalendarRoundTrip) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s", StoreSource::sim);
  Catalogue c = test::small_catalogue();
  c.ingredients[1].underage_yen_per_kg = 5000;
  h.put_catalogue("s", c);
  h.put_catalogue("s", c);  // replaces, no duplicates
  const Catalogue back = h.catalogue("s");
  ASSERT_EQ(back.ingredients.size(), 3U);
  EXPECT_EQ(back.ingredients[1].ingredient, "salmon");
  EXPECT_EQ(back.ingredients[1].underage_yen_per_kg, 5000);
  EXPECT_FALSE(back.ingredients[1].overage_yen_per_kg.has_value());
  EXPECT_EQ(back.recipes.size(), 4U);
  h.put_holidays("s", {day("2025-05-05"), day("2025-05-06")});
  h.put_holidays("s", {day("2025-05-05")});
  const StoreHistory s = h.load("s", day("2025-05-01"), day("2025-05-02"));
  EXPECT_EQ(s.holidays.size(), 2U);  // future holidays are known too
  EXPECT_TRUE(s.is_holiday(day("2025-05-06")));
}

}  // namespace
}  // namespace kaiten::headoffice
