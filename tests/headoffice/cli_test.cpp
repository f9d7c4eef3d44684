// End to end through the kaiten executable: batches that resume, an interrupted batch, imports
// that refuse bad files, forecasts and backtests that write their files.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "test_support.hpp"

extern char** environ;

namespace kaiten::headoffice {
namespace {

using test::TempDir;

const std::string kBin = KAITEN_BIN;
const std::string kChain = std::string(KAITEN_SOURCE_DIR) + "/scenarios/chain_store.yaml";

int run(const std::string& args) {
  const int status = std::system((kBin + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Every row of `sql`, one string per row, columns joined by '|'; empty when the file cannot be
/// read (yet). `checked`: a failure is a test failure.
std::vector<std::string> rows(const std::string& db_path, const std::string& sql,
                              bool checked = true) {
  sqlite3* db = nullptr;
  const int open = sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (checked) {
    EXPECT_EQ(open, SQLITE_OK) << db_path;
  }
  sqlite3_busy_timeout(db, 2000);
  sqlite3_stmt* stmt = nullptr;
  const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (checked) {
    EXPECT_EQ(prepared, SQLITE_OK) << sql << ": " << sqlite3_errmsg(db);
  }
  std::vector<std::string> out;
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = sqlite3_column_text(stmt, c);
      row += (c == 0 ? "" : "|") +
             std::string(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
    }
    out.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

/// The history's content, without the write times.
std::vector<std::string> content(const std::string& db) {
  std::vector<std::string> all;
  for (const char* sql :
       {"SELECT store, date, weekday, holiday, parties, customers, failed_wishes, shock FROM days "
        "ORDER BY store, date",
        "SELECT * FROM sales ORDER BY store, date, item",
        "SELECT * FROM stock ORDER BY store, date, ingredient",
        "SELECT * FROM stock_lots ORDER BY store, date, ingredient, expires"}) {
    const auto r = rows(db, sql);
    all.insert(all.end(), r.begin(), r.end());
  }
  return all;
}

TEST(Cli, BatchResumesWithoutDuplicates) {
  TempDir dir;
  const std::string whole = dir.file("whole.db");
  const std::string parts = dir.file("parts.db");
  const std::string common = kChain + " --start 2025-01-06 --stock-policy fixed --quiet --history ";
  ASSERT_EQ(run("batch " + common + whole + " --days 6"), 0);
  ASSERT_EQ(run("batch " + common + parts + " --days 3"), 0);
  ASSERT_EQ(run("batch " + common + parts + " --days 6"), 0);  // skips 3, runs 3
  ASSERT_EQ(run("batch " + common + parts + " --days 6"), 0);  // nothing left to do
  EXPECT_EQ(rows(parts, "SELECT count(*) FROM days")[0], "6");
  EXPECT_EQ(rows(parts, "SELECT count(*) FROM (SELECT DISTINCT date, item FROM sales)")[0],
            rows(parts, "SELECT count(*) FROM sales")[0]);
  const auto a = content(whole);
  const auto b = content(parts);
  EXPECT_GT(a.size(), 6U * 24U);
  EXPECT_EQ(a, b);  // the same days, the same stock carried over
  // Another seed for the same store is refused rather than mixed in.
  EXPECT_EQ(run("batch " + common + parts + " --days 7 --seed 99"), 2);
}

TEST(Cli, InterruptedBatchResumesToTheSameHistory) {
  TempDir dir;
  const std::string whole = dir.file("whole.db");
  const std::string killed = dir.file("killed.db");
  const std::string args = " --start 2025-01-06 --days 8 --stock-policy fixed --quiet";
  ASSERT_EQ(run("batch " + kChain + args + " --history " + whole), 0);
  // Start the same batch and kill it (SIGKILL: no clean-up) once two days are written.
  const std::vector<std::string> argv_text{kBin,         "batch",   kChain,      "--start",
                                           "2025-01-06", "--days",  "8",         "--stock-policy",
                                           "fixed",      "--quiet", "--history", killed};
  std::vector<char*> argv;
  for (const std::string& s : argv_text) argv.push_back(const_cast<char*>(s.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, kBin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!std::filesystem::exists(killed)) continue;
    const auto n = rows(killed, "SELECT count(*) FROM days", false);
    if (!n.empty() && std::stoi(n[0]) >= 2) break;
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const int written = std::stoi(rows(killed, "SELECT count(*) FROM days")[0]);
  EXPECT_GE(written, 2);
  EXPECT_LT(written, 8) << "the batch finished before it could be interrupted";
  // Every day written is whole: as many sales rows as menu items.
  EXPECT_EQ(rows(killed, "SELECT count(*) FROM sales")[0], std::to_string(written * 24));
  ASSERT_EQ(run("batch " + kChain + args + " --history " + killed), 0);
  EXPECT_EQ(content(killed), content(whole));
}

TEST(Cli, StockPoliciesShareTrueDemand) {
  TempDir dir;
  const std::string fixed = dir.file("fixed.db");
  const std::string unlimited = dir.file("unlimited.db");
  const std::string common = kChain + " --start 2025-02-10 --days 3 --quiet";
  ASSERT_EQ(run("batch " + common + " --stock-policy fixed --history " + fixed), 0);
  ASSERT_EQ(run("batch " + common + " --stock-policy unlimited --history " + unlimited), 0);
  const std::string sql = "SELECT date, item, true_demand FROM sales ORDER BY date, item";
  EXPECT_EQ(rows(fixed, sql), rows(unlimited, sql));
  // Unlimited: sold is the true demand; no stock rows.
  EXPECT_EQ(rows(unlimited, "SELECT count(*) FROM sales WHERE sold != true_demand")[0], "0");
  EXPECT_EQ(rows(unlimited, "SELECT count(*) FROM stock")[0], "0");
  EXPECT_EQ(rows(fixed, "SELECT count(DISTINCT ingredient) FROM stock")[0], "24");
}

TEST(Cli, ImportRefusesABadFileUnlessToldToSkip) {
  TempDir dir;
  const std::string csv = dir.file("pos.csv");
  std::ofstream(csv) << "store,date,item,sold\n"
                        "ginza,2025-03-01,maguro,120\n"
                        "ginza,2025-03-01,salmon,lots\n"
                        "ginza,2025-03-02,maguro,130\n";
  const std::string db = dir.file("h.db");
  EXPECT_EQ(run("history import " + csv + " --history " + db), 2);
  EXPECT_EQ(rows(db, "SELECT count(*) FROM sales")[0], "0");
  EXPECT_EQ(run("history import " + csv + " --history " + db + " --skip-bad"), 0);
  EXPECT_EQ(rows(db, "SELECT count(*) FROM sales")[0], "2");
  EXPECT_EQ(rows(db, "SELECT source FROM stores")[0], "pos");
  // Importing it again would duplicate days: refused, nothing added.
  EXPECT_EQ(run("history import " + csv + " --history " + db), 2);
  EXPECT_EQ(rows(db, "SELECT count(*) FROM sales")[0], "2");
  EXPECT_EQ(run("history info --history " + db), 0);
  EXPECT_EQ(run("history info --history " + dir.file("missing.db")), 2);
}

TEST(Cli, ForecastAndBacktestWriteTheirFiles) {
  TempDir dir;
  const std::string db = dir.file("h.db");
  ASSERT_EQ(run("batch " + kChain +
                " --start 2025-01-06 --days 21 --stock-policy unlimited "
                "--quiet --history " +
                db),
            0);
  const std::string out = dir.file("fc");
  ASSERT_EQ(run("forecast --history " + db + " --date 2025-01-27 --out " + out), 0);
  for (const char* f : {"forecast.csv", "orders.csv", "forecast.json"})
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / f)) << f;
  std::ifstream items(std::filesystem::path(out) / "forecast.csv");
  int lines = 0;
  for (std::string line; std::getline(items, line);) ++lines;
  EXPECT_EQ(lines, 25);  // header + 24 items
  EXPECT_EQ(run("forecast --history " + db + " --date 2025-13-01 --out " + out), 2);
  EXPECT_EQ(run("forecast --history " + db + " --date 2025-01-27 --model prophet --out " + out), 2);
  const std::string bt = dir.file("bt");
  ASSERT_EQ(run("backtest --history " + db +
                " --from 2025-01-20 --to 2025-01-26 --models "
                "seasonal_naive,combination --out " +
                bt),
            0);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(bt) / "backtest.json"));
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(bt) / "backtest_items.csv"));
  EXPECT_EQ(run("backtest --history " + db + " --from 2025-01-26 --to 2025-01-20"), 2);
}

}  // namespace
}  // namespace kaiten::headoffice
