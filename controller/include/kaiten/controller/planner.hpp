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

/// The kitchen as the controller sees it: what it was asked to make, at what pace (one plate
/// every 60 / rate_plates_per_min seconds, in command order), and which plates have come out on
/// the belt. Plates it would drop because a lane's queue is full are counted, not queued.
class KitchenModel {
 public:
  explicit KitchenModel(const StoreConfig& store);

  /// A ProduceCmd sent at `t`.
  void command(SimTime t, std::uint32_t lane, std::uint16_t item);
  /// A panel order took one plate of stock.
  void order_taken(std::uint16_t item);
  /// A free-running plate came out on `lane`.
  void placed(std::uint32_t lane, std::uint16_t item);
  /// Completes the work due by `t`.
  void advance(SimTime t);

  /// Plates asked for on `lane` and not yet on the belt (cooking or waiting for a slot).
  std::int32_t queued(std::uint32_t lane) const;
  /// The same for one item.
  std::int32_t queued(std::uint32_t lane, std::uint16_t item) const;
  /// Plates the kitchen can start in [t, t + span) after the work already asked for: the last may
  /// finish after the span, and the next span's plates start when it does (nothing is lost).
  std::int32_t capacity(SimTime t, SimTime span) const;
  /// Plates of stock left (-1: unlimited).
  std::int64_t stock_left(std::uint16_t item) const { return stock_[item]; }
  std::int64_t assumed_dropped() const { return dropped_; }

 private:
  struct Job {
    SimTime done = 0;
    std::uint32_t lane = 0;
    std::uint16_t item = 0;
  };
  const StoreConfig& store_;
  double interval_ms_ = 5000.0;
  double free_at_ = 0.0;  ///< when the kitchen finishes everything asked so far
  std::deque<Job> cooking_;
  std::vector<std::int32_t> waiting_;       ///< per lane: made, not yet placed
  std::vector<std::int32_t> waiting_item_;  ///< [lane * items + item]
  std::vector<std::int64_t> stock_;
  std::int64_t dropped_ = 0;
};

/// The baseline: every tick, rate x tick plates (fractions carried over), each item drawn from the
/// popularity mix with the controller's own random stream, lanes in turn.
class FixedMixPlanner {
 public:
  FixedMixPlanner(const StoreConfig& store, std::uint64_t seed);
  /// Appends this tick's plates to `out`.
  void plan(std::vector<ProduceCmd>& out);

 private:
  std::vector<double> cumulative_;  ///< popularity, cumulative, normalised
  std::mt19937_64 rng_;
  double per_tick_ = 0.0;
  double carry_ = 0.0;
  std::uint32_t next_lane_ = 0;
  std::uint32_t lanes_ = 0;
};

/// Everything the predictive planner weighs, per lane and item.
struct PlanInput {
  std::vector<std::vector<double>> demand;  ///< [lane][item] expected plates over cover_min
  std::vector<std::vector<double>> supply;  ///< [lane][item] weighted plates on belt + queued
  std::vector<std::int32_t> plates;         ///< [lane] unflagged plates on belt + queued
  std::vector<std::int32_t> room;           ///< [lane] plates the lane's kitchen queue can take
  std::vector<std::int64_t> stock_left;     ///< [item] -1: unlimited
  std::int32_t budget = 0;                  ///< plates the kitchen can make this tick
  std::int32_t min_plates_per_lane = 0;
  std::vector<double> share;  ///< [item] the production mix, summing to 1
};

/// The predictive plan: for each lane, max(round(demand - supply), floor - plates) plates, capped
/// by the lane's room; when the kitchen cannot make them all, the lanes with the largest shortfall
/// go first, and lanes are interleaved in the kitchen's order. Items follow `share` over time by
/// credit (`credit[lane][item]`, kept by the caller between ticks): the eligible items are those
/// in stock whose supply on the lane is not already more than a plate beyond their demand (all
/// in stock if none is); each plate adds one plate of credit to them in proportion to their
/// shares, and goes to the one owed most (ties: lower index), whose credit drops by one.
std::vector<ProduceCmd> plan_predictive(const PlanInput& in,
                                        std::vector<std::vector<double>>& credit);

}  // namespace kaiten
