#pragma once
// The sales history: one SQLite file holding, per store and day, what each item sold, what was
// discarded and made, stock-outs and panel orders; the simulation's true demand in a column of
// its own; ingredient stock movements; the store's catalogue (items, ingredients, recipes) and
// holidays. The schema is versioned (PRAGMA user_version and a schema_version table) and each day
// is written in one transaction: a failure leaves nothing of that day. docs/headoffice.md has the
// schema.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kaiten/headoffice/date.hpp"

namespace kaiten::headoffice {

/// The schema version this code writes and reads.
/// 2 added the population tables (docs/loyalty.md), 3 the population's state for resuming; an
/// older file opened to write migrates.
inline constexpr int kHistorySchemaVersion = 3;

/// A history file that cannot be opened, read or written (SQLite's message included).
struct HistoryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One item on one day.
struct ItemDay {
  std::string item;
  std::int64_t sold = 0;                     ///< plates eaten (sold)
  std::int64_t discarded = 0;                ///< plates removed by the freshness rule
  std::int64_t made = 0;                     ///< plates made (eaten + discarded + left on the belt)
  std::int64_t panel_orders = 0;             ///< touch-panel orders placed
  std::optional<std::int64_t> stock_plates;  ///< opening stock in plates; unset: unlimited
  bool stock_out = false;                    ///< the item ran out during the day
  std::optional<std::int32_t> stock_out_min;  ///< when, minutes since midnight
  /// Simulation only: plates eaten with unlimited stock, same day and seed (evaluation only).
  std::optional<std::int64_t> true_demand;
  /// Simulation only, optional: mean plates eaten over replications of the day (the oracle).
  std::optional<double> expected_demand;
};

/// One ingredient's stock movements on one day, in grams.
struct IngredientDay {
  std::string ingredient;
  std::string policy;      ///< fixed, forecast or warmup
  double ordered_g = 0.0;  ///< delivered this morning
  double opening_g = 0.0;  ///< on hand after the delivery
  double used_g = 0.0;     ///< taken by plates made
  double expired_g = 0.0;  ///< past its shelf life at closing: waste
  double closing_g = 0.0;  ///< carried over to tomorrow
};

/// Ingredient stock carried over: `grams` usable through `expires` (inclusive).
struct StockLot {
  std::string ingredient;
  Date expires;
  double grams = 0.0;
};

/// A customer population's day (docs/loyalty.md).
struct PopulationDayRow {
  std::int64_t members = 0;  ///< not churned, before the day
  std::int64_t visits_new = 0;
  std::int64_t visits_returning = 0;
  std::int64_t walkaways = 0;
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;
  double nps = 0.0;
  double mean_rating = 0.0;
  std::int64_t churned = 0;
  std::int64_t lapsed = 0;
  std::int64_t recoveries = 0;
  std::int64_t recovery_cost_yen = 0;
  std::int64_t margin_yen = 0;
  double retention = 1.0;
};

/// A population member at the end of a batch.
struct PopulationMemberRow {
  std::int64_t member = 0;
  std::string segment;
  std::int64_t size = 0;
  bool app = false;
  Date joined;
  std::optional<Date> left_on;
  bool lapsed = false;
  std::int64_t visits = 0;
  std::int64_t walkaways = 0;
  std::int64_t spend_yen = 0;
  std::int64_t margin_yen = 0;
  double clv_yen = 0.0;
  std::optional<double> mean_rating;
  std::optional<double> last_rating;
};

/// One population member's whole state (sim's Customer as numbers), to resume a batch with it.
struct PopulationMemberState {
  std::int64_t member = 0;
  std::int64_t segment = 0;  ///< sim's Segment as its number
  std::int64_t size = 0;
  bool app = false;
  double base_rate = 0.0;
  double memory = 0.0;
  double memory_factor = 0.0;
  double own_wait_min = 0.0;
  double own_first_plate_min = 0.0;
  double own_unmet_appetite = 0.0;
  double own_failed_wishes = 0.0;
  double own_tired_share = 0.0;
  std::int64_t joined = 0;    ///< day index (0: the population's first day)
  std::int64_t churned = -1;  ///< day index it left, -1: still a customer
  bool lapsed = false;
  std::int64_t visits = 0;
  std::int64_t walkaways = 0;
  std::int64_t spend_yen = 0;
  std::int64_t margin_yen = 0;
  double clv_yen = 0.0;
  double rating_sum = 0.0;
  double last_rating = 0.0;
};

/// A population's state after a day: in a DayRecord, the members that day changed (the first
/// day: all); read back, every member in id order.
struct PopulationState {
  Date first_date;  ///< the population's day index 0
  Date date;        ///< the day the state is after
  std::int64_t starting = 0;
  double last_nps = 0.0;
  /// Written: `members` is every member (a population's first day), so the store's rows of an
  /// earlier population go first; otherwise the day's changed members update theirs.
  bool complete = false;
  std::vector<PopulationMemberState> members;
};

/// Everything written for one store and day, in one transaction.
struct DayRecord {
  std::string store;
  Date date;
  bool holiday = false;
  std::int64_t parties = 0;    ///< parties that arrived
  std::int64_t customers = 0;  ///< people in them
  std::int64_t failed_wishes = 0;
  std::optional<double> shock;  ///< simulation: the day's log arrival shock
  std::vector<ItemDay> items;
  std::vector<std::int64_t> hourly_sold;  ///< plates sold by clock hour (0..47); may be empty
  std::vector<IngredientDay> stock;
  std::vector<StockLot> closing_lots;
  std::optional<PopulationDayRow> population;
  /// `kaiten batch` only (not sent between chain ranks): the population's state after the day.
  std::optional<PopulationState> population_state;
};

struct CatalogueItem {
  std::string item;
  std::string name;
  std::int32_t price_yen = 0;
  std::int32_t cost_yen = 0;
};
struct CatalogueIngredient {
  std::string ingredient;
  std::string name;
  double cost_yen_per_kg = 0.0;
  std::int32_t shelf_life_days = 1;
  std::optional<double> underage_yen_per_kg;
  std::optional<double> overage_yen_per_kg;
};
struct CatalogueRecipe {
  std::string item;
  std::string ingredient;
  double grams = 0.0;
};
/// A store's menu, ingredients and recipes (what ordering needs besides sales).
struct Catalogue {
  std::vector<CatalogueItem> items;
  std::vector<CatalogueIngredient> ingredients;
  std::vector<CatalogueRecipe> recipes;
};

/// One item's daily series over StoreHistory::dates. NaN where the day or the value is missing.
struct ItemSeries {
  std::string item;
  std::vector<double> sold;
  std::vector<double> made;
  std::vector<double> discarded;
  std::vector<std::uint8_t> stock_out;  ///< 1 where the item ran out
  /// Where it ran out: share of the day's store-wide sales made before then (from the hourly
  /// profile), NaN when unknown.
  std::vector<double> sold_before_out;
  std::vector<double> true_demand;
  std::vector<double> expected_demand;
};

/// A window of one store's history, as consecutive days.
struct StoreHistory {
  std::string store;
  std::vector<Date> dates;            ///< consecutive, first..last
  std::vector<std::uint8_t> present;  ///< 1 where the day is in the history
  std::vector<std::uint8_t> holiday;  ///< from the days and the calendar
  std::vector<ItemSeries> items;      ///< sorted by item id
  Catalogue catalogue;
  std::vector<Date> holidays;  ///< every holiday known for the store (also future ones)

