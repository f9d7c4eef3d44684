#include "kaiten/headoffice/history.hpp"

#include <sqlite3.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <utility>

#include "history_schema.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// A prepared statement; binds by 1-based index, steps, reads columns.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw HistoryError(fmt::format("history: {} (in {})", sqlite3_errmsg(db), sql));
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, double v) {
    check(sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  Stmt& bind_null(int i) {
    check(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  /// True while a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw HistoryError(fmt::format("history: {}", sqlite3_errmsg(db_)));
  }
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  }
  std::optional<double> opt_real(int col) const {
    return is_null(col) ? std::nullopt : std::optional<double>(real(col));
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw HistoryError(fmt::format("history: {}", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A `file:` URI for `path` with `query`, for sqlite3_open_v2 with SQLITE_OPEN_URI.
std::string file_uri(const std::string& path, const char* query) {
  std::string out = "file:";
  for (const char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#')
      out += fmt::format("%{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    else
      out += c;
  }
  return out + "?" + query;
}

/// False when SQLite cannot read the open WAL-mode file because it cannot create the log and the
/// shared-memory index beside it (PATH-wal, PATH-shm): the directory is read-only
/// (SQLITE_READONLY_DIRECTORY), or the index cannot be set up (SQLITE_READONLY_CANTINIT).
bool index_available(sqlite3* db) {
  // Any other problem is left to the first real query to report.
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &stmt, nullptr) == SQLITE_OK)
    sqlite3_step(stmt);
  const int code = sqlite3_extended_errcode(db);
  const bool available = code != SQLITE_READONLY_CANTINIT && code != SQLITE_READONLY_DIRECTORY;
  sqlite3_finalize(stmt);
  return available;
}

Date parse_date_column(const std::string& text) {
  const auto d = Date::parse(text);
  if (!d) throw HistoryError(fmt::format("history: bad date \"{}\" in the file", text));
  return *d;
}

}  // namespace

/// The population's state after a day: its row replaced, the changed members' rows upserted.
void write_population_state(sqlite3* db, const std::string& store, const PopulationState& state) {
  Stmt p(db,
         "INSERT OR REPLACE INTO population_state (store, first_date, date, starting, last_nps) "
         "VALUES (?1, ?2, ?3, ?4, ?5)");
  p.bind(1, store).bind(2, state.first_date.to_string()).bind(3, state.date.to_string());
  p.bind(4, state.starting).bind(5, state.last_nps);
  p.run();
  if (state.complete) {
    Stmt del(db, "DELETE FROM population_member_state WHERE store = ?1");
    del.bind(1, store);
    del.run();
  }
  Stmt m(db,
         "INSERT OR REPLACE INTO population_member_state (store, member, segment, size, app, "
         "base_rate, memory, memory_factor, own_wait_min, own_first_plate_min, "
         "own_unmet_appetite, own_failed_wishes, own_tired_share, joined, churned, lapsed, "
         "visits, walkaways, spend_yen, margin_yen, clv_yen, rating_sum, last_rating) VALUES "
         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
         "?20, ?21, ?22, ?23)");
  for (const PopulationMemberState& c : state.members) {
    m.bind(1, store).bind(2, c.member).bind(3, c.segment).bind(4, c.size).bind(5, c.app ? 1 : 0);
    m.bind(6, c.base_rate).bind(7, c.memory).bind(8, c.memory_factor).bind(9, c.own_wait_min);
    m.bind(10, c.own_first_plate_min).bind(11, c.own_unmet_appetite);
    m.bind(12, c.own_failed_wishes).bind(13, c.own_tired_share).bind(14, c.joined);
    m.bind(15, c.churned).bind(16, c.lapsed ? 1 : 0).bind(17, c.visits).bind(18, c.walkaways);
    m.bind(19, c.spend_yen).bind(20, c.margin_yen).bind(21, c.clv_yen).bind(22, c.rating_sum);
    m.bind(23, c.last_rating);
    m.run();
  }
}

struct HistoryStore::Impl {
  sqlite3* db = nullptr;
  std::string path;

  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      throw HistoryError(fmt::format("history {}: {}", path, text));
    }
  }

  int user_version() {
    Stmt s(db, "PRAGMA user_version");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
  }

  /// Runs `body` inside one transaction: committed if it returns, rolled back if it throws.
  template <class Body>
  void transaction(Body&& body) {
    exec("BEGIN IMMEDIATE");
    try {
      body();
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void insert_day(const DayRecord& day) {
    // A date past 9999-12-31 would be written with five digits, which no reader takes back.
    const auto check_date = [&](Date d, const char* what) {
      if (d < Date::earliest() || d > Date::latest())
        throw HistoryError(fmt::format("history: {} {} of store {} is outside {} .. {}", what,
                                       d.to_string(), day.store, Date::earliest().to_string(),
                                       Date::latest().to_string()));
    };
    check_date(day.date, "day");
    for (const StockLot& lot : day.closing_lots) check_date(lot.expires, "expiry date");
    const std::string date = day.date.to_string();
    {
      Stmt exists(db, "SELECT 1 FROM days WHERE store = ?1 AND date = ?2");
      exists.bind(1, day.store).bind(2, date);
      if (exists.step())
        throw HistoryError(
            fmt::format("history: {} is already in the history of store {}", date, day.store));
    }
    Stmt d(db,
           "INSERT INTO days (store, date, weekday, holiday, parties, customers, failed_wishes, "
           "shock, written_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    d.bind(1, day.store)
        .bind(2, date)
        .bind(3, day.date.weekday_index())
        .bind(4, day.holiday ? 1 : 0)
        .bind(5, day.parties)
        .bind(6, day.customers)
        .bind(7, day.failed_wishes)
        .bind(8, day.shock)
        .bind(9, now_utc());
    d.run();
    Stmt s(db,
           "INSERT INTO sales (store, date, item, sold, discarded, made, panel_orders, "
           "stock_plates, stock_out, stock_out_min, true_demand, expected_demand) VALUES "
           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    for (const ItemDay& it : day.items) {
      s.bind(1, day.store)
          .bind(2, date)
          .bind(3, it.item)
          .bind(4, it.sold)
          .bind(5, it.discarded)
          .bind(6, it.made)
          .bind(7, it.panel_orders)
          .bind(8, it.stock_plates)
          .bind(9, it.stock_out ? 1 : 0)
          .bind(10, it.stock_out_min)
          .bind(11, it.true_demand)
          .bind(12, it.expected_demand);
      s.run();
    }
    Stmt h(db, "INSERT INTO day_hours (store, date, hour, sold) VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t hour = 0; hour < day.hourly_sold.size(); ++hour) {
      if (day.hourly_sold[hour] == 0) continue;
      h.bind(1, day.store)
          .bind(2, date)
          .bind(3, static_cast<int>(hour))
          .bind(4, day.hourly_sold[hour]);
      h.run();
    }
    Stmt k(db,
           "INSERT INTO stock (store, date, ingredient, policy, ordered_g, opening_g, used_g, "
           "expired_g, closing_g) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (const IngredientDay& g : day.stock) {
      k.bind(1, day.store)
          .bind(2, date)
          .bind(3, g.ingredient)
          .bind(4, g.policy)
          .bind(5, g.ordered_g)
          .bind(6, g.opening_g)
          .bind(7, g.used_g)
          .bind(8, g.expired_g)
          .bind(9, g.closing_g);
      k.run();
    }
    Stmt l(db,
           "INSERT INTO stock_lots (store, date, ingredient, expires, grams) VALUES "
           "(?1, ?2, ?3, ?4, ?5)");
    for (const StockLot& lot : day.closing_lots) {
      l.bind(1, day.store)
          .bind(2, date)
          .bind(3, lot.ingredient)
          .bind(4, lot.expires.to_string())
          .bind(5, lot.grams);
      l.run();
    }
    if (const auto& pop = day.population) {
      Stmt q(db,
             "INSERT INTO population_days (store, date, members, visits_new, visits_returning, "
             "walkaways, promoters, passives, detractors, nps, mean_rating, churned, lapsed, "
             "recoveries, recovery_cost_yen, margin_yen, retention) VALUES (?1, ?2, ?3, ?4, ?5, "
             "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
      q.bind(1, day.store).bind(2, date).bind(3, pop->members).bind(4, pop->visits_new);
      q.bind(5, pop->visits_returning).bind(6, pop->walkaways).bind(7, pop->promoters);
      q.bind(8, pop->passives).bind(9, pop->detractors).bind(10, pop->nps);
      q.bind(11, pop->mean_rating).bind(12, pop->churned).bind(13, pop->lapsed);
      q.bind(14, pop->recoveries).bind(15, pop->recovery_cost_yen).bind(16, pop->margin_yen);
      q.bind(17, pop->retention);
      q.run();
    }
    if (const auto& state = day.population_state) write_population_state(db, day.store, *state);
  }
};

HistoryStore::HistoryStore(const std::string& path, HistoryAccess access)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  const bool writing = access == HistoryAccess::read_write;
  const auto open = [&](const std::string& name, int flags) {
    if (sqlite3_open_v2(name.c_str(), &impl_->db, flags, nullptr) == SQLITE_OK) return;
    const std::string message =
        impl_->db != nullptr ? sqlite3_errmsg(impl_->db) : "cannot allocate a database handle";
    sqlite3_close(impl_->db);
    throw HistoryError(fmt::format("history {}: {}", path, message));
  };
  open(path, writing ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  if (!writing && !index_available(impl_->db)) {
    // A read-only directory: no PATH-shm can be made, so no writer is at work (a writer keeps
    // one). The file alone is the whole history unless a log of changes was left beside it.
    sqlite3_close(impl_->db);
    std::error_code ec;
    if (std::filesystem::file_size(path + "-wal", ec) > 0 && !ec)
      throw HistoryError(fmt::format(
          "history {}: cannot be read here: {}-wal holds changes not yet in the file and "
          "{}-shm, needed to read them, cannot be created (a read-only directory?); open the "
          "history once where it can be written",
          path, path, path));
    open(file_uri(path, "immutable=1"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  }
  try {
    sqlite3_busy_timeout(impl_->db, 5000);
    impl_->exec("PRAGMA foreign_keys = ON");
    const int version = impl_->user_version();
    if (version == 0 && !writing) {
      throw HistoryError(fmt::format("history {}: not a kaiten sales history (no schema)", path));
    } else if (version == 0) {
      // A new file, or a SQLite file that is not ours: refuse one that already has tables.
      std::int64_t tables = 0;
      {
        Stmt count(impl_->db, "SELECT count(*) FROM sqlite_master");
        count.step();
        tables = count.integer(0);
      }
      if (tables != 0)
        throw HistoryError(fmt::format(
            "history {}: not a kaiten sales history (a SQLite file with other tables)", path));
      impl_->exec("PRAGMA journal_mode = WAL");
      impl_->transaction([&] {
        impl_->exec(kSchemaV1);
        for (const char* migration : kMigrations) impl_->exec(migration);
        Stmt v(impl_->db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)");
        v.bind(1, kHistorySchemaVersion).bind(2, now_utc());
        v.run();
        impl_->exec(fmt::format("PRAGMA user_version = {}", kHistorySchemaVersion).c_str());
      });
    } else if (version > kHistorySchemaVersion) {
      throw HistoryError(
          fmt::format("history {}: schema version {} is newer than this kaiten understands ({})",
                      path, version, kHistorySchemaVersion));
    } else if (version < kHistorySchemaVersion && writing) {
      // An older file: its migrations, in order, in one transaction (a read-only open leaves
      // the file as it is; what it lacks reads as empty).
      impl_->transaction([&] {
        for (int v = version; v < kHistorySchemaVersion; ++v) {
          impl_->exec(kMigrations[v - 1]);
          Stmt row(impl_->db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)");
          row.bind(1, v + 1).bind(2, now_utc());
          row.run();
        }
        impl_->exec(fmt::format("PRAGMA user_version = {}", kHistorySchemaVersion).c_str());
      });
    }
    if (writing) impl_->exec("PRAGMA synchronous = NORMAL");
  } catch (...) {
    sqlite3_close(impl_->db);
    throw;
  }
}

HistoryStore::~HistoryStore() {
  sqlite3_close(impl_->db);
}

int HistoryStore::schema_version() const {
  return impl_->user_version();
}

const char* to_string(StoreSource source) {
  return source == StoreSource::sim ? "sim" : "pos";
}

void HistoryStore::ensure_store(const std::string& store, StoreSource source,
                                const std::string& scenario, std::optional<std::uint64_t> seed) {
  if (const auto existing = store_source(store)) {
    if (*existing != source)
      throw HistoryError(fmt::format("history: store {} holds {} data, not {}", store,
                                     to_string(*existing), to_string(source)));
    return;
  }
  Stmt s(impl_->db, "INSERT INTO stores (store, source, scenario, seed) VALUES (?1, ?2, ?3, ?4)");
  s.bind(1, store).bind(2, std::string(to_string(source)));
  if (scenario.empty()) {
    s.bind_null(3);
  } else {
    s.bind(3, scenario);
  }
  if (seed) {
    s.bind(4, static_cast<std::int64_t>(*seed));
  } else {
    s.bind_null(4);
  }
  s.run();
}

std::vector<std::string> HistoryStore::stores() const {
  std::vector<std::string> out;
  Stmt s(impl_->db, "SELECT store FROM stores ORDER BY store");
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::optional<StoreSource> HistoryStore::store_source(const std::string& store) const {
  Stmt s(impl_->db, "SELECT source FROM stores WHERE store = ?1");
  s.bind(1, store);
  if (!s.step()) return std::nullopt;
  return s.text(0) == "sim" ? StoreSource::sim : StoreSource::pos;
}

std::optional<std::uint64_t> HistoryStore::store_seed(const std::string& store) const {
  Stmt s(impl_->db, "SELECT seed FROM stores WHERE store = ?1");
  s.bind(1, store);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return static_cast<std::uint64_t>(s.integer(0));
}

void HistoryStore::put_catalogue(const std::string& store, const Catalogue& catalogue) {
  impl_->transaction([&] {
    for (const char* table : {"recipes", "ingredients", "items"}) {
      Stmt del(impl_->db, fmt::format("DELETE FROM {} WHERE store = ?1", table).c_str());
      del.bind(1, store);
      del.run();
    }
    Stmt i(
        impl_->db,
        "INSERT INTO items (store, item, name, price_yen, cost_yen) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const CatalogueItem& it : catalogue.items) {
      i.bind(1, store).bind(2, it.item).bind(3, it.name).bind(4, it.price_yen).bind(5, it.cost_yen);
      i.run();
    }
    Stmt g(impl_->db,
           "INSERT INTO ingredients (store, ingredient, name, cost_yen_per_kg, shelf_life_days, "
           "underage_yen_per_kg, overage_yen_per_kg) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const CatalogueIngredient& ing : catalogue.ingredients) {
      g.bind(1, store)
          .bind(2, ing.ingredient)
          .bind(3, ing.name)
          .bind(4, ing.cost_yen_per_kg)
          .bind(5, ing.shelf_life_days)
          .bind(6, ing.underage_yen_per_kg)
          .bind(7, ing.overage_yen_per_kg);
      g.run();
    }
    Stmt r(impl_->db,
           "INSERT INTO recipes (store, item, ingredient, grams) VALUES (?1, ?2, ?3, ?4)");
    for (const CatalogueRecipe& line : catalogue.recipes) {
      r.bind(1, store).bind(2, line.item).bind(3, line.ingredient).bind(4, line.grams);
      r.run();
    }
  });
}

Catalogue HistoryStore::catalogue(const std::string& store) const {
  Catalogue c;
  Stmt i(impl_->db,
         "SELECT item, name, price_yen, cost_yen FROM items WHERE store = ?1 ORDER BY item");
  i.bind(1, store);
  while (i.step())
    c.items.push_back({i.text(0), i.text(1), static_cast<std::int32_t>(i.integer(2)),
                       static_cast<std::int32_t>(i.integer(3))});
  Stmt g(impl_->db,
         "SELECT ingredient, name, cost_yen_per_kg, shelf_life_days, underage_yen_per_kg, "
         "overage_yen_per_kg FROM ingredients WHERE store = ?1 ORDER BY ingredient");
  g.bind(1, store);
  while (g.step())
    c.ingredients.push_back({g.text(0), g.text(1), g.real(2),
                             static_cast<std::int32_t>(g.integer(3)), g.opt_real(4),
                             g.opt_real(5)});
  Stmt r(impl_->db,
         "SELECT item, ingredient, grams FROM recipes WHERE store = ?1 ORDER BY item, ingredient");
  r.bind(1, store);
  while (r.step()) c.recipes.push_back({r.text(0), r.text(1), r.real(2)});
  return c;
}

void HistoryStore::put_holidays(const std::string& store, const std::vector<Date>& holidays) {
  impl_->transaction([&] {
    Stmt s(impl_->db, "INSERT OR IGNORE INTO calendar (store, date, holiday) VALUES (?1, ?2, 1)");
    for (const Date d : holidays) {
      s.bind(1, store).bind(2, d.to_string());
      s.run();
    }
  });
}

void HistoryStore::write_day(const DayRecord& day) {
  impl_->transaction([&] { impl_->insert_day(day); });
}

void HistoryStore::write_days(const std::vector<DayRecord>& days) {
  impl_->transaction([&] {
    for (const DayRecord& day : days) impl_->insert_day(day);
  });
}

bool HistoryStore::has_day(const std::string& store, Date date) const {
  Stmt s(impl_->db, "SELECT 1 FROM days WHERE store = ?1 AND date = ?2");
  s.bind(1, store).bind(2, date.to_string());
  return s.step();
}

std::int64_t HistoryStore::day_count(const std::string& store) const {
  Stmt s(impl_->db, "SELECT count(*) FROM days WHERE store = ?1");
  s.bind(1, store);
  s.step();
  return s.integer(0);
}

std::optional<Date> HistoryStore::first_day(const std::string& store) const {
  Stmt s(impl_->db, "SELECT min(date) FROM days WHERE store = ?1");
  s.bind(1, store);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return parse_date_column(s.text(0));
}

std::optional<Date> HistoryStore::last_day(const std::string& store) const {
  Stmt s(impl_->db, "SELECT max(date) FROM days WHERE store = ?1");
  s.bind(1, store);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return parse_date_column(s.text(0));
}

std::int64_t HistoryStore::days_between(const std::string& store, Date from, Date to) const {
  Stmt s(impl_->db, "SELECT count(*) FROM days WHERE store = ?1 AND date BETWEEN ?2 AND ?3");
  s.bind(1, store).bind(2, from.to_string()).bind(3, to.to_string());
  s.step();
  return s.integer(0);
}

void HistoryStore::put_population_members(const std::string& store,
                                          const std::vector<PopulationMemberRow>& members) {
  impl_->transaction([&] {
    Stmt del(impl_->db, "DELETE FROM population_members WHERE store = ?1");
    del.bind(1, store);
    del.run();
    Stmt q(impl_->db,
           "INSERT INTO population_members (store, member, segment, size, app, joined, left_on, "
           "lapsed, visits, walkaways, spend_yen, margin_yen, clv_yen, mean_rating, last_rating) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    for (const PopulationMemberRow& m : members) {
      q.bind(1, store).bind(2, m.member).bind(3, m.segment).bind(4, m.size);
      q.bind(5, m.app ? 1 : 0).bind(6, m.joined.to_string());
      if (m.left_on) {
        q.bind(7, m.left_on->to_string());
      } else {
        q.bind_null(7);
      }
      q.bind(8, m.lapsed ? 1 : 0).bind(9, m.visits).bind(10, m.walkaways).bind(11, m.spend_yen);
      q.bind(12, m.margin_yen).bind(13, m.clv_yen).bind(14, m.mean_rating);
      q.bind(15, m.last_rating);
      q.run();
    }
  });
}

std::vector<std::pair<Date, PopulationDayRow>> HistoryStore::population_days(
    const std::string& store, Date from, Date to) const {
  std::vector<std::pair<Date, PopulationDayRow>> rows;
  if (impl_->user_version() < 2) return rows;
  Stmt s(impl_->db,
         "SELECT date, members, visits_new, visits_returning, walkaways, promoters, passives, "
         "detractors, nps, mean_rating, churned, lapsed, recoveries, recovery_cost_yen, "
         "margin_yen, retention FROM population_days WHERE store = ?1 AND date BETWEEN ?2 AND ?3 "
         "ORDER BY date");
  s.bind(1, store).bind(2, from.to_string()).bind(3, to.to_string());
  while (s.step()) {
    PopulationDayRow r;
    r.members = s.integer(1);
    r.visits_new = s.integer(2);
    r.visits_returning = s.integer(3);
    r.walkaways = s.integer(4);
    r.promoters = s.integer(5);
    r.passives = s.integer(6);
    r.detractors = s.integer(7);
    r.nps = s.real(8);
    r.mean_rating = s.real(9);
    r.churned = s.integer(10);
    r.lapsed = s.integer(11);
    r.recoveries = s.integer(12);
    r.recovery_cost_yen = s.integer(13);
    r.margin_yen = s.integer(14);
    r.retention = s.real(15);
    rows.emplace_back(parse_date_column(s.text(0)), r);
  }
  return rows;
}

std::optional<PopulationState> HistoryStore::population_state(const std::string& store) const {
  if (impl_->user_version() < 3) return std::nullopt;
  Stmt p(impl_->db,
         "SELECT first_date, date, starting, last_nps FROM population_state WHERE store = ?1");
  p.bind(1, store);
  if (!p.step()) return std::nullopt;
  PopulationState state;
  state.first_date = parse_date_column(p.text(0));
  state.date = parse_date_column(p.text(1));
  state.starting = p.integer(2);
  state.last_nps = p.real(3);
  state.complete = true;
  Stmt m(impl_->db,
         "SELECT member, segment, size, app, base_rate, memory, memory_factor, own_wait_min, "
         "own_first_plate_min, own_unmet_appetite, own_failed_wishes, own_tired_share, joined, "
         "churned, lapsed, visits, walkaways, spend_yen, margin_yen, clv_yen, rating_sum, "
         "last_rating FROM population_member_state WHERE store = ?1 ORDER BY member");
  m.bind(1, store);
  while (m.step()) {
    PopulationMemberState c;
    c.member = m.integer(0);
    c.segment = m.integer(1);
    c.size = m.integer(2);
    c.app = m.integer(3) != 0;
    c.base_rate = m.real(4);
    c.memory = m.real(5);
    c.memory_factor = m.real(6);
    c.own_wait_min = m.real(7);
    c.own_first_plate_min = m.real(8);
    c.own_unmet_appetite = m.real(9);
    c.own_failed_wishes = m.real(10);
    c.own_tired_share = m.real(11);
    c.joined = m.integer(12);
    c.churned = m.integer(13);
    c.lapsed = m.integer(14) != 0;
    c.visits = m.integer(15);
    c.walkaways = m.integer(16);
    c.spend_yen = m.integer(17);
    c.margin_yen = m.integer(18);
    c.clv_yen = m.real(19);
    c.rating_sum = m.real(20);
    c.last_rating = m.real(21);
    state.members.push_back(c);
  }
  return state;
}

std::vector<StockLot> HistoryStore::closing_lots(const std::string& store, Date date) const {
  std::vector<StockLot> lots;
  Stmt s(impl_->db,
         "SELECT ingredient, expires, grams FROM stock_lots WHERE store = ?1 AND date = ?2 "
         "ORDER BY ingredient, expires");
  s.bind(1, store).bind(2, date.to_string());
  while (s.step()) lots.push_back({s.text(0), parse_date_column(s.text(1)), s.real(2)});
  return lots;
}

std::vector<std::pair<Date, IngredientDay>> HistoryStore::stock_rows(const std::string& store,
                                                                     Date from, Date to) const {
  std::vector<std::pair<Date, IngredientDay>> rows;
  Stmt s(impl_->db,
         "SELECT date, ingredient, policy, ordered_g, opening_g, used_g, expired_g, closing_g "
         "FROM stock WHERE store = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, ingredient");
  s.bind(1, store).bind(2, from.to_string()).bind(3, to.to_string());
  while (s.step()) {
    rows.emplace_back(
        parse_date_column(s.text(0)),
        IngredientDay{s.text(1), s.text(2), s.real(3), s.real(4), s.real(5), s.real(6), s.real(7)});
  }
  return rows;
}

std::string resolve_store(const HistoryStore& history, const std::string& requested) {
  const std::vector<std::string> stores = history.stores();
  std::string names;
  for (const std::string& s : stores) names += (names.empty() ? "" : ", ") + s;
  if (!requested.empty()) {
    if (std::find(stores.begin(), stores.end(), requested) == stores.end())
      throw HistoryError(fmt::format("no store \"{}\" in the history (stores: {})", requested,
                                     names.empty() ? "none" : names));
    return requested;
  }
  if (stores.empty()) throw HistoryError("the history holds no store yet");
  if (stores.size() > 1)
    throw HistoryError(fmt::format("the history holds several stores ({}): give --store", names));
  return stores.front();
}

bool StoreHistory::is_holiday(Date d) const {
  return std::binary_search(holidays.begin(), holidays.end(), d);
}

StoreHistory HistoryStore::load(const std::string& store, Date from, Date to) const {
  StoreHistory h;
  h.store = store;
  if (to < from) return h;
  const auto n = static_cast<std::size_t>(to - from + 1);
  for (Date d = from; d <= to; ++d) h.dates.push_back(d);
  h.present.assign(n, 0);
  h.holiday.assign(n, 0);
  h.catalogue = catalogue(store);
  const std::string from_text = from.to_string();
  const std::string to_text = to.to_string();
  const auto index_of = [&](const std::string& text) {
    return static_cast<std::size_t>(parse_date_column(text) - from);
  };

  {
    Stmt c(impl_->db, "SELECT date FROM calendar WHERE store = ?1 AND holiday = 1 ORDER BY date");
    c.bind(1, store);
    while (c.step()) h.holidays.push_back(parse_date_column(c.text(0)));
  }
  {
    Stmt d(impl_->db, "SELECT date, holiday FROM days WHERE store = ?1 AND date BETWEEN ?2 AND ?3");
    d.bind(1, store).bind(2, from_text).bind(3, to_text);
    while (d.step()) {
      const std::size_t t = index_of(d.text(0));
      h.present[t] = 1;
      if (d.integer(1) != 0) {
        h.holiday[t] = 1;
        const Date date = h.dates[t];
        if (!h.is_holiday(date))
          h.holidays.insert(std::lower_bound(h.holidays.begin(), h.holidays.end(), date), date);
      }
    }
  }
  for (std::size_t t = 0; t < n; ++t)
    if (h.is_holiday(h.dates[t])) h.holiday[t] = 1;

  // Store-wide sales by hour, for where in the day an item ran out.
  std::vector<std::vector<double>> hours(n);
  {
    Stmt q(impl_->db,
           "SELECT date, hour, sold FROM day_hours WHERE store = ?1 AND date BETWEEN ?2 AND ?3");
    q.bind(1, store).bind(2, from_text).bind(3, to_text);
    while (q.step()) {
      auto& v = hours[index_of(q.text(0))];
      if (v.empty()) v.assign(48, 0.0);
      v[static_cast<std::size_t>(q.integer(1))] = static_cast<double>(q.integer(2));
    }
  }
  const auto share_before = [&](std::size_t t, std::int64_t minute) {
    const auto& v = hours[t];
    if (v.empty()) return kNaN;
    double total = 0;
    for (double x : v) total += x;
    if (total <= 0) return kNaN;
    const double at_hour = static_cast<double>(minute) / 60.0;
    double before = 0;
    for (std::size_t hour = 0; hour < v.size(); ++hour) {
      const double start = static_cast<double>(hour);
      if (at_hour >= start + 1) {
        before += v[hour];
      } else if (at_hour > start) {
        before += v[hour] * (at_hour - start);
      }
    }
    return before / total;
  };

  std::map<std::string, std::size_t> index;
  Stmt s(impl_->db,
         "SELECT date, item, sold, discarded, made, stock_out, stock_out_min, true_demand, "
         "expected_demand FROM sales WHERE store = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY item");
  s.bind(1, store).bind(2, from_text).bind(3, to_text);
  while (s.step()) {
    const std::string item = s.text(1);
    auto [it, inserted] = index.emplace(item, h.items.size());
    if (inserted) {
      ItemSeries series;
      series.item = item;
      series.sold.assign(n, kNaN);
      series.made.assign(n, kNaN);
      series.discarded.assign(n, kNaN);
      series.stock_out.assign(n, 0);
      series.sold_before_out.assign(n, kNaN);
      series.true_demand.assign(n, kNaN);
      series.expected_demand.assign(n, kNaN);
      h.items.push_back(std::move(series));
    }
    ItemSeries& series = h.items[it->second];
    const std::size_t t = index_of(s.text(0));
    series.sold[t] = static_cast<double>(s.integer(2));
    series.discarded[t] = static_cast<double>(s.integer(3));
    series.made[t] = static_cast<double>(s.integer(4));
    series.stock_out[t] = s.integer(5) != 0 ? 1 : 0;
    if (series.stock_out[t] != 0 && !s.is_null(6))
      series.sold_before_out[t] = share_before(t, s.integer(6));
    if (!s.is_null(7)) series.true_demand[t] = static_cast<double>(s.integer(7));
    if (!s.is_null(8)) series.expected_demand[t] = s.real(8);
  }
  std::sort(h.items.begin(), h.items.end(),
            [](const ItemSeries& a, const ItemSeries& b) { return a.item < b.item; });
  return h;
}

}  // namespace kaiten::headoffice
