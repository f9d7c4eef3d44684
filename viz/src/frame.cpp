#include "frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/viz/palette.hpp"

namespace kaiten::viz {
namespace {

// --- colours ----------------------------------------------------------------------------------
const sf::Color kBackground(22, 24, 30);
const sf::Color kLoopInside(33, 37, 46);
const sf::Color kBelt(70, 75, 87);
const sf::Color kBeltEdge(112, 118, 132);
const sf::Color kChevron(58, 63, 76);
const sf::Color kPanel(30, 33, 41);
const sf::Color kPanelLine(52, 56, 68);
const sf::Color kTitle(240, 240, 244);
const sf::Color kText(208, 211, 218);
const sf::Color kDim(142, 147, 158);
const sf::Color kAccent(255, 196, 84);
const sf::Color kReader(90, 176, 255);
const sf::Color kGate(240, 70, 70);
const sf::Color kKitchen(255, 170, 70);
const sf::Color kKitchenBox(92, 62, 28);
const sf::Color kTableFree(74, 80, 94);
const sf::Color kTableEdge(128, 135, 150);
const sf::Color kTableSeated(206, 146, 64);
const sf::Color kTableLeaving(120, 100, 110);
const sf::Color kChair(150, 156, 170);
const sf::Color kChairTaken(250, 236, 210);
const sf::Color kPlateRim(238, 236, 228);
const sf::Color kFollow(255, 230, 60);
const sf::Color kOrderedRim(255, 205, 60);
const sf::Color kPerson(236, 226, 206);

constexpr float kPi = std::numbers::pi_v<float>;
constexpr float kDiscTexture = 128;  ///< side of the plate texture, pixels
constexpr float kDiscMargin = 2;     ///< transparent border around its disc

sf::Vector2f v2(Vec2 p) {
  return {p.x, p.y};
}
sf::Vector2f add(sf::Vector2f a, Vec2 d, float k) {
  return {a.x + d.x * k, a.y + d.y * k};
}

void tri(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color colour) {
  va.append({a, colour});
  va.append({b, colour});
  va.append({c, colour});
}

void quad(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Vector2f d,
          sf::Color colour) {
  tri(va, a, b, c, colour);
  tri(va, a, c, d, colour);
}

void rect(sf::VertexArray& va, const Rect& r, sf::Color colour) {
  quad(va, {r.x, r.y}, {r.x + r.w, r.y}, {r.x + r.w, r.y + r.h}, {r.x, r.y + r.h}, colour);
}

void outline(sf::VertexArray& va, const Rect& r, float t, sf::Color colour) {
  rect(va, {r.x, r.y, r.w, t}, colour);
  rect(va, {r.x, r.y + r.h - t, r.w, t}, colour);
  rect(va, {r.x, r.y, t, r.h}, colour);
  rect(va, {r.x + r.w - t, r.y, t, r.h}, colour);
}

int segments_for(float r) {
  return std::clamp(static_cast<int>(r * 2.2F), 10, 40);
}

void disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color colour) {
  const int n = segments_for(r);
  sf::Vector2f prev{c.x + r, c.y};
  for (int i = 1; i <= n; ++i) {
    const float a = 2 * kPi * static_cast<float>(i) / static_cast<float>(n);
    const sf::Vector2f next{c.x + r * std::cos(a), c.y + r * std::sin(a)};
    tri(va, c, prev, next, colour);
    prev = next;
  }
}

// A plate: a quad textured with the smooth disc of Frame::disc_, tinted `colour`. Two triangles
// instead of dozens, and smooth edges without multisampling (which software OpenGL, as under
// Xvfb, pays for on every pixel).
void textured_disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color colour) {
  const float e = r * kDiscTexture / (kDiscTexture - 2 * kDiscMargin);  // the quad's half side
  const sf::Vector2f p[4] = {
      {c.x - e, c.y - e}, {c.x + e, c.y - e}, {c.x + e, c.y + e}, {c.x - e, c.y + e}};
  constexpr float t = kDiscTexture;
  const sf::Vector2f uv[4] = {{0, 0}, {t, 0}, {t, t}, {0, t}};
  for (int i : {0, 1, 2, 0, 2, 3}) va.append({p[i], colour, uv[i]});
}

void ring(sf::VertexArray& va, sf::Vector2f c, float r_in, float r_out, sf::Color colour) {
  const int n = segments_for(r_out);
  for (int i = 0; i < n; ++i) {
    const float a0 = 2 * kPi * static_cast<float>(i) / static_cast<float>(n);
    const float a1 = 2 * kPi * static_cast<float>(i + 1) / static_cast<float>(n);
    const sf::Vector2f u0{std::cos(a0), std::sin(a0)};
    const sf::Vector2f u1{std::cos(a1), std::sin(a1)};
    quad(va, c + u0 * r_in, c + u0 * r_out, c + u1 * r_out, c + u1 * r_in, colour);
  }
}

void line(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, float thickness, sf::Color colour) {
  const sf::Vector2f d = b - a;
  const float len = std::sqrt(d.x * d.x + d.y * d.y);
  if (len <= 0) return;
  const sf::Vector2f n{-d.y / len * thickness / 2, d.x / len * thickness / 2};
  quad(va, a + n, b + n, b - n, a - n, colour);
}

// A table box: the table top on the belt side, chairs on the far side.
constexpr float kTableTopShare = 0.62F;

Rect table_top(const TableBox& t) {
  const Vec2 out = t.anchor.outward;
  Rect top = t.box;
  if (std::abs(out.y) >= std::abs(out.x)) {
    top.h = t.box.h * kTableTopShare;
    if (out.y < 0) top.y = t.box.y + t.box.h - top.h;
  } else {
    top.w = t.box.w * kTableTopShare;
    if (out.x < 0) top.x = t.box.x + t.box.w - top.w;
  }
  return top;
}

sf::Color with_alpha(sf::Color c, float alpha) {
  c.a = static_cast<sf::Uint8>(std::clamp(alpha, 0.0F, 1.0F) * 255.0F);
  return c;
}

