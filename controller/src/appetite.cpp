#include "kaiten/controller/appetite.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace kaiten {
namespace {

constexpr double kPriorAdultPlates = 10.0;
constexpr double kPriorChildPlates = 5.0;
constexpr double kPriorMealMin = 40.0;

// Prior bucket rate per person: the quadratic A(2t/T - (t/T)^2) between bucket boundaries.
double prior_rate(int bucket, bool child) {
  const QuadraticIntake q = AppetiteModel::prior_curve();
  const double a = child ? q.child_a : q.adult_a;
  const double b = child ? q.child_b : q.adult_b;
  const double t0 = bucket * AppetiteModel::kBucketMin;
  return QuadraticIntake::at(a, b, t0 + AppetiteModel::kBucketMin) - QuadraticIntake::at(a, b, t0);
}

double prior_continuation(int bucket) {
  return (bucket + 1) * AppetiteModel::kBucketMin <= kPriorMealMin ? 1.0 : 0.5;
}

}  // namespace

double QuadraticIntake::at(double a, double b, double t_min) {
  if (t_min <= 0) return 0.0;
  if (b < 0) t_min = std::min(t_min, -a / (2 * b));  // flat after the peak
  return std::max(0.0, a * t_min + b * t_min * t_min);
}

QuadraticIntake AppetiteModel::prior_curve() {
  const double t = kPriorMealMin;
  return {2 * kPriorAdultPlates / t, -kPriorAdultPlates / (t * t), 2 * kPriorChildPlates / t,
          -kPriorChildPlates / (t * t)};
}

AppetiteModel::AppetiteModel() {
  fit();
}

void AppetiteModel::add(const PartyObservation& party) {
  const double a = party.adults;
  const double c = party.children;
  if (a + c <= 0) return;
  ++parties_;
  std::vector<SimTime> eaten = party.eaten;
  std::sort(eaten.begin(), eaten.end());
  const SimTime stay = party.left - party.seated;
  for (int b = 0; b < kBuckets; ++b) {
    const SimTime start = b * kBucketMs;
    const SimTime end = start + kBucketMs;
    if (stay <= start) break;                 // not seated at the bucket's start
    if (party.censored && stay < end) break;  // the bucket is cut short by closing time
    const auto y =
        static_cast<double>(std::lower_bound(eaten.begin(), eaten.end(), party.seated + end) -
                            std::lower_bound(eaten.begin(), eaten.end(), party.seated + start));
    BucketStats& s = stats_[static_cast<std::size_t>(b)];
    s.aa += a * a;
    s.ac += a * c;
    s.cc += c * c;
    s.ay += a * y;
    s.cy += c * y;
    s.present += 1;
    if (stay > end) s.stayed += 1;
    // Cumulative intake at this bucket's end boundary, while the party is still seated.
    if (stay >= end) {
      const double t = static_cast<double>(end) / kMsPerMinute;
      const auto cum = static_cast<double>(
          std::lower_bound(eaten.begin(), eaten.end(), party.seated + end) - eaten.begin());
      const double x[4] = {a * t, a * t * t, c * t, c * t * t};
      for (int i = 0; i < 4; ++i) {
        quad_xty_[static_cast<std::size_t>(i)] += x[i] * cum;
        for (int j = 0; j < 4; ++j) quad_xtx_[static_cast<std::size_t>(i * 4 + j)] += x[i] * x[j];
      }
    }
  }
}

void AppetiteModel::merge(const AppetiteModel& other) {
  for (std::size_t b = 0; b < stats_.size(); ++b) {
    BucketStats& s = stats_[b];
    const BucketStats& o = other.stats_[b];
    s.aa += o.aa;
    s.ac += o.ac;
    s.cc += o.cc;
    s.ay += o.ay;
    s.cy += o.cy;
    s.present += o.present;
    s.stayed += o.stayed;
  }
  for (std::size_t i = 0; i < quad_xtx_.size(); ++i) quad_xtx_[i] += other.quad_xtx_[i];
  for (std::size_t i = 0; i < quad_xty_.size(); ++i) quad_xty_[i] += other.quad_xty_[i];
  parties_ += other.parties_;
  fit();
}

