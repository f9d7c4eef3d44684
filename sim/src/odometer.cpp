#include "kaiten/sim/odometer.hpp"

#include <algorithm>
#include <cassert>

namespace kaiten {

Odometer::Odometer(SimTime start, std::int32_t speed_mm_s,
                   const std::vector<SpeedChange>& changes) {
  pieces_.push_back({start, 0, speed_mm_s});
  for (const auto& change : changes) {
    assert(change.at >= pieces_.back().start);
    const Piece& last = pieces_.back();
    const Micrometres reading = last.reading + last.speed_mm_s * (change.at - last.start);
    if (change.at == last.start) pieces_.pop_back();
    pieces_.push_back({change.at, reading, change.speed_mm_s});
  }
}

const Odometer::Piece& Odometer::piece_at(SimTime t) const {
  // Last piece starting at or before t.
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), t,
                             [](SimTime value, const Piece& p) { return value < p.start; });
  return it == pieces_.begin() ? pieces_.front() : *(it - 1);
}

Micrometres Odometer::at(SimTime t) const {
  const Piece& p = piece_at(t);
  return p.reading + p.speed_mm_s * (t - p.start);
}

std::int32_t Odometer::speed_at(SimTime t) const {
  return piece_at(t).speed_mm_s;
}

SimTime Odometer::time_reaching(Micrometres reading) const {
  if (reading <= 0) return pieces_.front().start;
  // Last piece whose start reading is below the target: the target is reached within it.
  auto it = std::lower_bound(pieces_.begin(), pieces_.end(), reading,
                             [](const Piece& p, Micrometres value) { return p.reading < value; });
  const Piece& p = *(it - 1);
  if (p.speed_mm_s == 0) return kNever;  // only possible for the last piece: stopped for good
  const Micrometres to_go = reading - p.reading;
  return p.start + (to_go + p.speed_mm_s - 1) / p.speed_mm_s;
}

}  // namespace kaiten
