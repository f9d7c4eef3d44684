#include "kaiten/headoffice/history_merge.hpp"

#include <sqlite3.h>

#include <fmt/format.h>
#include <filesystem>
#include <optional>
#include <set>
#include <vector>

namespace kaiten::headoffice {
namespace {

/// Tables holding a store's whole set of rows (replaced as a whole when written): taken from the
/// first history that has the store's rows; another history must hold the very same set.
constexpr const char* kStoreTables[] = {"items",
                                        "ingredients",
                                        "recipes",
                                        "population_members",
                                        "population_state",
                                        "population_member_state"};
/// Tables holding a store-day's rows, written with its `days` row in one transaction: they come
/// with the day, and a day both histories hold must have the same rows in each.
constexpr const char* kDayTables[] = {"sales", "day_hours", "stock", "stock_lots",
                                      "population_days"};

/// The output history opened with the shard attached as `src`; detached and closed at the end.
class Connection {
 public:
  Connection(const std::string& out, const std::string& shard) : out_(out) {
    if (sqlite3_open_v2(out.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr) !=
        SQLITE_OK) {
      const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw HistoryError(fmt::format("history {}: {}", out, message));
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys = ON");
    // Read-only: merging never changes a shard.
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(shard).string()) {
      if (c == '%' || c == '?' || c == '#')
        uri += fmt::format("%{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      else
        uri += c;
    }
    run("ATTACH DATABASE ?1 AS src", {uri + "?mode=ro"});
  }
  ~Connection() {
    sqlite3_exec(db_, "DETACH DATABASE src", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      throw HistoryError(fmt::format("history {}: {}", out_, text));
    }
  }

  void rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  /// Runs `sql` with text parameters; returns the first row's columns as text (NULL: "NULL"),
  /// or nothing when there is no row.
  std::optional<std::vector<std::string>> run(const std::string& sql,
                                              const std::vector<std::string>& params = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw HistoryError(fmt::format("history {}: {} (in {})", out_, sqlite3_errmsg(db_), sql));
    for (std::size_t i = 0; i < params.size(); ++i)
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(stmt);
    std::optional<std::vector<std::string>> row;
    if (rc == SQLITE_ROW) {
      row.emplace();
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* text = sqlite3_column_text(stmt, c);
        row->push_back(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
      }
    }
    const std::string error = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      throw HistoryError(fmt::format("history {}: {}", out_, error));
    return row;
  }

  std::int64_t count(const std::string& sql) {
    const auto row = run(sql);
    return row ? std::stoll(row->front()) : 0;
  }

  /// The tables of the attached shard (an older schema lacks some).
  std::set<std::string> shard_tables() {
    std::set<std::string> names;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT name FROM src.sqlite_master WHERE type = 'table'", -1,
                           &stmt, nullptr) != SQLITE_OK)
      throw HistoryError(fmt::format("history {}: {}", out_, sqlite3_errmsg(db_)));
    while (sqlite3_step(stmt) == SQLITE_ROW)
      names.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return names;
  }

