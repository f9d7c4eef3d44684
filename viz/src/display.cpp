// The display check, holding the X connection, and finding the font.
#include "display.hpp"

#include <X11/Xlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <thread>

#include "kaiten/viz/viewer.hpp"

namespace kaiten::viz {

bool display_available() {
  const char* display = std::getenv("DISPLAY");
  return display != nullptr && *display != '\0';
}

void hold_display() {
  static Display* const held = [] {
    for (int attempt = 0; attempt < 50; ++attempt) {
      if (Display* d = XOpenDisplay(nullptr)) return d;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return static_cast<Display*>(nullptr);
  }();
  if (held == nullptr) {
    const char* name = std::getenv("DISPLAY");
    throw RenderError(std::string("cannot open the display \"") + (name ? name : "") +
                      "\"; on a headless machine run kaiten-view under xvfb-run -a");
  }
}

std::filesystem::path find_font() {
  if (const char* env = std::getenv("KAITEN_FONT"); env != nullptr && *env != '\0') return env;
  const std::filesystem::path debian = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::error_code ec;
  if (std::filesystem::is_regular_file(debian, ec)) return debian;
  // fontconfig knows where fonts live on other systems.
  FILE* pipe = ::popen("fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null", "r");
  if (pipe == nullptr) return {};
  std::string out;
  char buffer[512];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  const std::filesystem::path found = out;
  if (!out.empty() && std::filesystem::is_regular_file(found, ec)) return found;
  return {};
}

}  // namespace kaiten::viz
