#pragma once
// ScenarioDef: everything one simulated restaurant day needs, as plain data with units in the
// names. Loaded and validated from YAML by io/ (docs/scenario.md is the user-facing reference);
// the defaults written here are the documented defaults.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

/// One line of a menu item's recipe: grams of an ingredient per plate (head office ordering).
struct RecipeLine {
  std::string ingredient;  ///< id of an entry of ScenarioDef::ingredients
  double grams = 0.0;      ///< per plate, > 0
};

struct MenuItem {
  std::string id;    ///< short key used in the scenario and outputs, e.g. "maguro"
  std::string name;  ///< display name
  std::int32_t price_yen = 0;
  std::int32_t cost_yen = 0;  ///< cost of goods per plate
  double popularity = 1.0;    ///< relative weight in the menu mix (> 0)
  /// Time-on-belt limit for this item under the time rule; unset means the rule's default.
  std::optional<std::int32_t> discard_time_min;
  /// Plates the day's ingredient stock allows; unset means unlimited. When it runs out the item
  /// is unavailable: the kitchen skips it and panel orders for it fail.
  std::optional<std::int32_t> stock_plates;
  /// Grams of each ingredient per plate (docs/headoffice.md); empty: the item's stock is not
  /// ordered by head office (unlimited in batches).
  std::vector<RecipeLine> recipe;
  /// One cook's time to make a plate of this item; unset means kitchen.prep_ms.
  std::optional<SimTime> prep_ms;
};

enum class PointKind : std::uint8_t { kitchen, reader, discard_gate, seat_zone };

/// A point of interest on a lane, at a position along the loop measured in the direction of travel.
struct BeltPoint {
  std::string id;
  PointKind kind = PointKind::reader;
  std::int64_t at_mm = 0;
};

/// [from, to): a stretch of the day.
struct TimeWindow {
  SimTime from = 0;
  SimTime to = 0;
};

/// One closed loop of belt. Exactly one kitchen point injects plates; discard gates remove them.
struct LaneDef {
  std::string id;
  std::int64_t length_mm = 0;
  std::vector<BeltPoint> points;  ///< kitchen, readers and gates; seat zones come from tables
  /// When the lane is closed (e.g. off-peak): nobody is seated at its tables and nothing is made
  /// for it; parties already seated stay. Sorted, not overlapping.
  std::vector<TimeWindow> closed;
};

/// True unless `t` falls in one of the lane's closed windows.
bool lane_open(const LaneDef& lane, SimTime t);

/// From `at` on, the belt runs at `speed_mm_s` (0 = stopped) until the next change.
struct SpeedChange {
  SimTime at = 0;
  std::int32_t speed_mm_s = 0;
};

/// A straight express lane from the kitchen to a group of tables (docs/kitchen.md): it carries
/// panel orders only. A carrier takes one plate out and returns empty before its next trip.
struct ExpressLaneDef {
  std::string id;
  std::int64_t length_mm = 0;      ///< kitchen to the tables it serves
  std::int32_t speed_mm_s = 1000;  ///< the carrier's speed, out and back
  std::int32_t carriers = 1;       ///< carriers on the lane, each one trip at a time
};

struct BeltDef {
  std::int32_t speed_mm_s = 80;  ///< speed at opening
  std::int32_t pitch_mm = 150;   ///< slot pitch: one plate per slot, plates never overlap
  std::vector<LaneDef> lanes;
  std::vector<SpeedChange> speed_schedule;  ///< sorted by time, all within the opening hours
  std::vector<ExpressLaneDef> express_lanes;
};

enum class DiscardRuleKind : std::uint8_t { distance, time };

struct DiscardRule {
  DiscardRuleKind kind = DiscardRuleKind::distance;
  std::int64_t distance_mm = 350'000;  ///< distance rule: 350 m travelled uneaten
  std::int32_t time_min = 40;          ///< time rule: default minutes on the belt per item
};

enum class TableKind : std::uint8_t { counter, booth };

/// A table (counter seats or a booth) whose reach zone is at `at_mm` on lane `lane`.
struct TableDef {
  std::string id;
  std::string lane;
  TableKind kind = TableKind::counter;
  std::int32_t seats = 1;
  std::int64_t at_mm = 0;
  std::string express;  ///< id of the express lane that brings its panel orders; empty: none
};

