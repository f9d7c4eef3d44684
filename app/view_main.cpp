// kaiten-view: the live view and visual replay of a restaurant day (the only SFML program).
// `kaiten view ...` and `kaiten replay LOG` run this binary, found beside `kaiten`.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "kaiten/core/units.hpp"
#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "kaiten/viz/viewer.hpp"
#include "view_live.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;

struct Options {
  std::string input;  ///< scenario (view) or run log (replay)
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  ///< --set PATH=VALUE (view)
  std::string snapshot;
  std::string at;
  double speed = kaiten::viz::kDefaultSpeed;
  std::string size;
};

// "WxH" to a frame size; false if malformed or out of range.
bool parse_size(const std::string& text, unsigned& width, unsigned& height) {
  unsigned w = 0;
  unsigned h = 0;
  char x = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X'))
    return false;
  if (w < 320 || h < 240 || w > 8192 || h > 8192) return false;
  width = w;
  height = h;
  return true;
}

void add_common(CLI::App* cmd, Options& o) {
  CLI::Option* snapshot = cmd->add_option(
      "--snapshot", o.snapshot, "Render one frame to this PNG (no window) and exit; needs --at");
  CLI::Option* at = cmd->add_option(
      "--at", o.at, "Simulated time HH:MM[:SS] of the snapshot (without --snapshot: start there)");
  snapshot->needs(at);
  cmd->add_option("--speed", o.speed, "Playback speed, simulated seconds per second (1 to 600)")
      ->capture_default_str();
  cmd->add_option("--size", o.size, "Window or snapshot size WxH (default 1600x900)");
}

int run(const Options& o, bool replay) {
  using namespace kaiten;
  using namespace kaiten::viz;
  const char* me = "kaiten-view";
  unsigned width = kDefaultWidth;
  unsigned height = kDefaultHeight;
  if (!o.size.empty() && !parse_size(o.size, width, height)) {
    fmt::print(stderr, "{}: --size: expected WxH between 320x240 and 8192x8192, got \"{}\"\n", me,
               o.size);
    return kExitBadInput;
  }
  if (!(o.speed >= kMinSpeed && o.speed <= kMaxSpeed)) {
    fmt::print(stderr, "{}: --speed: expected 1 to 600, got {:g}\n", me, o.speed);
    return kExitBadInput;
  }
  std::optional<SimTime> at;
  if (!o.at.empty()) {
    at = parse_clock(o.at);
    if (!at) {
      fmt::print(stderr, "{}: --at: expected HH:MM or HH:MM:SS, got \"{}\"\n", me, o.at);
      return kExitBadInput;
    }
  }
  // SFML 2.5 aborts the process when it cannot open a display: say so before touching it.
  if (!display_available()) {
    fmt::print(stderr, "{}\n", kNoDisplayMessage);
    return kExitBadInput;
  }

  DaySource day = replay ? read_log(o.input) : simulate_scenario(o.input, o.seed, o.sets);
  for (const std::string& e : day.errors) fmt::print(stderr, "{}\n", e);
  if (!day.scenario) return kExitBadInput;
  for (const std::string& n : day.notes) fmt::print(stderr, "{}: {}\n", me, n);

  std::optional<Playback> playback;
  try {
    playback.emplace(*day.scenario, std::move(day.events),
                     PlaybackOptions{5 * kMsPerMinute, day.end}, std::move(day.published));
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "{}: {}: {}\n", me, o.input, e.what());
    return kExitBadInput;
  }
  if (playback->dropped_events() > 0)
    fmt::print(stderr, "{}: {}: {} events do not fit the scenario and are not shown\n", me, o.input,
               playback->dropped_events());
  if (at && (*at < playback->start() || *at > playback->end())) {
    fmt::print(stderr, "{}: --at {} is outside the day ({} to {})\n", me, o.at,
               format_clock(playback->start()), format_clock(playback->end()));
    return kExitBadInput;
  }

  const std::filesystem::path font = find_font();
  if (font.empty()) {
    fmt::print(stderr,
               "{}: cannot find the DejaVu Sans font; install fonts-dejavu-core "
               "(apt-get install fonts-dejavu-core) or set KAITEN_FONT to a .ttf file\n",
               me);
    return kExitFailed;
  }

  ViewState view;
  view.speed = o.speed;
  view.source = day.description;
  try {
    if (!o.snapshot.empty()) {
      render_snapshot(*playback, *at, width, height, font, view, o.snapshot);
      fmt::print("{}: wrote {} ({}x{}, {} at {}; {})\n", me, o.snapshot, width, height,
                 day.scenario->name, format_clock(*at), view.source);
      return kExitOk;
    }
    playback->seek(at.value_or(playback->start()));
    WindowOptions window;
    window.width = width;
    window.height = height;
    window.title = fmt::format("kaiten \u2014 {} (seed {})", day.scenario->name, day.seed);
    window.font = font;
    window.view = view;
    return run_window(*playback, window);
  } catch (const RenderError& e) {
    fmt::print(stderr, "{}: {}\n", me, e.what());
    return kExitFailed;
  }
}