sf::String utf8(const std::string& s) {
  return sf::String::fromUtf8(s.begin(), s.end());
}

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string hhmm(SimTime t) {
  return fmt::format("{:02}:{:02}", t / kMsPerHour, t / kMsPerMinute % 60);
}

std::string hhmmss(SimTime t) {
  return fmt::format("{:02}:{:02}:{:02}", t / kMsPerHour, t / kMsPerMinute % 60,
                     t / kMsPerSecond % 60);
}

std::string duration(SimTime t) {
  const SimTime s = t / kMsPerSecond;
  if (s >= 3600) return fmt::format("{} h {:02} min", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} s", s);
}

std::string speed_text(double speed) {
  return fmt::format("{:g}\u00d7", speed);
}

// How long a discard or a plate taken stays visible, in simulated time: about 1.5 s on screen.
SimTime flash_window(double speed) {
  return std::clamp(static_cast<SimTime>(1500 * speed), SimTime{1000}, 10 * kMsPerMinute);
}

}  // namespace

void load_fonts(Fonts& fonts, const std::filesystem::path& path) {
  if (path.empty() || !fonts.regular.loadFromFile(path.string()))
    throw RenderError("cannot load the font " + (path.empty() ? "(none found)" : path.string()) +
                      "; install fonts-dejavu-core (apt-get install fonts-dejavu-core)");
  std::filesystem::path bold = path.parent_path() / (path.stem().string() + "-Bold.ttf");
  if (!std::filesystem::exists(bold) || !fonts.bold.loadFromFile(bold.string()))
    fonts.bold = fonts.regular;
}

Vec2 to_frame(const Screen& screen, const ViewState& view, Vec2 p) {
  const Vec2 c = view.centre.value_or(screen.belt.centre());
  const Vec2 o = screen.belt.centre();
  return {o.x + (p.x - c.x) * view.zoom, o.y + (p.y - c.y) * view.zoom};
}

Vec2 to_belt(const Screen& screen, const ViewState& view, Vec2 f) {
  const Vec2 c = view.centre.value_or(screen.belt.centre());
  const Vec2 o = screen.belt.centre();
  return {c.x + (f.x - o.x) / view.zoom, c.y + (f.y - o.y) / view.zoom};
}

Frame::Frame(const Playback& playback, const Fonts& fonts, unsigned width, unsigned height)
    : playback_(playback),
      fonts_(fonts),
      screen_(split_screen(width, height)),
      layout_(playback.scenario(), playback.belt(), screen_.belt) {
  // A white disc with an exactly anti-aliased edge, mipmapped so that it stays smooth when
  // drawn a few pixels wide.
  const auto side = static_cast<unsigned>(kDiscTexture);
  sf::Image image;
  image.create(side, side, sf::Color::Transparent);
  const float centre = kDiscTexture / 2;
  const float radius = centre - kDiscMargin;
  for (unsigned y = 0; y < side; ++y)
    for (unsigned x = 0; x < side; ++x) {
      const float dx = static_cast<float>(x) + 0.5F - centre;
      const float dy = static_cast<float>(y) + 0.5F - centre;
      const float cover = std::clamp(radius - std::sqrt(dx * dx + dy * dy) + 0.5F, 0.0F, 1.0F);
      image.setPixel(x, y, sf::Color(255, 255, 255, static_cast<sf::Uint8>(cover * 255.0F)));
    }
  if (disc_.loadFromImage(image)) {
    disc_.setSmooth(true);
    (void)disc_.generateMipmap();  // without mipmaps it is merely less smooth
  }
  resize(width, height);
}

unsigned Frame::px(float size) const {
  return static_cast<unsigned>(std::max(9.0F, std::round(size * scale_)));
}

void Frame::resize(unsigned width, unsigned height) {
  width_ = std::max(width, 320U);
  height_ = std::max(height, 240U);
  scale_ = std::clamp(static_cast<float>(height_) / 900.0F, 0.6F, 2.5F);
  screen_ = split_screen(width_, height_);
  layout_ = Layout(playback_.scenario(), playback_.belt(), screen_.belt);
  build_static();
  cache_static();
}

float Frame::text_width(const std::string& s, unsigned size, bool bold) const {
  const sf::Font& font = bold ? fonts_.bold : fonts_.regular;
  float width = 0;
  sf::Uint32 prev = 0;
  for (const sf::Uint32 c : utf8(s)) {
    width += font.getKerning(prev, c, size) + font.getGlyph(c, size, false).advance;
    prev = c;
  }
  return width;
}

std::string Frame::fit(const std::string& s, unsigned size, float width) const {
  if (text_width(s, size) <= width) return s;
  // Cut whole bytes from the middle, staying on UTF-8 character boundaries.
  std::string head = s.substr(0, s.size() / 2);
  std::string tail = s.substr(s.size() / 2);
  while (!head.empty() || !tail.empty()) {
    if (head.size() >= tail.size() && !head.empty()) {
      do head.pop_back();
      while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80);
      if (!head.empty() && (static_cast<unsigned char>(head.back()) & 0x80) != 0) head.pop_back();
    } else {
      do tail.erase(0, 1);
      while (!tail.empty() && (static_cast<unsigned char>(tail.front()) & 0xC0) == 0x80);
    }
    const std::string candidate = head + "\u2026" + tail;
    if (text_width(candidate, size) <= width) return candidate;
  }
  return "\u2026";
}

