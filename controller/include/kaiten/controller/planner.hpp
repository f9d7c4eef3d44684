#pragma once
// Production planning: what the kitchen should make at each tick. fixed_mix is the baseline (the
// kitchen's rate and the menu's popularity mix, whatever happens); predictive makes, lane by lane,
// the forecast demand minus what is already on the belt (weighted by how long it stays fresh) and
// in the kitchen, within capacity and never below a floor of plates per lane.
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

#include "kaiten/controller/store_config.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten {

/// The kitchen as the controller sees it: what it was asked to make and at what pace. Its cooks
/// (StoreConfig::kitchen: cooks or the staff schedule) work as one pool through panel orders first,
/// then belt plates in command order, each plate taking its item's prep time of one cook; a plate
/// is expected out when the pool has done all the work asked before it and its own. Which plates
/// have come out on the belt is known from PlatePlaced. Plates it would drop because a lane's
/// queue is full are counted, not queued.
class KitchenModel {
 public:
  explicit KitchenModel(const StoreConfig& store);

  /// A ProduceCmd sent at `t`.
  void command(SimTime t, std::uint32_t lane, std::uint16_t item);
  /// A panel order for `item` taken at `t`: one plate of stock, and cook time ahead of the belt.
  void order_taken(SimTime t, std::uint16_t item);
  /// A free-running plate came out on `lane`.
  void placed(std::uint32_t lane, std::uint16_t item);
  /// Completes the work due by `t`.
  void advance(SimTime t);

  /// Plates asked for on `lane` and not yet on the belt (cooking or waiting for a slot).
  std::int32_t queued(std::uint32_t lane) const;
  /// The same for one item.
  std::int32_t queued(std::uint32_t lane, std::uint16_t item) const;
  /// Plates (at the menu's mean prep time) the cooks can make in [t, t + span) after the work
  /// already asked for, fractions included.
  double capacity(SimTime t, SimTime span) const;
  /// Whole plates to ask for in the tick [t, t + span): those the cooks can start in it after the
  /// work already asked for. The last may finish after the tick, and the next tick's plates start
  /// when it does, so nothing is lost however short the tick or slow the kitchen (a per-tick
  /// floor of plates finished made nothing below one plate a tick).
  std::int32_t plan_budget(SimTime t, SimTime span) const;
  /// Plates per minute the cooks on shift at `t` make, at the menu's mean prep time.
  double plates_per_min(SimTime t) const;
  /// Plates of stock left (-1: unlimited).
  std::int64_t stock_left(std::uint16_t item) const { return stock_[item]; }
  /// Every item's stock unlimited from now on.
  void lift_stock_limits() { stock_.assign(stock_.size(), -1); }
  std::int64_t assumed_dropped() const { return dropped_; }

 private:
  struct Job {
    SimTime done = 0;
    std::uint32_t lane = 0;
    std::uint16_t item = 0;
  };
  /// When `work_ms` of cook time, started at `from` by the cooks on shift, is done.
  double finish_time(double from, double work_ms) const;
  /// Cook-milliseconds on shift in [from, to).
  double cook_time(double from, double to) const;

  const StoreConfig& store_;
  double mean_prep_ms_ = 12'000.0;  ///< at the menu's popularity mix
  double free_at_ = 0.0;            ///< when the cooks finish everything asked so far
  std::deque<Job> cooking_;
  std::vector<std::int32_t> waiting_;       ///< per lane: made, not yet placed
  std::vector<std::int32_t> waiting_item_;  ///< [lane * items + item]
  std::vector<std::int64_t> stock_;
  std::int64_t dropped_ = 0;
};

/// A baseline: every tick, rate x tick plates (fractions carried over), each item drawn from the
/// popularity mix with the controller's own random stream, open lanes in turn. The rate is
/// controller.fixed_rate_plates_per_min, else the kitchen's capacity at the tick.
class FixedMixPlanner {
 public:
  FixedMixPlanner(const StoreConfig& store, std::uint64_t seed);
  /// Appends the plates of the tick at `t` to `out`; `rate` plates per minute, over `lanes`.
  void plan(double rate, const std::vector<std::uint32_t>& lanes, std::vector<ProduceCmd>& out);

 private:
  std::vector<double> cumulative_;  ///< popularity, cumulative, normalised
  std::mt19937_64 rng_;
  double tick_min_ = 1.0;
  double carry_ = 0.0;
  std::uint32_t next_lane_ = 0;
};

/// Everything the predictive planner weighs, per lane and item.
struct PlanInput {
  std::vector<std::vector<double>> demand;  ///< [lane][item] expected plates over cover_min
  std::vector<std::vector<double>> supply;  ///< [lane][item] weighted plates on belt + queued
  std::vector<std::int32_t> plates;         ///< [lane] unflagged plates on belt + queued
  std::vector<std::int32_t> room;           ///< [lane] plates the lane's kitchen queue can take
  std::vector<std::int64_t> stock_left;     ///< [item] -1: unlimited
  std::int32_t budget = 0;                  ///< plates the kitchen can make this tick
  std::vector<std::int32_t> floor;          ///< [lane] plates to keep on belt + queued
  std::vector<double> share;                ///< [item] the production mix, summing to 1
  std::vector<double> margin;               ///< [item] price - cost, yen (empty: all equal)
  double repeat_discount = 1.0;             ///< value kept by each further copy of an item
};

/// The predictive plan: for each lane, max(round(demand - supply), floor - plates) plates, capped
/// by the lane's room; when the kitchen cannot make them all, the lanes with the largest shortfall
/// go first, and lanes are interleaved in the kitchen's order. Each plate of a lane goes to the
/// item in stock whose next plate is worth most: margin x demand x repeat_discount^copies, where
/// copies counts the item's fresh-weighted supply on the lane and the plates already picked
/// (ties: lower index). Demand alone would copy the mix; the discount spreads plates over items,
/// because a diner finds a wanted item if one copy passes in time, and more copies add less.
std::vector<ProduceCmd> plan_predictive(const PlanInput& in);

}  // namespace kaiten
