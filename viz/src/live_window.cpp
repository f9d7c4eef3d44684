// The live window (`kaiten view --broker`): the belt as the sensors see it and the controller's
// published state, redrawn about 30 times a second from a LiveScene the program keeps current.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "display.hpp"
#include "draw.hpp"
#include "frame.hpp"
#include "kaiten/viz/live_view.hpp"
#include "kaiten/viz/palette.hpp"

namespace kaiten::viz {
namespace {

constexpr unsigned kFrameRate = 30;
/// A reader is lit this long (store time) after it read a tag.
constexpr SimTime kReaderLit = 2 * kMsPerSecond;
inline const sf::Color kReaderLitColour(170, 230, 255);

class LiveFrame {
 public:
  LiveFrame(const Fonts& fonts, unsigned width, unsigned height) : fonts_(fonts) {
    resize(width, height);
  }

  void resize(unsigned width, unsigned height) {
    width_ = std::max(width, 320U);
    height_ = std::max(height, 240U);
    scale_ = std::clamp(static_cast<float>(height_) / 900.0F, 0.6F, 2.5F);
    screen_ = split_screen(width_, height_);
    version_ = ~0ULL;  // lay the belt out again
  }

  void draw(sf::RenderTarget& target, const LiveScene& scene) {
    target.setView(
        sf::View(sf::FloatRect(0, 0, static_cast<float>(width_), static_cast<float>(height_))));
    target.clear(kPanel);
    sf::VertexArray va(sf::Triangles);
    rect(va, screen_.belt, kBackground);
    target.draw(va);
    if (scene.sensors) {
      draw_belt(target, *scene.sensors, scene.store_now, scene.scenario_version);
    } else {
      const Vec2 c = screen_.belt.centre();
      text(target, scene.connected ? "waiting for the store" : "waiting for broker", 30, c.x,
           c.y - 30 * scale_, kAccent, 1, true);
      text(target, scene.where, 15, c.x, c.y + 14 * scale_, kDim, 1);
    }
    draw_panel(target, scene);
  }

 private:
  unsigned px(float size) const {
    return static_cast<unsigned>(std::max(9.0F, std::round(size * scale_)));
  }

  // align 0: left, 1: centred, 2: right at x.
  float text(sf::RenderTarget& target, const std::string& s, float size, float x, float y,
             sf::Color colour, int align = 0, bool bold = false) {
    sf::Text t(utf8(s), bold ? fonts_.bold : fonts_.regular, px(size));
    t.setFillColor(colour);
    const float w = t.getLocalBounds().width;
    t.setPosition(std::round(align == 0 ? x : (align == 1 ? x - w / 2 : x - w)), std::round(y));
    target.draw(t);
    return static_cast<float>(px(size)) * 1.35F;
  }

  // `s` cut short with "…" to fit `width` pixels.
  std::string fit(const std::string& s, float size, float width) const {
    sf::Text t(utf8(s), fonts_.regular, px(size));
    if (t.getLocalBounds().width <= width) return s;
    sf::String u = utf8(s);
    const sf::String ellipsis = utf8("\u2026");
    while (u.getSize() > 1) {
      u.erase(u.getSize() - 1);
      t.setString(u + ellipsis);
      if (t.getLocalBounds().width <= width) break;
    }
    const auto out = (u + ellipsis).toUtf8();
    return {out.begin(), out.end()};
  }