sf::FloatRect Frame::text(const std::string& s, unsigned size, float x, float y, sf::Color colour,
                          int align, bool bold) {
  const sf::Font& font = bold ? fonts_.bold : fonts_.regular;
  const float w = text_width(s, size, bold);
  const float left = align == 0 ? x : (align == 1 ? x - w / 2 : x - w);
  auto batch = std::find_if(texts_.begin(), texts_.end(),
                            [&](const TextBatch& b) { return b.font == &font && b.size == size; });
  if (batch == texts_.end())
    batch = texts_.insert(texts_.end(), TextBatch{&font, size, sf::VertexArray(sf::Triangles)});
  // Glyph quads as sf::Text lays them out: the baseline one character size below the top, and a
  // pixel of padding around each glyph's texture rectangle.
  float pen = std::round(left);
  const float baseline = std::round(y) + static_cast<float>(size);
  sf::Uint32 prev = 0;
  for (const sf::Uint32 c : utf8(s)) {
    pen += font.getKerning(prev, c, size);
    prev = c;
    const sf::Glyph& g = font.getGlyph(c, size, false);
    if (c != ' ' && g.bounds.width > 0) {
      const float l = pen + g.bounds.left - 1;
      const float t = baseline + g.bounds.top - 1;
      const float r = pen + g.bounds.left + g.bounds.width + 1;
      const float b = baseline + g.bounds.top + g.bounds.height + 1;
      const auto u1 = static_cast<float>(g.textureRect.left) - 1;
      const auto v1 = static_cast<float>(g.textureRect.top) - 1;
      const auto u2 = static_cast<float>(g.textureRect.left + g.textureRect.width) + 1;
      const auto v2 = static_cast<float>(g.textureRect.top + g.textureRect.height) + 1;
      sf::VertexArray& va = batch->vertices;
      va.append({{l, t}, colour, {u1, v1}});
      va.append({{r, t}, colour, {u2, v1}});
      va.append({{l, b}, colour, {u1, v2}});
      va.append({{l, b}, colour, {u1, v2}});
      va.append({{r, t}, colour, {u2, v1}});
      va.append({{r, b}, colour, {u2, v2}});
    }
    pen += g.advance;
  }
  return {left, y, w, static_cast<float>(size) * 1.2F};
}

void Frame::flush_text(sf::RenderTarget& target) {
  for (TextBatch& b : texts_) {
    if (b.vertices.getVertexCount() == 0) continue;
    // The font's page texture for this size, as it is after every glyph was added.
    target.draw(b.vertices, sf::RenderStates(&b.font->getTexture(b.size)));
    b.vertices.clear();
  }
}

// The belt loops, their insides, direction chevrons, markers and labels: everything that does not
// move, in one vertex array and a list of labels.
void Frame::build_static() {
  static_.clear();
  labels_.clear();
  const Belt& belt = playback_.belt();
  const float bw = layout_.belt_width();
  std::vector<sf::FloatRect> placed;

  for (std::size_t li = 0; li < belt.lanes.size(); ++li) {
    const Lane& lane = belt.lanes[li];
    const Loop& loop = layout_.loops()[li];
    const int n = std::max(96, static_cast<int>(loop.perimeter / 4.0));
    std::vector<PathPoint> pts;
    pts.reserve(static_cast<std::size_t>(n) + 1);
    for (int k = 0; k <= n; ++k)
      pts.push_back(layout_.point_at(li, lane.kitchen_at + lane.length * k / n));
    const sf::Vector2f centre = v2(loop.box.centre());
    // The inside of the loop: a coarse fan (few big triangles rasterise fast); the belt, drawn
    // over its rim, hides the facets.
    const int coarse = 64;
    for (int k = 0; k < coarse; ++k) {
      const PathPoint a = layout_.point_at(li, lane.kitchen_at + lane.length * k / coarse);
      const PathPoint b = layout_.point_at(li, lane.kitchen_at + lane.length * (k + 1) / coarse);
      tri(static_, centre, v2(a.at), v2(b.at), kLoopInside);
    }
    for (int k = 0; k < n; ++k) {
      const PathPoint& a = pts[static_cast<std::size_t>(k)];
      const PathPoint& b = pts[static_cast<std::size_t>(k) + 1];
      const sf::Vector2f ai = add(v2(a.at), a.outward, -bw / 2);
      const sf::Vector2f bi = add(v2(b.at), b.outward, -bw / 2);
      const sf::Vector2f ao = add(v2(a.at), a.outward, bw / 2);
      const sf::Vector2f bo = add(v2(b.at), b.outward, bw / 2);
      quad(static_, ai, ao, bo, bi, kBelt);
      const float e = std::max(1.0F, bw * 0.12F);
      quad(static_, ai, add(ai, a.outward, e), add(bi, b.outward, e), bi, kBeltEdge);
      quad(static_, add(ao, a.outward, -e), ao, bo, add(bo, b.outward, -e), kBeltEdge);
    }
    // Chevrons inside the loop show the direction of travel.
    const float step = 90.0F * scale_;
    const int chevrons = std::max(4, static_cast<int>(static_cast<float>(loop.perimeter) / step));
    const float size = std::max(3.0F, 4.0F * scale_);
    for (int k = 0; k < chevrons; ++k) {
      const PathPoint p =
          layout_.point_at(li, lane.kitchen_at + lane.length * (2 * k + 1) / (2 * chevrons));
      const sf::Vector2f c = add(v2(p.at), p.outward, -(bw / 2 + size + 3));
      tri(static_, add(c, p.forward, size), add(c, p.outward, size * 0.8F),
          add(c, p.outward, -size * 0.8F), kChevron);
    }
    // Lane title in the middle of the loop.
    labels_.push_back(
        {"Lane " + lane.id, {centre.x, centre.y - 20 * scale_}, px(17), kTitle, true});
    labels_.push_back(
        {fmt::format("{:.1f} m \u00b7 {} slots", um_to_m(lane.length), lane.slot_plate.size()),
         {centre.x, centre.y + 2 * scale_},
         px(12),
         kDim,
         false});
    const float title_w = text_width("Lane " + lane.id, px(17), true) + 60 * scale_;
    placed.push_back({centre.x - title_w, centre.y - 24 * scale_, 2 * title_w, 44 * scale_});
  }

  // Markers: a bar across the belt, and a label inside the loop, nudged clear of other labels.
  for (const Marker& m : layout_.markers()) {
    const sf::Vector2f at = v2(m.point.at);
    const sf::Color colour = m.kind == PointKind::reader
                                 ? kReader
                                 : (m.kind == PointKind::discard_gate ? kGate : kKitchen);
    const float half = bw / 2 + (m.kind == PointKind::reader ? 3.0F : 5.0F);
    const float thick =
        m.kind == PointKind::reader ? std::max(2.0F, 2 * scale_) : std::max(3.0F, 4 * scale_);
    line(static_, add(at, m.point.outward, -half), add(at, m.point.outward, half), thick, colour);

    const unsigned size = px(m.kind == PointKind::kitchen ? 13 : 11);
    const bool bold = m.kind == PointKind::kitchen;
    const float w = text_width(m.label, size, bold) + (bold ? 12 * scale_ : 0);
    const float h = static_cast<float>(size) * 1.25F + (bold ? 6 * scale_ : 0);
    const Vec2 in{-m.point.outward.x, -m.point.outward.y};
    float offset = bw / 2 + 6 * scale_ + (bold ? 10 * scale_ : 0);
    sf::FloatRect r;
    for (int attempt = 0; attempt < 6; ++attempt) {
      const sf::Vector2f a = add(at, in, offset);
      if (std::abs(in.y) >= std::abs(in.x))
        r = {a.x - w / 2, in.y > 0 ? a.y : a.y - h, w, h};
      else
        r = {in.x > 0 ? a.x : a.x - w, a.y - h / 2, w, h};
      const bool clear = std::none_of(placed.begin(), placed.end(),
                                      [&](const sf::FloatRect& o) { return o.intersects(r); });
      if (clear) break;
      offset += h * 0.9F;
    }
    placed.push_back(r);
    if (bold) {
      rect(static_, {r.left, r.top, r.width, r.height}, kKitchenBox);
      outline(static_, {r.left, r.top, r.width, r.height}, 1, colour);
      labels_.push_back({m.label, {r.left + r.width / 2, r.top + 2 * scale_}, size, kTitle, true});
    } else {
      labels_.push_back({m.label, {r.left + r.width / 2, r.top}, size, colour, false});
    }
  }
}

