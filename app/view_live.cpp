// The adapter between live/'s LiveWatch (MQTT, parsed messages) and viz's LiveScene (what the
// window draws): the one place that sees both, so that viz needs no MQTT and live no SFML.
#include "view_live.hpp"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <deque>
#include <map>

#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/live/live_watch.hpp"
#include "kaiten/viz/live_view.hpp"

namespace kaiten::app {
namespace {

constexpr const char* kMe = "kaiten-view";
volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int) {
  g_stop = 1;
}

// The published state in the viewer's terms: sellers by menu index (unknown ids are left out).
viz::PublishedTick published_of(const LiveState& s,
                                const std::map<std::string, std::uint16_t>& ids) {
  viz::PublishedTick t;
  t.time = s.t;
  for (const StateSeller& seller : s.top_day_plates)
    if (const auto it = ids.find(seller.item); it != ids.end())
      t.top.push_back({it->second, seller.plates});
  t.forecast = s.forecast;
  t.made = s.made;
  t.sold = s.sold;
  t.discarded = s.discarded;
  t.on_belt = s.on_belt;
  t.seated_people = s.seated_people;
  t.readers_down = s.readers_down;
  return t;
}

// The store's clock between its messages, which alone carry its time: the latest message's time,
// run on at the pace it kept against the wall clock over the last few seconds (1x for a real
// store, --speed for a simulated one), for at most viz::kMaxRunOn. Only for drawing.
class StoreClock {
 public:
  using Wall = std::chrono::steady_clock::time_point;

  void saw(SimTime t, Wall wall) {
    samples_.push_back({wall, t});
    while (samples_.size() > 2 && wall - samples_.front().first > kWindow) samples_.pop_front();
  }
  SimTime now(Wall wall, bool run_on) const {
    if (samples_.empty()) return 0;
    const auto& [w1, t1] = samples_.back();
    const auto& [w0, t0] = samples_.front();
    const double span = ms(w1 - w0);
    if (!run_on || span < 500) return t1;  // closed, or too little seen to tell the pace
    const double pace = static_cast<double>(t1 - t0) / span;  // store ms per wall ms
    return t1 + std::min(static_cast<SimTime>(pace * ms(wall - w1)), viz::kMaxRunOn);
  }

 private:
  static constexpr auto kWindow = std::chrono::seconds(5);
  static double ms(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  }
  std::deque<std::pair<Wall, SimTime>> samples_;
};

class Adapter {
 public:
  explicit Adapter(LiveWatch& watch) : watch_(watch) {}

  bool update(viz::LiveScene& scene) {
    const WatchUpdate u = watch_.take(std::chrono::milliseconds(0));
    if (u.header) take_header(scene, *u.header);
    const auto wall = std::chrono::steady_clock::now();
    if (scene.sensors && !u.sensors.empty()) {
      for (const SensorMessage& m : u.sensors) scene.sensors->on_message(m);
      clock_.saw(scene.sensors->time(), wall);
    }
    if (u.state) {
      latest_ = *u.state;
      scene.state_store = u.state->store;
      scene.state_done = u.state->done;
    }
    // Sellers are named by item id: mapped once the scenario is known (the state may come first).
    if (latest_) scene.state = published_of(*latest_, ids_);
    closed_ = closed_ || u.store_closed;
    if (scene.sensors)
      scene.store_now = std::max(scene.sensors->time(), clock_.now(wall, !closed_));
    const WatchStats stats = watch_.stats();
    scene.state_messages = stats.state_messages;
    scene.sensor_messages = stats.sensor_messages;
    scene.duplicates = stats.duplicates;
    scene.connections = stats.connections;
    scene.connected = watch_.connected();
    scene.status = status(scene);
    // Said on the terminal too, once per change: a screen nobody watches still leaves a trace.
    if (scene.status != said_) {
      said_ = scene.status;
      fmt::print(stderr, "{}: {}: {}\n", kMe, scene.where, said_);
    }
    return g_stop == 0;
  }

 private:
  void take_header(viz::LiveScene& scene, const FeedHeader& header) {
    const LoadResult loaded =
        load_recorded_scenario(header.scenario_yaml, "the store's header", header.overrides);
    if (!loaded.scenario) {
      for (const auto& e : loaded.errors) fmt::print(stderr, "{}: {}\n", kMe, e.to_string());
      header_error_ = true;
      return;
    }
    header_error_ = false;
    ids_.clear();
    for (std::size_t i = 0; i < loaded.scenario->menu.size(); ++i)
      ids_[loaded.scenario->menu[i].id] = static_cast<std::uint16_t>(i);
    scene.sensors.emplace(*loaded.scenario);
    clock_ = {};
    ++scene.scenario_version;
    closed_ = false;
  }

  std::string status(const viz::LiveScene& scene) const {
    if (!scene.connected)
      return scene.connections == 0 ? "waiting for broker" : "broker lost, reconnecting";
    if (header_error_) return "the store's header does not load (see stderr)";
    if (!scene.sensors) return "connected, waiting for the store";
    if (scene.state_done) return "live: the controller finished the day";
    if (closed_) return "live: the store has closed";
    return "live";
  }

  LiveWatch& watch_;
  std::map<std::string, std::uint16_t> ids_;
  std::optional<LiveState> latest_;
  StoreClock clock_;
  bool header_error_ = false;
  bool closed_ = false;
  std::string said_;
};

}  // namespace

int run_live_view(const LiveViewOptions& options) {
  if (!valid_broker_url(options.broker)) {
    fmt::print(stderr, "{}: --broker {}: expected tcp://HOST:PORT or mqtt://HOST:PORT\n", kMe,
               options.broker);
    return 2;
  }
  if (!valid_store_id(options.store)) {
    fmt::print(stderr,
               "{}: --store {}: 1 to 64 letters, digits, '-' or '_' (it names the topics)\n", kMe,
               options.store);
    return 2;
  }
  // SFML 2.5 aborts the process when it cannot open a display: say so before touching it.
  if (!viz::display_available()) {
    fmt::print(stderr, "{}\n", viz::kNoDisplayMessage);
    return 2;
  }
  const std::filesystem::path font = viz::find_font();
  if (font.empty()) {
    fmt::print(stderr,
               "{}: cannot find the DejaVu Sans font; install fonts-dejavu-core "
               "(apt-get install fonts-dejavu-core) or set KAITEN_FONT to a .ttf file\n",
               kMe);
    return 1;
  }
  LiveWatch watch(options.broker, options.store);
  Adapter adapter(watch);
  viz::LiveScene scene;
  scene.where = fmt::format("{}, store {}", options.broker, options.store);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  viz::LiveWindowOptions window;
  if (options.width > 0) window.width = options.width;
  if (options.height > 0) window.height = options.height;
  window.title = fmt::format("kaiten live \u2014 {}", scene.where);
  window.font = font;
  window.save_png = options.save_png;
  window.quit_after = options.quit_after;
  int code = 0;
  try {
    code = viz::run_live_window(
        scene, [&](viz::LiveScene& s) { return adapter.update(s); }, window);
  } catch (const viz::RenderError& e) {
    fmt::print(stderr, "{}: {}\n", kMe, e.what());
    code = 1;
  }
  fmt::print(
      "{}: live: {} state messages, {} sensor messages ({} repeats dropped), {} "
      "connections{}\n",
      kMe, scene.state_messages, scene.sensor_messages, scene.duplicates, scene.connections,
      code == 0 && !options.save_png.empty() ? fmt::format("; wrote {}", options.save_png) : "");
  return code;
}

}  // namespace kaiten::app
