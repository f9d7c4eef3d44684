#pragma once
// The restaurant's controller: it sees only sensor messages (core/sensor.hpp) and acts only by
// commands. It tracks plates, enforces the discard rule by ExpireCmd, infers and reconciles sales,
// keeps the live top sellers, forecasts demand 1 and 15 minutes ahead and plans production. The
// same object runs inside the simulation, on a recorded feed, or on a real belt.
// docs/controller.md describes its behaviour and outputs.
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kaiten/controller/appetite.hpp"
#include "kaiten/controller/demand.hpp"
#include "kaiten/controller/planner.hpp"
#include "kaiten/controller/sales.hpp"
#include "kaiten/controller/store_config.hpp"
#include "kaiten/controller/tracker.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten {

/// Forecast horizons, in minutes (index 0 and 1 of the per-horizon arrays below).
inline constexpr std::array<int, 2> kHorizonsMin = {1, 15};

/// A command and the time it was sent.
struct Decision {
  SimTime time = 0;
  Command command;
};

/// The controller's published state at one clock tick.
struct TickRecord {
  SimTime time = 0;
  Micrometres odometer = 0;
  std::int32_t seated_parties = 0;
  std::int32_t seated_people = 0;
  std::int64_t made = 0;       ///< plates placed so far
  std::int64_t on_belt = 0;    ///< tracked plates on the belt (flagged ones included)
  std::int64_t sold = 0;       ///< sales so far (inferred or checked out)
  std::int64_t discarded = 0;  ///< waste so far: plates flagged and past a gate
  std::int32_t produced = 0;   ///< ProduceCmd sent at this tick
  std::int32_t readers_down = 0;
  std::vector<Seller> top_day_plates;
  std::vector<Seller> top_day_revenue;
  std::vector<Seller> top_window_plates;
  std::vector<Seller> top_window_revenue;
  std::array<double, 2> forecast{};  ///< expected plates over the next kHorizonsMin minutes
  std::array<std::vector<double>, 2> forecast_items;  ///< the same per item
  std::array<std::int64_t, 2> sold_last{};  ///< live: plates known sold in the last h minutes
  // Filled in by Controller::finish() from the day's final sales, for ticks with t + h <= close:
  std::array<double, 2> actual{};  ///< plates eaten in (t, t + h]
  std::array<std::vector<double>, 2> actual_items;
  std::array<double, 2> baseline_window{};  ///< plates eaten in (t - h, t]
  std::array<double, 2> baseline_seated{};  ///< seated people x plates per person-minute x h
};

struct ErrorSummary {
  double mae = 0.0;   ///< mean absolute error, plates
  double wape = 0.0;  ///< sum of absolute errors / sum of actual plates
};

/// How good the forecast of one horizon was, beside the two baselines, over the scored ticks.
struct HorizonAccuracy {
  int horizon_min = 0;
  std::int64_t points = 0;   ///< ticks scored: open <= t, t + h <= close (or the feed's end)
  double actual_mean = 0.0;  ///< mean actual plates per scored tick
  ErrorSummary model, last_window, seated_rate;  ///< total plates
  /// Per item: MAE averaged over items, WAPE over all (tick, item) pairs.
  ErrorSummary model_items, last_window_items, seated_rate_items;
  std::vector<double> item_mae;  ///< the model's MAE per item
};

struct ItemSales {
  std::int64_t made = 0;
  std::int64_t sold = 0;  ///< final sales (see ControllerTotals::sold)
  std::int64_t discarded = 0;
  std::int64_t revenue_yen = 0;
};

/// The day's totals. Every plate made ends in exactly one of: sold, discarded, on_belt_at_end,
/// lost_inferred_unconfirmed, lost_unseen (see conservation_gap).
struct ControllerTotals {
  std::int64_t made = 0;
  /// Checked-out plates, plus (only if the day was cut short) plates inferred eaten and not yet
  /// listed at a checkout.
  std::int64_t sold = 0;
  std::int64_t sold_provisional = 0;  ///< of `sold`, inferred and not yet checked out
  std::int64_t revenue_yen = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_end = 0;
  /// Inferred eaten, listed at no checkout, and its tag placed again before it could have reached
  /// a gate flagged: most likely eaten and never paid for (a checkout that lost its tags).
  std::int64_t lost_inferred_unconfirmed = 0;
  /// Taken as on the belt, and its tag placed again before it could have reached a gate flagged:
  /// it left the belt unseen (taken with every read missed, or removed by hand).
  std::int64_t lost_unseen = 0;
  /// Not a category: inferred sales withdrawn at the end of the day (those plates end discarded
  /// or on the belt).
  std::int64_t inferred_never_checked_out = 0;
  std::int64_t checkout_confirmed = 0;   ///< listed at checkout, inferred before
  std::int64_t checkout_uninferred = 0;  ///< listed at checkout, never inferred
  std::int64_t checkout_was_discarded = 0;
  std::int64_t checkout_repeated = 0;  ///< tags listed again: ignored, never counted twice
  std::int64_t checkout_unknown = 0;
  std::int64_t rejected_messages = 0;  ///< an index out of range, or after finish(): ignored
  std::int64_t late_messages = 0;      ///< older than an earlier message: handled all the same
  std::int64_t produce_cmds = 0;
  std::int64_t expire_cmds = 0;
  std::int64_t order_cmds = 0;
  std::int64_t assumed_dropped = 0;  ///< asked-for plates the kitchen model says were dropped
  double waste_rate = 0.0;           ///< discarded / made
};

