#include "kaiten/core/units.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <charconv>
#include <iterator>

namespace kaiten {

std::optional<SimTime> parse_clock(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end && count < 3) {
    const char* field_end = p;
    while (field_end < end && *field_end != ':') ++field_end;
    if (field_end - p != 2) return std::nullopt;  // fields are exactly two digits
    auto [ptr, ec] = std::from_chars(p, field_end, parts[count]);
    if (ec != std::errc() || ptr != field_end) return std::nullopt;
    ++count;
    p = field_end == end ? end : field_end + 1;
    if (field_end != end && p == end) return std::nullopt;  // trailing ':'
  }
  if (p != end || count < 2) return std::nullopt;
  if (parts[0] > 47 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return parts[0] * kMsPerHour + parts[1] * kMsPerMinute + parts[2] * kMsPerSecond;
}

std::string format_clock(SimTime t) {
  // Called once per row by the CSV writers (tens of thousands of rows a day): digits written
  // directly, a tenth of the cost of a compiled fmt format (docs/PERFORMANCE.md).
  char buffer[40];
  char* p = buffer;
  if (t < 0) {
    *p++ = '-';
    t = -t;
  }
  const auto two = [&p](std::int64_t v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  const std::int64_t h = t / kMsPerHour;
  if (h < 100) {
    two(h);
  } else {
    const fmt::format_int digits(h);
    p = std::copy(digits.data(), digits.data() + digits.size(), p);
  }
  *p++ = ':';
  two((t / kMsPerMinute) % 60);
  *p++ = ':';
  two((t / kMsPerSecond) % 60);
  if (const std::int64_t ms = t % 1000; ms != 0) {
    *p++ = '.';
    *p++ = static_cast<char>('0' + ms / 100);
    two(ms % 100);
  }
  return std::string(buffer, p);
}

}  // namespace kaiten
