#pragma once
// Drawing helpers shared by the frame (frame.cpp) and its side panel (panel.cpp): the viewer's
// colours, triangle-list shapes and text formatting. Internal to viz.
#include <fmt/format.h>

#include <SFML/Graphics.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

#include "kaiten/core/units.hpp"
#include "kaiten/viz/layout.hpp"

namespace kaiten::viz {

// --- colours ----------------------------------------------------------------------------------
inline const sf::Color kBackground(22, 24, 30);
inline const sf::Color kLoopInside(33, 37, 46);
inline const sf::Color kBelt(70, 75, 87);
inline const sf::Color kBeltEdge(112, 118, 132);
inline const sf::Color kChevron(58, 63, 76);
inline const sf::Color kPanel(30, 33, 41);
inline const sf::Color kPanelLine(52, 56, 68);
inline const sf::Color kTitle(240, 240, 244);
inline const sf::Color kText(208, 211, 218);
inline const sf::Color kDim(142, 147, 158);
inline const sf::Color kAccent(255, 196, 84);
inline const sf::Color kReader(90, 176, 255);
inline const sf::Color kGate(240, 70, 70);
inline const sf::Color kKitchen(255, 170, 70);
inline const sf::Color kKitchenBox(92, 62, 28);
inline const sf::Color kTableFree(74, 80, 94);
inline const sf::Color kTableEdge(128, 135, 150);
inline const sf::Color kTableSeated(206, 146, 64);
inline const sf::Color kTableLeaving(120, 100, 110);
inline const sf::Color kChair(150, 156, 170);
inline const sf::Color kChairTaken(250, 236, 210);
inline const sf::Color kPlateRim(238, 236, 228);
inline const sf::Color kFollow(255, 230, 60);
inline const sf::Color kOrderedRim(255, 205, 60);
inline const sf::Color kPerson(236, 226, 206);
inline const sf::Color kExpressTrack(48, 66, 74);
inline const sf::Color kExpressEdge(96, 150, 160);

inline constexpr float kPi = std::numbers::pi_v<float>;
inline constexpr float kDiscTexture = 128;  ///< side of the plate texture, pixels
inline constexpr float kDiscMargin = 2;     ///< transparent border around its disc

inline sf::Vector2f v2(Vec2 p) {
  return {p.x, p.y};
}
inline sf::Vector2f add(sf::Vector2f a, Vec2 d, float k) {
  return {a.x + d.x * k, a.y + d.y * k};
}

inline void tri(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c,
                sf::Color colour) {
  va.append({a, colour});
  va.append({b, colour});
  va.append({c, colour});
}

inline void quad(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c,
                 sf::Vector2f d, sf::Color colour) {
  tri(va, a, b, c, colour);
  tri(va, a, c, d, colour);
}

inline void rect(sf::VertexArray& va, const Rect& r, sf::Color colour) {
  quad(va, {r.x, r.y}, {r.x + r.w, r.y}, {r.x + r.w, r.y + r.h}, {r.x, r.y + r.h}, colour);
}

inline void outline(sf::VertexArray& va, const Rect& r, float t, sf::Color colour) {
  rect(va, {r.x, r.y, r.w, t}, colour);
  rect(va, {r.x, r.y + r.h - t, r.w, t}, colour);
  rect(va, {r.x, r.y, t, r.h}, colour);
  rect(va, {r.x + r.w - t, r.y, t, r.h}, colour);
}

inline int segments_for(float r) {
  return std::clamp(static_cast<int>(r * 2.2F), 10, 40);
}

inline void disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color colour) {
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
inline void textured_disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color colour) {
  const float e = r * kDiscTexture / (kDiscTexture - 2 * kDiscMargin);  // the quad's half side
  const sf::Vector2f p[4] = {
      {c.x - e, c.y - e}, {c.x + e, c.y - e}, {c.x + e, c.y + e}, {c.x - e, c.y + e}};
  constexpr float t = kDiscTexture;
  const sf::Vector2f uv[4] = {{0, 0}, {t, 0}, {t, t}, {0, t}};
  for (int i : {0, 1, 2, 0, 2, 3}) va.append({p[i], colour, uv[i]});
}

inline void ring(sf::VertexArray& va, sf::Vector2f c, float r_in, float r_out, sf::Color colour) {
  const int n = segments_for(r_out);
  for (int i = 0; i < n; ++i) {
    const float a0 = 2 * kPi * static_cast<float>(i) / static_cast<float>(n);
    const float a1 = 2 * kPi * static_cast<float>(i + 1) / static_cast<float>(n);
    const sf::Vector2f u0{std::cos(a0), std::sin(a0)};
    const sf::Vector2f u1{std::cos(a1), std::sin(a1)};
    quad(va, c + u0 * r_in, c + u0 * r_out, c + u1 * r_out, c + u1 * r_in, colour);
  }
}

inline void line(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, float thickness,
                 sf::Color colour) {
  const sf::Vector2f d = b - a;
  const float len = std::sqrt(d.x * d.x + d.y * d.y);
  if (len <= 0) return;
  const sf::Vector2f n{-d.y / len * thickness / 2, d.x / len * thickness / 2};
  quad(va, a + n, b + n, b - n, a - n, colour);
}

// A table box: the table top on the belt side, chairs on the far side.
inline constexpr float kTableTopShare = 0.62F;

inline Rect table_top(const TableBox& t) {
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

inline sf::Color with_alpha(sf::Color c, float alpha) {
  c.a = static_cast<sf::Uint8>(std::clamp(alpha, 0.0F, 1.0F) * 255.0F);
  return c;
}

inline sf::String utf8(const std::string& s) {
  return sf::String::fromUtf8(s.begin(), s.end());
}

inline std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

inline std::string hhmm(SimTime t) {
  return fmt::format("{:02}:{:02}", t / kMsPerHour, t / kMsPerMinute % 60);
}

inline std::string hhmmss(SimTime t) {
  return fmt::format("{:02}:{:02}:{:02}", t / kMsPerHour, t / kMsPerMinute % 60,
                     t / kMsPerSecond % 60);
}

inline std::string duration(SimTime t) {
  const SimTime s = t / kMsPerSecond;
  if (s >= 3600) return fmt::format("{} h {:02} min", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} s", s);
}

inline std::string speed_text(double speed) {
  return fmt::format("{:g}\u00d7", speed);
}

// How long a discard or a plate taken stays visible, in simulated time: about 1.5 s on screen.
inline SimTime flash_window(double speed) {
  return std::clamp(static_cast<SimTime>(1500 * speed), SimTime{1000}, 10 * kMsPerMinute);
}

}  // namespace kaiten::viz