/// Plates in no category: made - (sold + discarded + on_belt_at_end + lost_inferred_unconfirmed
/// + lost_unseen). 0 in every report, however damaged the feed; anything else is a bug.
std::int64_t conservation_gap(const ControllerTotals& totals);

/// Everything `kaiten control` writes (controller/report.hpp turns it into files).
struct ControllerReport {
  StoreConfig store;
  std::uint64_t seed = 0;
  bool day_complete = false;  ///< the feed reached closing time
  ControllerTotals totals;
  TrackerStats tracking;
  std::vector<ItemSales> items;
  std::vector<Seller> top_plates;   ///< the day's top-N by plates
  std::vector<Seller> top_revenue;  ///< and by revenue
  std::vector<TickRecord> timeline;
  std::array<HorizonAccuracy, 2> accuracy;
  std::vector<Decision> decisions;
  QuadraticIntake appetite_curve;
  std::array<double, AppetiteModel::kBuckets> adult_rate{};
  std::array<double, AppetiteModel::kBuckets> child_rate{};
  std::int64_t appetite_parties = 0;
};

/// What a controller learns from a day, to carry to the next: the appetite data of the parties
/// that paid and the seating profile (each includes the history the controller started with).
struct ControllerHistory {
  AppetiteModel appetite;
  SeatingProfile seatings;
};

class Controller final : public ControllerPort {
 public:
  /// Takes from `scenario` only the store's static configuration (store_config()).
  Controller(const ScenarioDef& scenario, std::uint64_t seed);
  Controller(StoreConfig store, std::uint64_t seed);
  /// Copied only on purpose, with the day it runs (DayCheckpoint), never by accident.
  explicit Controller(const Controller&) = default;
  Controller& operator=(const Controller&) = delete;

  /// Handles one message; appends the commands it decides to `commands`. Messages should come in
  /// time order: a late one is counted and still handled (a late clock tick is dropped); one with
  /// an index out of range is counted and ignored.
  void on_message(const SensorMessage& message, std::vector<Command>& commands) override;

  /// Starts from what earlier days taught (Controller::history() of a previous day, or
  /// learn_from_feed): their parties join the appetite data and their seatings make the profile.
  void learn_from(const ControllerHistory& history);
  /// The history to hand to the next day's controller: the one it started with plus today.
  ControllerHistory history() const;

  /// Ends the day: withdraws inferred sales no checkout confirmed (if the feed reached closing),
  /// then scores the forecasts. Idempotent; later messages are ignored.
  void finish();
  /// For a caller that reads only the commands (the head-office batch, which stores the day's
  /// sales from the simulation): the tick records keep their counts but not the top sellers,
  /// forecasts and recent sales, and finish() does not score the forecasts. The commands are the
  /// same: those parts of a tick only describe the controller's state, they do not change it.
  /// timeline() and report() then lack them; not for a caller that writes the controller's files.
  void commands_only() { commands_only_ = true; }
  /// finish(), then everything as one report.
  ControllerReport report();

