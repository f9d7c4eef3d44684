#pragma once
// Units used everywhere in kaiten. Exactness matters for the discard rule, so time and distance
// are integers: simulated time in milliseconds, distance in micrometres inside the simulation
// (speed in mm/s times time in ms is exactly micrometres) and millimetres at the edges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kaiten {

/// Milliseconds since midnight of the simulated day.
using SimTime = std::int64_t;
/// A distance in micrometres (belt odometer, travelled distance).
using Micrometres = std::int64_t;

inline constexpr SimTime kMsPerSecond = 1000;
inline constexpr SimTime kMsPerMinute = 60 * kMsPerSecond;
inline constexpr SimTime kMsPerHour = 60 * kMsPerMinute;
/// A time that is never reached (a stopped belt never brings a plate to the next point).
inline constexpr SimTime kNever = INT64_MAX;

constexpr Micrometres mm_to_um(std::int64_t mm) {
  return mm * 1000;
}
constexpr Micrometres m_to_um(std::int64_t m) {
  return m * 1'000'000;
}
constexpr double um_to_m(Micrometres um) {
  return static_cast<double>(um) / 1e6;
}

/// "HH:MM" or "HH:MM:SS" (hours 0..47 so that a day may run past midnight) to ms since midnight.
std::optional<SimTime> parse_clock(std::string_view text);
/// ms since midnight as "HH:MM:SS" (or "HH:MM:SS.mmm" when milliseconds are not zero).
std::string format_clock(SimTime t);

}  // namespace kaiten
