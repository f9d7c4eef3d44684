// Rendering tests: they need a display (ctest runs them under xvfb-run -a when $DISPLAY is unset).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <set>

#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "kaiten/viz/viewer.hpp"
#include "viz_scenarios.hpp"

namespace kaiten::viz {
namespace {

using testing::made;

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kaiten-viz-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// Width and height from a PNG's IHDR chunk; {0, 0} if the file is not a PNG.
std::pair<unsigned, unsigned> png_size(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char h[24] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  if (!in || h[0] != 0x89 || h[1] != 'P' || h[2] != 'N' || h[3] != 'G') return {0, 0};
  auto be32 = [&](int at) {
    return (unsigned{h[at]} << 24) | (unsigned{h[at + 1]} << 16) | (unsigned{h[at + 2]} << 8) |
           unsigned{h[at + 3]};
  };
  return {be32(16), be32(20)};
}

int channel_distance(Rgb a, Rgb b) {
  return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

class Render : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(display_available()) << kNoDisplayMessage;
    font_ = find_font();
    ASSERT_FALSE(font_.empty()) << "install fonts-dejavu-core";
  }
  std::filesystem::path font_;
};

// Three fresh plates on the 10 m test loop (1 mm per ms). At 12.5 s plate 0 (slot 4, item 0) is
// at 600 + 12500 = 3100 mm, plate 1 (slot 10, item 1) at 4000 mm, plate 2 (slot 20, item 2) at
// 3000 + 12500 = 5500 mm.
TEST_F(Render, PlatesAppearInTheirItemColourWhereTheSimulationPutsThem) {
  Playback pb(testing::viz_loop(),
              {made(500, 1, 1, 10), made(1400, 0, 0, 4), made(9000, 2, 2, 20)});
  pb.seek(12'500);
  OffscreenRenderer r(pb, kDefaultWidth, kDefaultHeight, font_);
  ViewState view;
  r.render(view);
  ASSERT_GT(r.layout().plate_radius(), 10.0F);  // a big plate: its centre is its item colour
  const std::pair<Micrometres, std::uint16_t> expected[] = {
      {mm_to_um(3100), 0}, {mm_to_um(4000), 1}, {mm_to_um(5500), 2}};
  for (const auto& [position, item] : expected) {
    const Vec2 p = to_frame(r.screen(), view, r.layout().point_at(0, position).at);
    const Rgb got = r.pixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
    EXPECT_LE(channel_distance(got, item_colour(item)), 6)
        << "item " << item << " at " << p.x << "," << p.y << ": got " << int{got.r} << ","
        << int{got.g} << "," << int{got.b};
  }
  // Where no plate is (the middle of the empty bottom of the loop) there is no item colour.
  const Vec2 empty = r.layout().point_at(0, mm_to_um(9000)).at;
  const Rgb bg = r.pixel(static_cast<unsigned>(empty.x), static_cast<unsigned>(empty.y));
  for (std::uint16_t item = 0; item < 3; ++item)
    EXPECT_GT(channel_distance(bg, item_colour(item)), 30);
}

// Express plates (tests/viz/express_test.cpp has the times): at 4.5 s the salmon (item 1) sent
// by XA at 2 s is half-way to table 0, the roe (item 2) sent by XB at 3 s 3/8 of the way to table
// 3; at 9 s the roe, sent back, is half-way home. Each is drawn in its item's colour there.
TEST_F(Render, ExpressPlatesAppearWhereTheirTripPutsThem) {
  const std::vector<TruthEvent> events = {
      {1000, TruthKind::panel_order, 0, 1, 70, 0, 0, 0},
      {2000, TruthKind::plate_made, 1, 1, 3, 0, 0, 1},
      {2500, TruthKind::panel_order, 0, 2, 71, 0, 1, 3},
      {3000, TruthKind::plate_made, 2, 2, 4, 0, 0, 2},
      {7000, TruthKind::plate_eaten, 1, 1, 3, 0, 5000, 0},
      {7000, TruthKind::plate_discarded, 2, 2, 4, 0, 2000, UINT32_MAX},
  };
  Playback pb(testing::viz_express(), events);
  OffscreenRenderer r(pb, kDefaultWidth, kDefaultHeight, font_);
  ViewState view;
  const struct {
    SimTime t;
    std::uint32_t express;
    std::uint32_t table;
    double progress;
    std::uint16_t item;
  } expected[] = {{4500, 0, 0, 0.5, 1}, {4500, 1, 3, 0.375, 2}, {9000, 1, 3, 0.5, 2}};
  for (const auto& e : expected) {
    pb.seek(e.t);
    r.render(view);
    const Vec2 p =
        to_frame(r.screen(), view, r.layout().express_point(e.express, e.table, e.progress));
    const Rgb got = r.pixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
    EXPECT_LE(channel_distance(got, item_colour(e.item)), 6)
        << "t " << e.t << " item " << e.item << " at " << p.x << "," << p.y;
  }
  // At 11 s nothing is on either lane: the salmon's spot shows no salmon.
  pb.seek(11'000);
  r.render(view);
  const Vec2 p = to_frame(r.screen(), view, r.layout().express_point(0, 0, 0.5));
  EXPECT_GT(channel_distance(r.pixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y)),
                             item_colour(1)),
            30);
}

TEST_F(Render, ZoomedFollowingAndOverlaysStillPutPlatesWhereTheyAre) {
  Playback pb(testing::viz_loop(),
              {made(500, 1, 1, 10), made(1400, 0, 0, 4), made(9000, 2, 2, 20)});
  pb.seek(12'500);
  OffscreenRenderer r(pb, 1280, 720, font_);
  ViewState view;
  view.follow = PlateRef{1, 0};
  view.zoom = 3;
  view.centre = r.layout().point_at(0, mm_to_um(4000)).at;
  view.help = false;
  view.panels = {false, true, false};
  view.message = "following plate 1.0";
  view.mouse = to_frame(r.screen(), view, r.layout().point_at(0, mm_to_um(5500)).at);
  r.render(view);
  const Vec2 p = to_frame(r.screen(), view, r.layout().point_at(0, mm_to_um(4000)).at);
  EXPECT_NEAR(p.x, r.screen().belt.centre().x, 0.01);
  EXPECT_LE(channel_distance(r.pixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y)),
                             item_colour(1)),
            6);
  view.help = true;
  r.render(view);  // the help overlay covers the middle of the belt
  EXPECT_GT(channel_distance(r.pixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y)),
                             item_colour(1)),
            20);
}

