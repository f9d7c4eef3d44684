// The interactive viewer: a window, the keys, and playback at a chosen speed.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "display.hpp"
#include "frame.hpp"
#include "kaiten/viz/viewer.hpp"

namespace kaiten::viz {
namespace {

constexpr std::array<double, 11> kSpeeds{1, 2, 5, 10, 20, 30, 60, 120, 180, 300, 600};
constexpr float kMaxZoom = 12;
constexpr float kFollowZoom = 3;

double faster(double speed) {
  for (double s : kSpeeds)
    if (s > speed) return s;
  return kMaxSpeed;
}

double slower(double speed) {
  for (auto it = kSpeeds.rbegin(); it != kSpeeds.rend(); ++it)
    if (*it < speed) return *it;
  return kMinSpeed;
}

std::string compact_clock(SimTime t) {
  return fmt::format("{:02}{:02}{:02}", t / kMsPerHour, t / kMsPerMinute % 60,
                     t / kMsPerSecond % 60);
}

// How a plate left the belt between two times, for the message when following stops.
std::string fate_of(const Playback& playback, PlateRef ref, SimTime from, SimTime to) {
  for (const TruthEvent& e : playback.events_between(from, to)) {
    if (e.plate != ref.plate || e.generation != ref.generation) continue;
    const std::string& item = playback.scenario().menu[e.item].name;
    if (e.kind == TruthKind::plate_eaten)
      return fmt::format("{} {} was taken at {} after {:.1f} m", item, tag_string(ref),
                         playback.scenario().tables[e.where].id, e.aux / 1000.0);
    if (e.kind == TruthKind::plate_discarded)
      return fmt::format("{} {} was discarded at {} after {:.1f} m", item, tag_string(ref),
                         playback.belt().points.gates[e.where], e.aux / 1000.0);
  }
  return fmt::format("plate {} is not on the belt now; stopped following", tag_string(ref));
}

// What became of a party that is no longer at the entrance or a table, for the message when
// following stops; empty while it is still there.
std::string party_news(const Playback& playback, const PartyState& p) {
  const ScenarioDef& def = playback.scenario();
  const std::string who =
      fmt::format("party {} ({} {})", p.id, p.size, p.size == 1 ? "person" : "people");
  switch (p.phase) {
    case PartyPhase::not_arrived:
      return fmt::format("party {} has not arrived yet at {}; stopped following", p.id,
                         format_clock(playback.time()));
    case PartyPhase::left:
      return fmt::format("{} paid and left {} at {}, having eaten {} plates", who,
                         def.tables[p.table].id, format_clock(p.gone), p.paid);
    case PartyPhase::balked:
      return fmt::format("{} balked at {}: the queue was too long", who, format_clock(p.gone));
    case PartyPhase::reneged:
      return fmt::format("{} reneged at {} after waiting {} min for a table", who,
                         format_clock(p.gone), (p.gone - p.arrived) / kMsPerMinute);
    case PartyPhase::waiting:
    case PartyPhase::seated:
      break;
  }
  return {};
}

class Viewer {
 public:
  Viewer(Playback& playback, const WindowOptions& options)
      : playback_(playback), options_(options), view_(options.view) {
    load_fonts(fonts_, options.font);
    hold_display();
    sf::ContextSettings settings;
    settings.antialiasingLevel = options.antialiasing;
    window_.create(sf::VideoMode(options.width, options.height),
                   sf::String::fromUtf8(options.title.begin(), options.title.end()),
                   sf::Style::Default, settings);
    window_.setFramerateLimit(60);
    window_.setKeyRepeatEnabled(true);
    frame_ = std::make_unique<Frame>(playback, fonts_, options.width, options.height);
    clock_ms_ = static_cast<double>(playback.time());
  }

  int run() {
    sf::Clock wall;
    while (window_.isOpen()) {
      while (window_.pollEvent(event_)) handle(event_);
      const double dt = wall.restart().asSeconds();
      tick(dt);
      window_.clear();
      frame_->draw(window_, view_);
      if (shot_requested_) {
        screenshot();
        shot_requested_ = false;
      }
      window_.display();
    }
    return 0;
  }

 private:
  void say(const std::string& message, double seconds = 3) {
    view_.message = message;
    message_left_ = seconds;
  }

  void seek_to(double t_ms) {
    clock_ms_ = std::clamp(t_ms, static_cast<double>(playback_.start()),
                           static_cast<double>(playback_.end()));
    const SimTime before = playback_.time();
    playback_.seek(static_cast<SimTime>(clock_ms_));
    update_follow(before);
    update_follow_party();
  }

