#include "kaiten/core/units.hpp"

#include <gtest/gtest.h>

namespace kaiten {
namespace {

TEST(Clock, ParsesHoursMinutesAndSeconds) {
  EXPECT_EQ(parse_clock("11:00"), 11 * kMsPerHour);
  EXPECT_EQ(parse_clock("23:59:30"), 23 * kMsPerHour + 59 * kMsPerMinute + 30 * kMsPerSecond);
  EXPECT_EQ(parse_clock("00:00"), 0);
  EXPECT_EQ(parse_clock("25:30"), 25 * kMsPerHour + 30 * kMsPerMinute);  // past midnight
}

TEST(Clock, RejectsMalformedText) {
  for (const char* bad : {"", "11", "1:00", "11:0", "11:60", "48:00", "11:00:", "aa:bb", "11-00",
                          "11:00:60", "11:00:00:00", " 11:00"})
    EXPECT_FALSE(parse_clock(bad).has_value()) << bad;
}

TEST(Clock, FormatsRoundTrip) {
  EXPECT_EQ(format_clock(13 * kMsPerHour + 5 * kMsPerMinute), "13:05:00");
  EXPECT_EQ(format_clock(kMsPerSecond + 7), "00:00:01.007");
  EXPECT_EQ(format_clock(9 * kMsPerHour + 59 * kMsPerSecond + 250), "09:00:59.250");
  EXPECT_EQ(format_clock(-(kMsPerMinute + 40)), "-00:01:00.040");
  EXPECT_EQ(format_clock(123 * kMsPerHour + 4 * kMsPerMinute), "123:04:00");
  for (SimTime t :
       {SimTime{0}, 11 * kMsPerHour, 23 * kMsPerHour + 59 * kMsPerMinute + 59 * kMsPerSecond})
    EXPECT_EQ(parse_clock(format_clock(t)), t);
}

TEST(Units, ConversionsAreExact) {
  EXPECT_EQ(mm_to_um(349999), 349'999'000);
  EXPECT_EQ(m_to_um(350), 350'000'000);
  EXPECT_DOUBLE_EQ(um_to_m(m_to_um(350)), 350.0);
}

}  // namespace
}  // namespace kaiten