void Frame::cache_static() {
  cache_ready_ = false;
  const Rect& b = screen_.belt;
  sf::ContextSettings settings;
  settings.antialiasingLevel = 4;
  if (!static_cache_.create(static_cast<unsigned>(b.w), static_cast<unsigned>(b.h), settings))
    return;  // draw_belt() then draws the geometry every frame
  static_cache_.setView(sf::View(sf::FloatRect(b.x, b.y, b.w, b.h)));
  static_cache_.clear(kBackground);
  static_cache_.draw(static_);
  for (const Label& l : labels_) text(l.text, l.size, l.at.x, l.at.y, l.colour, 1, l.bold);
  flush_text(static_cache_);
  static_cache_.display();
  cache_ready_ = true;
}

void Frame::draw_belt(sf::RenderTarget& target, const ViewState& view) {
  if (cache_ready_ && view.zoom == 1.0F && !view.centre) {
    sf::Sprite sprite(static_cache_.getTexture());
    sprite.setPosition(screen_.belt.x, screen_.belt.y);
    target.draw(sprite, sf::BlendNone);  // opaque: no need to read the frame back
  } else {
    target.draw(static_);
    for (const Label& l : labels_) text(l.text, l.size, l.at.x, l.at.y, l.colour, 1, l.bold);
  }
  // Live count per lane under the title.
  std::vector<std::int64_t> per_lane(playback_.belt().lanes.size(), 0);
  for (const PlateState& p : playback_.state().plates)
    if (p.alive) ++per_lane[p.lane];
  std::vector<std::int64_t> seated(per_lane.size(), 0);
  for (const TableBox& t : layout_.tables()) {
    const TableState& st = playback_.state().tables[t.table];
    if (st.phase == TablePhase::seated) seated[t.lane] += st.party_size;
  }
  for (std::size_t li = 0; li < per_lane.size(); ++li) {
    const Vec2 c = layout_.loops()[li].box.centre();
    std::string line = fmt::format("{} plates on the belt", grouped(per_lane[li]));
    if (playback_.has_party_data()) line += fmt::format(" \u00b7 {} people seated", seated[li]);
    text(line, px(12), c.x, c.y + 18 * scale_, kText, 1);
  }
  flush_text(target);
}

void Frame::draw_tables(sf::RenderTarget& target) {
  sf::VertexArray va(sf::Triangles);
  sf::VertexArray chairs(sf::Triangles);  // textured with disc_
  const PlaybackState& s = playback_.state();
  const bool parties = playback_.has_party_data();
  std::vector<std::pair<std::string, sf::Vector2f>> sizes;
  for (const TableBox& t : layout_.tables()) {
    const TableDef& def = playback_.scenario().tables[t.table];
    const TableState& state = s.tables[t.table];
    const Vec2 out = t.anchor.outward;
    const bool horizontal = std::abs(out.y) >= std::abs(out.x);
    const float depth = horizontal ? t.box.h : t.box.w;
    const float top_depth = depth * kTableTopShare;
    const Rect top = table_top(t);
    sf::Color fill = kTableFree;
    if (parties && state.phase == TablePhase::seated) fill = kTableSeated;
    if (parties && state.phase == TablePhase::leaving) fill = kTableLeaving;
    rect(va, top, fill);
    outline(va, top, 1, kTableEdge);
    // Chairs: one per seat along the far edge; filled for the people seated.
    const int seats = std::max(1, def.seats);
    const float along = horizontal ? t.box.w : t.box.h;
    const float chair_r =
        std::clamp(std::min((depth - top_depth) * 0.42F, along / static_cast<float>(seats) * 0.32F),
                   1.2F, 6.0F);
    const float far = depth - top_depth;
    for (int i = 0; i < seats; ++i) {
      const float u = (static_cast<float>(i) + 0.5F) / static_cast<float>(seats);
      sf::Vector2f c;
      if (horizontal) {
        const float y = out.y > 0 ? t.box.y + top_depth + far / 2 : t.box.y + far / 2;
        c = {t.box.x + u * t.box.w, y};
      } else {
        const float x = out.x > 0 ? t.box.x + top_depth + far / 2 : t.box.x + far / 2;
        c = {x, t.box.y + u * t.box.h};
      }
      const bool taken = parties && state.phase == TablePhase::seated &&
                         static_cast<std::uint32_t>(i) < state.party_size;
      textured_disc(chairs, c, chair_r, taken ? kChairTaken : kChair);
    }
    if (parties && state.phase == TablePhase::seated)
      sizes.emplace_back(std::to_string(state.party_size),
                         sf::Vector2f{top.x + top.w / 2, top.y + top.h / 2});
  }
  target.draw(va);
  target.draw(chairs, sf::RenderStates(&disc_));
  const unsigned size = px(10);
  for (const auto& [label, at] : sizes)
    text(label, size, at.x, at.y - static_cast<float>(size) * 0.65F, sf::Color(30, 24, 16), 1,
         true);
  flush_text(target);
}

