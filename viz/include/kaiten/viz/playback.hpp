#pragma once
// Playback: the state of a recorded day at any simulated time, rebuilt from ground-truth events.
// It is the viewer's model and knows nothing about drawing: seek(t) gives what was on the belt, at
// the tables and in the entrance queue at t, and the day's totals so far. Seeking backwards
// restores the nearest keyframe (taken every few simulated minutes) and replays events from it, so
// a jump anywhere in the day costs at most one keyframe interval of events.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"
#include "kaiten/sim/belt.hpp"
#include "kaiten/sim/odometer.hpp"
#include "kaiten/sim/truth.hpp"
#include "kaiten/viz/published.hpp"

namespace kaiten::viz {

/// A TruthSink that keeps every event in memory, for a day simulated in process.
class EventRecorder final : public TruthSink {
 public:
  void on_event(const TruthEvent& event) override { events_.push_back(event); }
  std::vector<TruthEvent>& events() { return events_; }

 private:
  std::vector<TruthEvent> events_;
};

/// One plate on the belt, as placed by the kitchen. Its position follows from the odometer.
struct PlateState {
  bool alive = false;
  std::uint8_t lane = 0;
  std::uint16_t item = 0;
  std::uint32_t generation = 0;
  std::uint32_t slot = 0;
  SimTime made = 0;
  Micrometres placed_at = 0;  ///< odometer reading when its slot's edge was at the kitchen
  bool ordered = false;       ///< made for a touch-panel order
};

/// A reference to one plate's life: pool index and generation (the tag "index.generation").
struct PlateRef {
  std::uint32_t plate = 0;
  std::uint32_t generation = 0;
  friend bool operator==(const PlateRef&, const PlateRef&) = default;
};

enum class TablePhase : std::uint8_t {
  free,     ///< empty and clean (or no party data)
  seated,   ///< a party is eating
  leaving,  ///< the party paid and left; waiting to be cleaned (table_ready)
};

struct TableState {
  TablePhase phase = TablePhase::free;
  std::uint32_t party = 0;        ///< party id while seated or leaving
  std::uint32_t party_size = 0;   ///< people, while seated
  SimTime since = 0;              ///< when the phase began
  std::int64_t plates_eaten = 0;  ///< plates taken at this table since the day began
  std::int64_t panel_orders = 0;  ///< touch-panel orders since the day began
};

/// A party waiting at the entrance.
struct QueuedParty {
  std::uint32_t party = 0;
  std::uint32_t size = 0;  ///< people
  SimTime arrived = 0;
};

enum class PartyPhase : std::uint8_t {
  not_arrived,  ///< not yet at the entrance at this time
  waiting,      ///< in the entrance queue
  seated,       ///< at its table
  left,         ///< paid and left
  balked,       ///< gave up on arrival (the queue was too long)
  reneged,      ///< left the queue after its patience ran out
};

/// One party's journey so far, for following it.
struct PartyState {
  std::uint32_t id = 0;
  std::uint32_t size = 0;  ///< people
  PartyPhase phase = PartyPhase::not_arrived;
  SimTime arrived = 0;
  SimTime seated = 0;       ///< valid once seated
  SimTime gone = 0;         ///< when it paid and left, balked or reneged
  std::uint32_t table = 0;  ///< valid once seated
  std::int64_t plates = 0;  ///< plates taken at its table while it sat there
  std::int64_t paid = 0;    ///< plates on its bill when it left (the party_left event)
  std::int64_t orders = 0;  ///< touch-panel orders from its table while it sat there
};

/// Everything known at one simulated time: all events with time <= `time` applied.
struct PlaybackState {
  SimTime time = 0;
  std::size_t next_event = 0;      ///< index of the first event not applied
  std::vector<PlateState> plates;  ///< by plate (tag) index; alive ones are on the belt
  std::int64_t on_belt = 0;        ///< alive plates
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t reads = 0;
  std::vector<std::int64_t> made_by_item;       ///< indexed like the menu
  std::vector<std::int64_t> eaten_by_item;      ///< ground-truth sales, per item
  std::vector<std::int64_t> discarded_by_item;  ///< per item
  std::vector<TableState> tables;               ///< indexed like ScenarioDef::tables
  std::vector<QueuedParty> queue;               ///< waiting at the entrance, in arrival order
  std::int64_t people_seated = 0;               ///< people at tables now
  std::int64_t parties_arrived = 0;
  std::int64_t parties_seated = 0;
  std::int64_t parties_left = 0;
  std::int64_t parties_balked = 0;
  std::int64_t parties_reneged = 0;
  std::int64_t panel_orders = 0;
  SimTime wait_total = 0;  ///< summed wait (arrival to seated) of the parties seated so far
  /// Every party of the day (Playback::party() finds one by id), not_arrived until it comes.
  std::vector<PartyState> parties;
  bool closed = false;  ///< the day's closing was reached (on_belt_at_close events seen)
};

/// A plate on the belt at the playback time, with where it is and how fresh.
struct PlateView {
  PlateRef ref;
  const PlateState* state = nullptr;
  Micrometres position = 0;   ///< along its lane, in [0, lane length)
  Micrometres travelled = 0;  ///< odometer now minus at placing
  SimTime on_belt = 0;        ///< time since it was made
  double used = 0.0;          ///< fraction of the discard limit used: travelled or age / limit
};

/// No table known (an express plate whose order's panel_order event is missing).
inline constexpr std::uint32_t kNoTable = UINT32_MAX;

/// A plate sent by express lane (docs/kitchen.md): a carrier takes it from the kitchen to its table
/// in the lane's trip time; it is eaten there, or, its party gone, carried back and thrown away.
/// Built once from the events, so where it is depends only on them and the time.
struct ExpressTrip {
  PlateRef ref;
  std::uint32_t express = 0;  ///< index in belt.express_lanes
  std::uint16_t item = 0;
  std::uint32_t table = kNoTable;  ///< the ordering table (its panel_order event), or kNoTable
  SimTime sent = 0;                ///< plate_made: the carrier leaves the kitchen
  SimTime arrives = 0;             ///< at the table: its plate_eaten or plate_discarded event
  SimTime back = 0;                ///< a plate sent back: at the kitchen again (arrives + trip)
  bool ended = false;              ///< eaten or discarded (false: still out at the day's end)
  bool sent_back = false;          ///< discarded: its party had gone
};

/// How far along its express lane a trip's plate is at t: 0 at the kitchen, 1 at its table; on the
/// way back (sent back) from 1 down to 0. None before it is sent and once it is eaten (at
/// `arrives`) or back at the kitchen (at `back`). Linear in time: the carrier runs at one speed.
std::optional<double> express_progress(const ExpressTrip& trip, SimTime t);

/// An express plate at the playback time.
struct ExpressView {
  const ExpressTrip* trip = nullptr;
  double progress = 0;  ///< express_progress at the playback time
  bool returning = false;
};

struct ItemCount {
  std::uint16_t item = 0;
  std::int64_t count = 0;
};

struct PlaybackOptions {
  SimTime keyframe_every = 5 * kMsPerMinute;  ///< interval of the seek index (> 0)
  /// Where the day stops, if not at closing time (a run log cut short stops at its last event).
  std::optional<SimTime> end;
};

class Playback {
 public:
  /// Takes a validated scenario and its ground-truth events in the order they happened. Events
  /// that do not fit the scenario (unknown lane, item, slot or table; times outside the day) are
  /// dropped and counted in dropped_events(). Throws std::invalid_argument if events are not in
  /// time order.
  /// `published` is what the store's controller published over the day, in time order (empty
  /// when unknown: the viewer then shows ground truth only).
  Playback(ScenarioDef def, std::vector<TruthEvent> events, PlaybackOptions options = {},
           std::vector<PublishedTick> published = {});
  Playback(const Playback&) = delete;
  Playback& operator=(const Playback&) = delete;

