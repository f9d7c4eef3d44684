#pragma once
// The state and stages of one simulated day. Private to sim/: day.cpp has the belt and the kitchen,
// customers.cpp has the parties. The public entry point is simulate_day() in day.hpp.
#include <deque>
#include <random>
#include <vector>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/sim/belt.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/event_queue.hpp"
#include "kaiten/sim/odometer.hpp"
#include "kaiten/sim/party.hpp"

namespace kaiten::detail {

inline constexpr std::uint32_t kNone = UINT32_MAX;

struct Plate {
  std::uint32_t generation = 0;
  bool alive = false;
  std::uint16_t item = 0;
  std::uint8_t lane = 0;
  std::uint32_t slot = 0;
  SimTime made = 0;
  Micrometres placed_at = 0;  ///< odometer reading when placed
  std::uint32_t next_point = 0;
  std::uint32_t laps = 0;
  std::uint32_t order = kNone;  ///< touch-panel order this plate delivers (rides a marked stand)
  Micrometres flag_at_reading = INT64_MAX;  ///< controller's lane signal (ExpireCmd)
  SimTime flag_at_time = kNever;
};

/// A plate waiting in the kitchen for a slot; ordered plates jump the queue.
struct QueuedPlate {
  std::uint16_t item = 0;
  std::uint32_t order = kNone;
};

// The kitchen's side of one lane: plates waiting to go on, and the slot reserved for the next.
struct LaneKitchen {
  std::deque<QueuedPlate> queue;
  std::int32_t free_running = 0;  ///< plates in the queue that are not orders
  bool placing = false;           ///< an inject event is scheduled
  std::uint32_t reserved_slot = 0;
  Micrometres reserved_reading = 0;
};

struct Order {
  std::uint32_t party = 0;
  std::uint32_t member = 0;
  std::uint16_t item = 0;
  SimTime ordered = 0;
  bool in_kitchen = false;  ///< handed to the kitchen (once only)
  SimTime started = -1;     ///< a cook began it
  SimTime cooked = -1;      ///< the cook finished it
  std::uint32_t plate = kNone;
};

/// A plate for the kitchen to make: for the belt of `lane`, or for panel order `order`.
struct KitchenJob {
  std::uint16_t item = 0;
  std::uint32_t lane = 0;
  std::uint32_t order = kNone;
};

/// An express lane: orders waiting for a carrier, and carriers at the kitchen.
struct ExpressState {
  std::deque<std::uint32_t> waiting;
  std::int32_t carriers_free = 0;
};

struct TableState {
  std::uint32_t party = kNone;
  bool cleaning = false;
  std::uint8_t lane = 0;
};

class Day {
 public:
  Day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink, ControllerPort* controller);
  /// Runs the day from the opening, taking `checkpoints` if not null.
  DayResult run(DayCheckpoints* checkpoints = nullptr);
  /// Runs a checkpoint's copy on to the close with no stock limits, talking to `controller`.
  DayResult run_on_unlimited(ControllerPort* controller);

 private:
  /// The event loop, from wherever the day is to the close; then the day's result.
  DayResult run_to_close();
  void maybe_checkpoint();

  // day.cpp: scheduling, the belt and the kitchen.
  void push(SimTime t, Priority priority, EventKind kind, std::uint32_t a, std::uint32_t b = 0);
  void schedule_at_reading(Micrometres reading, Priority priority, EventKind kind, std::uint32_t a,
                           std::uint32_t b);
  void emit(const TruthEvent& event);
  void emit_plate(SimTime t, TruthKind kind, std::uint32_t index, std::uint32_t aux,
                  std::uint32_t where);
  Micrometres reading_at_next_point(const Plate& p) const;
  void schedule_production(std::uint32_t n);
  void produce(const Event& e);
  bool take_stock(std::uint16_t item);
  void enqueue_plate(std::uint32_t lane, QueuedPlate plate, SimTime now);
  void reserve_slot(std::uint32_t lane_index, SimTime now);
  void inject(const Event& e);
  void plate_pass(const Event& e);
  void speed_change(const Event& e);
  /// The totals of the clock hour of `t` (closing time counts in the last opening hour).
  HourTotals& hour(SimTime t);
  /// Counts a plate made of `item` for `lane` (totals, hour, lane, cost of goods).
  void count_made(std::uint16_t item, std::uint32_t lane, SimTime now);
  void end_plate(std::uint32_t index, SimTime now, PlateFate fate, Micrometres travelled,
                 std::uint32_t where);
  void close_day();
  std::uint32_t allocate_plate();
  void release_plate(std::uint32_t index);

