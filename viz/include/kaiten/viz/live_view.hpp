#pragma once
// The viewer attached to a live store (`kaiten view --broker`): what it draws, as plain data
// filled by the program from the store's messages (app/view_live.cpp, through live/'s LiveWatch).
// viz sees no MQTT and the live module no SFML.
//
// SensorBelt is the belt as the store's sensors see it: a plate appears when the kitchen's tag
// writer places it, moves with the belt encoder, and is last known where a reader saw it. The
// sensors never see a plate taken; after a reader has missed it, it is shown faded, and after it
// has gone unseen for kGoneLaps laps, or its tag was checked out or written again, it is gone.
// This is what the controller has to work with, not ground truth.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/sensor.hpp"
#include "kaiten/sim/belt.hpp"
#include "kaiten/viz/published.hpp"
#include "kaiten/viz/viewer.hpp"

namespace kaiten::viz {

/// Laps a plate may go unseen before the screen drops it: one missed read is common (docs/
/// feed.md's reader faults), a lap and a half without any read means it has left the belt.
inline constexpr double kGoneLaps = 1.5;
/// Between messages the belt is taken to run on at the encoder's last speed, for at most this
/// long after the last message: one controller clock tick (`controller.tick_s`' default), the
/// longest a quiet open store goes without an encoder reading.
inline constexpr SimTime kMaxRunOn = 60 * kMsPerSecond;

struct SensedPlate {
  std::uint8_t lane = 0;
  std::uint16_t item = 0;
  bool ordered = false;  ///< made for a touch-panel order
  SimTime placed = 0;
  Micrometres placed_at = 0;  ///< encoder when the kitchen placed it
  Micrometres last_seen = 0;  ///< encoder at its last read (or placing)
};

/// A plate where the sensors have it now.
struct SensedPlateView {
  std::uint32_t tag = 0;
  const SensedPlate* plate = nullptr;
  Micrometres position = 0;   ///< along its lane
  Micrometres travelled = 0;  ///< since placed
  bool missed = false;        ///< a reader it must have passed did not see it
};

class SensorBelt {
 public:
  /// Takes a validated scenario (the store's header); messages naming a lane, item or reader it
  /// does not have are ignored and counted.
  explicit SensorBelt(ScenarioDef def);

  void on_message(const SensorMessage& message);
  const ScenarioDef& scenario() const { return def_; }
  const Belt& belt() const { return belt_; }
  SimTime time() const { return time_; }              ///< latest message time
  Micrometres odometer() const { return odometer_; }  ///< latest encoder reading
  /// The encoder at store time `at` (>= time()): the latest reading, run on at the last speed
  /// reported, for at most kMaxRunOn.
  Micrometres odometer_at(SimTime at) const;
  /// The plates at the latest message's time, or at store time `at` (the belt run on).
  std::vector<SensedPlateView> plates() const { return plates(time_); }
  std::vector<SensedPlateView> plates(SimTime at) const;
  /// When each reader last read a tag (kNever: not yet), by reader index.
  const std::vector<SimTime>& last_read() const { return last_read_; }
  std::int64_t ignored() const { return ignored_; }

 private:
  ScenarioDef def_;
  Belt belt_;
  std::vector<std::uint32_t> reader_lane_;
  std::vector<Micrometres> reader_from_kitchen_;
  std::unordered_map<std::uint32_t, SensedPlate> plates_;  ///< by tag
  std::vector<SimTime> last_read_;
  SimTime time_ = 0;
  Micrometres odometer_ = 0;
  std::int32_t speed_mm_s_ = 0;  ///< the encoder's last reported speed (the scenario's at first)
  std::int64_t ignored_ = 0;
};

/// Everything the live window draws. The program owns it and updates it between frames.
struct LiveScene {
  std::string where;   ///< "tcp://HOST:PORT, store ID"
  std::string status;  ///< "waiting for the broker", "waiting for the store", "live"...
  bool connected = false;
  std::optional<SensorBelt> sensors;  ///< set once the store's header came
  /// The store's clock now, as the program estimates it between messages (>= sensors->time()).
  SimTime store_now = 0;
  std::uint64_t scenario_version = 0;  ///< changes when `sensors` gets a new scenario
  std::optional<PublishedTick> state;  ///< the controller's latest published state
  std::string state_store;             ///< its store name
  bool state_done = false;             ///< the controller finished the day
  std::int64_t state_messages = 0;
  std::int64_t sensor_messages = 0;
  std::int64_t duplicates = 0;
  std::uint64_t connections = 0;
};

struct LiveWindowOptions {
  unsigned width = kDefaultWidth;
  unsigned height = kDefaultHeight;
  std::string title = "kaiten live";
  std::filesystem::path font;
  std::string save_png;              ///< non-empty: the last frame is written here at exit
  std::optional<double> quit_after;  ///< close by itself after this many seconds
};

/// Opens a window and draws `scene`, calling `update` before each frame (about 30 a second) to
/// bring it up to date; `update` returning false closes it (a signal), as do Esc and the window's
/// close button. Returns 0. Throws RenderError (no font, the PNG cannot be written).
int run_live_window(LiveScene& scene, const std::function<bool(LiveScene&)>& update,
                    const LiveWindowOptions& options);

}  // namespace kaiten::viz