void Frame::draw_plates(sf::RenderTarget& target, const ViewState& view) {
  plates_.clear();
  const float r = layout_.plate_radius();
  const float rim = std::max(0.8F, r * 0.2F);
  for (const PlateView& p : playback_.plates()) {
    const sf::Vector2f c = v2(layout_.point_at(p.state->lane, p.position).at);
    textured_disc(plates_, c, r, p.state->ordered ? kOrderedRim : kPlateRim);
    textured_disc(plates_, c, r - (p.state->ordered ? 2 * rim : rim),
                  to_sf(plate_colour(item_colour(p.state->item), p.used)));
  }
  target.draw(plates_, sf::RenderStates(&disc_));
  // Highlight the plate followed.
  if (view.follow) {
    if (const auto p = playback_.plate(*view.follow)) {
      sf::VertexArray va(sf::Triangles);
      const sf::Vector2f c = v2(layout_.point_at(p->state->lane, p->position).at);
      ring(va, c, r * 1.35F, r * 1.35F + std::max(2.0F, r * 0.4F), kFollow);
      target.draw(va);
    }
  }
}

void Frame::draw_flashes(sf::RenderTarget& target, const ViewState& view) {
  const SimTime now = playback_.time();
  const SimTime window = flash_window(view.speed);
  sf::VertexArray va(sf::Triangles);
  const float r = layout_.plate_radius();
  const float bw = layout_.belt_width();
  std::vector<const Marker*> gates(playback_.belt().points.gates.size(), nullptr);
  for (const Marker& m : layout_.markers())
    if (m.kind == PointKind::discard_gate) gates[m.index] = &m;
  std::vector<const TableBox*> tables(playback_.scenario().tables.size(), nullptr);
  for (const TableBox& t : layout_.tables()) tables[t.table] = &t;

  for (const TruthEvent& e : playback_.events_between(now - window, now)) {
    const float age = static_cast<float>(now - e.time) / static_cast<float>(window);
    const float alpha = 1.0F - age;
    if (e.kind == TruthKind::plate_discarded && gates[e.where] != nullptr) {
      const PathPoint& p = gates[e.where]->point;
      // The plate leaves the belt outwards, fading, inside an expanding red ring.
      const sf::Vector2f off = add(v2(p.at), p.outward, bw / 2 + r * (1 + 2 * age));
      const float grow = r * (1.4F + 2.5F * age);
      ring(va, off, grow, grow + std::max(2.0F, r * 0.45F), with_alpha(kGate, alpha));
      disc(va, off, r, with_alpha(kPlateRim, alpha));
      disc(va, off, r * 0.8F, with_alpha(to_sf(kExpiredColour), alpha));
    } else if (e.kind == TruthKind::plate_eaten && tables[e.where] != nullptr) {
      // The table top lights up in the colour of the plate taken.
      const Rect top = table_top(*tables[e.where]);
      const float t = std::max(2.0F, 2.5F * scale_);
      outline(va, {top.x - t, top.y - t, top.w + 2 * t, top.h + 2 * t}, t,
              with_alpha(to_sf(item_colour(e.item)), alpha));
    }
  }
  target.draw(va);
}

void Frame::draw_hover(sf::RenderTarget& target, const ViewState& view) {
  std::vector<std::string> lines;
  std::optional<Vec2> anchor;
  const ScenarioDef& def = playback_.scenario();
  std::optional<PlateView> plate;
  if (view.follow) plate = playback_.plate(*view.follow);
  if (!plate && view.mouse && screen_.belt.contains(*view.mouse)) {
    const Vec2 b = to_belt(screen_, view, *view.mouse);
    const float reach = std::max(layout_.plate_radius() * 1.6F, 6.0F / view.zoom);
    if (const auto ref = plate_near(playback_, layout_, b, reach)) plate = playback_.plate(*ref);
    if (!plate) {
      if (const auto t = layout_.table_at(b)) {
        const TableDef& table = def.tables[*t];
        const TableState& st = playback_.state().tables[*t];
        lines.push_back(table.id);
        lines.push_back(
            fmt::format("{}, {} seats, lane {}", to_string(table.kind), table.seats, table.lane));
        if (playback_.has_party_data()) {
          if (st.phase == TablePhase::seated)
            lines.push_back(fmt::format("party of {} seated for {}", st.party_size,
                                        duration(playback_.time() - st.since)));
          else if (st.phase == TablePhase::leaving)
            lines.push_back("party left; being cleaned");
          else
            lines.push_back("free");
        }
        lines.push_back(fmt::format("plates taken here today: {}", st.plates_eaten));
        anchor = *view.mouse;
      }
    }
  }
  if (plate) {
    const PlateState& p = *plate->state;
    const MenuItem& item = def.menu[p.item];
    const DiscardLimit& lim = playback_.limit(p.item);
    lines.push_back(item.name);
    lines.push_back(fmt::format("tag {} \u00b7 {} \u00b7 lane {}", tag_string(plate->ref), item.id,
                                playback_.belt().lanes[p.lane].id));
    if (lim.kind == DiscardRuleKind::distance)
      lines.push_back(fmt::format("travelled {:.1f} m of {:.0f} m ({:.0f} %)",
                                  um_to_m(plate->travelled), um_to_m(lim.value),
                                  100 * plate->used));
    else
      lines.push_back(fmt::format("travelled {:.1f} m; on the belt {} of {} min ({:.0f} %)",
                                  um_to_m(plate->travelled), duration(plate->on_belt),
                                  lim.value / kMsPerMinute, 100 * plate->used));
    lines.push_back(
        fmt::format("made {} \u00b7 on the belt {}", hhmmss(p.made), duration(plate->on_belt)));
    if (p.ordered) lines.push_back("ordered on the touch panel");
    if (plate->used >= 1) lines.push_back("past the limit: leaves at the next discard gate");
    if (view.follow && plate->ref == *view.follow) lines.push_back("following (F to stop)");
    anchor = to_frame(screen_, view, layout_.point_at(p.lane, plate->position).at);
  }
  if (lines.empty() || !anchor) return;

  const unsigned size = px(13);
  const float pad = 8 * scale_;
  const float line_h = static_cast<float>(size) * 1.3F;
  float w = 0;
  for (std::size_t i = 0; i < lines.size(); ++i)
    w = std::max(w, text_width(lines[i], size, i == 0));
  const float h = line_h * static_cast<float>(lines.size()) + 2 * pad;
  w += 2 * pad;
  float x = anchor->x + 14 * scale_;
  float y = anchor->y + 14 * scale_;
  if (x + w > screen_.belt.x + screen_.belt.w) x = anchor->x - 14 * scale_ - w;
  if (y + h > screen_.belt.y + screen_.belt.h) y = anchor->y - 14 * scale_ - h;
  sf::VertexArray va(sf::Triangles);
  rect(va, {x, y, w, h}, sf::Color(16, 18, 24, 235));
  outline(va, {x, y, w, h}, 1, kBeltEdge);
  if (plate) {
    const float r = layout_.plate_radius() * view.zoom;
    ring(va, v2(*anchor), r * 1.3F, r * 1.3F + 2, kTitle);
  }
  target.draw(va);
  for (std::size_t i = 0; i < lines.size(); ++i)
    text(lines[i], size, x + pad, y + pad + line_h * static_cast<float>(i), i == 0 ? kTitle : kText,
         0, i == 0);
  flush_text(target);
}