void AppetiteModel::fit() {
  for (int b = 0; b < kBuckets; ++b) {
    const auto i = static_cast<std::size_t>(b);
    const BucketStats& s = stats_[i];
    const double pa = prior_rate(b, false);
    const double pc = prior_rate(b, true);
    // Ridge regression towards the prior: (X'X + kI) r = X'y + k r0.
    Eigen::Matrix2d m;
    m << s.aa + kRidge, s.ac, s.ac, s.cc + kRidge;
    const Eigen::Vector2d rhs(s.ay + kRidge * pa, s.cy + kRidge * pc);
    const Eigen::Vector2d r = m.ldlt().solve(rhs);
    adult_rate_[i] = std::max(0.0, r(0));
    child_rate_[i] = std::max(0.0, r(1));
    continuation_[i] =
        (s.stayed + kContinuationPrior * prior_continuation(b)) / (s.present + kContinuationPrior);
  }
}

double AppetiteModel::rate(int bucket, bool child) const {
  if (bucket < 0 || bucket >= kBuckets) return 0.0;
  return child ? child_rate_[static_cast<std::size_t>(bucket)]
               : adult_rate_[static_cast<std::size_t>(bucket)];
}

double AppetiteModel::continuation(int bucket) const {
  if (bucket < 0 || bucket >= kBuckets) return 0.0;
  return continuation_[static_cast<std::size_t>(bucket)];
}

double AppetiteModel::expected(double adults, double children, double seated_min,
                               double horizon_min) const {
  double total = 0.0;
  double survival = 1.0;
  double t = std::max(0.0, seated_min);
  const double end = t + std::max(0.0, horizon_min);
  while (t < end) {
    const int b = static_cast<int>(std::floor(t / kBucketMin));
    if (b >= kBuckets) break;
    const double bucket_end = (b + 1) * kBucketMin;
    const double seg_end = std::min(end, bucket_end);
    const double per_bucket = adults * rate(b, false) + children * rate(b, true);
    total += survival * per_bucket * (seg_end - t) / kBucketMin;
    if (bucket_end >= end) break;  // the horizon ends in this bucket: no survival past it needed
    // Still seated at the next boundary, given seated now: the bucket's continuation, pro rata.
    // Whole buckets (all but the first) skip pow: x^1 is x exactly, and pow is this loop's cost.
    const double share = (bucket_end - t) / kBucketMin;
    survival *= share == 1.0 ? continuation(b) : std::pow(continuation(b), share);
    t = bucket_end;
  }
  return total;
}

double AppetiteModel::expected_arrivals(double adults_per_min, double children_per_min,
                                        double horizon_min) const {
  if (horizon_min <= 0 || adults_per_min + children_per_min <= 0) return 0.0;
  // Integral over arrival times u in [0, h] of the intake of a party seated for h - u minutes,
  // by the midpoint rule.
  const int steps = std::max(8, static_cast<int>(std::ceil(horizon_min * 2)));
  const double du = horizon_min / steps;
  double sum = 0.0;
  for (int k = 0; k < steps; ++k) {
    const double left = horizon_min - (k + 0.5) * du;
    sum += expected(adults_per_min, children_per_min, 0.0, left) * du;
  }
  return sum;
}

QuadraticIntake AppetiteModel::quadratic() const {
  const QuadraticIntake prior = prior_curve();
  const double p[4] = {prior.adult_a, prior.adult_b, prior.child_a, prior.child_b};
  // A tiny ridge towards the prior keeps the system solvable without children (or any data)
  // while leaving real data in charge.
  constexpr double kTiny = 1e-6;
  Eigen::Matrix4d m;
  Eigen::Vector4d rhs;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) m(i, j) = quad_xtx_[static_cast<std::size_t>(i * 4 + j)];
    m(i, i) += kTiny;
    rhs(i) = quad_xty_[static_cast<std::size_t>(i)] + kTiny * p[i];
  }
  const Eigen::Vector4d x = m.ldlt().solve(rhs);
  return {x(0), x(1), x(2), x(3)};
}

}  // namespace kaiten
