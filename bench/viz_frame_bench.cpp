// Frame time of the viewer: one 1600x900 frame drawn into an off-screen texture and finished
// (glFinish), with the playback advanced as at 60x and 60 frames per second (one simulated second
// per frame). Real time is the frame time; process CPU time counts Mesa's rendering threads too.
// Needs a display: xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" build/.../kaiten_viz_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>

#include "kaiten/sim/day.hpp"
#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "kaiten/viz/viewer.hpp"

namespace {

using namespace kaiten;
using namespace kaiten::viz;

// Four 60 m lanes (400 slots each) fed 30 plates a minute with nobody eating: more than 1,000
// plates on the belt from about 40 minutes after opening until the first discards.
BeltPoint point(const std::string& id, PointKind kind, std::int64_t at_mm) {
  BeltPoint p;
  p.id = id;
  p.kind = kind;
  p.at_mm = at_mm;
  return p;
}

ScenarioDef crowded_belt() {
  ScenarioDef def;
  def.name = "1,000 plates";
  def.open = 11 * kMsPerHour;
  def.close = 13 * kMsPerHour;
  for (int i = 0; i < 24; ++i) {
    MenuItem m;
    m.id = "item" + std::to_string(i);
    m.name = "Item " + std::to_string(i);
    m.price_yen = 120;
    m.cost_yen = 60;
    m.popularity = 1.0 + i % 5;
    def.menu.push_back(m);
  }
  for (const char* lane : {"A", "B", "C", "D"}) {
    LaneDef l;
    l.id = lane;
    l.length_mm = 60000;
    l.points.push_back(point(l.id + "-kitchen", PointKind::kitchen, 0));
    l.points.push_back(point(l.id + "-gate", PointKind::discard_gate, 59500));
    for (int r = 0; r < 4; ++r)
      l.points.push_back(
          point(l.id + "-reader-" + std::to_string(r + 1), PointKind::reader, 1000 + 15000 * r));
    def.belt.lanes.push_back(l);
    for (int t = 0; t < 16; ++t) {
      TableDef table;
      table.id = l.id + "-booth-" + std::to_string(t + 1);
      table.lane = l.id;
      table.kind = TableKind::booth;
      table.seats = 4;
      table.at_mm = 2000 + 3600 * t;
      def.tables.push_back(table);
    }
  }
  set_single_station(def.kitchen, 30);
  def.kitchen.max_backlog_plates = 50;
  def.eating.take_probability_per_pass = 0.0;
  return def;
}

struct Setup {
  std::unique_ptr<Playback> playback;
  SimTime first = 0;  ///< the first time with at least `plates` plates on the belt
};

Setup make(ScenarioDef def, std::int64_t plates) {
  EventRecorder recorder;
  simulate_day(def, 1, &recorder);
  Setup s;
  s.playback = std::make_unique<Playback>(std::move(def), std::move(recorder.events()));
  for (SimTime t = s.playback->start(); t <= s.playback->end(); t += kMsPerMinute) {
    s.playback->seek(t);
    if (s.playback->state().on_belt >= plates) {
      s.first = t;
      return s;
    }
  }
  s.first = s.playback->start();
  return s;
}

void frames(benchmark::State& state, Setup& setup, unsigned width, unsigned height,
            unsigned antialiasing) {
  if (!display_available()) {
    state.SkipWithError(kNoDisplayMessage);
    return;
  }
  Playback& pb = *setup.playback;
  OffscreenRenderer renderer(pb, width, height, find_font(), antialiasing);
  ViewState view;  // 60x, all panels shown
  SimTime t = setup.first;
  std::int64_t plates = 0;
  std::int64_t n = 0;
  for (auto _ : state) {
    t += kMsPerSecond;  // 60x at 60 frames per second
    if (t > pb.end()) t = setup.first;
    pb.seek(t);
    renderer.render(view);
    renderer.finish();
    plates += pb.state().on_belt;
    ++n;
  }
  state.counters["plates"] = n == 0 ? 0.0 : static_cast<double>(plates) / static_cast<double>(n);
}

void BM_Frame1000Plates(benchmark::State& state) {
  static Setup setup = make(crowded_belt(), 1000);
  frames(state, setup, 1600, 900, static_cast<unsigned>(state.range(0)));
}
// Arg: the multisampling level: 0 as in the window (kWindowAntialiasing), 4 as in snapshots.
BENCHMARK(BM_Frame1000Plates)
    ->Arg(0)
    ->Arg(4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->MinTime(3.0);

void BM_FrameDefaultScenario(benchmark::State& state) {
  static Setup setup = [] {
    DaySource day = simulate_scenario(KAITEN_SOURCE_DIR "/scenarios/default.yaml", std::nullopt);
    Setup s;
    // With the controller's published state, as `kaiten view` draws it (its panels and chart).
    s.playback = std::make_unique<Playback>(*day.scenario, std::move(day.events), PlaybackOptions{},
                                            std::move(day.published));
    s.first = 13 * kMsPerHour + 5 * kMsPerMinute;
    return s;
  }();
  frames(state, setup, 1600, 900, kWindowAntialiasing);
}
BENCHMARK(BM_FrameDefaultScenario)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