void Frame::draw_panel(sf::RenderTarget& target, const ViewState& view) {
  const Rect& p = screen_.panel;
  const ScenarioDef& def = playback_.scenario();
  const PlaybackState& s = playback_.state();
  sf::VertexArray va(sf::Triangles);
  rect(va, {p.x, p.y, 1, p.h}, kPanelLine);  // the background is the frame's clear colour
  target.draw(va, sf::BlendNone);
  va.clear();

  const float x = p.x + 18 * scale_;
  const float right = p.x + p.w - 18 * scale_;
  const float w = right - x;
  float y = p.y + 14 * scale_;
  const unsigned body = px(14);
  const float row = static_cast<float>(body) * 1.34F;
  auto heading = [&](const std::string& title, const std::string& note) {
    const sf::FloatRect r = text(title, px(16), x, y, kTitle, 0, true);
    if (!note.empty()) text(note, px(11), r.left + r.width + 8 * scale_, y + 4 * scale_, kDim);
    y += 26 * scale_;
  };
  auto divider = [&]() {
    y += 4 * scale_;
    sf::VertexArray d(sf::Triangles);
    rect(d, {x, y, w, 1}, kPanelLine);
    target.draw(d);
    y += 9 * scale_;
  };
  auto value_row = [&](const std::string& label, const std::string& value, sf::Color colour) {
    text(label, body, x, y, kDim);
    text(value, body, right, y, colour, 2, true);
    y += row;
  };

  if (view.panels[0]) {
    text(fit(def.name, px(19), w), px(19), x, y, kTitle, 0, true);
    y += 28 * scale_;
    text("GROUND TRUTH \u00b7 what happened, not the controller's view", px(11), x, y, kAccent);
    y += 20 * scale_;
    const sf::FloatRect clock = text(hhmmss(playback_.time()), px(34), x, y, kTitle, 0, true);
    const std::string state =
        view.paused ? "paused" : (playback_.time() >= playback_.end() ? "end of day" : "playing");
    text(speed_text(view.speed), px(20), right, y + 4 * scale_, kAccent, 2, true);
    text(state, px(12), right, y + 28 * scale_, kDim, 2);
    y += clock.height + 4 * scale_;
    std::string day = "Day 1";
    if (def.customers.model == CustomerModel::parties) {
      static constexpr const char* kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                              "Friday", "Saturday", "Sunday"};
      day = kDays[static_cast<int>(def.customers.day) % 7];
      if (def.customers.holiday) day += " (holiday)";
    }
    text(fmt::format("{} \u00b7 open {}\u2013{}", day, hhmm(def.open), hhmm(def.close)), px(13), x,
         y, kText);
    y += 22 * scale_;
    // The day as a bar, with the hours marked and the playback time.
    const float bar_h = 8 * scale_;
    const double span = static_cast<double>(std::max<SimTime>(def.close - def.open, 1));
    const auto frac = static_cast<float>(static_cast<double>(playback_.time() - def.open) / span);
    sf::VertexArray bar(sf::Triangles);
    rect(bar, {x, y, w, bar_h}, kPanelLine);
    rect(bar, {x, y, w * frac, bar_h}, sf::Color(96, 140, 200));
    if (playback_.end() < def.close) {
      const auto cut = static_cast<float>(static_cast<double>(playback_.end() - def.open) / span);
      rect(bar, {x + w * cut, y, w * (1 - cut), bar_h}, sf::Color(80, 40, 40));
    }
    for (SimTime h = (def.open / kMsPerHour + 1) * kMsPerHour; h < def.close; h += kMsPerHour) {
      const auto hx = x + w * static_cast<float>(static_cast<double>(h - def.open) / span);
      rect(bar, {hx, y + bar_h, 1, 3 * scale_}, kDim);
    }
    target.draw(bar);
    y += bar_h + 8 * scale_;
    if (!view.source.empty()) {
      text(fit(view.source, px(11), w), px(11), x, y, kDim);
      y += 18 * scale_;
    }
    divider();
    const std::int32_t speed = playback_.odometer().speed_at(playback_.time());
    value_row("Belt speed",
              speed == 0 ? std::string("stopped")
                         : fmt::format("{} mm/s \u00b7 {:.1f} m/min", speed, speed * 0.06),
              kText);
    value_row("Plates made", grouped(s.made), kText);
    value_row("eaten", grouped(s.eaten), kText);
    value_row("discarded", grouped(s.discarded), kText);
    value_row("on the belt now", grouped(s.on_belt), kText);
    value_row("Waste so far (discarded / made)",
              fmt::format("{:.1f} %", s.made == 0 ? 0.0
                                                  : 100.0 * static_cast<double>(s.discarded) /
                                                        static_cast<double>(s.made)),
              kAccent);
    divider();
  }

  if (view.panels[0] && playback_.has_party_data()) {
    heading("Customers", "ground truth");
    std::int64_t waiting_people = 0;
    for (const QueuedParty& q : s.queue) waiting_people += q.size;
    value_row("Waiting at the entrance",
              fmt::format("{} parties \u00b7 {} people", s.queue.size(), waiting_people), kAccent);
    // The queue itself: a dot per person, parties apart.
    if (!s.queue.empty()) {
      sf::VertexArray dots(sf::Triangles);
      const float d = 7 * scale_;
      float qx = x + d / 2;
      std::size_t shown = 0;
      for (const QueuedParty& q : s.queue) {
        if (qx + d * static_cast<float>(q.size) > right - 40 * scale_) break;
        for (std::uint32_t i = 0; i < q.size; ++i) {
          disc(dots, {qx, y + d / 2}, d * 0.38F, kPerson);
          qx += d;
        }
        qx += d * 0.8F;
        ++shown;
      }
      target.draw(dots);
      if (shown < s.queue.size())
        text(fmt::format("+{}", s.queue.size() - shown), px(11), right, y - 4 * scale_, kDim, 2);
      y += d + 6 * scale_;
    }
    std::int64_t busy = 0;
    for (const TableState& t : s.tables) busy += t.phase == TablePhase::seated ? 1 : 0;
    value_row("Seated now",
              fmt::format("{} people at {} of {} tables", s.people_seated, busy, s.tables.size()),
              kText);
    value_row("Parties seated / left", fmt::format("{} / {}", s.parties_seated, s.parties_left),
              kText);
    value_row("Gave up: balked / reneged",
              fmt::format("{} / {}", s.parties_balked, s.parties_reneged), kText);
    value_row("Mean wait for a table",
              s.parties_seated == 0
                  ? std::string("-")
                  : fmt::format("{:.1f} min", static_cast<double>(s.wait_total) /
                                                  static_cast<double>(s.parties_seated) /
                                                  static_cast<double>(kMsPerMinute)),
              kText);
    value_row("Touch-panel orders", grouped(s.panel_orders), kText);
    divider();
  }

  if (view.panels[1]) {
    heading("Top 10 sellers", "plates eaten so far \u00b7 ground truth");
    const auto top = playback_.top_sellers(10);
    const unsigned size = px(13);
    const float r_h = static_cast<float>(size) * 1.42F;
    const std::int64_t most = top.empty() ? 1 : top.front().count;
    if (top.empty()) {
      text("nothing eaten yet", size, x, y, kDim);
      y += r_h;
    }
    const float name_x = x + 44 * scale_;
    for (std::size_t i = 0; i < top.size(); ++i) {
      const ItemCount& c = top[i];
      sf::VertexArray rowv(sf::Triangles);
      const float bar_w =
          (right - name_x + 4 * scale_) * static_cast<float>(c.count) / static_cast<float>(most);
      rect(rowv, {name_x - 4 * scale_, y + 1, bar_w, r_h - 3}, sf::Color(44, 49, 60));
      disc(rowv, {x + 31 * scale_, y + r_h / 2}, 6 * scale_, kPlateRim);
      disc(rowv, {x + 31 * scale_, y + r_h / 2}, 4.6F * scale_, to_sf(item_colour(c.item)));
      target.draw(rowv);
      text(std::to_string(i + 1), size, x + 19 * scale_, y + 1, kDim, 2);
      text(fit(def.menu[c.item].name, size, right - name_x - 50 * scale_), size, name_x, y + 1,
           kText);
      text(grouped(c.count), size, right - 4 * scale_, y + 1, kTitle, 2, true);
      y += r_h;
    }
    divider();
  }

  const float footer = p.y + p.h - 24 * scale_;
  const unsigned key_size = px(12);
  const float key_row = static_cast<float>(key_size) * 1.6F;
  const float key_height = 26 * scale_ + 47 * scale_ + key_row * 4;
  if (view.panels[2] && y + key_height > footer) {
    text("Key: no room (hide a panel with 1 or 2)", px(11), x, y, kDim);
  } else if (view.panels[2]) {
    heading("Key", "");
    const unsigned size = key_size;
    const float r_h = key_row;
    // Freshness: an item colour turning red towards the limit.
    const Rgb sample = item_colour(1);
    const int steps = 60;
    sf::VertexArray grad(sf::Triangles);
    for (int i = 0; i < steps; ++i) {
      const double used = static_cast<double>(i) / (steps - 1);
      rect(grad, {x + w * static_cast<float>(i) / steps, y, w / steps + 0.5F, 9 * scale_},
           to_sf(plate_colour(sample, used)));
    }
    target.draw(grad);
    y += 11 * scale_;
    const std::string limit =
        def.discard.kind == DiscardRuleKind::distance
            ? fmt::format("limit: {:.0f} m", static_cast<double>(def.discard.distance_mm) / 1000)
            : fmt::format("limit: {} min", def.discard.time_min);
    text("fresh", px(10), x, y, kDim);
    text("60 %", px(10), x + w * 0.6F, y, kDim, 1);
    text(limit, px(10), right, y, kDim, 2);
    y += 16 * scale_;
    text("Plate colour = item; it turns red near the discard limit.", px(11), x, y, kText);
    y += 20 * scale_;
    const float bar = 8 * scale_;
    // Points on the belt, on one line.
    {
      sf::VertexArray sym(sf::Triangles);
      float lx = x + 4 * scale_;
      const float cy = y + r_h / 2 - 2;
      const std::pair<const char*, sf::Color> points[] = {
          {"reader", kReader}, {"discard gate", kGate}, {"kitchen", kKitchen}};
      for (const auto& [label, colour] : points) {
        line(sym, {lx, cy - bar}, {lx, cy + bar}, (colour == kReader ? 2 : 4) * scale_, colour);
        const sf::FloatRect r = text(label, size, lx + 10 * scale_, y, kText);
        lx = r.left + r.width + 18 * scale_;
      }
      target.draw(sym);
      y += r_h;
    }
    const float sx = x + 12 * scale_;
    auto legend = [&](const std::string& label, auto&& draw_symbol) {
      sf::VertexArray sym(sf::Triangles);
      draw_symbol(sym, sf::Vector2f{sx, y + r_h / 2 - 2});
      target.draw(sym);
      text(label, size, x + 32 * scale_, y, kText);
      y += r_h;
    };
    const bool parties = playback_.has_party_data();
    legend(parties ? "table, chairs; orange: seated (party size)"
                   : "table and chairs (no party data in this run)",
           [&](sf::VertexArray& a, sf::Vector2f c) {
             rect(a, {c.x - 10 * scale_, c.y - 7 * scale_, 20 * scale_, 8 * scale_},
                  parties ? kTableSeated : kTableFree);
             for (int i = 0; i < 3; ++i)
               disc(a, {c.x - 6 * scale_ + 6 * scale_ * static_cast<float>(i), c.y + 5 * scale_},
                    2 * scale_, kChair);
           });
    legend("table lit: a plate taken \u00b7 red ring: a discard",
           [&](sf::VertexArray& a, sf::Vector2f c) {
             const Rect top{c.x - 10 * scale_, c.y - 5 * scale_, 20 * scale_, 9 * scale_};
             rect(a, top, kTableFree);
             outline(a, top, 2 * scale_, to_sf(item_colour(2)));
           });
    if (parties)
      legend("gold rim: a plate ordered on the touch panel",
             [&](sf::VertexArray& a, sf::Vector2f c) {
               disc(a, c, 5 * scale_, kOrderedRim);
               disc(a, c, 3 * scale_, to_sf(item_colour(1)));
             });
  }

  text("H help \u00b7 Space pause \u00b7 +/\u2212 speed \u00b7 [ ] seek \u00b7 S screenshot",
       px(11), x, footer, kDim);
  flush_text(target);
}

