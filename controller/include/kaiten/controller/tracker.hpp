#pragma once
// Plate tracking: each placement of a tag is followed from the kitchen by the belt encoder alone
// (every plate on a lane moves with the one odometer), and confirmed by tag reads. A plate that
// misses `missed_reads_to_infer` expected reads in a row at working readers is inferred eaten (a
// flagged plate is never taken, so one missing after its flag was taken before it); a read brings
// it back. A reader that missed several plates in a row which were then read further on is taken
// as down until its next read, and misses there are no evidence. Discards are known exactly: the
// controller itself sets each plate's expiry (ExpireCmd), and a flagged plate still on the belt
// leaves at its next discard gate.
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "kaiten/controller/due_queue.hpp"
#include "kaiten/controller/store_config.hpp"
#include "kaiten/controller/tag_index.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten {

enum class PlateState : std::uint8_t {
  on_belt,         ///< placed and not known to have left (flagged plates included)
  inferred_eaten,  ///< missed enough expected reads at working readers
  eaten,           ///< listed at a checkout: authoritative and final
  discarded,       ///< flagged, then past a discard gate
  lost,            ///< its tag was placed again, yet it cannot have reached a gate flagged: final
};
const char* to_string(PlateState state);

/// One placement of a tag, as the controller knows it.
struct TrackedPlate {
  std::uint32_t tag = 0;
  std::uint32_t lane = 0;
  std::uint16_t item = 0;
  std::uint32_t order = kNoOrder;
  SimTime placed_time = 0;
  Micrometres placed_odo = 0;
  Micrometres expire_odo = INT64_MAX;  ///< lane signal lights at this reading (distance rule)
  SimTime expire_time = kNever;        ///< or at this time (time rule)
  PlateState state = PlateState::on_belt;
  SimTime last_seen_time = 0;  ///< last read, or placement
  Micrometres last_seen_odo = 0;
  std::uint32_t reads = 0;  ///< distinct passes read
  SimTime eaten_time = -1;  ///< estimated time eaten (inferred or checked out), else -1
  SimTime ended_time = -1;  ///< when it was inferred, discarded or checked out, else -1
  // Tracking state: the next checkpoint pass expected (counted over laps from placement), the
  // last pass read, and the current run of missed reads at working readers.
  std::uint64_t next_pass = 0;
  std::int64_t last_read_pass = -1;
  std::int32_t missed = 0;
  SimTime first_miss_time = 0;  ///< time of the first miss of the current run
  /// Readers that missed it since it was last read (the latest few): if it is read again, they
  /// missed a plate that was there.
  std::array<std::uint32_t, 4> unseen_by{};
  std::uint8_t unseen_count = 0;
  std::uint32_t live_index = UINT32_MAX;
  bool express = false;  ///< delivered by an express lane: never on the belt
};

enum class PlateChangeKind : std::uint8_t {
  inferred_eaten,  ///< count a sale at TrackedPlate::eaten_time
  uninferred,      ///< a read proved an inferred plate is still on the belt: undo the sale
  discarded,       ///< count waste
  undiscarded,     ///< a read proved a plate taken as discarded is still on the belt
  /// Its tag was placed again and it cannot have reached a gate flagged (PlateState::lost):
  lost_inferred,  ///< after it had been inferred eaten (this change follows an `uninferred`)
  lost_unseen,    ///< while it was taken as on the belt
};

/// What the tracker concluded, in order; the caller drains these into its ledgers.
struct PlateChange {
  PlateChangeKind kind = PlateChangeKind::inferred_eaten;
  std::uint32_t plate = 0;
  SimTime time = 0;         ///< when the tracker concluded it
  SimTime eaten_time = -1;  ///< inferred_eaten: the estimate; uninferred: the one withdrawn
};

enum class CheckoutOutcome : std::uint8_t {
  confirmed,        ///< was inferred eaten: the sale stands, now final
  counted,          ///< never inferred: count the sale now
  was_discarded,    ///< taken as discarded: undo the waste, count the sale
  already_counted,  ///< listed at an earlier checkout (never counted twice)
  unknown_tag,      ///< no plate on this tag
};

struct TrackerStats {
  std::int64_t placed = 0;     ///< placements on the belt and express deliveries
  std::int64_t delivered = 0;  ///< of which express deliveries
  std::int64_t reads = 0;
  std::int64_t duplicate_reads = 0;
  std::int64_t stray_reads = 0;         ///< unknown tag, wrong lane or a plate already ended
  std::int64_t off_position_reads = 0;  ///< the tag, but not where the encoder puts it
  std::int64_t missed_passes = 0;       ///< expected reads not received (all readers)
  std::int64_t misses_at_down_readers = 0;
  std::int64_t inferred = 0;
  std::int64_t uninferred = 0;
  std::int64_t discarded = 0;
  std::int64_t undiscarded = 0;
  std::int64_t reader_outages = 0;  ///< times a reader was taken as down
  std::int64_t reused_while_open = 0;
};

class PlateTracker {
 public:
  /// A reader that missed this many plates in a row, each read again further on (so they were
  /// there), is taken as down until it reads again.
  static constexpr std::int32_t kReaderDownAfter = 3;