TEST_F(Render, SnapshotOfTheDefaultScenarioHasTheSizeAndIsNotBlank) {
  DaySource day =
      simulate_scenario(std::string(KAITEN_SOURCE_DIR) + "/scenarios/default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario) << (day.errors.empty() ? std::string() : day.errors.front());
  ASSERT_FALSE(day.published.empty());  // the panels show the controller's state
  Playback pb(*day.scenario, std::move(day.events), {}, std::move(day.published));
  const auto dir = temp_dir();
  const auto out = dir / "default-1305.png";
  ViewState view;
  view.source = day.description;
  render_snapshot(pb, 13 * kMsPerHour + 5 * kMsPerMinute, kDefaultWidth, kDefaultHeight, font_,
                  view, out);
  EXPECT_EQ(png_size(out), (std::pair<unsigned, unsigned>{1600, 900}));
  EXPECT_FALSE(std::filesystem::exists(dir / "default-1305.png.tmp.png"));
  EXPECT_GT(pb.state().on_belt, 100);

  OffscreenRenderer r(pb, 1600, 900, font_);
  r.render(view);
  std::set<std::tuple<int, int, int>> colours;
  for (unsigned y = 0; y < 900; y += 3)
    for (unsigned x = 0; x < 1600; x += 3) {
      const Rgb c = r.pixel(x, y);
      colours.insert({c.r, c.g, c.b});
    }
  EXPECT_GT(colours.size(), 200U);
  // Every item colour on the belt shows up somewhere in the frame.
  std::set<std::uint16_t> items_on_belt;
  for (const PlateView& v : pb.plates()) items_on_belt.insert(v.state->item);
  std::size_t found = 0;
  for (std::uint16_t item : items_on_belt) {
    const Rgb c = item_colour(item);
    found += colours.count({c.r, c.g, c.b});
  }
  EXPECT_GE(found, items_on_belt.size() * 8 / 10);
  std::filesystem::remove_all(dir);
}

// The forecast chart: hand-made ticks every minute, each forecasting 15 plates over the next 15
// minutes, and nothing eaten. At 40 minutes the chart spans 0:00 to 1:00 (15 minutes past now, at
// least an hour) on a scale of 20 plates: the forecast is a flat line a quarter of the chart's
// height (40 px at 900 px high) below its top, from 0:15 to 0:55; the plates eaten a flat line on
// its base, from 0:15 to 0:40. Across the middle of the panel, nothing else has their colours.
TEST_F(Render, TheForecastChartDrawsTheControllersForecastAgainstWhatWasEaten) {
  std::vector<PublishedTick> ticks;
  for (SimTime t = 0; t <= 60 * kMsPerMinute; t += kMsPerMinute) {
    PublishedTick p;
    p.time = t;
    p.forecast = {1.0, 15.0};
    p.top = {{1, 4}, {0, 2}};
    ticks.push_back(p);
  }
  Playback pb(testing::viz_loop(), {made(1400, 0, 0, 4)}, {}, ticks);
  pb.seek(40 * kMsPerMinute);
  OffscreenRenderer r(pb, kDefaultWidth, kDefaultHeight, font_);
  ViewState view;
  r.render(view);
  const Rect& panel = r.screen().panel;
  const auto x = static_cast<unsigned>(panel.x + panel.w * 0.5F);
  const Rgb forecast{255, 170, 70};
  const Rgb eaten{110, 200, 150};
  std::vector<unsigned> forecast_rows;
  std::vector<unsigned> eaten_rows;
  for (unsigned y = 0; y < kDefaultHeight; ++y) {
    const Rgb c = r.pixel(x, y);
    if (channel_distance(c, forecast) <= 8) forecast_rows.push_back(y);
    if (channel_distance(c, eaten) <= 8) eaten_rows.push_back(y);
  }
  ASSERT_FALSE(forecast_rows.empty());
  ASSERT_FALSE(eaten_rows.empty());
  EXPECT_LE(forecast_rows.back() - forecast_rows.front(), 1U);
  EXPECT_LE(eaten_rows.back() - eaten_rows.front(), 1U);
  EXPECT_NEAR(static_cast<double>(eaten_rows.front()) - forecast_rows.front(), 30.0, 1.5);
  // Left of 0:15 neither line is drawn; between 0:40 and 0:55 only the forecast is.
  const auto at = [&](double f) {
    return static_cast<unsigned>(panel.x + 18 + (panel.w - 36) * f);
  };
  EXPECT_GT(channel_distance(r.pixel(at(0.1), forecast_rows.front()), forecast), 8);
  EXPECT_GT(channel_distance(r.pixel(at(0.1), eaten_rows.front()), eaten), 8);
  EXPECT_LE(channel_distance(r.pixel(at(0.8), forecast_rows.front()), forecast), 8);
  EXPECT_GT(channel_distance(r.pixel(at(0.8), eaten_rows.front()), eaten), 8);

  // Without the controller's state there is no forecast section.
  Playback truth_only(testing::viz_loop(), {made(1400, 0, 0, 4)});
  truth_only.seek(40 * kMsPerMinute);
  OffscreenRenderer plain(truth_only, kDefaultWidth, kDefaultHeight, font_);
  plain.render(view);
  for (unsigned y = 0; y < kDefaultHeight; ++y)
    ASSERT_GT(channel_distance(plain.pixel(x, y), eaten), 8) << y;
}

// Following a party outlines its table in the follow colour (clear of the flash of a plate taken).
TEST_F(Render, TheFollowedPartysTableIsOutlined) {
  DaySource day =
      simulate_scenario(std::string(KAITEN_SOURCE_DIR) + "/scenarios/default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  Playback pb(*day.scenario, std::move(day.events), {}, std::move(day.published));
  pb.seek(13 * kMsPerHour);
  OffscreenRenderer r(pb, kDefaultWidth, kDefaultHeight, font_);
  const TableBox* seated = nullptr;
  for (const TableBox& t : r.layout().tables())
    if (pb.state().tables[t.table].phase == TablePhase::seated) seated = &t;
  ASSERT_NE(seated, nullptr);
  const auto edge_x = static_cast<unsigned>(seated->box.x - 4);
  const auto edge_y = static_cast<unsigned>(seated->box.y + seated->box.h / 2);
  ViewState view;
  r.render(view);
  EXPECT_GT(channel_distance(r.pixel(edge_x, edge_y), {255, 230, 60}), 20);
  view.follow_party = pb.state().tables[seated->table].party;
  r.render(view);
  EXPECT_LE(channel_distance(r.pixel(edge_x, edge_y), {255, 230, 60}), 6);
}

TEST_F(Render, SnapshotSizesAndFailures) {
  Playback pb(testing::viz_loop(), {made(1400, 0, 0, 4)});
  const auto dir = temp_dir();
  render_snapshot(pb, 5000, 640, 480, font_, {}, dir / "small.png");
  EXPECT_EQ(png_size(dir / "small.png"), (std::pair<unsigned, unsigned>{640, 480}));
  EXPECT_THROW(render_snapshot(pb, 5000, 640, 480, font_, {}, dir / "missing" / "x.png"),
               RenderError);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
  EXPECT_THROW(OffscreenRenderer(pb, 640, 480, dir / "no-such-font.ttf"), RenderError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kaiten::viz