 private:
  std::string out_;
  sqlite3* db_ = nullptr;
};

/// Throws HistoryConflict when the shard disagrees with the output; inserts nothing.
void check_conflicts(Connection& c, const std::set<std::string>& tables) {
  if (const auto row = c.run(
          "SELECT s.store, m.source, m.scenario, m.seed, s.source, s.scenario, s.seed "
          "FROM src.stores s JOIN main.stores m ON m.store = s.store "
          "WHERE s.source IS NOT m.source OR s.scenario IS NOT m.scenario OR s.seed IS NOT m.seed "
          "ORDER BY s.store LIMIT 1"))
    throw HistoryConflict(fmt::format(
        "store \"{}\" is registered differently: {} with scenario \"{}\", seed {} in the output; "
        "{} with scenario \"{}\", seed {} in the shard",
        (*row)[0], (*row)[1], (*row)[2], (*row)[3], (*row)[4], (*row)[5], (*row)[6]));
  for (const char* t : kStoreTables) {
    if (tables.count(t) == 0) continue;
    if (const auto row = c.run(fmt::format(
            "SELECT store FROM (SELECT * FROM src.{0} WHERE store IN (SELECT store FROM main.{0}) "
            "EXCEPT SELECT * FROM main.{0}) UNION ALL "
            "SELECT store FROM (SELECT * FROM main.{0} WHERE store IN (SELECT store FROM src.{0}) "
            "EXCEPT SELECT * FROM src.{0}) LIMIT 1",
            t)))
      throw HistoryConflict(fmt::format(
          "store \"{}\": its {} rows differ between the output and the shard", (*row)[0], t));
  }
  if (const auto row =
          c.run("SELECT s.store, s.date FROM src.calendar s JOIN main.calendar m "
                "ON m.store = s.store AND m.date = s.date WHERE s.holiday IS NOT m.holiday "
                "ORDER BY s.store, s.date LIMIT 1"))
    throw HistoryConflict(
        fmt::format("store \"{}\", {}: the calendar differs between the output and the shard",
                    (*row)[0], (*row)[1]));
  // days.written_at is the wall clock: it may differ.
  if (const auto row =
          c.run("SELECT s.store, s.date FROM src.days s JOIN main.days m "
                "ON m.store = s.store AND m.date = s.date WHERE s.weekday IS NOT m.weekday "
                "OR s.holiday IS NOT m.holiday OR s.parties IS NOT m.parties "
                "OR s.customers IS NOT m.customers OR s.failed_wishes IS NOT m.failed_wishes "
                "OR s.shock IS NOT m.shock ORDER BY s.store, s.date LIMIT 1"))
    throw HistoryConflict(
        fmt::format("store \"{}\", {}: the day (days row) differs between the output and the shard",
                    (*row)[0], (*row)[1]));
  // Store-days in both: their rows must match (none in both, the usual case: nothing to scan).
  if (c.count("SELECT count(*) FROM temp.merge_known") == 0) return;
  for (const char* t : kDayTables) {
    if (tables.count(t) == 0) continue;
    if (const auto row = c.run(fmt::format(
            "SELECT store, date FROM (SELECT * FROM src.{0} WHERE (store, date) IN "
            "(SELECT store, date FROM temp.merge_known) EXCEPT SELECT * FROM main.{0}) "
            "UNION ALL SELECT store, date FROM (SELECT * FROM main.{0} WHERE (store, date) IN "
            "(SELECT store, date FROM temp.merge_known) EXCEPT SELECT * FROM src.{0}) LIMIT 1",
            t)))
      throw HistoryConflict(
          fmt::format("store \"{}\", {}: its {} rows differ between the output and the shard",
                      (*row)[0], (*row)[1], t));
  }
}

}  // namespace

MergeCount merge_history(const std::string& out, const std::string& shard) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec) && std::filesystem::equivalent(out, shard, ec))
    throw HistoryError(fmt::format("history {}: cannot be merged into itself", shard));
  {
    // Opening checks what the shard is (a history, not of a newer schema) ...
    HistoryStore check(shard, HistoryAccess::read_only);
  }
  {
    // ... and creates or migrates the output.
    HistoryStore create(out);
  }
  Connection c(out, shard);
  const std::set<std::string> tables = c.shard_tables();
  MergeCount n;
  c.exec("BEGIN IMMEDIATE");
  try {
    c.exec(
        "DROP TABLE IF EXISTS temp.merge_known; DROP TABLE IF EXISTS temp.merge_new;"
        "CREATE TEMP TABLE merge_known AS SELECT store, date FROM src.days "
        "INTERSECT SELECT store, date FROM main.days;"
        "CREATE TEMP TABLE merge_new AS SELECT store, date FROM src.days "
        "EXCEPT SELECT store, date FROM main.days;");
    check_conflicts(c, tables);
    n.stores_added = c.count(
        "SELECT count(*) FROM src.stores WHERE store NOT IN (SELECT store FROM main.stores)");
    n.days_added = c.count("SELECT count(*) FROM temp.merge_new");
    n.days_known = c.count("SELECT count(*) FROM temp.merge_known");
    c.exec("INSERT OR IGNORE INTO main.stores SELECT * FROM src.stores");
    for (const char* t : kStoreTables)
      if (tables.count(t) != 0)
        c.exec(
            fmt::format("INSERT INTO main.{0} SELECT * FROM src.{0} "
                        "WHERE store NOT IN (SELECT store FROM main.{0})",
                        t));
    c.exec("INSERT OR IGNORE INTO main.calendar SELECT * FROM src.calendar");
    const std::string fresh = "(store, date) IN (SELECT store, date FROM temp.merge_new)";
    c.exec("INSERT INTO main.days SELECT * FROM src.days WHERE " + fresh);
    for (const char* t : kDayTables)
      if (tables.count(t) != 0)
        c.exec(fmt::format("INSERT INTO main.{0} SELECT * FROM src.{0} WHERE {1}", t, fresh));
    c.exec("DROP TABLE temp.merge_known; DROP TABLE temp.merge_new; COMMIT");
  } catch (...) {
    c.rollback();
    throw;
  }
  return n;
}

}  // namespace kaiten::headoffice