  const ScenarioDef& scenario() const { return def_; }
  const Belt& belt() const { return belt_; }
  const Odometer& odometer() const { return odometer_; }
  std::span<const TruthEvent> events() const { return events_; }
  std::size_t dropped_events() const { return dropped_; }
  /// True when any party event occurs: the viewer then draws table states and the queue.
  bool has_party_data() const { return has_parties_; }

  /// Opening time; the earliest time seek() accepts.
  SimTime start() const { return def_.open; }
  /// Closing time, or the last event's time for a day cut short (a truncated log).
  SimTime end() const { return end_; }

  /// Moves to time t (clamped to [start, end]): the state holds every event with time <= t.
  /// Forward moves apply the events in between; backward moves restore a keyframe first.
  void seek(SimTime t);
  SimTime time() const { return state_.time; }
  const PlaybackState& state() const { return state_; }
  std::size_t keyframes() const { return keyframes_.size(); }

  /// Plates on the belt now, in plate-index order, with positions and freshness at time().
  std::vector<PlateView> plates() const;
  /// One live plate, if `ref` is on the belt now.
  std::optional<PlateView> plate(PlateRef ref) const;
  /// The view of a plate state at the playback time.
  PlateView view_of(std::uint32_t index, const PlateState& plate) const;

  /// Every express trip of the day, in the order sent.
  std::span<const ExpressTrip> express_trips() const { return express_; }
  /// The express plates on their lanes at the playback time, in the order sent.
  std::vector<ExpressView> express_plates() const;