  // Keeps the party's table centred while it is seated; the whole belt while it waits (its dots
  // are lit in the panel's queue). Stops, with what became of it, when it is gone.
  void update_follow_party() {
    if (!view_.follow_party) return;
    const PartyState* p = playback_.party(*view_.follow_party);
    const std::string news = p ? party_news(playback_, *p) : "that party is not in this day";
    if (!news.empty()) {
      say(news, 6);
      view_.follow_party.reset();
      if (view_.zoom <= 1) view_.centre.reset();
      return;
    }
    // The zoom changes only when the party moves (the user may zoom meanwhile).
    const bool moved = party_phase_ != p->phase;
    party_phase_ = p->phase;
    if (p->phase == PartyPhase::seated) {
      for (const TableBox& t : frame_->layout().tables())
        if (t.table == p->table) view_.centre = t.box.centre();
      if (moved) view_.zoom = std::max(view_.zoom, kFollowZoom);
    } else if (moved) {
      view_.zoom = 1;
      view_.centre.reset();
    }
  }

  void toggle_follow_party() {
    if (view_.follow_party) {
      view_.follow_party.reset();
      view_.zoom = 1;
      view_.centre.reset();
      say("stopped following the party");
      return;
    }
    const auto party = view_.mouse ? frame_->party_at(view_, *view_.mouse) : std::nullopt;
    if (!party) {
      say("point at a table with a party, or at a party waiting in the panel, then press P");
      return;
    }
    view_.follow.reset();
    view_.follow_party = party;
    party_phase_.reset();
    update_follow_party();
    if (view_.follow_party) say(fmt::format("following party {} (P to stop)", *party));
  }

  void update_follow(SimTime before) {
    if (!view_.follow) return;
    if (const auto p = playback_.plate(*view_.follow)) {
      view_.centre = frame_->layout().point_at(p->state->lane, p->position).at;
      return;
    }
    say(fate_of(playback_, *view_.follow, std::min(before, playback_.time()) - 1,
                std::max(before, playback_.time())),
        5);
    view_.follow.reset();
    if (view_.zoom <= 1) view_.centre.reset();
  }

  void tick(double dt) {
    if (message_left_ > 0) {
      message_left_ -= dt;
      if (message_left_ <= 0) view_.message.clear();
    }
    if (view_.paused) return;
    double next = clock_ms_ + dt * 1000.0 * view_.speed;
    if (next >= static_cast<double>(playback_.end())) {
      next = static_cast<double>(playback_.end());
      view_.paused = true;
      say(playback_.end() < playback_.scenario().close ? "end of the recording"
                                                       : "closing time: end of the day");
    }
    seek_to(next);
  }

  void zoom_at(Vec2 frame_point, float factor) {
    const Screen& s = frame_->screen();
    if (!s.belt.contains(frame_point)) return;
    const Vec2 before = to_belt(s, view_, frame_point);
    view_.zoom = std::clamp(view_.zoom * factor, 1.0F, kMaxZoom);
    if (view_.zoom <= 1.0F && !view_.follow && !view_.follow_party) {
      view_.centre.reset();
      return;
    }
    // Keep the point under the pointer where it is.
    const Vec2 c = view_.centre.value_or(s.belt.centre());
    const Vec2 after = to_belt(s, view_, frame_point);
    view_.centre = Vec2{c.x + before.x - after.x, c.y + before.y - after.y};
  }

  void toggle_follow() {
    if (view_.follow) {
      view_.follow.reset();
      view_.zoom = 1;
      view_.centre.reset();
      say("stopped following");
      return;
    }
    const Screen& s = frame_->screen();
    if (!view_.mouse || !s.belt.contains(*view_.mouse)) {
      say("point at a plate, then press F to follow it");
      return;
    }
    const Vec2 b = to_belt(s, view_, *view_.mouse);
    const float reach = std::max(frame_->layout().plate_radius() * 2.0F, 8.0F / view_.zoom);
    const auto ref = plate_near(playback_, frame_->layout(), b, reach);
    if (!ref) {
      say("no plate under the pointer");
      return;
    }
    view_.follow = ref;
    view_.follow_party.reset();
    view_.zoom = std::max(view_.zoom, kFollowZoom);
    update_follow(playback_.time());
    say("following plate " + tag_string(*ref) + " (F to stop)");
  }

