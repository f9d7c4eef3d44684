#include "kaiten/controller/tracker.hpp"

#include <gtest/gtest.h>

#include "controller_scenarios.hpp"

namespace kaiten {
namespace {

using testing::odo_at;
using testing::placed;
using testing::read_a;

class TrackerTest : public ::testing::Test {
 protected:
  explicit TrackerTest(ScenarioDef def = testing::small_store())
      : store_(store_config(def)), tracker_(store_) {}

  // Like the controller: the encoder moves to the read's reading, then the read.
  void read(const TagRead& r) {
    tracker_.advance(r.time, r.odometer);
    tracker_.read(r);
  }
  void at(SimTime t) { tracker_.advance(t, odo_at(t)); }
  const TrackedPlate& plate(std::uint32_t id) const { return tracker_.plates()[id]; }
  std::vector<PlateChange> take_changes() {
    std::vector<PlateChange> out = tracker_.changes();
    tracker_.changes().clear();
    return out;
  }

  StoreConfig store_;
  PlateTracker tracker_;
};

TEST_F(TrackerTest, APlateReadAtEveryReaderStaysOnTheBelt) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  for (std::uint32_t r = 0; r < 4; ++r) read(read_a(7, 0, r));
  at(99'000);
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  EXPECT_EQ(plate(id).reads, 4u);
  EXPECT_EQ(plate(id).last_seen_time, 80'000);
  EXPECT_EQ(tracker_.stats().missed_passes, 0);
  EXPECT_TRUE(take_changes().empty());
}

TEST_F(TrackerTest, OneMissedReadIsNotConsumption) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  read(read_a(7, 0, 0));
  read(read_a(7, 0, 2));  // reader 1 missed it
  read(read_a(7, 0, 3));
  at(99'000);
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  EXPECT_EQ(plate(id).missed, 0);
  EXPECT_EQ(tracker_.stats().missed_passes, 1);
  EXPECT_EQ(tracker_.stats().inferred, 0);
}

TEST_F(TrackerTest, TwoMissedReadsInARowInferEatenAtTheMidpoint) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  read(read_a(7, 0, 0));  // seen at 2 m, t = 20 s
  at(60'000);             // at 6 m exactly: within the read tolerance, nothing concluded yet
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  at(61'000);  // past reader 2: the misses at 4 m (40 s) and 6 m (60 s) count
  EXPECT_EQ(plate(id).state, PlateState::inferred_eaten);
  EXPECT_EQ(plate(id).eaten_time, 30'000);  // between last seen (20 s) and first miss (40 s)
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::inferred_eaten);
  EXPECT_EQ(changes[0].time, 60'000);
  EXPECT_EQ(changes[0].eaten_time, 30'000);
  EXPECT_TRUE(tracker_.live().empty());
}

TEST_F(TrackerTest, DuplicateReadsAreIgnored) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  read(read_a(7, 0, 0));
  read(read_a(7, 0, 0));
  read(read_a(7, 0, 1));
  read(read_a(7, 0, 1));
  read(read_a(7, 0, 1));
  EXPECT_EQ(plate(id).reads, 2u);
  EXPECT_EQ(tracker_.stats().reads, 5);
  EXPECT_EQ(tracker_.stats().duplicate_reads, 3);
  EXPECT_EQ(tracker_.stats().missed_passes, 0);
}

TEST_F(TrackerTest, AReadAfterInferenceWithdrawsIt) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  read(read_a(7, 0, 0));
  at(61'000);
  ASSERT_EQ(plate(id).state, PlateState::inferred_eaten);
  take_changes();
  read(read_a(7, 0, 0, 1));  // seen again one lap later, at 12 m
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::uninferred);
  EXPECT_EQ(changes[0].eaten_time, 30'000);  // the sale to withdraw
  // Tracking resumes from the new sighting.
  read(read_a(7, 0, 1, 1));
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  EXPECT_EQ(tracker_.stats().uninferred, 1);
}

TEST_F(TrackerTest, AReaderOutageDoesNotLookLikeConsumption) {
  // A plate every 5 s on lane A for 20 minutes; reader 1 is dead throughout. Every plate is read
  // at readers 0, 2 and 3 on every lap; one plate also misses reader 2 on its second lap.
  // Reads go on until the plate leaves at the gate after its flag (59.5 m, 6 laps).
  std::vector<std::uint32_t> ids;
  std::vector<TagRead> reads;
  for (std::uint32_t k = 0; k < 240; ++k) {
    const SimTime t = k * 5'000;
    for (std::int64_t lap = 0; lap < 6; ++lap)
      for (std::uint32_t r : {0u, 2u, 3u}) {
        if (k == 100 && lap == 1 && r == 2) continue;
        reads.push_back(read_a(k + 1, t, r, lap));
      }
  }
  std::stable_sort(reads.begin(), reads.end(),
                   [](const TagRead& a, const TagRead& b) { return a.odometer < b.odometer; });
  std::size_t next = 0;
  for (std::uint32_t k = 0; k < 240; ++k) {
    const SimTime t = k * 5'000;
    while (next < reads.size() && reads[next].time < t) read(reads[next++]);
    ids.push_back(tracker_.place(placed(t, k + 1, 0, 0)));
  }
  while (next < reads.size() && reads[next].time <= 1'300'000) read(reads[next++]);
  at(1'300'000);
  EXPECT_TRUE(tracker_.reader_down(1));
  EXPECT_FALSE(tracker_.reader_down(0));
  EXPECT_EQ(tracker_.stats().inferred, 0);
  EXPECT_GT(tracker_.stats().misses_at_down_readers, 500);
  EXPECT_EQ(tracker_.stats().reader_outages, 1);
  for (const std::uint32_t id : ids) EXPECT_NE(plate(id).state, PlateState::inferred_eaten);
}

TEST_F(TrackerTest, AReaderThatMissesPlatesSeenFurtherOnIsDownUntilItReadsAgain) {
  for (std::uint32_t k = 0; k < 5; ++k) tracker_.place(placed(k * 1000, k, 0, 0));
  // Reader 0 misses all five, which reader 1 then sees: down after the third.
  read(read_a(0, 0, 1));
  read(read_a(1, 1000, 1));
  EXPECT_FALSE(tracker_.reader_down(0));
  read(read_a(2, 2000, 1));
  EXPECT_TRUE(tracker_.reader_down(0));
  read(read_a(3, 3000, 1));
  read(read_a(4, 4000, 1));
  EXPECT_EQ(tracker_.stats().reader_outages, 1);
  tracker_.place(placed(45'000, 9, 0, 0));
  read(read_a(9, 45'000, 0));
  EXPECT_FALSE(tracker_.reader_down(0));
}

TEST_F(TrackerTest, PlatesThatVanishDoNotMakeAReaderLookDown) {
  // Five plates taken before reader 0: it misses them all, but none is seen again.
  for (std::uint32_t k = 0; k < 5; ++k) tracker_.place(placed(k * 1000, k, 0, 0));
  at(70'000);
  EXPECT_FALSE(tracker_.reader_down(0));
  EXPECT_EQ(tracker_.stats().inferred, 5);
}

TEST_F(TrackerTest, ABeltStopAgesNoPlateAndMissesNothing) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  read(read_a(7, 0, 0));  // 2 m at 20 s; the belt stops at 30 s (3 m) for ten minutes
  tracker_.advance(30'000, 3'000'000);
  for (SimTime t = 90'000; t <= 630'000; t += 60'000) tracker_.advance(t, 3'000'000);
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  EXPECT_EQ(tracker_.stats().missed_passes, 0);
  // It restarts at 630 s: reader 1 (4 m) is passed at 640 s.
  tracker_.advance(640'000, 4'000'000);
  tracker_.read({640'000, 7, 1, 4'000'000});
  EXPECT_EQ(tracker_.time_at(3'500'000), 635'000);
  EXPECT_EQ(plate(id).reads, 2u);
}

TEST_F(TrackerTest, SpeedChangesMakeTimesExactForTheWholeDay) {
  tracker_.encoder({0, 0, 100});
  tracker_.encoder({30'000, 3'000'000, 0});    // stops at 3 m
  tracker_.encoder({630'000, 3'000'000, 80});  // restarts at 80 mm/s
  for (SimTime t = 631'000; t < 2'000'000; t += 997)
    tracker_.advance(t, 3'000'000 + (t - 630'000) * 80);
  EXPECT_EQ(tracker_.time_at(1'000'001), 10'001);  // rounded up to a whole millisecond
  EXPECT_EQ(tracker_.time_at(3'000'000), 30'000);  // reached when it stopped
  EXPECT_EQ(tracker_.time_at(3'000'080), 630'001);
  EXPECT_EQ(tracker_.time_at(4'000'000), 642'500);
}

// Regression (fuzz_feed, docs/feed.md ranges): two samples as far apart as a feed may give (10^10
// ms, 10^15 um) once overflowed the interpolation's product. Expected: ceil(x * 10^10 / 10^15).
TEST_F(TrackerTest, TimesBetweenFarApartSamplesAreInterpolatedWithoutOverflow) {
  tracker_.advance(0, 0);
  tracker_.advance(10'000'000'000, 1'000'000'000'000'000);
  EXPECT_EQ(tracker_.time_at(500'000'000'000'000), 5'000'000'000);
  EXPECT_EQ(tracker_.time_at(123'456'789'012'345), 1'234'567'891);  // 1234567890.12345 rounded up
  EXPECT_EQ(tracker_.time_at(1), 1);
  EXPECT_EQ(tracker_.time_at(999'999'999'999'999), 10'000'000'000);
  EXPECT_EQ(tracker_.time_at(1'000'000'000'000'000), 10'000'000'000);
}

TEST_F(TrackerTest, DistanceRuleDiscardsAtTheFirstGatePassAtOrPastTheLimit) {
  // 50 m limit; gate passes at 9.5, 19.5, ..., 49.5 (fresh), 59.5 m (expired).
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  EXPECT_EQ(plate(id).expire_odo, 50'000'000);
  EXPECT_EQ(plate(id).expire_time, kNever);
  for (std::int64_t lap = 0; lap < 6; ++lap)
    for (std::uint32_t r = 0; r < 4; ++r) read(read_a(7, 0, r, lap));
  at(594'999);
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  at(595'000);
  EXPECT_EQ(plate(id).state, PlateState::discarded);
  EXPECT_EQ(plate(id).ended_time, 595'000);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::discarded);
}

TEST_F(TrackerTest, APlateMissingAfterItsFlagWasTakenBeforeIt) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  for (std::int64_t lap = 0; lap < 5; ++lap)
    for (std::uint32_t r = 0; r < 4; ++r) read(read_a(7, 0, r, lap));
  // Last read at 48 m (480 s); flagged at 50 m (500 s); readers at 52 and 54 m see nothing: it
  // was taken between 48 and 50 m, not discarded at 59.5 m.
  at(600'000);
  EXPECT_EQ(plate(id).state, PlateState::inferred_eaten);
  EXPECT_EQ(plate(id).eaten_time, 500'000);  // the midpoint (500 s) capped at the flag
  EXPECT_EQ(tracker_.stats().discarded, 0);
}

class TrackerEdgeTest : public TrackerTest {
 protected:
  static ScenarioDef store_with_limit_on_a_gate() {
    ScenarioDef def = testing::small_store();
    def.discard.distance_mm = 49'500;  // exactly the fifth gate pass
    return def;
  }
  TrackerEdgeTest() : TrackerTest(store_with_limit_on_a_gate()) {}
};

TEST_F(TrackerEdgeTest, APlateExactlyAtTheLimitAtAGateIsDiscardedThere) {
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 0));
  for (std::int64_t lap = 0; lap < 5; ++lap)
    for (std::uint32_t r = 0; r < 4; ++r) read(read_a(7, 0, r, lap));
  at(495'000);
  EXPECT_EQ(plate(id).state, PlateState::discarded);
  EXPECT_EQ(plate(id).ended_time, 495'000);
}

class TimeRuleTrackerTest : public TrackerTest {
 protected:
  static ScenarioDef time_rule_store() {
    ScenarioDef def = testing::small_store();
    def.discard.kind = DiscardRuleKind::time;
    return def;
  }
  TimeRuleTrackerTest() : TrackerTest(time_rule_store()) {}
};

TEST_F(TimeRuleTrackerTest, TimeRuleDiscardsAtTheFirstGatePassAfterTheItemsLimit) {
  // uni: 20 minutes. Gate passes at 95 s + k x 100 s: 1195 s is fresh, 1295 s is expired.
  const std::uint32_t id = tracker_.place(placed(0, 7, 0, 2));
  EXPECT_EQ(plate(id).expire_time, 20 * kMsPerMinute);
  EXPECT_EQ(plate(id).expire_odo, INT64_MAX);
  for (std::int64_t lap = 0; lap < 13; ++lap)
    for (std::uint32_t r = 0; r < 4; ++r) read(read_a(7, 0, r, lap));
  at(1'294'000);
  EXPECT_EQ(plate(id).state, PlateState::on_belt);
  at(1'300'000);
  EXPECT_EQ(plate(id).state, PlateState::discarded);
  EXPECT_EQ(plate(id).ended_time, 1'295'000);
  // maguro uses the rule's default, 30 minutes.
  const std::uint32_t other = tracker_.place(placed(1'300'000, 8, 0, 0));
  EXPECT_EQ(plate(other).expire_time, 1'300'000 + 30 * kMsPerMinute);
}

TEST_F(TrackerTest, CheckoutOutcomesAndTagReuse) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  const std::uint32_t b = tracker_.place(placed(1'000, 2, 0, 1));
  read(read_a(1, 0, 0));
  read(read_a(2, 1'000, 0));
  read(read_a(2, 1'000, 1));
  at(62'000);  // plate 1 missed readers 1 and 2: inferred; plate 2 missed reader 2 only
  ASSERT_EQ(plate(a).state, PlateState::inferred_eaten);
  ASSERT_EQ(plate(b).state, PlateState::on_belt);
  std::uint32_t id = 99;
  EXPECT_EQ(tracker_.checkout(1, 70'000, &id), CheckoutOutcome::confirmed);
  EXPECT_EQ(id, a);
  EXPECT_EQ(tracker_.checkout(2, 70'000, &id), CheckoutOutcome::counted);
  EXPECT_EQ(id, b);
  EXPECT_EQ(plate(b).state, PlateState::eaten);
  // Eaten between its last read (41 s) and the first reader that missed it (61 s).
  EXPECT_EQ(plate(b).eaten_time, 51'000);
  EXPECT_EQ(tracker_.checkout(1, 80'000, &id), CheckoutOutcome::already_counted);
  EXPECT_EQ(tracker_.checkout(3, 80'000, &id), CheckoutOutcome::unknown_tag);
  // Tag 1 is washed and placed again: a new plate, the old one stays eaten.
  const std::uint32_t c = tracker_.place(placed(90'000, 1, 0, 2));
  EXPECT_NE(c, a);
  EXPECT_EQ(plate(a).state, PlateState::eaten);
  EXPECT_EQ(tracker_.checkout(1, 95'000, &id), CheckoutOutcome::counted);
  EXPECT_EQ(id, c);
}

TEST_F(TrackerTest, ATagPlacedAgainBeforeAnyCheckoutWasDiscardedAtItsFlaggedGate) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  read(read_a(1, 0, 0));
  at(61'000);
  ASSERT_EQ(plate(a).state, PlateState::inferred_eaten);
  take_changes();
  at(600'000);
  tracker_.place(placed(600'000, 1, 0, 0));
  EXPECT_EQ(plate(a).state, PlateState::discarded);
  EXPECT_EQ(plate(a).ended_time, 595'000);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::uninferred);
  EXPECT_EQ(changes[1].kind, PlateChangeKind::discarded);
}

TEST_F(TrackerTest, ATagPlacedAgainBeforeAnyCheckoutLosesItsInferredSale) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  read(read_a(1, 0, 0));
  at(61'000);
  ASSERT_EQ(plate(a).state, PlateState::inferred_eaten);
  take_changes();
  tracker_.place(placed(62'000, 1, 0, 0));
  EXPECT_EQ(plate(a).state, PlateState::lost);  // it cannot have reached a gate flagged
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::uninferred);
  EXPECT_EQ(changes[1].kind, PlateChangeKind::lost_inferred);
  EXPECT_EQ(changes[1].plate, a);
  EXPECT_EQ(tracker_.stats().reused_while_open, 1);
}

TEST_F(TrackerTest, ATagPlacedAgainWhileItsPlateIsOnTheBeltLosesThePlateUnseen) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  take_changes();
  tracker_.place(placed(1'000, 1, 0, 0));
  EXPECT_EQ(plate(a).state, PlateState::lost);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::lost_unseen);
  EXPECT_EQ(tracker_.live().size(), 1u);
}

TEST_F(TrackerTest, CloseDayWithdrawsInferencesNoCheckoutConfirmed) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  const std::uint32_t b = tracker_.place(placed(0, 2, 0, 0));
  at(61'000);
  ASSERT_EQ(plate(a).state, PlateState::inferred_eaten);
  tracker_.checkout(2, 70'000, nullptr);
  take_changes();
  EXPECT_EQ(tracker_.close_day(), 1);
  // Never taken: still on the belt (its limit, 50 m, is not reached by 6.1 m).
  EXPECT_EQ(plate(a).state, PlateState::on_belt);
  EXPECT_EQ(plate(b).state, PlateState::eaten);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PlateChangeKind::uninferred);
}

TEST_F(TrackerTest, AtCloseAnInferredPlateNoCheckoutListedEndsAtTheGateAfterItsFlag) {
  const std::uint32_t a = tracker_.place(placed(0, 1, 0, 0));
  read(read_a(1, 0, 0));
  at(61'000);  // inferred at 6 m
  ASSERT_EQ(plate(a).state, PlateState::inferred_eaten);
  at(700'000);  // 70 m: past its flag (50 m) and the gate at 59.5 m
  take_changes();
  EXPECT_EQ(tracker_.close_day(), 1);
  EXPECT_EQ(plate(a).state, PlateState::discarded);
  EXPECT_EQ(plate(a).ended_time, 595'000);
  const auto changes = take_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].kind, PlateChangeKind::discarded);
}

TEST_F(TrackerTest, ReadsOfUnknownTagsAndWrongLanesAreStray) {
  tracker_.place(placed(0, 1, 0, 0));
  read({20'000, 55, 0, 2'000'000});  // unknown tag
  read({25'000, 1, 5, 2'500'000});   // tag 1 is on lane A, reader 5 on lane B
  read({26'000, 1, 40, 2'600'000});  // no such reader
  EXPECT_EQ(tracker_.stats().stray_reads, 3);
  read({30'000, 1, 0, 3'000'000});  // reader 0 is at 2 m: off position by 1 m
  EXPECT_EQ(tracker_.stats().off_position_reads, 1);
}

}  // namespace
}  // namespace kaiten
