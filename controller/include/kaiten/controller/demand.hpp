#pragma once
// Short-term demand: expected plates over the next few minutes from the parties seated now (their
// adults, children and time seated, through the learned appetite curve), plus parties likely to be
// seated meanwhile (earlier days' seating profile scaled to today, or else the recent seating
// rate), split over items by the recent sales mix smoothed towards the menu's popularity.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "kaiten/controller/appetite.hpp"
#include "kaiten/controller/sales.hpp"
#include "kaiten/controller/store_config.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten {

struct SeatedParty {
  std::uint32_t party = 0;
  std::uint32_t table = 0;
  std::uint32_t lane = 0;
  std::int32_t adults = 0;
  std::int32_t children = 0;
  SimTime seated = 0;
};

/// When diners are seated, by minute of the day, averaged over the days seen: the pattern a store
/// repeats (lunch and dinner rushes). Learned from earlier days' seatings, it tells how many new
/// diners the next minutes will bring better than the last few minutes can.
class SeatingProfile {
 public:
  static constexpr int kMinutes = 48 * 60;
  /// Minutes either side averaged when the profile is read (a day is a noisy sample).
  static constexpr int kSmoothMin = 12;

  SeatingProfile();
  /// One seating of the day being recorded.
  void add(SimTime t, std::int32_t adults, std::int32_t children);
  /// Marks the recorded seatings as one whole day.
  void end_day() { days_ = std::max(days_, 1); }
  /// Adds another profile's days.
  void merge(const SeatingProfile& other);
  std::int32_t days() const { return days_; }
  /// People seated per day in (from, to], on average over the days (the raw counts if none).
  double people(SimTime from, SimTime to) const;
  /// Adults and children seated per day in the minute starting at `minute` of the day, averaged
  /// over the days and over kSmoothMin minutes either side.
  std::pair<double, double> per_minute(std::int64_t minute) const;

 private:
  std::vector<double> adults_;
  std::vector<double> children_;
  std::int32_t days_ = 0;
};

class DemandModel {
 public:
  /// Seatings over this lookback give the arrival rate of new diners.
  static constexpr SimTime kArrivalLookback = 15 * kMsPerMinute;
  /// The popularity prior weighs as much as this many recent plates in the item mix.
  static constexpr double kMixPriorPlates = 30.0;

  explicit DemandModel(const StoreConfig& store);
  /// Copied only on purpose, with its controller (DayCheckpoint).
  explicit DemandModel(const DemandModel&) = default;
  DemandModel& operator=(const DemandModel&) = delete;

  /// A party is seated (a party id seen again replaces its earlier seating).
  void seat(const PartySeatedMsg& m);
  /// The party paid and left; its seating, if it was seated.
  std::optional<SeatedParty> leave(std::uint32_t party);
  const std::vector<SeatedParty>& seated() const { return seated_; }
  std::int32_t seated_people() const;

  /// Item shares summing to 1: plates per item over the last `window_min` minutes before `now`,
  /// plus kMixPriorPlates spread by popularity, normalised.
  std::vector<double> mix(const SalesLedger& sales, SimTime now) const;
  /// Expected plates over the next `horizon_min` minutes after `now`, from parties seated at
  /// `lane`'s tables (all lanes if lane < 0) and that lane's share (by seats) of new arrivals.
  double total(const AppetiteModel& appetite, SimTime now, double horizon_min, int lane = -1) const;
  /// total(appetite, now, horizon_min, l) for every lane l, to the last bit, in one pass over the
  /// seated parties and with the arrivals (the same for every lane) computed once.
  std::vector<double> lane_totals(const AppetiteModel& appetite, SimTime now,
                                  double horizon_min) const;
  /// New diners per minute over the lookback: {adults, children}.
  std::pair<double, double> arrival_rate(SimTime now) const;
  /// The day's level against the profile weighs as much as this many people seated.
  static constexpr double kLevelPriorPeople = 60.0;

  /// Expected plates over the next `horizon_min` minutes from diners not yet seated (all lanes).
  /// With a seating profile from earlier days: the profile's seatings over the horizon, scaled by
  /// how many people today has seated since opening against the profile (shrunk towards 1).
  /// Without one: the seating rate over the last kArrivalLookback, held constant.
  double arrivals(const AppetiteModel& appetite, SimTime now, double horizon_min) const;

  /// Seatings of earlier days; used by arrivals() once it covers at least one day.
  void set_history(const SeatingProfile& history) { history_ = history; }
  const SeatingProfile& history() const { return history_; }
  /// Today's seatings so far.
  const SeatingProfile& today() const { return today_; }

 private:
  struct Seating {
    SimTime time = 0;
    std::int32_t adults = 0;
    std::int32_t children = 0;
  };
  const StoreConfig& store_;
  std::vector<SeatedParty> seated_;
  std::deque<Seating> recent_;
  SeatingProfile today_;
  SeatingProfile history_;
  std::int32_t total_seats_ = 0;
};

}  // namespace kaiten