  void draw_belt(sf::RenderTarget& target, const SensorBelt& sensors, SimTime now,
                 std::uint64_t version) {
    if (version != version_ || !layout_) {
      layout_ = std::make_unique<Layout>(sensors.scenario(), sensors.belt(), screen_.belt);
      version_ = version;
    }
    const Belt& belt = sensors.belt();
    const float bw = layout_->belt_width();
    sf::VertexArray va(sf::Triangles);
    for (std::size_t li = 0; li < belt.lanes.size(); ++li) {
      const Lane& lane = belt.lanes[li];
      const int n = std::max(96, static_cast<int>(layout_->loops()[li].perimeter / 4.0));
      for (int k = 0; k < n; ++k) {
        const PathPoint a = layout_->point_at(li, lane.length * k / n);
        const PathPoint b = layout_->point_at(li, lane.length * (k + 1) / n);
        quad(va, add(v2(a.at), a.outward, -bw / 2), add(v2(a.at), a.outward, bw / 2),
             add(v2(b.at), b.outward, bw / 2), add(v2(b.at), b.outward, -bw / 2), kBelt);
      }
    }
    // Markers: readers light up when they read a tag.
    for (const Marker& m : layout_->markers()) {
      sf::Color colour = m.kind == PointKind::discard_gate ? kGate : kKitchen;
      if (m.kind == PointKind::reader) {
        const SimTime read =
            m.index < sensors.last_read().size() ? sensors.last_read()[m.index] : kNever;
        const bool lit = read != kNever && now - read <= kReaderLit;
        colour = lit ? kReaderLitColour : kReader;
      }
      const float half = bw / 2 + 4 * scale_;
      const sf::Vector2f at = v2(m.point.at);
      line(va, add(at, m.point.outward, -half), add(at, m.point.outward, half),
           std::max(2.0F, 3 * scale_), colour);
    }
    // Plates where the sensors have them; faded once a reader missed them.
    const float r = layout_->plate_radius();
    std::vector<std::int64_t> per_lane(belt.lanes.size(), 0);
    for (const SensedPlateView& p : sensors.plates(now)) {
      const sf::Vector2f c = v2(layout_->point_at(p.plate->lane, p.position).at);
      const float alpha = p.missed ? 0.35F : 1.0F;
      disc(va, c, r, with_alpha(p.plate->ordered ? kOrderedRim : kPlateRim, alpha));
      disc(va, c, r * 0.78F, with_alpha(to_sf(item_colour(p.plate->item)), alpha));
      if (!p.missed) ++per_lane[p.plate->lane];
    }
    target.draw(va);
    for (std::size_t li = 0; li < belt.lanes.size(); ++li) {
      const Vec2 c = layout_->loops()[li].box.centre();
      text(target, "Lane " + belt.lanes[li].id, 17, c.x, c.y - 22 * scale_, kTitle, 1, true);
      text(target, fmt::format("{} plates seen on the belt", grouped(per_lane[li])), 12, c.x,
           c.y + 2 * scale_, kText, 1);
    }
  }

  void row(sf::RenderTarget& target, float& y, const std::string& label, const std::string& value,
           sf::Color colour = kText) {
    const Rect& p = screen_.panel;
    text(target, label, 13, p.x + 16 * scale_, y, kDim);
    y += text(target, value, 13, p.x + p.w - 16 * scale_, y, colour, 2);
  }

  void heading(sf::RenderTarget& target, float& y, const std::string& title,
               const std::string& note) {
    const Rect& p = screen_.panel;
    y += 8 * scale_;
    text(target, note, 11, p.x + p.w - 16 * scale_, y + 3 * scale_, kDim, 2);
    y += text(target, title, 15, p.x + 16 * scale_, y, kTitle, 0, true);
  }

