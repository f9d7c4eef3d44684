#pragma once
// Drawing one frame of a playback onto any SFML render target (window or texture). Internal to
// viz: the only place that knows what the picture looks like.
#include <SFML/Graphics.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaiten/viz/layout.hpp"
#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/viewer.hpp"

namespace kaiten::viz {

/// The two faces of DejaVu Sans the viewer uses.
struct Fonts {
  sf::Font regular;
  sf::Font bold;
};

/// Loads `path` and, if present beside it, its bold face (else the regular face again).
/// Throws RenderError.
void load_fonts(Fonts& fonts, const std::filesystem::path& path);

/// Converts between the viewer's colour and SFML's.
inline sf::Color to_sf(Rgb c, std::uint8_t alpha = 255) {
  return {c.r, c.g, c.b, alpha};
}

class Frame {
 public:
  Frame(const Playback& playback, const Fonts& fonts, unsigned width, unsigned height);
  /// Lays the frame out again for a new size.
  void resize(unsigned width, unsigned height);
  /// Draws the playback at its current time. Leaves the target's view as the default view.
  void draw(sf::RenderTarget& target, const ViewState& view);
  const Layout& layout() const { return layout_; }
  const Screen& screen() const { return screen_; }
  /// The party at frame point p in the last frame drawn: seated at the table there, or one of
  /// the dots of the entrance queue in the side panel.
  std::optional<std::uint32_t> party_at(const ViewState& view, Vec2 p) const;

 private:
  void build_static();
  void cache_static();
  /// Draws the express tracks into static_; adds their runs to `placed` and their legs to `legs`.
  void build_express(std::vector<sf::FloatRect>& placed, std::vector<sf::FloatRect>& legs);
  void draw_belt(sf::RenderTarget& target, const ViewState& view);
  void draw_tables(sf::RenderTarget& target, const ViewState& view);
  void draw_plates(sf::RenderTarget& target, const ViewState& view);
  void add_express_plates(float r, float rim);
  void draw_flashes(sf::RenderTarget& target, const ViewState& view);
  // The side panel (panel.cpp): its sections, top to bottom, each drawn at pen.y and moving it
  // down. A section that would run into the footer is left out with a line saying so.
  struct Pen {
    float x = 0;      ///< left edge of the text
    float right = 0;  ///< right edge
    float y = 0;      ///< top of the next line
  };
  void draw_panel(sf::RenderTarget& target, const ViewState& view);
  void panel_day(const ViewState& view, Pen& pen);
  void panel_customers(const ViewState& view, Pen& pen);
  void panel_party(const PartyState& party, Pen& pen);
  void panel_sellers(Pen& pen);
  void panel_forecast(Pen& pen, const PublishedTick& now);
  void panel_key(Pen& pen);
  void heading(Pen& pen, const std::string& title, const std::string& note);
  void divider(Pen& pen);
  void value_row(Pen& pen, const std::string& label, const std::string& value, sf::Color colour);
  /// A row of the two-column tables: a label, then values right-aligned in the two columns.
  void columns_row(Pen& pen, const std::string& label, const std::string& first,
                   const std::string& second, sf::Color colour, unsigned size);
  float row_height() const;
  void draw_hover(sf::RenderTarget& target, const ViewState& view);
  void express_hover(Vec2 b, float reach, std::vector<std::string>& lines,
                     std::optional<Vec2>& anchor, const ViewState& view) const;
  void draw_help(sf::RenderTarget& target);
  void draw_message(sf::RenderTarget& target, const ViewState& view);

  /// Queues `s` with its top-left at (x, y) (align 1: top-centre, 2: top-right); returns its
  /// bounds. Queued text is drawn by flush_text(), one draw per font and size: software OpenGL
  /// pays a lot per draw, and a frame has dozens of strings.
  sf::FloatRect text(const std::string& s, unsigned size, float x, float y, sf::Color colour,
                     int align = 0, bool bold = false);
  /// Draws the queued text onto `target` (with its current view) and empties the queue.
  void flush_text(sf::RenderTarget& target);
  float text_width(const std::string& s, unsigned size, bool bold = false) const;
  /// `s` shortened with "…" in the middle to fit `width`.
  std::string fit(const std::string& s, unsigned size, float width) const;
  unsigned px(float size) const;

  const Playback& playback_;
  const Fonts& fonts_;
  unsigned width_ = 0;
  unsigned height_ = 0;
  float scale_ = 1;  ///< text and stroke scale: frame height / 900
  Screen screen_;
  Layout layout_;
  sf::VertexArray static_{sf::Triangles};  ///< belt loops, interiors, markers
  sf::VertexArray plates_{sf::Triangles};  ///< rebuilt every frame, textured with disc_
  sf::Texture disc_;                       ///< a smooth white disc, tinted per plate
  struct Label {
    std::string text;
    sf::Vector2f at;
    unsigned size = 11;
    sf::Color colour;
    bool bold = false;
  };
  std::vector<Label> labels_;  ///< marker and lane labels, placed once per layout
  struct TextBatch {
    const sf::Font* font = nullptr;
    unsigned size = 0;
    sf::VertexArray vertices{sf::Triangles};
  };
  std::vector<TextBatch> texts_;  ///< text queued since the last flush_text()
  /// static_ and labels_ drawn once per layout at zoom 1: one textured quad per frame instead
  /// of thousands of triangles and dozens of texts (software OpenGL renders it far faster).
  sf::RenderTexture static_cache_;
  bool cache_ready_ = false;
  sf::VertexArray shapes_{sf::Triangles};  ///< the side panel's shapes, drawn in one go
  /// Where the last frame drew each party of the entrance queue (the panel's dots), for picking.
  std::vector<std::pair<Rect, std::uint32_t>> queue_hits_;
};

}  // namespace kaiten::viz
