#pragma once
// The belt odometer: how far the belt has moved since opening, from the speed schedule.
// All plates on the belt move together, so a plate's travelled distance is the odometer now minus
// the odometer when it was placed. A stopped belt does not move the odometer, so it ages no plate
// under the distance rule. Nothing is stepped: readings are computed from the piecewise schedule.
#include <cstdint>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten {

class Odometer {
 public:
  /// The belt runs at `speed_mm_s` from `start`, then follows `changes` (sorted by time, >= start).
  Odometer(SimTime start, std::int32_t speed_mm_s, const std::vector<SpeedChange>& changes);

  /// Reading at time t >= start. mm/s times ms is exactly micrometres.
  Micrometres at(SimTime t) const;
  /// Earliest whole millisecond at which the reading is >= `reading`; kNever if the belt stops for
  /// good before it gets there.
  SimTime time_reaching(Micrometres reading) const;
  /// Speed in mm/s at time t.
  std::int32_t speed_at(SimTime t) const;

 private:
  struct Piece {
    SimTime start = 0;
    Micrometres reading = 0;  ///< odometer at `start`
    std::int32_t speed_mm_s = 0;
  };
  const Piece& piece_at(SimTime t) const;
  std::vector<Piece> pieces_;
};

}  // namespace kaiten