  bool is_holiday(Date d) const;
};

/// The store's source: simulated days (kaiten batch) or point-of-sale imports.
enum class StoreSource : std::uint8_t { sim, pos };

/// How a history is opened: to write (created if missing), or only to read.
enum class HistoryAccess : std::uint8_t { read_write, read_only };

/// A history file. Opening to write creates the schema in a new or empty file; a file written by
/// a newer schema, or not a kaiten history, is refused. Not thread-safe; identity type.
class HistoryStore {
 public:
  /// Opens the history at `path`. read_write creates it if missing. read_only never writes, so a
  /// history in a read-only place can be read; the file must exist and hold a history. Throws
  /// HistoryError.
  explicit HistoryStore(const std::string& path, HistoryAccess access = HistoryAccess::read_write);
  ~HistoryStore();
  HistoryStore(const HistoryStore&) = delete;
  HistoryStore& operator=(const HistoryStore&) = delete;

  int schema_version() const;

  /// Registers `store` (idempotent). Throws HistoryError if it exists with another source.
  void ensure_store(const std::string& store, StoreSource source, const std::string& scenario = "",
                    std::optional<std::uint64_t> seed = std::nullopt);
  std::vector<std::string> stores() const;
  std::optional<StoreSource> store_source(const std::string& store) const;
  /// The seed a simulated store was registered with.
  std::optional<std::uint64_t> store_seed(const std::string& store) const;

  /// Replaces the store's catalogue (one transaction).
  void put_catalogue(const std::string& store, const Catalogue& catalogue);
  Catalogue catalogue(const std::string& store) const;

  /// Adds holidays to the store's calendar (existing ones are kept).
  void put_holidays(const std::string& store, const std::vector<Date>& holidays);

  /// Writes one day in one transaction: all of it or, on any failure, nothing (and throws
  /// HistoryError). A day already present is an error.
  void write_day(const DayRecord& day);
  /// Writes several days in one transaction (imports): all or nothing.
  void write_days(const std::vector<DayRecord>& days);

  bool has_day(const std::string& store, Date date) const;
  /// Replaces the store's population members (one transaction).
  void put_population_members(const std::string& store,
                              const std::vector<PopulationMemberRow>& members);
  /// The store's population days from..to, in date order (empty for a version-1 file).
  std::vector<std::pair<Date, PopulationDayRow>> population_days(const std::string& store,
                                                                 Date from, Date to) const;
  /// The store's population state after its last day written with one (every member, in id
  /// order); nullopt if none (a version-2 file, a chain batch, no population).
  std::optional<PopulationState> population_state(const std::string& store) const;
  std::int64_t day_count(const std::string& store) const;
  std::optional<Date> first_day(const std::string& store) const;
  std::optional<Date> last_day(const std::string& store) const;
  /// Days present in [from, to] for `store`.
  std::int64_t days_between(const std::string& store, Date from, Date to) const;

  /// Closing ingredient lots of the store's day `date` (empty if none recorded).
  std::vector<StockLot> closing_lots(const std::string& store, Date date) const;
  /// Stock rows of the store over [from, to].
  std::vector<std::pair<Date, IngredientDay>> stock_rows(const std::string& store, Date from,
                                                         Date to) const;

  /// The store's days in [from, to] as consecutive series (missing days NaN).
  StoreHistory load(const std::string& store, Date from, Date to) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

const char* to_string(StoreSource source);

/// `requested` if the history has that store; with `requested` empty, the history's only store.
/// Throws HistoryError naming the stores otherwise.
std::string resolve_store(const HistoryStore& history, const std::string& requested);

}  // namespace kaiten::headoffice
