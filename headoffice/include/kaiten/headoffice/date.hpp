#pragma once
// Calendar dates for the sales history: a day number in the proleptic Gregorian calendar, written
// "YYYY-MM-DD" everywhere a person or a file sees it.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kaiten/core/scenario.hpp"

namespace kaiten::headoffice {

/// A calendar day, as days since 1970-01-01. Plain value; arithmetic in days.
struct Date {
  std::int32_t days = 0;

  /// "YYYY-MM-DD" with a real month and day (years 1000..9999), else nullopt.
  static std::optional<Date> parse(std::string_view text);
  static Date from_ymd(int year, int month, int day);
  /// The first and the last day parse() reads, 1000-01-01 and 9999-12-31: the range of every date
  /// a command takes or a history holds (a later one would be written with five digits).
  static Date earliest() { return from_ymd(1000, 1, 1); }
  static Date latest() { return from_ymd(9999, 12, 31); }

  std::string to_string() const;  ///< "YYYY-MM-DD"
  Weekday weekday() const;        ///< Monday first, as in ScenarioDef
  int weekday_index() const { return static_cast<int>(weekday()); }  ///< 0 = Monday

  Date operator+(std::int32_t n) const { return Date{days + n}; }
  Date operator-(std::int32_t n) const { return Date{days - n}; }
  std::int32_t operator-(Date other) const { return days - other.days; }
  Date& operator++() {
    ++days;
    return *this;
  }
  friend auto operator<=>(const Date&, const Date&) = default;
};

}  // namespace kaiten::headoffice