/// From `from` on, `cooks` people top and plate in the kitchen (until the next shift).
struct StaffShift {
  SimTime from = 0;
  std::int32_t cooks = 0;
};

/// The kitchen: cooks working in parallel, one plate each at a time, through one queue shared by
/// panel orders (first) and belt production (docs/kitchen.md). Capacity in plates per minute is
/// cooks x 60 s / prep time. Rice comes from machines; the limit is the people topping and
/// plating (DESIGN.md section 13).
struct KitchenDef {
  std::int32_t cooks = 4;         ///< cooks all day, unless `staff` is given
  std::vector<StaffShift> staff;  ///< sorted by time; the first shift starts at opening
  SimTime prep_ms = 12'000;       ///< one cook's time per plate (menu[].prep_ms overrides)
  std::int32_t max_backlog_plates =
      10;  ///< per lane; made plates wait for a slot, production pauses while this many do
};

/// Cooks in the kitchen at time `t` (`staff` if given, else `cooks`).
std::int32_t cooks_at(const KitchenDef& kitchen, SimTime t);
/// One cook's time to make a plate of `item`.
SimTime prep_time(const KitchenDef& kitchen, const MenuItem& item);

/// Stand-in for customers until parties exist: an occupied table takes a passing plate with a fixed
/// probability per pass.
struct EatingDef {
  double take_probability_per_pass = 0.012;
};

enum class CustomerModel : std::uint8_t { parties, stand_in };
/// How waiting parties are given tables (docs/customers.md). Both take the smallest free table
/// that fits; `balanced` then takes the open lane with the fewest people seated per seat, and
/// `first_fit` the first such table in file order.
enum class SeatingPolicy : std::uint8_t { balanced, first_fit };
enum class Weekday : std::uint8_t { mon, tue, wed, thu, fri, sat, sun };

/// Plates one person eats in a meal: a normal distribution, truncated to at least one plate.
struct AppetiteDef {
  double mean_plates = 9.6;
  double sd_plates = 2.5;
};

/// How a plate's age puts diners off (docs/customers.md). A diner who would take a passing plate
/// takes it with probability 1 up to full_appeal_min after it was made, then halving every
/// half_life_min (0: never declining). A plate older than tired_min looks tired; eating one is
/// counted (customer experience).
struct FreshnessDef {
  double full_appeal_min = 10.0;
  double half_life_min = 30.0;
  double tired_min = 40.0;
};

/// Parties: arrivals, queueing, appetite, choice and touch-panel orders (docs/customers.md).
/// A party that will arrive at `at` with `size` people (a population member's visit).
struct PlannedParty {
  SimTime at = 0;
  std::int32_t size = 1;
};