  // kitchen.cpp: cooks, their queue, and express lanes.
  void open_kitchen();
  void account_kitchen(SimTime now);
  void add_kitchen_job(const KitchenJob& job, SimTime now);
  void start_cooking(SimTime now);
  void cook_done(const Event& e);
  void staff_change(const Event& e);
  void send_express(std::uint32_t lane, std::uint32_t order, SimTime now);
  void dispatch_express(std::uint32_t lane, SimTime now);
  void express_arrive(const Event& e);
  void carrier_back(const Event& e);

  // controller_link.cpp: sensor messages out, commands in.
  void send(const SensorMessage& message);
  void apply(const Command& command, SimTime now);
  void tick(const Event& e);
  void send_reads(std::uint32_t plate_index, std::uint32_t reader, Micrometres reading,
                  SimTime now);
  bool flagged(const Plate& p, Micrometres reading, SimTime now) const;

  // customers.cpp: parties, tables and touch-panel orders.
  bool stand_in_takes(bool expired);
  /// Offers the plate passing table `table`'s reach zone; true if someone there takes it.
  /// `blocked`: the plate's lane signal is lit (or, without a controller, it is expired);
  /// `expired`: the truth, for counting freshness violations.
  bool offer_plate(std::uint32_t table, std::uint32_t plate_index, Micrometres travelled,
                   bool blocked, bool expired, SimTime now);
  /// While the belt is stopped: offers the plate standing in front of `table` to its party.
  void offer_in_front(std::uint32_t table, SimTime now);
  void schedule_next_arrival(SimTime after);
  void party_arrival(const Event& e);
  /// Whether a party arriving to see `waiting` parties in the queue leaves at once.
  bool balks(std::int32_t waiting);
  void try_seat(SimTime now);
  void seat(std::uint32_t party, std::uint32_t table, SimTime now);
  void member_hungry(const Event& e);
  void draw_wish(Party& party, std::uint32_t member_index, SimTime now);
  void order_check(const Event& e);
  void eat(std::uint32_t party_index, std::uint32_t member_index, std::uint32_t plate_index,
           SimTime now, bool ordered);
  void party_leave(const Event& e);
  void leave(std::uint32_t party_index, SimTime now);
  void table_ready(const Event& e);
  void renege(const Event& e);
  void set_occupied(SimTime now, std::int32_t delta);
  /// People seated per seat on `lane` now.
  double lane_load(std::uint32_t lane) const;
  /// Adds party `p`'s people-minutes at its table, seated until `now`, to its lane.
  void count_seated_time(const Party& p, SimTime now);
  void close_customers();
  void checkout(Party& party, SimTime now);

  const ScenarioDef& def_;
  TruthSink* sink_;
  ControllerPort* controller_;
  std::vector<Command> commands_;      ///< scratch buffer for the controller's replies
  std::deque<KitchenJob> order_jobs_;  ///< waiting for a cook, made first
  std::deque<KitchenJob> belt_jobs_;   ///< waiting for a cook
  std::vector<KitchenJob> cooking_;    ///< by cook slot (the cook_done event's `a`)
  std::vector<std::uint32_t> free_cook_slots_;
  std::int32_t cooks_on_shift_ = 0;
  std::int32_t cooks_busy_ = 0;
  SimTime kitchen_since_ = 0;  ///< cook time is accounted up to here
  std::vector<ExpressState> express_;
  std::vector<std::int32_t> table_express_;  ///< per table: express lane index, or -1
  std::vector<std::int32_t> lane_people_;    ///< per loop: people seated now
  std::vector<std::int32_t> lane_seats_;     ///< per loop: seats
  std::vector<std::vector<std::pair<SimTime, SimTime>>> reader_outages_;  ///< per reader
  std::mt19937_64 faults_rng_;
  Belt belt_;
  Odometer odometer_;
  EventQueue queue_;
  std::mt19937_64 kitchen_rng_;
  std::mt19937_64 eating_rng_;
  std::mt19937_64 arrivals_rng_;
  std::mt19937_64 parties_rng_;
  std::mt19937_64 choice_rng_;
  std::mt19937_64 queue_rng_;
  ItemMix item_mix_;
  std::vector<DiscardLimit> limits_;
  std::vector<std::int64_t> stock_left_;  ///< per item; -1 = unlimited
  std::vector<LaneKitchen> lanes_;
  std::uint32_t next_lane_ = 0;
  std::vector<Plate> plates_;
  std::vector<std::uint32_t> free_plates_;
  std::vector<Party> parties_;
  std::deque<std::uint32_t> entrance_;  ///< queued parties, in order of arrival
  std::vector<TableState> tables_;
  std::vector<Order> orders_;
  SimTime now_ = 0;  ///< time of the event being processed
  std::int32_t occupied_tables_ = 0;
  SimTime occupied_since_ = 0;
  DayResult result_;
  std::int64_t pending_sum_ = 0;  ///< events pending when each was taken, summed
  DayCheckpoints* checkpoints_ = nullptr;
  SimTime next_checkpoint_ = 0;
};

}  // namespace kaiten::detail
