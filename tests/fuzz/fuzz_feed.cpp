// Sensor feed (JSON Lines): read_feed() on any bytes, stopping at the first bad line and skipping
// bad lines. Invariants: the two readings agree (the stopping one reads a prefix of what the
// skipping one reads, and stops at its first error); every line after the header is a message or
// an error, errors in line order; messages come in time order; what was read, written back with
// feed_header_line()/feed_line(), reads back to the same bytes. A feed whose scenario loads is then
// read with that scenario's limits and run through the controller, as `kaiten control` does; its
// commands must name existing lanes and items, its totals must add up, and every plate made must
// end in exactly one category after every message (the controller's conservation).
#include <fmt/format.h>

#include <sstream>

#include "fuzz_support.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::fuzz {
namespace {

constexpr const char* kSource = "fuzz.jsonl";

FeedContents read_text(std::string_view text, bool skip_bad, const FeedLimits& limits = {}) {
  std::istringstream in{std::string(text)};
  return read_feed(in, kSource, skip_bad, limits);
}

// Lines as std::getline sees them.
std::int64_t count_lines(std::string_view text) {
  std::int64_t n = 0;
  for (const char c : text) n += c == '\n' ? 1 : 0;
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

// The same limits as `kaiten control` (app/control_command.cpp).
FeedLimits limits_of(const ScenarioDef& def) {
  FeedLimits limits;
  limits.lanes = static_cast<std::uint32_t>(def.belt.lanes.size());
  limits.items = static_cast<std::uint32_t>(def.menu.size());
  limits.tables = static_cast<std::uint32_t>(def.tables.size());
  for (const LaneDef& lane : def.belt.lanes)
    for (const BeltPoint& p : lane.points) limits.readers += p.kind == PointKind::reader ? 1 : 0;
  return limits;
}

void check_readings_agree(const FeedContents& stopping, const FeedContents& skipping,
                          std::int64_t lines) {
  KAITEN_FUZZ_CHECK(stopping.stopped == !stopping.errors.empty() && stopping.errors.size() <= 1,
                    fmt::format("stopped {}, {} errors", stopping.stopped, stopping.errors.size()));
  KAITEN_FUZZ_CHECK(!skipping.stopped, "a skipping reader stopped");
  KAITEN_FUZZ_CHECK(stopping.messages.size() <= skipping.messages.size(),
                    fmt::format("{} messages stopping, {} skipping", stopping.messages.size(),
                                skipping.messages.size()));
  for (std::size_t i = 0; i < stopping.messages.size(); ++i)
    KAITEN_FUZZ_CHECK(feed_line(stopping.messages[i]) == feed_line(skipping.messages[i]),
                      fmt::format("message {} differs", i));
  if (stopping.stopped) {
    const FeedError& stop = stopping.errors.front();
    KAITEN_FUZZ_CHECK(!skipping.errors.empty() && skipping.errors.front().line == stop.line &&
                          skipping.errors.front().message == stop.message,
                      stop.to_string(kSource));
  } else {
    KAITEN_FUZZ_CHECK(
        skipping.errors.empty() && stopping.messages.size() == skipping.messages.size(),
        "the stopping reader read everything, the skipping one found errors");
  }
  KAITEN_FUZZ_CHECK(
      static_cast<std::int64_t>(skipping.messages.size() + skipping.errors.size()) == lines - 1,
      fmt::format("{} lines, {} messages, {} errors", lines, skipping.messages.size(),
                  skipping.errors.size()));
  std::int64_t last_line = 1;
  for (const FeedError& e : skipping.errors) {
    KAITEN_FUZZ_CHECK(e.line > last_line && e.line <= lines && !e.message.empty(),
                      e.to_string(kSource));
    last_line = e.line;
  }
  for (std::size_t i = 1; i < skipping.messages.size(); ++i)
    KAITEN_FUZZ_CHECK(time_of(skipping.messages[i - 1]) <= time_of(skipping.messages[i]),
                      fmt::format("message {} goes back in time", i));
}

// Written back, a feed reads back to the same header and messages, byte for byte.
void check_round_trip(const FeedContents& feed) {
  std::string text = feed_header_line(feed.header) + "\n";
  for (const SensorMessage& m : feed.messages) text += feed_line(m) + "\n";
  const FeedContents again = read_text(text, false);
  KAITEN_FUZZ_CHECK(again.errors.empty(), again.errors.front().to_string("written back"));
  KAITEN_FUZZ_CHECK(feed_header_line(again.header) == feed_header_line(feed.header),
                    "the header changed when written back");
  KAITEN_FUZZ_CHECK(again.messages.size() == feed.messages.size(),
                    fmt::format("{} messages written, {} read back", feed.messages.size(),
                                again.messages.size()));
  for (std::size_t i = 0; i < feed.messages.size(); ++i)
    KAITEN_FUZZ_CHECK(feed_line(again.messages[i]) == feed_line(feed.messages[i]),
                      fmt::format("message {}: {} read back as {}", i, feed_line(feed.messages[i]),
                                  feed_line(again.messages[i])));
}

void check_command(const Command& command, const ScenarioDef& def) {
  if (const auto* p = std::get_if<ProduceCmd>(&command))
    KAITEN_FUZZ_CHECK(p->lane < def.belt.lanes.size() && p->item < def.menu.size(),
                      fmt::format("produce lane {} item {}", p->lane, p->item));
}

void check_controller(const ScenarioDef& def, const FeedContents& feed) {
  Controller controller(def, feed.header.seed);
  std::vector<Command> commands;
  for (const SensorMessage& m : feed.messages) {
    commands.clear();
    controller.on_message(m, commands);
    for (const Command& c : commands) check_command(c, def);
    KAITEN_FUZZ_CHECK(controller.conservation_gap() == 0,
                      fmt::format("{} plates in no category after {}",
                                  controller.conservation_gap(), feed_line(m)));
  }
  const ControllerReport report = controller.report();
  const ControllerTotals& t = report.totals;
  const std::string totals =
      fmt::format("made {}, sold {} ({} provisional), discarded {}, on belt {}", t.made, t.sold,
                  t.sold_provisional, t.discarded, t.on_belt_at_end);
  KAITEN_FUZZ_CHECK(t.made >= 0 && t.sold >= 0 && t.discarded >= 0 && t.on_belt_at_end >= 0 &&
                        t.sold_provisional >= 0 && t.sold_provisional <= t.sold,
                    totals);
  KAITEN_FUZZ_CHECK(t.sold + t.discarded + t.on_belt_at_end <= t.made, totals);
  ItemSales sum;
  for (const ItemSales& item : report.items) {
    sum.made += item.made;
    sum.sold += item.sold;
    sum.discarded += item.discarded;
  }
  KAITEN_FUZZ_CHECK(sum.made == t.made && sum.sold == t.sold && sum.discarded == t.discarded,
                    fmt::format("items sum to made {}, sold {}, discarded {}; {}", sum.made,
                                sum.sold, sum.discarded, totals));
  // Every plate made ends in exactly one category (issue 11, defect 4).
  KAITEN_FUZZ_CHECK(
      conservation_gap(t) == 0,
      fmt::format("{} plates in no category: {}, lost inferred unconfirmed {}, "
                  "lost unseen {}",
                  conservation_gap(t), totals, t.lost_inferred_unconfirmed, t.lost_unseen));
}

}  // namespace
}  // namespace kaiten::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kaiten;
  using namespace kaiten::fuzz;
  const std::string_view text = as_text(data, size);
  FeedContents stopping;
  try {
    stopping = read_text(text, false);
  } catch (const FeedFormatError& bad_header) {
    // A bad header is bad whatever the mode.
    try {
      read_text(text, true);
    } catch (const FeedFormatError& again) {
      KAITEN_FUZZ_CHECK(std::string(again.what()) == bad_header.what(), again.what());
      return 0;
    }
    KAITEN_FUZZ_CHECK(false, "the skipping reader accepted a header the stopping one refused");
  }
  const FeedContents skipping = read_text(text, true);
  check_readings_agree(stopping, skipping, count_lines(text));
  check_round_trip(skipping);

  const LoadResult loaded = load_scenario_text(skipping.header.scenario_yaml, "fuzz.jsonl.yaml");
  if (!loaded.ok()) return 0;
  const FeedContents checked = read_text(text, true, limits_of(*loaded.scenario));
  check_controller(*loaded.scenario, checked);
  return 0;
}
