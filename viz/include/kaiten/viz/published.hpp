#pragma once
// What the store's controller published over a day, as the viewer keeps it: one plain record per
// clock tick (its live top sellers, its 1- and 15-minute forecasts, its own counts). The viewer
// copies these out of the controller (viz/src/source.cpp) so that no controller type reaches
// viz's public headers or the programs that draw.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten::viz {

/// The forecast horizons, in minutes: index 0 and 1 of PublishedTick::forecast. They are the
/// controller's (kHorizonsMin); source.cpp checks that they agree.
inline constexpr std::array<int, 2> kForecastMinutes = {1, 15};

struct PublishedSeller {
  std::uint16_t item = 0;
  std::int64_t plates = 0;  ///< sales so far as the controller knows them (inferred or paid)
};

/// The controller's published state at one clock tick (see TickRecord in controller.hpp).
struct PublishedTick {
  SimTime time = 0;
  std::vector<PublishedSeller> top;  ///< its live top sellers of the day by plates, most first
  std::array<double, 2> forecast{};  ///< plates expected over the next 1 and 15 minutes
  std::int64_t made = 0;             ///< plates placed so far
  std::int64_t sold = 0;             ///< sales so far (inferred or checked out)
  std::int64_t discarded = 0;        ///< its waste so far
  std::int64_t on_belt = 0;          ///< plates it tracks on the belt
  std::int32_t seated_people = 0;
  std::int32_t readers_down = 0;
};

/// The tick in effect at time t: the latest with time <= t, or null if none is (ticks are in
/// time order).
const PublishedTick* published_at(std::span<const PublishedTick> ticks, SimTime t);

}  // namespace kaiten::viz