struct CustomersDef {
  /// stand_in (the `eating` section) when a scenario has no `customers` section.
  CustomerModel model = CustomerModel::stand_in;
  Weekday day = Weekday::tue;
  bool holiday = false;
  // Arrivals: a non-homogeneous Poisson process. hourly_parties[h] is the base rate (parties per
  // hour) from h:00 to h+1:00, multiplied by the weekday's multiplier and, on holidays, by
  // holiday_multiplier. Nobody new is admitted to the queue in the last `last_entry_min` minutes.
  std::vector<double> hourly_parties = std::vector<double>(48, 0.0);
  std::vector<double> weekday_multiplier = {1.0, 0.95, 0.95, 1.0, 1.15, 1.5, 1.4};
  double holiday_multiplier = 1.4;
  std::int32_t last_entry_min = 45;
  /// party_size_weights[k] is the relative frequency of parties of k+1 people.
  std::vector<double> party_size_weights = {0.18, 0.38, 0.16, 0.2, 0.05, 0.03};
  /// In parties of 3 or more, each member after the first two adults is a child with this chance.
  double child_share = 0.5;
  double men_share_of_adults = 0.6;
  AppetiteDef men{11.3, 2.8};
  AppetiteDef women{8.0, 2.2};
  AppetiteDef children{6.0, 1.8};
  /// Meal length: cumulative intake follows A(2t/T - (t/T)^2) over T minutes (Kissileff 1982).
  /// Calibrated so that parties stay 45-60 min (data/calibration.yaml): the last plate comes at
  /// about 0.7 T, plus the waits for wanted plates and paying.
  double meal_min_mean = 55.0;
  double meal_min_sd = 9.0;
  std::int32_t min_s_per_plate = 40;  ///< nobody eats two plates closer than this
  std::int32_t max_stay_min = 100;    ///< a party leaves after this long, full or not
  // Choice: item preference = popularity * lognormal(0, preference_sigma) per party, times
  // child_favourite_boost for child_favourites in parties with children.
  double preference_sigma = 0.6;
  std::vector<std::string> child_favourites;
  double child_favourite_boost = 3.0;
  /// A hungry member takes a passing plate other than their wish with chance
  /// opportunistic_take * preference / the party's top preference.
  double opportunistic_take = 0.35;
  FreshnessDef freshness;
  /// A wish not seen on the belt for this long is ordered on the touch panel.
  std::int32_t order_patience_s = 150;
  bool ordered_only = false;  ///< no free-running plates: everything is ordered
  SeatingPolicy seating = SeatingPolicy::balanced;
  // Entrance queue (a ticket machine shows how many parties wait). An arriving party that sees n
  // parties waiting balks with probability (n - balk_from_parties + 1) / (max_queue_parties -
  // balk_from_parties + 1), 0 below balk_from_parties and 1 from max_queue_parties on.
  std::int32_t max_queue_parties = 15;  ///< arriving parties balk when this many are waiting
  std::optional<std::int32_t> balk_from_parties;  ///< unset: max_queue_parties
  double patience_min_mean = 30.0;                ///< queue patience, exponential; then they renege
  std::int32_t pay_s = 90;                        ///< from the last plate to leaving the table
  std::int32_t cleaning_s = 180;                  ///< table cleaning before it is reused
  /// For queueing checks: time seated is exponential with this mean (minutes), ignoring appetite.
  std::optional<double> exponential_stay_min;
  /// Set by a batch with a customer population (docs/loyalty.md), never read from a file: the
  /// day's parties are exactly these, in this order, instead of the Poisson arrivals.
  bool use_planned = false;
  std::vector<PlannedParty> planned;
};

enum class ControllerPolicy : std::uint8_t { manager, predictive, fixed_mix };

/// The restaurant's controller (docs/controller.md). It sees only sensor messages.
struct ControllerDef {
  /// manager (the baseline): a competent manager's plan by clock hour, whatever happens.
  /// predictive: production from the demand forecast, minus what is on the belt. fixed_mix: one
  /// constant rate all day. All three take items by the menu's popularity mix.
  ControllerPolicy policy = ControllerPolicy::manager;
  std::int32_t tick_s = 60;      ///< planning and publishing cadence
  std::int32_t top_n = 10;       ///< size of the live top-sellers list
  std::int32_t window_min = 30;  ///< sliding window of the live top sellers and item mix
  /// predictive: plates to keep on the belt per lane as a floor, so a seated party always finds
  /// something passing.
  std::int32_t min_plates_per_lane = 8;
  /// predictive: how far ahead production covers (minutes of forecast demand). 17 with
  /// repeat_discount 0.97 is the pair that met the waste, margin and found-on-belt goals against
  /// the manager's plan on the standard store (docs/controller.md, "Tuning").
  std::int32_t cover_min = 17;
  /// predictive: the value a further copy of an item keeps when one is already passing on the
  /// lane (1: copies are worth as much as the first, production copies the mix).
  double repeat_discount = 0.97;
  /// A plate not read where expected this many times in a row is taken as eaten.
  std::int32_t missed_reads_to_infer = 2;
  /// fixed_mix: the constant rate (plates per minute); unset means the kitchen's capacity.
  std::optional<double> fixed_rate_plates_per_min;
  /// manager: plates per minute to make in each clock hour (index 0..47); empty means the
  /// scenario's expected plates per hour (expected_plates_by_hour) x (1 + manager_margin).
  std::vector<double> manager_plan;
  /// The default -10 % stands for the plates a manager knows go by panel order rather than from
  /// the belt; it puts the standard store's waste in the reported 6-15 % (data/calibration.yaml).
  double manager_margin = -0.1;
  /// predictive: keep min_plates_per_lane on open lanes where nobody is seated (else such lanes
  /// get plates only for the diners expected to arrive).
  bool stock_idle_lanes = false;
};

/// A reader that reports nothing between `from` and `to`.
struct ReaderOutage {
  std::string reader;  ///< reader point id
  SimTime from = 0;
  SimTime to = 0;
};