void Frame::draw_message(sf::RenderTarget& target, const ViewState& view) {
  if (view.message.empty()) return;
  const unsigned size = px(14);
  const float w = text_width(view.message, size) + 24 * scale_;
  const float h = static_cast<float>(size) * 1.3F + 12 * scale_;
  const float x = screen_.belt.x + (screen_.belt.w - w) / 2;
  const float y = screen_.belt.y + screen_.belt.h - h - 10 * scale_;
  sf::VertexArray va(sf::Triangles);
  rect(va, {x, y, w, h}, sf::Color(16, 18, 24, 230));
  outline(va, {x, y, w, h}, 1, kAccent);
  target.draw(va);
  text(view.message, size, x + 12 * scale_, y + 6 * scale_, kTitle);
  flush_text(target);
}

void Frame::draw_help(sf::RenderTarget& target) {
  static const std::pair<const char*, const char*> kKeys[] = {
      {"Space", "pause / play"},
      {".", "step: to the next event (at most 1 s)"},
      {"+  \u2212", "faster / slower (1\u00d7 to 600\u00d7)"},
      {"[  ]", "seek back / forward 10 minutes"},
      {"Home  End", "start / end of the day"},
      {"F", "follow the plate under the pointer (F again: stop)"},
      {"Wheel  0", "zoom at the pointer / reset the zoom"},
      {"1  2  3", "show or hide: day, top sellers, key"},
      {"S", "screenshot: kaiten-shot-HHMMSS.png (simulated time)"},
      {"H", "this help"},
      {"Esc", "quit"},
  };
  const unsigned size = px(15);
  const float row = static_cast<float>(size) * 1.6F;
  const float w = 560 * scale_;
  const float h = row * static_cast<float>(std::size(kKeys)) + 70 * scale_;
  const float x = screen_.belt.x + (screen_.belt.w - w) / 2;
  const float y = screen_.belt.y + (screen_.belt.h - h) / 2;
  sf::VertexArray va(sf::Triangles);
  rect(va, {x, y, w, h}, sf::Color(16, 18, 24, 240));
  outline(va, {x, y, w, h}, 1, kAccent);
  target.draw(va);
  text("Keys", px(18), x + 20 * scale_, y + 14 * scale_, kTitle, 0, true);
  float ry = y + 50 * scale_;
  for (const auto& [key, what] : kKeys) {
    text(key, size, x + 20 * scale_, ry, kAccent, 0, true);
    text(what, size, x + 150 * scale_, ry, kText);
    ry += row;
  }
  flush_text(target);
}