  explicit PlateTracker(const StoreConfig& store);
  /// Copied only on purpose, with its controller (DayCheckpoint).
  explicit PlateTracker(const PlateTracker&) = default;
  PlateTracker& operator=(const PlateTracker&) = delete;

  /// A plate placed on `placed.tag` (a reused tag starts a new placement). Returns its plate id.
  /// Its expiry follows the store's discard rule exactly: placed reading + limit (distance), or
  /// placed time + the item's limit (time). Caller checks lane and item are in range.
  std::uint32_t place(const PlatePlaced& placed);
  /// A panel order's plate sent to its table by an express lane: a placement that is at once
  /// inferred eaten (at its arrival); the checkout confirms it, and if none does (the party had
  /// gone), it ends lost. Returns its plate id.
  std::uint32_t deliver(const ExpressSent& delivered);
  /// A tag read. Duplicates, unknown tags and reads off the expected position are counted.
  void read(const TagRead& read);
  /// Moves the encoder to `odometer` at `t` (never backwards) and processes every expected pass
  /// the belt has gone beyond: reads not received, and discard gates passed. Nothing passes at or
  /// after closing time.
  void advance(SimTime t, Micrometres odometer);
  /// A checkout lists `tag` as eaten at `t`.
  CheckoutOutcome checkout(std::uint32_t tag, SimTime t, std::uint32_t* plate_id);
  /// A speed change (or the speed at opening): from `m.time` the belt runs at `m.speed_mm_s`.
  /// With these, time_at() is exact for any reading of the day.
  void encoder(const EncoderReading& m);
  /// End of day, once every party has paid: a plate inferred eaten that no checkout listed was
  /// never taken. Each such plate is withdrawn (an `uninferred` change) and, by the expiry the
  /// controller set and the gates it passed, ends discarded (a `discarded` change) or on the
  /// belt. Returns how many were withdrawn.
  std::int64_t close_day();

  /// True once the plate's lane signal is lit at reading `odo` and time `t`.
  static bool flagged(const TrackedPlate& p, Micrometres odo, SimTime t) {
    return odo >= p.expire_odo || t >= p.expire_time;
  }
  bool reader_down(std::uint32_t reader) const { return readers_[reader].down; }
  std::vector<PlateChange>& changes() { return changes_; }
  const std::vector<TrackedPlate>& plates() const { return plates_; }
  /// Ids of plates in state on_belt, in no particular order.
  const std::vector<std::uint32_t>& live() const { return live_; }
  const TrackerStats& stats() const { return stats_; }
  Micrometres odometer() const { return cur_odo_; }
  SimTime now() const { return cur_t_; }
  /// The time the odometer reached `odo` (<= the current reading): exact from the speed changes
  /// reported by encoder(), else interpolated between the recent messages with a reading.
  SimTime time_at(Micrometres odo) const;

 private:
  struct ReaderState {
    std::int32_t unseen = 0;  ///< plates it missed in a row that were there (read later)
    bool down = false;
  };

  Micrometres pass_odo(const TrackedPlate& p, std::uint64_t pass) const;
  /// True if the belt has reached reading `at` before closing time.
  bool happened(Micrometres at) const;
  /// When the plate's lane signal lit (kNever if not yet), never before it was last seen.
  SimTime flag_time(const TrackedPlate& p) const;
  /// A plate known not to have been eaten: withdraws its inference, and if it has passed a gate
  /// flagged since it was last tracked, it ends discarded there (true); else it is on the belt.
  bool settle_uneaten(std::uint32_t id);
  void schedule(std::uint32_t id);
  /// A new placement of `tag` at `t`: the tag's previous plate, if still open, left unseen.
  void retire_tag(std::uint32_t tag, SimTime t);
  void process(const DuePass& due);
  void add_live(std::uint32_t id);
  void remove_live(std::uint32_t id);
  void change(PlateChangeKind kind, std::uint32_t id, SimTime t);

  const StoreConfig& store_;
  Micrometres tolerance_ = 0;
  std::vector<TrackedPlate> plates_;
  TagIndex by_tag_;  ///< tag -> its latest placement
  std::vector<std::uint32_t> live_;
  std::vector<ReaderState> readers_;
  /// Lane l's checkpoints have the due passes' FIFOs from lane_fifo_[l] on; the last entry is
  /// the number of FIFOs.
  std::vector<std::uint32_t> lane_fifo_;
  DueQueue due_;  ///< passes due, earliest (deadline, plate, pass) first
  std::vector<PlateChange> changes_;
  TrackerStats stats_;
  struct Segment {
    SimTime t = 0;
    Micrometres odo = 0;
    std::int32_t speed_mm_s = 0;
  };
  std::vector<Segment> segments_;  ///< one per speed change, in time order
  static constexpr std::size_t kSamples = 64;
  std::deque<std::pair<Micrometres, SimTime>> samples_;  ///< (reading, time), both increasing
  SimTime cur_t_ = 0;
  Micrometres cur_odo_ = 0;
};

}  // namespace kaiten
