#pragma once
// The appetite curve: how many plates a seated adult or child eats in each 8-minute bucket of time
// seated, learned by least squares from parties that have checked out (earlier today, or from a
// previous feed), shrunk towards a published prior while data are few. It never reads the
// simulation's true appetite parameters: only seatings (adults, children), checkouts (which
// plates) and the estimated times those plates were taken.
#include <array>
#include <cstdint>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

/// One party that has paid: who sat, from when to when, and when each of its plates was taken.
struct PartyObservation {
  std::int32_t adults = 0;
  std::int32_t children = 0;
  SimTime seated = 0;
  SimTime left = 0;            ///< checkout time
  bool censored = false;       ///< still seated at closing: nothing is known after `left`
  std::vector<SimTime> eaten;  ///< estimated time each plate was taken
};

/// Cumulative plates per person after t minutes seated: a t + b t^2 (Kissileff 1982), flat after
/// its peak t = -a / 2b.
struct QuadraticIntake {
  double adult_a = 0.0;
  double adult_b = 0.0;
  double child_a = 0.0;
  double child_b = 0.0;
  double adult(double t_min) const { return at(adult_a, adult_b, t_min); }
  double child(double t_min) const { return at(child_a, child_b, t_min); }
  static double at(double a, double b, double t_min);
};

class AppetiteModel {
 public:
  static constexpr int kBuckets = 15;  ///< 0-8, 8-16, ... 112-120 min
  static constexpr SimTime kBucketMs = 8 * kMsPerMinute;
  static constexpr double kBucketMin = 8.0;
  static constexpr double kRidge = 10.0;             ///< prior weight per bucket (person^2)
  static constexpr double kContinuationPrior = 5.0;  ///< prior weight in parties

  /// The prior alone: an adult eats 10 plates and a child 5, each on Kissileff's quadratic over a
  /// 40-minute meal (DESIGN.md section 2: 9.6 plates per customer, children fewer, 45-60 minute
  /// dwell); every party stays through its meal, then half leave in each further bucket.
  AppetiteModel();

  /// Adds one checked-out party. Parties with nobody (0 adults, 0 children) are ignored.
  void add(const PartyObservation& party);
  /// Adds another model's observations (e.g. learned from a previous day's feed).
  void merge(const AppetiteModel& other);
  /// Re-estimates the rates from the observations and the prior.
  void fit();

  /// Plates per adult (or child) in `bucket`, for a party seated at the bucket's start.
  double rate(int bucket, bool child) const;
  /// Chance that a party seated at the start of `bucket` is still seated at the next one.
  double continuation(int bucket) const;
  /// Expected plates a party of `adults` and `children`, seated for `seated_min` minutes now,
  /// eats over the next `horizon_min` minutes (including the chance it leaves meanwhile).
  double expected(double adults, double children, double seated_min, double horizon_min) const;
  /// Expected plates over the next `horizon_min` from parties yet to be seated, arriving at
  /// `adults_per_min` and `children_per_min`.
  double expected_arrivals(double adults_per_min, double children_per_min,
                           double horizon_min) const;
  /// Least-squares fit of cumulative plates per adult and child at each 8-minute boundary of each
  /// party's stay (Eigen); the prior's coefficients where there are no data.
  QuadraticIntake quadratic() const;
  static QuadraticIntake prior_curve();

  std::int64_t parties() const { return parties_; }

 private:
  struct BucketStats {
    double aa = 0, ac = 0, cc = 0, ay = 0, cy = 0;  ///< normal equations of y = A ra + C rc
    double present = 0;                             ///< parties seated at the bucket's start
    double stayed = 0;                              ///< of those, still seated at the next
  };
  std::array<BucketStats, kBuckets> stats_{};
  std::array<double, 16> quad_xtx_{};  ///< 4x4 normal equations, cumulative fit
  std::array<double, 4> quad_xty_{};
  std::array<double, kBuckets> adult_rate_{};
  std::array<double, kBuckets> child_rate_{};
  std::array<double, kBuckets> continuation_{};
  std::int64_t parties_ = 0;
};

}  // namespace kaiten
