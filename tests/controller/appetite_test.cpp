#include "kaiten/controller/appetite.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace kaiten {
namespace {

// Cumulative plates per person: a t + b t^2 (t in minutes), flat after the peak.
double intake(double a, double b, double t) {
  const double peak = -a / (2 * b);
  const double x = std::min(t, peak);
  return a * x + b * x * x;
}

// A party that eats exactly along adults x F_adult + children x F_child: plate j is taken when
// the curve reaches j - phase, so over parties with phases spread evenly in (0, 1) the count of
// plates eaten by any time averages the curve.
PartyObservation synthetic_party(int adults, int children, double aa, double ab, double ca,
                                 double cb, double stay_min, double phase = 0.5) {
  PartyObservation p;
  p.adults = adults;
  p.children = children;
  p.seated = 12 * kMsPerHour;
  p.left = p.seated + static_cast<SimTime>(stay_min * kMsPerMinute);
  const auto curve = [&](double t) {
    return adults * intake(aa, ab, t) + children * intake(ca, cb, t);
  };
  for (int j = 1; curve(stay_min) >= j - phase; ++j) {
    double lo = 0;
    double hi = stay_min;
    for (int it = 0; it < 60; ++it) {
      const double mid = (lo + hi) / 2;
      (curve(mid) >= j - phase ? hi : lo) = mid;
    }
    p.eaten.push_back(p.seated + static_cast<SimTime>(hi * kMsPerMinute));
  }
  return p;
}

TEST(Appetite, ThePriorIsKissileffsCurveForTenAndFivePlatesOverFortyMinutes) {
  const AppetiteModel m;
  EXPECT_EQ(m.parties(), 0);
  EXPECT_NEAR(m.rate(0, false), 3.6, 1e-9);  // 10 x (2*8/40 - (8/40)^2)
  EXPECT_NEAR(m.rate(4, false), 0.4, 1e-9);
  EXPECT_NEAR(m.rate(5, false), 0.0, 1e-9);
  EXPECT_NEAR(m.rate(0, true), 1.8, 1e-9);
  EXPECT_NEAR(m.continuation(0), 1.0, 1e-12);
  EXPECT_NEAR(m.continuation(5), 0.5, 1e-12);
  // Two adults seated now, over 15 minutes: bucket 0 whole, 7/8 of bucket 1 (the curve is
  // linear within a bucket).
  EXPECT_NEAR(m.expected(2, 0, 0, 15), 2 * (3.6 + 2.8 * 7 / 8), 1e-9);
  const QuadraticIntake q = m.quadratic();
  EXPECT_NEAR(q.adult_a, 0.5, 1e-6);
  EXPECT_NEAR(q.adult_b, -10.0 / 1600, 1e-6);
}

TEST(Appetite, TheFitRecoversAKnownQuadraticCurveFromSyntheticParties) {
  // True curves (peaks after the 40-minute stays): adults 0.5t - 0.006t^2, children
  // 0.25t - 0.003t^2.
  const double aa = 0.5, ab = -0.006, ca = 0.25, cb = -0.003;
  AppetiteModel m;
  for (int k = 0; k < 600; ++k) {
    const double phase = std::fmod(0.5 + k * 0.6180339887, 1.0);
    m.add(synthetic_party(k % 4 + 1, (k / 4) % 3, aa, ab, ca, cb, 40.0, phase));
  }
  m.fit();
  EXPECT_EQ(m.parties(), 600);
  const QuadraticIntake q = m.quadratic();
  EXPECT_NEAR(q.adult_a, aa, 0.02 * aa);
  EXPECT_NEAR(q.adult_b, ab, 0.04 * -ab);
  EXPECT_NEAR(q.child_a, ca, 0.04 * ca);
  EXPECT_NEAR(q.child_b, cb, 0.08 * -cb);
  EXPECT_NEAR(q.adult(40), intake(aa, ab, 40), 0.1);
  // The 8-minute bucket rates are the curve's increments.
  for (int b = 0; b < 5; ++b) {
    const double t0 = 8.0 * b;
    EXPECT_NEAR(m.rate(b, false), intake(aa, ab, t0 + 8) - intake(aa, ab, t0), 0.06) << b;
    EXPECT_NEAR(m.rate(b, true), intake(ca, cb, t0 + 8) - intake(ca, cb, t0), 0.06) << b;
  }
  // Everyone left at 40 minutes: nobody is seated into the bucket after.
  EXPECT_GT(m.continuation(3), 0.99);
  EXPECT_LT(m.continuation(4), 0.02);
}

TEST(Appetite, ExpectedIntakeAllowsForPartiesLeaving) {
  AppetiteModel m;
  for (int k = 0; k < 400; ++k) m.add(synthetic_party(2, 0, 0.5, -0.006, 0.25, -0.003, 20.0));
  m.fit();
  // Seated for 16 minutes now: the rest of bucket 2 (16-24), and almost nobody stays longer.
  const double next8 = m.expected(2, 0, 16, 8);
  EXPECT_NEAR(m.expected(2, 0, 16, 16), next8, 0.05);
  EXPECT_NEAR(next8, 2 * m.rate(2, false), 1e-9);
}

TEST(Appetite, ACensoredPartyTeachesNothingAboutTheBucketClosingCutShort) {
  AppetiteModel m;
  PartyObservation p = synthetic_party(2, 0, 0.5, -0.006, 0.25, -0.003, 12.0);
  p.censored = true;  // seated 12 minutes when the store closed
  m.add(p);
  m.fit();
  const AppetiteModel prior;
  EXPECT_NE(m.rate(0, false), prior.rate(0, false));  // bucket 0 was seen whole
  EXPECT_EQ(m.rate(1, false), prior.rate(1, false));  // bucket 1 was cut short
}

TEST(Appetite, MergingAddsTheOtherModelsParties) {
  AppetiteModel a;
  AppetiteModel b;
  AppetiteModel both;
  for (int k = 0; k < 50; ++k) {
    const PartyObservation p = synthetic_party(k % 3 + 1, k % 2, 0.5, -0.006, 0.25, -0.003, 30);
    (k % 2 ? a : b).add(p);
    both.add(p);
  }
  a.merge(b);
  both.fit();
  EXPECT_EQ(a.parties(), 50);
  for (int bucket = 0; bucket < AppetiteModel::kBuckets; ++bucket)
    EXPECT_NEAR(a.rate(bucket, false), both.rate(bucket, false), 1e-9);
}

TEST(Appetite, ArrivalsIntegrateTheCurveOverTheirTimeSeated) {
  const AppetiteModel m;
  // One adult a minute over 15 minutes: the integral of the prior's cumulative intake (linear
  // within each bucket: 3.6 plates by 8 minutes, 2.8 more by 16) from 0 to 15 minutes.
  const double exact = 3.6 * 8 / 2 + 3.6 * 7 + 2.8 / 8 * 7 * 7 / 2;
  EXPECT_NEAR(m.expected_arrivals(1.0, 0.0, 15), exact, 0.05);
  EXPECT_EQ(m.expected_arrivals(0.0, 0.0, 15), 0.0);
}

}  // namespace
}  // namespace kaiten
