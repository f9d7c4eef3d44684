// Off-screen rendering: snapshots, tests and benchmarks.
#include <SFML/OpenGL.hpp>
#include <system_error>

#include "display.hpp"
#include "frame.hpp"
#include "kaiten/viz/viewer.hpp"

namespace kaiten::viz {

struct OffscreenRenderer::Impl {
  explicit Impl(const Playback& p) : playback(p) {}
  const Playback& playback;
  Fonts fonts;
  sf::RenderTexture texture;
  std::unique_ptr<Frame> frame;
  std::optional<sf::Image> image;  ///< the last frame read back, if asked for
};

OffscreenRenderer::OffscreenRenderer(const Playback& playback, unsigned width, unsigned height,
                                     const std::filesystem::path& font, unsigned antialiasing)
    : impl_(std::make_unique<Impl>(playback)) {
  load_fonts(impl_->fonts, font);
  hold_display();
  sf::ContextSettings settings;
  settings.antialiasingLevel = antialiasing;
  if (!impl_->texture.create(width, height, settings))
    throw RenderError("cannot create a " + std::to_string(width) + "x" + std::to_string(height) +
                      " off-screen texture");
  impl_->frame = std::make_unique<Frame>(playback, impl_->fonts, width, height);
}

OffscreenRenderer::~OffscreenRenderer() = default;

void OffscreenRenderer::render(const ViewState& view) {
  impl_->image.reset();
  impl_->frame->draw(impl_->texture, view);
  impl_->texture.display();
}

void OffscreenRenderer::finish() {
  if (impl_->texture.setActive(true)) glFinish();
}

Rgb OffscreenRenderer::pixel(unsigned x, unsigned y) {
  if (!impl_->image) impl_->image = impl_->texture.getTexture().copyToImage();
  const sf::Color c = impl_->image->getPixel(x, y);
  return {c.r, c.g, c.b};
}

void OffscreenRenderer::save_png(const std::filesystem::path& path) {
  if (!impl_->image) impl_->image = impl_->texture.getTexture().copyToImage();
  // SFML picks the format from the extension, so the temporary name ends in .png too.
  std::filesystem::path temp = path;
  temp += ".tmp.png";
  if (!impl_->image->saveToFile(temp.string())) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    throw RenderError("cannot write " + path.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw RenderError("cannot write " + path.string() + ": " + ec.message());
  }
}

const Layout& OffscreenRenderer::layout() const {
  return impl_->frame->layout();
}

const Screen& OffscreenRenderer::screen() const {
  return impl_->frame->screen();
}

void render_snapshot(Playback& playback, SimTime at, unsigned width, unsigned height,
                     const std::filesystem::path& font, const ViewState& view,
                     const std::filesystem::path& path) {
  playback.seek(at);
  OffscreenRenderer renderer(playback, width, height, font);
  renderer.render(view);
  renderer.save_png(path);
}

}  // namespace kaiten::viz
