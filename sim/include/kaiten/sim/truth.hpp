#pragma once
// Ground-truth events: what really happened on the belt, for the run log, replay and reports.
// (The controller never sees these; it gets sensor messages.)
#include <cstdint>

#include "kaiten/core/units.hpp"

namespace kaiten {

enum class TruthKind : std::uint8_t {
  plate_made = 1,        ///< placed on the belt at the kitchen; aux = slot
  plate_read = 2,        ///< passed under a reader; aux = reader index
  plate_eaten = 3,       ///< taken at a table; aux = travelled mm
  plate_discarded = 4,   ///< removed at a discard gate; aux = travelled mm
  speed_change = 5,      ///< belt speed changed; aux = new speed in mm/s
  on_belt_at_close = 6,  ///< still on the belt at closing; aux = travelled mm
};

/// One ground-truth event. Fixed size so that logs are simple to write and to seek.
struct TruthEvent {
  SimTime time = 0;
  TruthKind kind = TruthKind::plate_made;
  std::uint8_t lane = 0;
  std::uint16_t item = 0;
  std::uint32_t plate = 0;       ///< plate (tag) index
  std::uint32_t generation = 0;  ///< how many times this tag was used before
  std::uint32_t aux = 0;         ///< kind-specific, see TruthKind
  std::uint32_t where = 0;       ///< table index (eaten), gate index (discarded), else 0

  friend bool operator==(const TruthEvent&, const TruthEvent&) = default;
};

/// Receives ground-truth events in the order they happen. Called synchronously from the
/// simulation; implementations must not throw through it except to abort the run.
class TruthSink {
 public:
  virtual ~TruthSink() = default;
  virtual void on_event(const TruthEvent& event) = 0;
};

}  // namespace kaiten
