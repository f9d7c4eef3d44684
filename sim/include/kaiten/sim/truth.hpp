#pragma once
// Ground-truth events: what really happened on the belt, for the run log, replay and reports.
// (The controller never sees these; it gets sensor messages.)
#include <cstdint>

#include "kaiten/core/units.hpp"

namespace kaiten {

enum class TruthKind : std::uint8_t {
  plate_made = 1,        ///< placed at the kitchen; aux = slot, where = order + 1 (0: none)
  plate_read = 2,        ///< passed under a reader; aux = reader index
  plate_eaten = 3,       ///< taken at a table; aux = travelled mm, where = table
  plate_discarded = 4,   ///< removed at a discard gate; aux = travelled mm, where = gate
  speed_change = 5,      ///< belt speed changed; aux = new speed in mm/s
  on_belt_at_close = 6,  ///< still on the belt at closing; aux = travelled mm
  // Parties (plate = party id): what the viewer draws at the entrance and the tables.
  party_arrived = 7,   ///< aux = party size
  party_seated = 8,    ///< where = table, aux = party size
  party_left = 9,      ///< paid and left; where = table, aux = plates eaten
  party_balked = 10,   ///< gave up on arrival (queue too long); aux = party size
  party_reneged = 11,  ///< left the queue after its patience; aux = party size
  panel_order = 12,    ///< ordered `item` on the touch panel; aux = order, where = table
  table_ready = 13,    ///< cleaned after a party left; where = table
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