void Frame::draw(sf::RenderTarget& target, const ViewState& view) {
  const sf::View full(sf::FloatRect(0, 0, static_cast<float>(width_), static_cast<float>(height_)));
  target.setView(full);
  // A clear is far cheaper than a filled rectangle in software OpenGL: clear to the panel's
  // colour, then cover the belt area (the cached picture or its background).
  target.clear(kPanel);
  if (!(cache_ready_ && view.zoom == 1.0F && !view.centre)) {
    sf::VertexArray bg(sf::Triangles);
    rect(bg, screen_.belt, kBackground);
    target.draw(bg, sf::BlendNone);
  }

  // The belt drawing, magnified around view.centre when zoomed.
  const Rect& b = screen_.belt;
  const Vec2 c = view.centre.value_or(b.centre());
  sf::View belt_view({c.x, c.y}, {b.w / view.zoom, b.h / view.zoom});
  belt_view.setViewport({b.x / static_cast<float>(width_), b.y / static_cast<float>(height_),
                         b.w / static_cast<float>(width_), b.h / static_cast<float>(height_)});
  target.setView(belt_view);
  draw_belt(target, view);
  draw_tables(target);
  draw_flashes(target, view);
  draw_plates(target, view);

  target.setView(full);
  draw_panel(target, view);
  draw_hover(target, view);
  draw_message(target, view);
  if (view.help) draw_help(target);
}

}  // namespace kaiten::viz
