#include "kaiten/core/discard_rule.hpp"

#include <gtest/gtest.h>

#include "kaiten/core/measures.hpp"

namespace kaiten {
namespace {

MenuItem item_with_limit(std::optional<std::int32_t> discard_time_min) {
  MenuItem item;
  item.id = "maguro";
  item.discard_time_min = discard_time_min;
  return item;
}

TEST(DiscardLimit, DistanceRuleUsesTheStoreDistance) {
  const DiscardRule rule;  // default: 350 m
  const MenuItem item = item_with_limit(10);
  const DiscardLimit limit = discard_limit(rule, item);
  EXPECT_EQ(limit.kind, DiscardRuleKind::distance);
  EXPECT_EQ(limit.value, m_to_um(350));
}

TEST(DiscardLimit, TimeRuleUsesTheItemsOwnLimitOrTheDefault) {
  DiscardRule rule;
  rule.kind = DiscardRuleKind::time;
  rule.time_min = 40;
  EXPECT_EQ(discard_limit(rule, item_with_limit(55)).value, 55 * kMsPerMinute);
  EXPECT_EQ(discard_limit(rule, item_with_limit(std::nullopt)).value, 40 * kMsPerMinute);
}

TEST(IsExpired, ExactBoundaryUnderTheDistanceRule) {
  const DiscardLimit limit{DiscardRuleKind::distance, m_to_um(350)};
  EXPECT_FALSE(is_expired(limit, mm_to_um(349999), 0));
  EXPECT_FALSE(is_expired(limit, m_to_um(350) - 1, 10 * kMsPerHour));  // time is irrelevant
  EXPECT_TRUE(is_expired(limit, m_to_um(350), 0));
  EXPECT_TRUE(is_expired(limit, m_to_um(351), 0));
}

TEST(IsExpired, ExactBoundaryUnderTheTimeRule) {
  const DiscardLimit limit{DiscardRuleKind::time, 30 * kMsPerMinute};
  EXPECT_FALSE(is_expired(limit, m_to_um(1000), 30 * kMsPerMinute - 1));  // distance irrelevant
  EXPECT_TRUE(is_expired(limit, 0, 30 * kMsPerMinute));
}

TEST(Measures, WasteRateAndConservation) {
  EXPECT_DOUBLE_EQ(waste_rate(200, 30), 0.15);
  EXPECT_DOUBLE_EQ(waste_rate(0, 0), 0.0);
  EXPECT_TRUE(plates_conserved(10, 6, 3, 1));
  EXPECT_FALSE(plates_conserved(10, 6, 3, 2));
}

}  // namespace
}  // namespace kaiten
