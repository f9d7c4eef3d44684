#include "frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "draw.hpp"
#include "kaiten/core/discard_rule.hpp"
#include "kaiten/viz/palette.hpp"

namespace kaiten::viz {

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

  std::vector<sf::FloatRect> legs;
  build_express(placed, legs);

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
      const auto hits = [&](const sf::FloatRect& o) { return o.intersects(r); };
      const bool clear =
          std::none_of(placed.begin(), placed.end(), hits) &&
          (m.kind == PointKind::kitchen || std::none_of(legs.begin(), legs.end(), hits));
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

// Express tracks: a narrow grey-teal track (narrower than the belt: it carries one plate at a
// time), a tick towards each table it serves at its station, and the lane's id at the far end.
// Drawn before the markers, so that the kitchen's label box covers the leg's start.
void Frame::build_express(std::vector<sf::FloatRect>& placed, std::vector<sf::FloatRect>& legs) {
  const ScenarioDef& def = playback_.scenario();
  const float w = std::max(3.0F, layout_.belt_width() * 0.6F);
  const float edge = std::max(1.0F, w * 0.15F);
  for (const ExpressTrack& track : layout_.express_tracks()) {
    if (!track.drawn) continue;
    const sf::Vector2f k = v2(track.kitchen);
    const sf::Vector2f c = v2(track.corner);
    const sf::Vector2f e = v2(track.end);
    const float out = track.bottom ? 1.0F : -1.0F;  // towards the belt the tables are on
    // The leg runs past the corner by half the track's width, so that the corner is square.
    const sf::Vector2f leg_end{c.x, c.y + out * w / 2};
    line(static_, k, leg_end, w + 2 * edge, kExpressEdge);
    line(static_, {c.x - w / 2 - edge, c.y}, {e.x + w / 2 + edge, e.y}, w + 2 * edge, kExpressEdge);
    line(static_, k, leg_end, w, kExpressTrack);
    line(static_, {c.x - w / 2, c.y}, {e.x + w / 2, e.y}, w, kExpressTrack);
    for (std::uint32_t t = 0; t < def.tables.size(); ++t) {
      if (def.tables[t].express != def.belt.express_lanes[track.express].id) continue;
      const Vec2 s = layout_.express_station(track.express, t);
      line(static_, {s.x, s.y + out * (w / 2 + edge)}, {s.x, s.y + out * (w / 2 + edge + w * 0.8F)},
           edge * 1.5F, kExpressEdge);
    }
    const std::string& id = def.belt.express_lanes[track.express].id;
    const unsigned size = px(11);
    const float tw = text_width(id, size);
    const sf::FloatRect box{e.x + w + 4 * scale_, e.y - static_cast<float>(size) * 0.65F, tw,
                            static_cast<float>(size) * 1.25F};
    labels_.push_back({id, {box.left + tw / 2, box.top}, size, kExpressEdge, false});
    placed.push_back(box);
    // The leg and the run, so that the markers' labels are placed clear of them (the kitchen's
    // label may cover the leg's start: it is where the leg comes from).
    legs.push_back({k.x - w, std::min(k.y, c.y), 2 * w, std::abs(k.y - c.y)});
    placed.push_back({c.x - w, c.y - w, e.x - c.x + 2 * w, 2 * w});
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

void Frame::draw_tables(sf::RenderTarget& target, const ViewState& view) {
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
    // The party followed: a frame round its table, outside the flash of a plate taken there.
    if (view.follow_party && state.phase == TablePhase::seated && state.party == *view.follow_party)
      outline(va, {t.box.x - 5, t.box.y - 5, t.box.w + 10, t.box.h + 10}, 2, kFollow);
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
  add_express_plates(r, rim);
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

// Express plates: ordered, so gold-rimmed, in their item's colour (no discard limit runs on an
// express lane). A plate sent back, its party gone, returns with a red rim to be thrown away.
void Frame::add_express_plates(float r, float rim) {
  for (const ExpressView& x : playback_.express_plates()) {
    if (x.trip->express >= layout_.express_tracks().size() ||
        !layout_.express_tracks()[x.trip->express].drawn)
      continue;
    const sf::Vector2f c = v2(layout_.express_point(x.trip->express, x.trip->table, x.progress));
    textured_disc(plates_, c, r, x.returning ? kGate : kOrderedRim);
    textured_disc(plates_, c, r - 2 * rim, to_sf(item_colour(x.trip->item)));
  }
}

// The label of the express plate nearest to belt point b within `reach`, if any.
void Frame::express_hover(Vec2 b, float reach, std::vector<std::string>& lines,
                          std::optional<Vec2>& anchor, const ViewState& view) const {
  const ScenarioDef& def = playback_.scenario();
  const auto& tracks = layout_.express_tracks();
  std::optional<ExpressView> best;
  Vec2 best_at;
  float best_d2 = reach * reach;
  for (const ExpressView& x : playback_.express_plates()) {
    if (x.trip->express >= tracks.size() || !tracks[x.trip->express].drawn) continue;
    const Vec2 c = layout_.express_point(x.trip->express, x.trip->table, x.progress);
    const float d2 = (c.x - b.x) * (c.x - b.x) + (c.y - b.y) * (c.y - b.y);
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = x;
      best_at = c;
    }
  }
  if (!best) return;
  const ExpressTrip& trip = *best->trip;
  lines.push_back(def.menu[trip.item].name);
  lines.push_back(fmt::format("tag {} \u00b7 {} \u00b7 express lane {}", tag_string(trip.ref),
                              def.menu[trip.item].id, def.belt.express_lanes[trip.express].id));
  const std::string table = trip.table < def.tables.size() ? def.tables[trip.table].id : "?";
  lines.push_back(fmt::format("ordered on the touch panel at {}", table));
  lines.push_back(
      fmt::format("sent {} \u00b7 at the table {}", hhmmss(trip.sent), hhmmss(trip.arrives)));
  if (best->returning)
    lines.push_back(fmt::format("its party had left: back by {}, thrown away", hhmmss(trip.back)));
  anchor = to_frame(screen_, view, best_at);
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
  const std::size_t gates_lanes = playback_.belt().lanes.size();  // lanes with gates: the loops

  for (const TruthEvent& e : playback_.events_between(now - window, now)) {
    const float age = static_cast<float>(now - e.time) / static_cast<float>(window);
    const float alpha = 1.0F - age;
    // An express plate's discard names no gate (it is thrown away in the kitchen).
    if (e.kind == TruthKind::plate_discarded && e.lane < gates_lanes && e.where < gates.size() &&
        gates[e.where] != nullptr) {
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
    if (!plate) express_hover(b, reach, lines, anchor, view);
    if (!plate && lines.empty()) {
      if (const auto t = layout_.table_at(b)) {
        const TableDef& table = def.tables[*t];
        const TableState& st = playback_.state().tables[*t];
        lines.push_back(table.id);
        lines.push_back(
            fmt::format("{}, {} seats, lane {}", to_string(table.kind), table.seats, table.lane));
        if (playback_.has_party_data()) {
          if (st.phase == TablePhase::seated) {
            lines.push_back(fmt::format("party {} of {} seated for {}", st.party, st.party_size,
                                        duration(playback_.time() - st.since)));
            if (const PartyState* party = playback_.party(st.party))
              lines.push_back(
                  fmt::format("its plates so far: {} (P: follow the party)", party->plates));
          } else if (st.phase == TablePhase::leaving)
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

std::optional<std::uint32_t> Frame::party_at(const ViewState& view, Vec2 p) const {
  for (const auto& [box, party] : queue_hits_)
    if (box.contains(p)) return party;
  if (!screen_.belt.contains(p)) return std::nullopt;
  const auto table = layout_.table_at(to_belt(screen_, view, p));
  if (!table) return std::nullopt;
  const TableState& state = playback_.state().tables[*table];
  if (state.phase != TablePhase::seated) return std::nullopt;
  return state.party;
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
      {"P", "follow the party at the table or queue dots pointed at"},
      {"Wheel  0", "zoom at the pointer / reset the zoom"},
      {"1  2  3", "show or hide: day, sellers and forecast, key"},
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
  draw_tables(target, view);
  draw_flashes(target, view);
  draw_plates(target, view);

  target.setView(full);
  draw_panel(target, view);
  draw_hover(target, view);
  draw_message(target, view);
  if (view.help) draw_help(target);
}

}  // namespace kaiten::viz
