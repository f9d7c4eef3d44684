#include "kaiten/headoffice/date.hpp"

#include <gtest/gtest.h>

namespace kaiten::headoffice {
namespace {

TEST(Date, ParsesFormatsAndKnowsTheWeekday) {
  const auto d = Date::parse("2025-01-06");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->to_string(), "2025-01-06");
  EXPECT_EQ(d->weekday(), Weekday::mon);
  EXPECT_EQ(Date::parse("1970-01-01")->days, 0);
  EXPECT_EQ(Date::parse("1970-01-01")->weekday(), Weekday::thu);
  EXPECT_EQ(Date::parse("1969-12-31")->days, -1);
  EXPECT_EQ(Date::parse("1969-12-31")->weekday(), Weekday::wed);
  EXPECT_EQ(Date::parse("2000-03-01")->weekday(), Weekday::wed);
  EXPECT_EQ(Date::parse("2026-01-01")->weekday(), Weekday::thu);
}

TEST(Date, Arithmetic) {
  const Date d = *Date::parse("2024-02-28");
  EXPECT_EQ((d + 1).to_string(), "2024-02-29");  // leap year
  EXPECT_EQ((d + 2).to_string(), "2024-03-01");
  EXPECT_EQ((*Date::parse("2025-01-01") - 1).to_string(), "2024-12-31");
  EXPECT_EQ(*Date::parse("2025-03-01") - *Date::parse("2025-02-01"), 28);
  Date e = d;
  ++e;
  EXPECT_LT(d, e);
}

TEST(Date, RejectsWhatIsNotADate) {
  for (const char* text :
       {"2025-02-29", "2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
        "2025-1-01", "25-01-01", "2025/01/01", "2025-01-01x", "", "0999-01-01", "abcd-ef-gh"})
    EXPECT_FALSE(Date::parse(text).has_value()) << text;
  EXPECT_TRUE(Date::parse("2000-02-29").has_value());
  EXPECT_TRUE(Date::parse("2024-02-29").has_value());
}

TEST(Date, RoundTripsEveryDayOfFourCenturies) {
  const Date first = *Date::parse("1800-01-01");
  const Date last = *Date::parse("2200-01-01");
  int weekday = first.weekday_index();
  for (Date d = first; d <= last; ++d) {
    ASSERT_EQ(Date::parse(d.to_string()), d) << d.to_string();
    ASSERT_EQ(d.weekday_index(), weekday);
    weekday = (weekday + 1) % 7;
  }
}

TEST(Date, EarliestAndLatestAreWhatParseReads) {
  EXPECT_EQ(Date::earliest().to_string(), "1000-01-01");
  EXPECT_EQ(Date::latest().to_string(), "9999-12-31");
  EXPECT_EQ(Date::parse("1000-01-01"), Date::earliest());
  EXPECT_EQ(Date::parse("9999-12-31"), Date::latest());
  EXPECT_FALSE(Date::parse((Date::latest() + 1).to_string()).has_value());  // "10000-01-01"
  EXPECT_FALSE(Date::parse((Date::earliest() - 1).to_string()).has_value());
}

}  // namespace
}  // namespace kaiten::headoffice