  void screenshot() {
    const sf::Vector2u size = window_.getSize();
    sf::Texture texture;
    if (!texture.create(size.x, size.y)) {
      say("screenshot failed: cannot create a texture");
      return;
    }
    texture.update(window_);
    const sf::Image image = texture.copyToImage();
    const std::filesystem::path dir = options_.screenshot_dir;
    const std::string stem = "kaiten-shot-" + compact_clock(playback_.time());
    std::filesystem::path path = dir / (stem + ".png");
    for (int i = 2; std::filesystem::exists(path); ++i)
      path = dir / (stem + "-" + std::to_string(i) + ".png");
    std::filesystem::path temp = path;
    temp += ".tmp.png";
    std::error_code ec;
    if (image.saveToFile(temp.string())) {
      std::filesystem::rename(temp, path, ec);
      if (!ec) {
        say("saved " + path.string());
        return;
      }
    }
    std::filesystem::remove(temp, ec);
    say("screenshot failed: cannot write " + path.string());
  }

  void on_char(char32_t c) {
    switch (c) {
      case '+':
      case '=':
        view_.speed = faster(view_.speed);
        say(fmt::format("speed {:g}\u00d7", view_.speed), 1.5);
        break;
      case '-':
      case '_':
        view_.speed = slower(view_.speed);
        say(fmt::format("speed {:g}\u00d7", view_.speed), 1.5);
        break;
      case '.': {
        view_.paused = true;
        const SimTime now = playback_.time();
        const SimTime next = std::min(playback_.next_event_after(now), now + kMsPerSecond);
        seek_to(static_cast<double>(next));
        break;
      }
      case '[':
        seek_to(clock_ms_ - 10.0 * kMsPerMinute);
        break;
      case ']':
        seek_to(clock_ms_ + 10.0 * kMsPerMinute);
        break;
      case 'f':
      case 'F':
        toggle_follow();
        break;
      case 'p':
      case 'P':
        toggle_follow_party();
        break;
      case 's':
      case 'S':
        shot_requested_ = true;
        break;
      case 'h':
      case 'H':
      case '?':
        view_.help = !view_.help;
        break;
      case '1':
      case '2':
      case '3': {
        const auto i = static_cast<std::size_t>(c - '1');
        view_.panels[i] = !view_.panels[i];
        break;
      }
      case '0':
        view_.zoom = 1;
        if (!view_.follow && !view_.follow_party) view_.centre.reset();
        break;
      default:
        break;
    }
  }

  void handle(const sf::Event& e) {
    switch (e.type) {
      case sf::Event::Closed:
        window_.close();
        break;
      case sf::Event::Resized:
        frame_->resize(e.size.width, e.size.height);
        view_.centre.reset();
        view_.zoom = 1;
        party_phase_.reset();  // a party followed is zoomed in on again
        break;
      case sf::Event::KeyPressed:
        switch (e.key.code) {
          case sf::Keyboard::Escape:
            window_.close();
            break;
          case sf::Keyboard::Space:
            view_.paused = !view_.paused;
            if (!view_.paused && playback_.time() >= playback_.end())
              seek_to(static_cast<double>(playback_.start()));
            break;
          case sf::Keyboard::Home:
            seek_to(static_cast<double>(playback_.start()));
            break;
          case sf::Keyboard::End:
            seek_to(static_cast<double>(playback_.end()));
            break;
          default:
            break;
        }
        break;
      case sf::Event::TextEntered:
        if (e.text.unicode != ' ') on_char(e.text.unicode);
        break;
      case sf::Event::MouseMoved:
        view_.mouse = Vec2{static_cast<float>(e.mouseMove.x), static_cast<float>(e.mouseMove.y)};
        break;
      case sf::Event::MouseLeft:
        view_.mouse.reset();
        break;
      case sf::Event::MouseWheelScrolled:
        zoom_at(
            {static_cast<float>(e.mouseWheelScroll.x), static_cast<float>(e.mouseWheelScroll.y)},
            std::pow(1.25F, e.mouseWheelScroll.delta));
        break;
      default:
        break;
    }
  }

  Playback& playback_;
  const WindowOptions& options_;
  ViewState view_;
  Fonts fonts_;
  sf::RenderWindow window_;
  sf::Event event_{};
  std::unique_ptr<Frame> frame_;
  double clock_ms_ = 0;  ///< the playback time with its fraction of a millisecond
  double message_left_ = 0;
  std::optional<PartyPhase> party_phase_;  ///< of the party followed, at the last update
  bool shot_requested_ = false;
};

}  // namespace

int run_window(Playback& playback, const WindowOptions& options) {
  Viewer viewer(playback, options);
  return viewer.run();
}

}  // namespace kaiten::viz