  void draw_panel(sf::RenderTarget& target, const LiveScene& scene) {
    const Rect& p = screen_.panel;
    const float x = p.x + 16 * scale_;
    float y = p.y + 12 * scale_;
    const std::string name = scene.sensors ? scene.sensors->scenario().name : scene.state_store;
    y += text(target, name.empty() ? "kaiten live" : name, 20, x, y, kTitle, 0, true);
    y += text(target, scene.where, 12, x, y, kDim);
    y += text(target, scene.status, 14, x, y, scene.connected ? kText : kAccent, 0, true);
    if (scene.sensors)
      y += text(target, "store clock " + hhmmss(scene.store_now), 22, x, y, kTitle, 0, true);

    if (scene.state) {
      const PublishedTick& s = *scene.state;
      heading(target, y, "Plates", fmt::format("controller, published {}", hhmm(s.time)));
      row(target, y, "made", grouped(s.made));
      row(target, y, "sold", grouped(s.sold));
      row(target, y, "discarded", grouped(s.discarded));
      row(target, y, "on the belt", grouped(s.on_belt));
      row(target, y, "waste so far",
          s.made > 0 ? fmt::format("{:.1f} %", 100.0 * static_cast<double>(s.discarded) /
                                                   static_cast<double>(s.made))
                     : "-");
      row(target, y, "people seated", grouped(s.seated_people));
      if (s.readers_down > 0) row(target, y, "readers down", grouped(s.readers_down), kGate);
      if (scene.state_done) row(target, y, "day", "done", kAccent);
      heading(target, y, "Forecast", "controller");
      row(target, y, "next 1 min", fmt::format("{:.1f} plates", s.forecast[0]));
      row(target, y, "next 15 min", fmt::format("{:.1f} plates", s.forecast[1]));
      heading(target, y, "Top 10 sellers", "controller, live");
      const std::int64_t most = s.top.empty() ? 1 : std::max<std::int64_t>(1, s.top[0].plates);
      sf::VertexArray bars(sf::Triangles);
      if (s.top.empty()) y += text(target, "no sales known yet", 13, x, y, kDim);
      for (std::size_t i = 0; i < s.top.size() && i < 10; ++i) {
        const PublishedSeller& seller = s.top[i];
        const bool known = scene.sensors && seller.item < scene.sensors->scenario().menu.size();
        const std::string item = known ? scene.sensors->scenario().menu[seller.item].name
                                       : fmt::format("item {}", seller.item);
        // The bars take the column left of the counts; names are cut short to keep out of it.
        const float column = (p.w - 32 * scale_) * 0.35F;
        const float w = column * static_cast<float>(seller.plates) / static_cast<float>(most);
        const float right = p.x + p.w - 16 * scale_ - 48 * scale_;
        rect(bars, {right - w, y + 4 * scale_, w, 9 * scale_}, to_sf(item_colour(seller.item)));
        const std::string label = fmt::format("{:>2}. {}", i + 1, item);
        row(target, y, fit(label, 13, right - column - 8 * scale_ - x), grouped(seller.plates));
      }
      target.draw(bars);
    } else {
      heading(target, y, "Controller", "");
      y += text(target, "no published state yet", 13, x, y, kDim);
    }

    heading(target, y, "Received", "this screen");
    row(target, y, "state messages", grouped(scene.state_messages));
    row(target, y, "sensor messages", grouped(scene.sensor_messages));
    row(target, y, "repeats dropped", grouped(scene.duplicates));
    row(target, y, "connections", grouped(static_cast<std::int64_t>(scene.connections)));
    text(target, "The belt as the sensors see it;", 11, x, p.y + p.h - 40 * scale_, kDim);
    text(target, "faded: a reader missed the plate.", 11, x, p.y + p.h - 24 * scale_, kDim);
  }

  const Fonts& fonts_;
  unsigned width_ = 0;
  unsigned height_ = 0;
  float scale_ = 1;
  Screen screen_;
  std::unique_ptr<Layout> layout_;
  std::uint64_t version_ = ~0ULL;
};

void save_frame(LiveFrame& frame, const LiveScene& scene, unsigned width, unsigned height,
                const std::filesystem::path& path) {
  sf::RenderTexture texture;
  if (!texture.create(width, height))
    throw RenderError("cannot create a texture for " + path.string());
  frame.resize(width, height);
  frame.draw(texture, scene);
  texture.display();
  // SFML picks the format from the extension, so the temporary name ends in .png too.
  std::filesystem::path temp = path;
  temp += ".tmp.png";
  std::error_code ec;
  if (!texture.getTexture().copyToImage().saveToFile(temp.string())) {
    std::filesystem::remove(temp, ec);
    throw RenderError("cannot write " + path.string());
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw RenderError("cannot write " + path.string() + ": " + ec.message());
  }
}

}  // namespace

int run_live_window(LiveScene& scene, const std::function<bool(LiveScene&)>& update,
                    const LiveWindowOptions& options) {
  Fonts fonts;
  load_fonts(fonts, options.font);
  hold_display();
  sf::RenderWindow window(sf::VideoMode(options.width, options.height),
                          sf::String::fromUtf8(options.title.begin(), options.title.end()));
  window.setFramerateLimit(kFrameRate);
  LiveFrame frame(fonts, options.width, options.height);
  unsigned width = options.width;
  unsigned height = options.height;
  const sf::Clock wall;
  sf::Event event;
  while (window.isOpen()) {
    while (window.pollEvent(event)) {
      if (event.type == sf::Event::Closed ||
          (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape))
        window.close();
      if (event.type == sf::Event::Resized) {
        width = event.size.width;
        height = event.size.height;
        window.setView(
            sf::View(sf::FloatRect(0, 0, static_cast<float>(width), static_cast<float>(height))));
        frame.resize(width, height);
      }
    }
    if (!update(scene)) window.close();
    if (options.quit_after && wall.getElapsedTime().asSeconds() >= *options.quit_after)
      window.close();
    if (!window.isOpen()) break;
    frame.draw(window, scene);
    window.display();
  }
  if (!options.save_png.empty()) save_frame(frame, scene, width, height, options.save_png);
  return 0;
}

}  // namespace kaiten::viz