  const StoreConfig& store() const { return store_; }
  const PlateTracker& tracker() const { return tracker_; }
  const SalesLedger& sales() const { return sales_; }
  const AppetiteModel& appetite() const { return appetite_; }
  const DemandModel& demand() const { return demand_; }
  const std::vector<TickRecord>& timeline() const { return timeline_; }
  const std::vector<Decision>& decisions() const { return decisions_; }
  /// The running counters. `sold`, `sold_provisional`, `on_belt_at_end`, `revenue_yen` and
  /// `waste_rate` are filled in by report() only: for the balance at any moment,
  /// conservation_gap().
  const ControllerTotals& totals() const { return totals_; }
  /// Whether a stock limit may have changed a plan so far (an item planned down to its last plate,
  /// or out of stock). While false, the plans equal those with unlimited stock.
  bool stock_bound() const { return stock_bound_; }
  /// Plans on from now as if no item had a stock limit (a copy run on as the day's twin without
  /// limits; DayCheckpoint).
  void lift_stock_limits();
  /// conservation_gap() of the running counters, at any moment (before or after finish()): plates
  /// placed - (sales so far, provisional included + discarded + on the belt + lost). 0 after every
  /// message, however damaged the feed; anything else is a bug.
  std::int64_t conservation_gap() const;
  /// Forecast accuracy, once finish() has scored it.
  const std::array<HorizonAccuracy, 2>& accuracy() const { return accuracy_; }
  SimTime now() const { return now_; }
  /// Plates the seated and arriving diners would eat over the next `horizon_min` minutes
  /// (DemandModel::total), whatever the belt offers.
  double demand_total(double horizon_min) const;
  /// Plates expected to be eaten over the next `horizon_min` minutes: the demand d, held back
  /// smoothly by what can be on offer, s = kKitchenShare x the kitchen's capacity over the
  /// horizon (free-running plates plus panel orders) + kBeltShare x the free plates on the belt:
  /// (d^-k + s^-k)^(-1/k), k = kSoftMinPower.
  double forecast_total(double horizon_min) const;
  /// forecast_total split by the item mix (DemandModel::mix).
  std::vector<double> forecast_items(double horizon_min) const;

  /// The supply cap's constants, calibrated on simulated days of the default store
  /// (docs/controller.md).
  static constexpr double kKitchenShare = 1.3;
  static constexpr double kBeltShare = 0.3;
  static constexpr double kSoftMinPower = 16.0;

 private:
  /// Tracked plates on the belt that are neither ordered nor flagged: the belt's free supply.
  std::int64_t free_plates() const;
  double forecast_total(double horizon_min, std::int64_t free_plates) const;

  struct OpenOrder {
    std::uint32_t order = 0;
    std::uint32_t lane = 0;
    std::uint16_t item = 0;
    std::uint32_t plate = UINT32_MAX;  ///< tracked plate once placed
    SimTime ordered = 0;
  };
  struct PartyLog {
    SimTime seated = 0;
    SimTime left = -1;  ///< -1 while seated
    std::int32_t people = 0;
  };

  bool valid(const SensorMessage& message) const;
  void placed(const PlatePlaced& m, std::vector<Command>& commands);
  void checkout(const CheckoutMsg& m);
  void express_sent(const ExpressSent& m);
  void tick(const ClockTick& m, std::vector<Command>& commands);
  void plan(SimTime t, std::vector<ProduceCmd>& out);
  void drain_changes();
  void count_sale(const TrackedPlate& p, SimTime eaten, std::int32_t delta);
  void send(SimTime t, const Command& command, std::vector<Command>& commands);
  void score();

  StoreConfig store_;
  std::uint64_t seed_ = 0;
  PlateTracker tracker_;
  SalesLedger sales_;
  AppetiteModel appetite_;
  DemandModel demand_;
  std::vector<double> popularity_mix_;  ///< [item] the menu's popularity, summing to 1
  KitchenModel kitchen_;
  FixedMixPlanner fixed_mix_;
  std::vector<Decision> decisions_;
  std::vector<TickRecord> timeline_;
  std::vector<OpenOrder> open_orders_;
  std::unordered_map<std::uint32_t, std::size_t> party_log_index_;
  std::vector<PartyLog> party_log_;
  std::vector<std::int64_t> made_;
  std::vector<std::int64_t> discarded_;
  ControllerTotals totals_;
  std::array<HorizonAccuracy, 2> accuracy_;
  SimTime now_ = INT64_MIN;
  double speed_mm_s_ = 0.0;  ///< last non-zero belt speed (encoder, else estimated)
  SimTime speed_sample_t_ = -1;
  Micrometres speed_sample_odo_ = 0;
  bool appetite_dirty_ = false;
  bool reached_close_ = false;
  bool finished_ = false;
  bool stock_bound_ = false;
  bool commands_only_ = false;  ///< commands_only()
};

/// What a previous day's feed teaches: runs a controller over `messages` (its commands are
/// discarded) and returns its history().
ControllerHistory learn_from_feed(const ScenarioDef& scenario,
                                  const std::vector<SensorMessage>& messages);

}  // namespace kaiten
