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
  const bool negative = t < 0;
  if (negative) t = -t;
  const auto h = t / kMsPerHour;
  const auto m = (t / kMsPerMinute) % 60;
  const auto s = (t / kMsPerSecond) % 60;
  const auto ms = t % 1000;
  // Compiled formats: the CSV writers call this once per row (see docs/PERFORMANCE.md).
  std::string out = fmt::format(FMT_COMPILE("{}{:02}:{:02}:{:02}"), negative ? "-" : "", h, m, s);
  if (ms != 0) fmt::format_to(std::back_inserter(out), FMT_COMPILE(".{:03}"), ms);
  return out;
}

}  // namespace kaiten