// `view --broker`: the options of a simulated day do not apply to a live one.
int run_live(const Options& o, kaiten::app::LiveViewOptions live, const CLI::App& cmd) {
  const char* me = "kaiten-view";
  if (live.broker.empty()) {
    fmt::print(stderr, "{}: --store, --save-png and --quit-after go with --broker URL\n", me);
    return kExitBadInput;
  }
  for (const char* name : {"--seed", "--set", "--snapshot", "--at", "--speed"})
    if (cmd.count(name) > 0) {
      fmt::print(stderr, "{}: {} is for a simulated day, not with --broker\n", me, name);
      return kExitBadInput;
    }
  if (!o.input.empty()) {
    fmt::print(stderr, "{}: a scenario file or --broker, not both\n", me);
    return kExitBadInput;
  }
  if (!o.size.empty() && !parse_size(o.size, live.width, live.height)) {
    fmt::print(stderr, "{}: --size: expected WxH between 320x240 and 8192x8192, got \"{}\"\n", me,
               o.size);
    return kExitBadInput;
  }
  return kaiten::app::run_live_view(live);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "kaiten-view: watch a simulated restaurant day (view) or a recorded one (replay).\n"
      "Keys: H in the window lists them. Needs a display (use xvfb-run -a when headless)."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "kaiten-view 0.1.0");

  Options view_opts;
  CLI::App* view_cmd =
      cli.add_subcommand("view",
                         "Simulate a scenario's day and play it in a window, or, with --broker, "
                         "watch a live store.");
  view_cmd->add_option("scenario", view_opts.input, "Scenario YAML file (not with --broker)");
  view_cmd->add_option("--seed", view_opts.seed, "Random seed (default: the scenario's `seed`)")
      ->check(kaiten::app::seed_check());
  view_cmd
      ->add_option("--set", view_opts.sets,
                   "Override a scenario value, PATH=VALUE (repeatable; see kaiten run --help)")
      ->allow_extra_args(false);
  add_common(view_cmd, view_opts);
  kaiten::app::LiveViewOptions live;
  view_cmd->add_option("--broker", live.broker,
                       "Attach to a live store on this MQTT broker, tcp://HOST:PORT "
                       "(docs/live.md); no scenario then");
  view_cmd->add_option("--store", live.store, "With --broker: the store's ID (default store1)");
  view_cmd->add_option("--save-png", live.save_png,
                       "With --broker: write the last frame to this PNG when the window closes");
  view_cmd
      ->add_option("--quit-after", live.quit_after,
                   "With --broker: close by itself after this many seconds")
      ->check(CLI::Range(0.0, 1e9));

  Options replay_opts;
  CLI::App* replay_cmd = cli.add_subcommand("replay", "Play a recorded run log in a window.");
  replay_cmd->add_option("log", replay_opts.input, "Run log written by `kaiten run --out DIR`")
      ->required();
  add_common(replay_cmd, replay_opts);

  if (const auto code = kaiten::app::parse_command_line(cli, argc, argv)) return *code;
  if (view_cmd->parsed() && (!live.broker.empty() || view_cmd->count("--store") > 0 ||
                             !live.save_png.empty() || live.quit_after)) {
    return kaiten::app::run_guarded("kaiten-view", "view",
                                    [&] { return run_live(view_opts, live, *view_cmd); });
  }
  if (view_cmd->parsed()) {
    if (view_opts.input.empty()) {
      fmt::print(stderr, "kaiten-view: view: give a scenario file, or --broker URL\n");
      return kExitBadInput;
    }
    return kaiten::app::run_guarded("kaiten-view", "view", [&] { return run(view_opts, false); });
  }
  if (replay_cmd->parsed())
    return kaiten::app::run_guarded("kaiten-view", "replay",
                                    [&] { return run(replay_opts, true); });
  return kExitBadInput;
}
