#pragma once
// The viewer: drawing a Playback into a window or into a PNG. SFML stays inside viz/src; this
// header names no SFML type, so tests and tools can render without including SFML.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "kaiten/core/units.hpp"
#include "kaiten/viz/layout.hpp"
#include "kaiten/viz/palette.hpp"
#include "kaiten/viz/playback.hpp"

namespace kaiten::viz {

inline constexpr unsigned kDefaultWidth = 1600;
inline constexpr unsigned kDefaultHeight = 900;
inline constexpr double kMinSpeed = 1;  ///< simulated seconds per wall-clock second
inline constexpr double kMaxSpeed = 600;
inline constexpr double kDefaultSpeed = 60;
/// Multisampling of snapshots. Windows use none (kWindowAntialiasing): software OpenGL, as under
/// Xvfb, pays for each sample, and plates get soft edges without it.
inline constexpr unsigned kAntialiasing = 4;
inline constexpr unsigned kWindowAntialiasing = 0;

/// What the viewer shows besides the playback itself: playback controls and interaction.
struct ViewState {
  double speed = kDefaultSpeed;  ///< simulated seconds per wall-clock second
  bool paused = false;
  /// Panels shown: the day (with customers), the top sellers and forecast, the key.
  std::array<bool, 3> panels{true, true, true};
  bool help = false;
  std::optional<Vec2> mouse;       ///< pointer position in frame pixels, for the hover label
  std::optional<PlateRef> follow;  ///< the camera follows this plate
  std::optional<std::uint32_t> follow_party;  ///< or this party (by id): its table, its journey
  float zoom = 1;                             ///< belt drawing magnification (>= 1)
  std::optional<Vec2> centre;  ///< belt-drawing point at the centre of the view when zoomed
  std::string source;          ///< one line naming where the day comes from
  std::string message;         ///< a transient status line ("" for none)
};

/// Where the belt drawing puts belt-drawing point `p` on the frame, and back, under the state's
/// zoom and centre.
Vec2 to_frame(const Screen& screen, const ViewState& view, Vec2 p);
Vec2 to_belt(const Screen& screen, const ViewState& view, Vec2 frame_point);

/// The DejaVu Sans font file: the Debian fonts-dejavu-core path, else what `fc-match` reports.
/// Empty when neither exists.
std::filesystem::path find_font();

/// True when $DISPLAY is set. SFML 2.5 aborts without a display, so check before any drawing.
bool display_available();
inline constexpr const char* kNoDisplayMessage =
    "kaiten-view needs a display; on a headless machine run it under xvfb-run -a";

/// An error while drawing or saving a frame.
struct RenderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Renders frames of a playback into an off-screen texture. Needs a display (see above).
class OffscreenRenderer {
 public:
  /// Throws RenderError if the font cannot be loaded or the texture cannot be created.
  /// `antialiasing` is the multisampling level (0 for none).
  OffscreenRenderer(const Playback& playback, unsigned width, unsigned height,
                    const std::filesystem::path& font, unsigned antialiasing = kAntialiasing);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  /// Draws the playback at its current time.
  void render(const ViewState& view);
  /// Blocks until the drawing is done (for timing).
  void finish();
  /// The pixel at (x, y) of the last frame rendered (reads the whole frame back; slow).
  Rgb pixel(unsigned x, unsigned y);
  /// Writes the last frame as PNG: to `path`.tmp.png, then renamed to `path`. Throws RenderError.
  void save_png(const std::filesystem::path& path);
  const Layout& layout() const;
  const Screen& screen() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Renders the playback at time `at` into a `width` x `height` PNG at `path` (atomically).
/// Throws RenderError.
void render_snapshot(Playback& playback, SimTime at, unsigned width, unsigned height,
                     const std::filesystem::path& font, const ViewState& view,
                     const std::filesystem::path& path);

struct WindowOptions {
  unsigned width = kDefaultWidth;
  unsigned height = kDefaultHeight;
  std::string title = "kaiten";
  std::filesystem::path font;
  std::string screenshot_dir = ".";  ///< where S writes kaiten-shot-HHMMSS.png
  unsigned antialiasing = kWindowAntialiasing;
  ViewState view;  ///< initial speed, source line...
};

/// Opens a window and plays the playback from its current time until the user quits (Esc or the
/// window's close button). Returns the process exit code (0).
int run_window(Playback& playback, const WindowOptions& options);

}  // namespace kaiten::viz
