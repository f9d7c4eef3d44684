#include "kaiten/headoffice/date.hpp"

#include <fmt/format.h>
#include <array>
#include <charconv>

namespace kaiten::headoffice {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int y, m, d;
};

Ymd civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

}  // namespace

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t n, int& out) {
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
    return ec == std::errc() && end == text.data() + at + n;
  };
  int y = 0;
  int m = 0;
  int d = 0;
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  if (y < 1000 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return from_ymd(y, m, d);
}

Date Date::from_ymd(int year, int month, int day) {
  return Date{days_from_civil(year, month, day)};
}

std::string Date::to_string() const {
  const Ymd c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const int w = ((days % 7) + 7 + 3) % 7;
  return static_cast<Weekday>(w);
}

}  // namespace kaiten::headoffice