/// Sensor faults (belt stops are part of belt.speed_schedule; sold-out items of menu stock).
struct FaultsDef {
  double missed_read_rate = 0.0;     ///< each read is lost with this probability
  double duplicate_read_rate = 0.0;  ///< each read is sent twice with this probability
  std::vector<ReaderOutage> reader_outages;
};

/// Public holidays, for multi-day batches (docs/headoffice.md). On a holiday arrivals are
/// multiplied by customers.holiday_multiplier.
struct CalendarDef {
  std::vector<std::string> holidays;  ///< "YYYY-MM-DD", valid dates, sorted, each once
};

/// Day-to-day variation of demand in multi-day batches; all draws are seeded from (seed, date).
struct DemandDef {
  /// Each item's log popularity follows a random walk with this standard deviation per day.
  double popularity_drift_sd = 0.0;
  /// Day-level shock (weather): arrivals are multiplied by exp(s - shock_sd^2/2) where s is an
  /// AR(1) process with standard deviation shock_sd and lag-1 correlation shock_persistence.
  double shock_sd = 0.0;
  double shock_persistence = 0.0;  ///< 0 .. 0.99
};

/// How a batch sets each day's opening stock (menu stock_plates) from ingredient orders.
enum class StockPolicy : std::uint8_t {
  unlimited,  ///< no stock limit (the menu's stock_plates as written)
  fixed,      ///< the same order every morning: stock.fixed_orders_g
  forecast,   ///< the previous night's newsvendor orders from the sales history
};

struct StockDef {
  StockPolicy policy = StockPolicy::unlimited;
  /// Grams of each ingredient delivered every morning under `fixed`, and under `forecast` until
  /// the history holds warmup_days days. (ingredient id, grams), in file order.
  std::vector<std::pair<std::string, double>> fixed_orders_g;
  std::int32_t warmup_days = 28;  ///< forecast: days of history needed before forecasting
};

/// An ingredient bought by weight. Newsvendor costs default from the menu (docs/headoffice.md).
struct IngredientDef {
  std::string id;  ///< [a-z0-9_-]+, unique
  std::string name;
  double cost_yen_per_kg = 0.0;
  std::int32_t shelf_life_days = 1;  ///< a delivery can be used on this many days, then expires
  /// Cost of one kg short (lost margin); unset: derived from the margins of the items using it.
  std::optional<double> underage_yen_per_kg;
  /// Cost of one kg left over; unset: cost_yen_per_kg / shelf_life_days.
  std::optional<double> overage_yen_per_kg;
};

/// Weights of the satisfaction score (docs/loyalty.md): each measure's disconfirmation, in units
/// of its scale, times its weight.
struct SatisfactionWeights {
  double wait = 1.0;
  double first_plate = 1.0;
  double unmet_appetite = 1.0;
  double failed_wishes = 1.0;
  double tired = 1.0;
  double walkaway = 1.0;
};

/// A measure's expectation for a first visit and the scale that one unit of disconfirmation is.
struct ExpectationDef {
  double initial = 0.0;
  double scale = 1.0;
};

