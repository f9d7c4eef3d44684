#pragma once
// The narrow interface between the restaurant and its controller: sensor messages in, commands
// out. This is all the controller ever sees of a store, whether the store is the simulation, a
// recorded feed (JSON Lines, docs/feed.md) or a real belt.
#include <cstdint>
#include <variant>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

inline constexpr std::uint32_t kNoOrder = UINT32_MAX;

/// The kitchen's tag writer: a plate with tag `tag` (a physical tag, reused after washing) now
/// carries `item` and was placed on lane `lane` when the lane's encoder read `odometer`.
struct PlatePlaced {
  SimTime time = 0;
  std::uint32_t tag = 0;
  std::uint8_t lane = 0;
  std::uint16_t item = 0;
  Micrometres odometer = 0;
  std::uint32_t order = kNoOrder;  ///< the panel order this plate delivers, if any
};

/// A reader saw a tag pass. Reads can be missed or duplicated, and readers can be out.
struct TagRead {
  SimTime time = 0;
  std::uint32_t tag = 0;
  std::uint32_t reader = 0;  ///< reader index in layout order (docs/feed.md)
  Micrometres odometer = 0;  ///< belt encoder at the read
};

/// The belt encoder, sent when the speed changes and with every clock tick.
struct EncoderReading {
  SimTime time = 0;
  Micrometres odometer = 0;
  std::int32_t speed_mm_s = 0;
};

/// Staff seat a party (adults and children are entered at seating).
struct PartySeatedMsg {
  SimTime time = 0;
  std::uint32_t party = 0;
  std::uint32_t table = 0;
  std::uint8_t adults = 0;
  std::uint8_t children = 0;
};

/// A touch-panel order.
struct PanelOrderMsg {
  SimTime time = 0;
  std::uint32_t party = 0;
  std::uint32_t table = 0;
  std::uint16_t item = 0;
  std::uint32_t order = 0;
};

/// A party pays: the plates stacked at its table, by tag.
struct CheckoutMsg {
  SimTime time = 0;
  std::uint32_t party = 0;
  std::uint32_t table = 0;
  std::vector<std::uint32_t> tags;
};

/// An express lane's carrier left the kitchen with panel order `order`: a plate of `item` on tag
/// `tag`, made for the order and never on the belt, due at table `table` at `arrives` (the
/// kitchen knows the lane's trip time).
struct ExpressSent {
  SimTime time = 0;
  std::uint32_t tag = 0;
  std::uint32_t order = 0;
  std::uint32_t table = 0;
  std::uint16_t item = 0;
  SimTime arrives = 0;
};

/// The controller's clock: sent every `tick_s` seconds while the store is open.
struct ClockTick {
  SimTime time = 0;
  Micrometres odometer = 0;
};

using SensorMessage = std::variant<PlatePlaced, TagRead, EncoderReading, PartySeatedMsg,
                                   PanelOrderMsg, CheckoutMsg, ClockTick, ExpressSent>;

SimTime time_of(const SensorMessage& message);

/// Make one plate of `item` for lane `lane` (the kitchen works through requests in order, within
/// its capacity).
struct ProduceCmd {
  std::uint8_t lane = 0;
  std::uint16_t item = 0;
};

/// Light the lane signal for tag `tag` once the belt reading reaches `at_odometer` or the clock
/// reaches `at_time`, whichever comes first: from then on no customer takes it and the next
/// discard gate removes it.
struct ExpireCmd {
  std::uint32_t tag = 0;
  Micrometres at_odometer = 0;
  SimTime at_time = kNever;
};

/// Make panel order `order` now, ahead of other plates, and send it to its table.
struct MakeOrderCmd {
  std::uint32_t order = 0;
};

using Command = std::variant<ProduceCmd, ExpireCmd, MakeOrderCmd>;

/// What a store talks to. The simulation calls on_message() synchronously, in time order, for
/// every sensor message, and carries out the commands appended to `commands` at that same time.
/// The controller module implements it; a recorder can wrap it to write the feed.
class ControllerPort {
 public:
  virtual ~ControllerPort() = default;
  virtual void on_message(const SensorMessage& message, std::vector<Command>& commands) = 0;
};

}  // namespace kaiten