  /// Events with from < time <= to (binary search on the sorted events).
  std::span<const TruthEvent> events_between(SimTime from, SimTime to) const;
  /// The time of the first event after t, or kNever.
  SimTime next_event_after(SimTime t) const;
  /// Plates eaten (ground truth) with from < time <= to, anywhere in the day.
  std::int64_t eaten_between(SimTime from, SimTime to) const;
  /// A party by id at the playback time, or null if the day has no such party.
  const PartyState* party(std::uint32_t id) const;
  /// The controller's published state over the day (empty when unknown), and the tick in effect
  /// at the playback time (null when none is).
  std::span<const PublishedTick> published() const { return published_; }
  const PublishedTick* published_now() const { return published_at(published_, state_.time); }
  /// The most eaten items so far (ground truth), most first, ties by menu order; zero counts out.
  std::vector<ItemCount> top_sellers(std::size_t n) const;
  /// The discard limit of an item (distance in um or time in ms).
  const DiscardLimit& limit(std::uint16_t item) const { return limits_[item]; }

 private:
  void apply(const TruthEvent& e);
  void advance_to(SimTime t);
  PlaybackState empty_state() const;
  bool fits(const TruthEvent& e) const;
  void build_express_trips();
  /// The party with id `id` in state `s` (every party event's id is indexed at load).
  PartyState& party_at(PlaybackState& s, std::uint32_t id) const;

  ScenarioDef def_;
  Belt belt_;
  Odometer odometer_;
  std::vector<TruthEvent> events_;
  std::vector<SimTime> eaten_times_;  ///< times of the plate_eaten events, in order
  std::vector<PublishedTick> published_;
  std::vector<ExpressTrip> express_;
  /// Party id to its index in PlaybackState::parties (ids come from the log: no assumption that
  /// they are small or dense).
  std::unordered_map<std::uint32_t, std::uint32_t> party_index_;
  std::vector<DiscardLimit> limits_;
  std::size_t dropped_ = 0;
  bool has_parties_ = false;
  SimTime end_ = 0;
  SimTime keyframe_every_ = 0;
  std::vector<PlaybackState> keyframes_;  ///< keyframes_[k] is the state at start + k * interval
  PlaybackState state_;
};

/// The belt-frame position of a slot's edge at a given odometer reading: where a plate in that slot
/// is along its lane, in [0, lane length).
Micrometres slot_position(const Lane& lane, std::uint32_t slot, Micrometres odometer);

/// "index.generation", the plate's tag as printed in plates.csv.
std::string tag_string(PlateRef ref);

}  // namespace kaiten::viz