/// A customer population that persists across a batch's days (docs/loyalty.md). Off by default:
/// every day then draws fresh strangers, as before.
struct PopulationDef {
  bool enabled = false;
  /// Members at the start; unset: as many as make the members' visits the base arrivals' share
  /// (1 - new_share) on a day of multiplier 1.
  std::optional<std::int32_t> members;
  double visits_per_month = 2.0;  ///< a member's baseline visit rate (30-day month)
  double new_share = 0.05;        ///< new customers per day: this share of the base arrivals
  /// Family (3+), couple, solo; unset: from customers.party_size_weights.
  std::optional<std::vector<double>> segment_weights;
  double app_share = 0.4;        ///< members with the store's app
  double app_rate_factor = 1.3;  ///< app members' baseline visit rate multiplier
  ExpectationDef wait_min{10.0, 15.0};
  ExpectationDef first_plate_min{3.0, 5.0};
  ExpectationDef unmet_appetite{0.05, 0.25};
  ExpectationDef failed_wishes{0.2, 1.0};
  ExpectationDef tired_share{0.05, 0.25};
  double walkaway_units = 1.5;  ///< disconfirmation of a balked or reneged visit (before weight)
  /// Each measure's disconfirmation counts at most this many units either way: one failure
  /// (ten sold-out wishes) cannot outweigh everything else.
  double term_limit = 2.0;
  double expectation_learning = 0.3;  ///< own <- own + learning (x - own) after each visit
  /// The expectation a visit is judged by: anchor x the initial (market) value + (1 - anchor) x
  /// what the member's own visits here taught them.
  double expectation_anchor = 0.5;
  SatisfactionWeights weights;
  double base_rating = 8.0;      ///< rating (0-10) of a visit exactly as expected
  double rating_per_unit = 1.5;  ///< rating points per unit of weighted score
  double promoter_from = 9.0;
  double detractor_to = 6.0;
  double revisit_sensitivity = 0.3;  ///< rate = base x exp(sensitivity x memory)
  double memory_decay = 0.7;         ///< memory <- decay x memory + score after each visit
  double max_rate_factor = 1.25;     ///< a visit rate stays at most this x the baseline
  double churn_floor = 0.25;         ///< below this x the baseline the member churns
  /// Members lost each year for reasons the store does not control (moving away); unset: the
  /// steady state in which new customers replace them.
  std::optional<double> lapse_per_year;
  double word_of_mouth = 0.0;   ///< new customers x exp(word_of_mouth x yesterday's NPS / 100)
  double discount_rate = 0.08;  ///< per year, for customer lifetime value
  // Service recovery (off by default): a party whose wait or failed wishes pass a threshold gets
  // a coupon worth recovery_cost_yen, which adds recovery_effect units to its score.
  bool recovery = false;
  double recovery_wait_min = 20.0;
  std::int32_t recovery_failed_wishes = 2;
  std::int32_t recovery_cost_yen = 150;
  double recovery_effect = 1.0;
};

struct ScenarioDef {
  std::string name;
  SimTime open = 11 * kMsPerHour;
  SimTime close = 23 * kMsPerHour;
  std::uint64_t seed = 1;
  std::vector<MenuItem> menu;
  BeltDef belt;
  DiscardRule discard;
  std::vector<TableDef> tables;
  KitchenDef kitchen;
  EatingDef eating;
  CustomersDef customers;
  ControllerDef controller;
  FaultsDef faults;
  // Head office (multi-day batches); a single-day run ignores these sections.
  CalendarDef calendar;
  DemandDef demand;
  StockDef stock;
  std::vector<IngredientDef> ingredients;
  PopulationDef population;
};

/// Plates the scenario's customers are expected to eat in each clock hour (index 0..47): arrivals
/// (hourly_parties x the day's multipliers) x expected plates per party, spread over the meal by
/// the intake curve A(2t/T - (t/T)^2) from seating, T = meal_min_mean (docs/controller.md). Waits
/// and the one-plate minimum are left out. All zeros for the stand-in customer model.
std::vector<double> expected_plates_by_hour(const ScenarioDef& def);
/// The manager's plan: controller.manager_plan if given, else expected_plates_by_hour / 60 x
/// (1 + manager_margin); plates per minute by clock hour (index 0..47). With the stand-in
/// customers (no demand to plan from), the kitchen's capacity in each opening hour.
std::vector<double> manager_plan(const ScenarioDef& def);
/// Plates per minute the kitchen can make at time `t`, at the menu's popularity mix.
double kitchen_capacity_per_min(const ScenarioDef& def, SimTime t);
/// Total seats over all tables.
std::int32_t total_seats(const ScenarioDef& def);
/// Index of the menu item or lane with this id, or -1.
int find_item(const ScenarioDef& def, const std::string& id);
int find_lane(const ScenarioDef& def, const std::string& id);
int find_express_lane(const ScenarioDef& def, const std::string& id);
/// Lanes are numbered loops first, then express lanes (plates, results and outputs use this).
std::size_t lane_count(const ScenarioDef& def);
/// The id of lane `lane` in that numbering.
const std::string& lane_id(const ScenarioDef& def, std::size_t lane);
/// Time an express carrier takes from the kitchen to its tables (and as long back), rounded up.
SimTime express_trip_ms(const ExpressLaneDef& lane);
/// Sets `kitchen` to the single-station kitchen of `kitchen.rate_plates_per_min`: one cook
/// making one plate every 60 / rate seconds, whatever the item.
void set_single_station(KitchenDef& kitchen, double rate_plates_per_min);

const char* to_string(PointKind kind);
const char* to_string(DiscardRuleKind kind);
const char* to_string(TableKind kind);
const char* to_string(Weekday day);
const char* to_string(ControllerPolicy policy);

}  // namespace kaiten
