// The side panel: the clock and the day, the plates as they happened beside what the controller
// knows, the customers (or the party followed), the controller's live top sellers and forecasts
// against what happened, and the key. Every section says where its figures come from: "ground
// truth" (the simulation's events) or "controller" (what it published at its last clock tick).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "draw.hpp"
#include "frame.hpp"
#include "kaiten/core/discard_rule.hpp"
#include "kaiten/viz/palette.hpp"

namespace kaiten::viz {
namespace {

const sf::Color kForecastLine(255, 170, 70);  // the controller's forecast
const sf::Color kEatenLine(110, 200, 150);    // what was eaten (ground truth)

std::string percent(std::int64_t part, std::int64_t whole) {
  return fmt::format(
      "{:.1f} %",
      whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string weekday(const ScenarioDef& def) {
  if (def.customers.model != CustomerModel::parties) return "Day 1";
  static constexpr const char* kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
  std::string day = kDays[static_cast<int>(def.customers.day) % 7];
  if (def.customers.holiday) day += " (holiday)";
  return day;
}

}  // namespace

float Frame::row_height() const {
  return static_cast<float>(px(14)) * 1.34F;
}

void Frame::heading(Pen& pen, const std::string& title, const std::string& note) {
  const sf::FloatRect r = text(title, px(16), pen.x, pen.y, kTitle, 0, true);
  if (!note.empty()) {
    const float left = r.left + r.width + 8 * scale_;
    text(fit(note, px(11), pen.right - left), px(11), left, pen.y + 4 * scale_, kDim);
  }
  pen.y += 25 * scale_;
}

void Frame::divider(Pen& pen) {
  pen.y += 3 * scale_;
  rect(shapes_, {pen.x, pen.y, pen.right - pen.x, 1}, kPanelLine);
  pen.y += 8 * scale_;
}

void Frame::value_row(Pen& pen, const std::string& label, const std::string& value,
                      sf::Color colour) {
  const unsigned body = px(14);
  const float value_w = text_width(value, body, true);
  text(fit(label, body, pen.right - pen.x - value_w - 8 * scale_), body, pen.x, pen.y, kDim);
  text(value, body, pen.right, pen.y, colour, 2, true);
  pen.y += row_height();
}

void Frame::columns_row(Pen& pen, const std::string& label, const std::string& first,
                        const std::string& second, sf::Color colour, unsigned size) {
  const float column = 84 * scale_;
  const bool bold = size >= px(14);
  text(fit(label, size, pen.right - pen.x - 2 * column), size, pen.x, pen.y, kDim);
  text(first, size, pen.right - column, pen.y, colour, 2, bold);
  text(second, size, pen.right, pen.y, colour, 2, bold);
  pen.y += static_cast<float>(size) * 1.34F;
}

void Frame::panel_day(const ViewState& view, Pen& pen) {
  const ScenarioDef& def = playback_.scenario();
  const PlaybackState& s = playback_.state();
  const float x = pen.x;
  const float right = pen.right;
  const float w = right - x;
  text(fit(def.name, px(19), w), px(19), x, pen.y, kTitle, 0, true);
  pen.y += 28 * scale_;
  const sf::FloatRect clock = text(hhmmss(playback_.time()), px(34), x, pen.y, kTitle, 0, true);
  const std::string state =
      view.paused ? "paused" : (playback_.time() >= playback_.end() ? "end of day" : "playing");
  text(speed_text(view.speed), px(20), right, pen.y + 4 * scale_, kAccent, 2, true);
  text(state, px(12), right, pen.y + 28 * scale_, kDim, 2);
  pen.y += clock.height + 4 * scale_;
  const std::int32_t speed = playback_.odometer().speed_at(playback_.time());
  const std::string belt =
      speed == 0 ? std::string("stopped") : fmt::format("{:.1f} m/min", speed * 0.06);
  text(fit(fmt::format("{} \u00b7 open {}\u2013{} \u00b7 belt {}", weekday(def), hhmm(def.open),
                       hhmm(def.close), belt),
           px(13), w),
       px(13), x, pen.y, kText);
  pen.y += 21 * scale_;
  // The day as a bar, with the hours marked and the playback time.
  const float bar_h = 8 * scale_;
  const double span = static_cast<double>(std::max<SimTime>(def.close - def.open, 1));
  const auto frac = static_cast<float>(static_cast<double>(playback_.time() - def.open) / span);
  rect(shapes_, {x, pen.y, w, bar_h}, kPanelLine);
  rect(shapes_, {x, pen.y, w * frac, bar_h}, sf::Color(96, 140, 200));
  if (playback_.end() < def.close) {
    const auto cut = static_cast<float>(static_cast<double>(playback_.end() - def.open) / span);
    rect(shapes_, {x + w * cut, pen.y, w * (1 - cut), bar_h}, sf::Color(80, 40, 40));
  }
  for (SimTime h = (def.open / kMsPerHour + 1) * kMsPerHour; h < def.close; h += kMsPerHour) {
    const auto hx = x + w * static_cast<float>(static_cast<double>(h - def.open) / span);
    rect(shapes_, {hx, pen.y + bar_h, 1, 3 * scale_}, kDim);
  }
  pen.y += bar_h + 7 * scale_;
  if (!view.source.empty()) {
    text(fit(view.source, px(11), w), px(11), x, pen.y, kDim);
    pen.y += 17 * scale_;
  }
  divider(pen);

  // The plates: what happened beside what the controller knew at its last tick.
  const unsigned body = px(14);
  const PublishedTick* c = playback_.published_now();
  if (playback_.published().empty()) {
    heading(pen, "Plates", "ground truth");
    value_row(pen, "made", grouped(s.made), kText);
    value_row(pen, "eaten", grouped(s.eaten), kText);
    value_row(pen, "discarded", grouped(s.discarded), kText);
    value_row(pen, "on the belt now", grouped(s.on_belt), kText);
    value_row(pen, "Waste so far (discarded / made)", percent(s.discarded, s.made), kAccent);
    return;
  }
  auto ctl = [c](std::int64_t v) { return c == nullptr ? std::string("\u2013") : grouped(v); };
  columns_row(pen, "Plates", "ground truth", "controller", kDim, px(11));
  columns_row(pen, "made", grouped(s.made), ctl(c ? c->made : 0), kText, body);
  columns_row(pen, "eaten \u00b7 sold", grouped(s.eaten), ctl(c ? c->sold : 0), kText, body);
  columns_row(pen, "discarded", grouped(s.discarded), ctl(c ? c->discarded : 0), kText, body);
  columns_row(pen, "on the belt now", grouped(s.on_belt), ctl(c ? c->on_belt : 0), kText, body);
  columns_row(pen, "Waste so far", percent(s.discarded, s.made),
              c ? percent(c->discarded, c->made) : std::string("\u2013"), kAccent, body);
  if (c != nullptr && c->readers_down > 0)
    value_row(pen, "Readers it takes as down", std::to_string(c->readers_down), kGate);
}

void Frame::panel_customers(const ViewState& view, Pen& pen) {
  const PlaybackState& s = playback_.state();
  const PartyState* followed = view.follow_party ? playback_.party(*view.follow_party) : nullptr;
  heading(pen, "Customers", "ground truth");
  std::int64_t waiting_people = 0;
  for (const QueuedParty& q : s.queue) waiting_people += q.size;
  value_row(pen, "Waiting at the entrance",
            fmt::format("{} parties \u00b7 {} people", s.queue.size(), waiting_people), kAccent);
  // The queue itself: a dot per person, parties apart; the party followed in its colour.
  if (!s.queue.empty()) {
    const float d = 7 * scale_;
    float qx = pen.x + d / 2;
    std::size_t shown = 0;
    for (const QueuedParty& q : s.queue) {
      if (qx + d * static_cast<float>(q.size) > pen.right - 40 * scale_) break;
      const sf::Color colour = followed && followed->id == q.party ? kFollow : kPerson;
      queue_hits_.push_back(
          {Rect{qx - d / 2, pen.y - 2 * scale_, d * static_cast<float>(q.size), d + 4 * scale_},
           q.party});
      for (std::uint32_t i = 0; i < q.size; ++i) {
        disc(shapes_, {qx, pen.y + d / 2}, d * 0.38F, colour);
        qx += d;
      }
      qx += d * 0.8F;
      ++shown;
    }
    if (shown < s.queue.size())
      text(fmt::format("+{}", s.queue.size() - shown), px(11), pen.right, pen.y - 4 * scale_, kDim,
           2);
    pen.y += d + 6 * scale_;
  }
  if (followed != nullptr) {
    panel_party(*followed, pen);
    return;
  }
  std::int64_t busy = 0;
  for (const TableState& t : s.tables) busy += t.phase == TablePhase::seated ? 1 : 0;
  value_row(pen, "Seated now",
            fmt::format("{} people at {} of {} tables", s.people_seated, busy, s.tables.size()),
            kText);
  value_row(pen, "Parties seated / left", fmt::format("{} / {}", s.parties_seated, s.parties_left),
            kText);
  value_row(pen, "Gave up: balked / reneged",
            fmt::format("{} / {}", s.parties_balked, s.parties_reneged), kText);
  value_row(pen, "Mean wait for a table",
            s.parties_seated == 0
                ? std::string("-")
                : fmt::format("{:.1f} min", static_cast<double>(s.wait_total) /
                                                static_cast<double>(s.parties_seated) /
                                                static_cast<double>(kMsPerMinute)),
            kText);
  value_row(pen, "Touch-panel orders", grouped(s.panel_orders), kText);
}

// The party followed, in place of the customer totals: who, since when, where, how much.
void Frame::panel_party(const PartyState& p, Pen& pen) {
  const SimTime now = playback_.time();
  const ScenarioDef& def = playback_.scenario();
  text(fmt::format("Party {} \u00b7 {} {}", p.id, p.size, p.size == 1 ? "person" : "people"),
       px(14), pen.x, pen.y, kFollow, 0, true);
  text("followed \u00b7 P to stop", px(11), pen.right, pen.y + 2 * scale_, kDim, 2);
  pen.y += row_height();
  value_row(pen, "Arrived", hhmmss(p.arrived), kText);
  switch (p.phase) {
    case PartyPhase::not_arrived:
      value_row(pen, "Not arrived yet", "", kText);
      return;
    case PartyPhase::waiting:
      value_row(pen, "Waiting for a table", duration(now - p.arrived), kAccent);
      return;
    case PartyPhase::balked:
      value_row(pen, "Balked: the queue was too long", hhmmss(p.gone), kGate);
      return;
    case PartyPhase::reneged:
      value_row(pen, "Reneged after waiting", duration(p.gone - p.arrived), kGate);
      return;
    case PartyPhase::seated:
    case PartyPhase::left:
      break;
  }
  const TableDef& table = def.tables[p.table];
  value_row(pen, "Waited for a table", duration(p.seated - p.arrived), kText);
  value_row(pen, fmt::format("Seated at {}", hhmmss(p.seated)),
            fmt::format("{} \u00b7 lane {}", table.id, table.lane), kText);
  value_row(pen, "Plates eaten so far", grouped(p.plates), kAccent);
  value_row(pen, "Touch-panel orders", grouped(p.orders), kText);
  if (p.phase == PartyPhase::left)
    value_row(pen, fmt::format("Paid and left at {}", hhmmss(p.gone)),
              fmt::format("{} plates", p.paid), kText);
  else
    value_row(pen, "Seated for", duration(now - p.seated), kText);
}

void Frame::panel_sellers(Pen& pen) {
  const ScenarioDef& def = playback_.scenario();
  std::vector<ItemCount> top;
  if (playback_.published().empty()) {
    heading(pen, "Top 10 sellers", "plates eaten so far \u00b7 ground truth");
    top = playback_.top_sellers(10);
  } else {
    const PublishedTick* c = playback_.published_now();
    heading(pen, "Top 10 sellers",
            c ? "controller, live \u00b7 its sales at " + hhmm(c->time) : "controller, live");
    if (c != nullptr)
      for (const PublishedSeller& s : c->top)
        if (top.size() < 10) top.push_back({s.item, s.plates});
  }
  const unsigned size = px(13);
  const float r_h = static_cast<float>(size) * 1.32F;
  const std::int64_t most = top.empty() ? 1 : std::max<std::int64_t>(top.front().count, 1);
  if (top.empty()) {
    text("nothing sold yet", size, pen.x, pen.y, kDim);
    pen.y += r_h;
  }
  const float x = pen.x;
  const float right = pen.right;
  const float name_x = x + 44 * scale_;
  for (std::size_t i = 0; i < top.size(); ++i) {
    const ItemCount& c = top[i];
    const float bar_w =
        (right - name_x + 4 * scale_) * static_cast<float>(c.count) / static_cast<float>(most);
    rect(shapes_, {name_x - 4 * scale_, pen.y + 1, bar_w, r_h - 3}, sf::Color(44, 49, 60));
    disc(shapes_, {x + 31 * scale_, pen.y + r_h / 2}, 5.5F * scale_, kPlateRim);
    disc(shapes_, {x + 31 * scale_, pen.y + r_h / 2}, 4.2F * scale_, to_sf(item_colour(c.item)));
    text(std::to_string(i + 1), size, x + 19 * scale_, pen.y, kDim, 2);
    text(fit(def.menu[c.item].name, size, right - name_x - 50 * scale_), size, name_x, pen.y,
         kText);
    text(grouped(c.count), size, right - 4 * scale_, pen.y, kTitle, 2, true);
    pen.y += r_h;
  }
}

// The forecasts the controller published at its last tick, the ones it published 1 and 15
// minutes ago beside the plates really eaten in the windows they were for, and the 15-minute
// forecast against what happened over the day so far.
void Frame::panel_forecast(Pen& pen, const PublishedTick& now) {
  const SimTime t = playback_.time();
  const std::span<const PublishedTick> ticks = playback_.published();
  // The heading carries the columns' titles: plates over the next 1 and 15 minutes.
  const sf::FloatRect title = text("Forecast", px(16), pen.x, pen.y, kTitle, 0, true);
  text("controller", px(11), title.left + title.width + 8 * scale_, pen.y + 4 * scale_, kDim);
  pen.y += 4 * scale_;
  columns_row(pen, "", "next 1 min", "next 15 min", kDim, px(11));
  pen.y += 6 * scale_;
  const unsigned body = px(14);
  columns_row(pen, "published at " + hhmm(now.time), fmt::format("{:.1f}", now.forecast[0]),
              fmt::format("{:.0f}", now.forecast[1]), kForecastLine, body);
  std::array<std::string, 2> said{"\u2013", "\u2013"};
  std::array<std::string, 2> eaten{"\u2013", "\u2013"};
  for (std::size_t h = 0; h < kForecastMinutes.size(); ++h) {
    const SimTime span = kForecastMinutes[h] * kMsPerMinute;
    if (const PublishedTick* then = published_at(ticks, t - span)) {
      said[h] = fmt::format("{:.{}f}", then->forecast[h], h == 0 ? 1 : 0);
      eaten[h] = grouped(playback_.eaten_between(then->time, then->time + span));
    }
  }
  columns_row(pen, "forecast 1 \u00b7 15 min ago", said[0], said[1], kForecastLine, body);
  columns_row(pen, "eaten in it (truth)", eaten[0], eaten[1], kEatenLine, body);

  // The chart: each 15-minute forecast and the plates eaten in its window, drawn at the window's
  // end, from opening to 15 minutes past now (at least an hour): the forecast line reaches there,
  // the eaten line stops at now. At most a point per pixel.
  const ScenarioDef& def = playback_.scenario();
  const float x = pen.x;
  const float w = pen.right - pen.x;
  const float top = std::floor(pen.y + 3 * scale_);
  const float h = 40 * scale_;
  const SimTime span = kForecastMinutes[1] * kMsPerMinute;
  const double shown = static_cast<double>(std::max(t + span - def.open, kMsPerHour));
  auto at_x = [&](SimTime time) {
    return x + w * static_cast<float>(
                       std::clamp(static_cast<double>(time - def.open) / shown, 0.0, 1.0));
  };
  const auto last = static_cast<std::size_t>(&now - ticks.data()) + 1;
  const auto columns = static_cast<std::size_t>(std::max(1.0F, w));
  const std::size_t stride = std::max<std::size_t>(1, last / columns);
  std::vector<std::pair<SimTime, double>> forecast;
  std::vector<std::pair<SimTime, double>> actual;
  double most = 10;
  for (std::size_t i = 0; i < last; i += stride) {
    const PublishedTick& p = ticks[i];
    if (p.time < def.open) continue;
    forecast.emplace_back(p.time + span, p.forecast[1]);
    most = std::max(most, p.forecast[1]);
    if (p.time + span <= t) {
      const auto n = static_cast<double>(playback_.eaten_between(p.time, p.time + span));
      actual.emplace_back(p.time + span, n);
      most = std::max(most, n);
    }
  }
  most = std::ceil(most / 10) * 10;
  rect(shapes_, {x, top + h, w, 1}, kPanelLine);
  rect(shapes_, {x, top, w, 1}, sf::Color(40, 44, 54));
  rect(shapes_, {at_x(t), top, 1, h}, kDim);  // now
  for (const auto& [points, colour] :
       {std::pair{&forecast, kForecastLine}, std::pair{&actual, kEatenLine}}) {
    // Segments a pixel thick through pixel centres: crisp also when multisampled (snapshots).
    auto at = [&](const std::pair<SimTime, double>& p) {
      return sf::Vector2f{std::floor(at_x(p.first)) + 0.5F,
                          std::floor(top + h - h * static_cast<float>(p.second / most)) + 0.5F};
    };
    for (std::size_t i = 1; i < points->size(); ++i)
      line(shapes_, at((*points)[i - 1]), at((*points)[i]), 1, colour);
  }
  // The labels sit on a patch of the panel's colour: the lines would run through them.
  for (const auto& [label, y] :
       {std::pair{fmt::format("{:g} plates", most), top + 1},
        std::pair{hhmm(def.open), top + h - static_cast<float>(px(10)) - 2}}) {
    const sf::FloatRect r = text(label, px(10), x + 2 * scale_, y, kDim);
    rect(shapes_, {r.left - 1, r.top - 1, r.width + 2, r.height + 2}, kPanel);
  }
  pen.y = top + h + 4 * scale_;
  // Its legend, on one line.
  const float mid = pen.y + static_cast<float>(px(11)) * 0.6F;
  rect(shapes_, {x, mid, 14 * scale_, 2 * scale_}, kForecastLine);
  const sf::FloatRect a =
      text("15-min forecast (controller)", px(11), x + 18 * scale_, pen.y, kText);
  const float x2 = a.left + a.width + 12 * scale_;
  rect(shapes_, {x2, mid, 14 * scale_, 2 * scale_}, kEatenLine);
  text("eaten in its window (truth)", px(11), x2 + 18 * scale_, pen.y, kText);
  pen.y += 16 * scale_;
}

// The key: the freshness scale, then each symbol with its label, flowing left to right.
void Frame::panel_key(Pen& pen) {
  const ScenarioDef& def = playback_.scenario();
  const float x = pen.x;
  const float right = pen.right;
  // Freshness: an item colour turning red towards the limit, after the title.
  const sf::FloatRect title = text("Key", px(14), x, pen.y, kTitle, 0, true);
  const float gx = title.left + title.width + 10 * scale_;
  const float gw = right - gx;
  const Rgb sample = item_colour(1);
  const int steps = 60;
  for (int i = 0; i < steps; ++i) {
    const double used = static_cast<double>(i) / (steps - 1);
    rect(shapes_,
         {gx + gw * static_cast<float>(i) / steps, pen.y + 3 * scale_, gw / steps + 0.5F,
          9 * scale_},
         to_sf(plate_colour(sample, used)));
  }
  pen.y += 13 * scale_;
  const std::string limit =
      def.discard.kind == DiscardRuleKind::distance
          ? fmt::format("limit {:.0f} m", static_cast<double>(def.discard.distance_mm) / 1000)
          : fmt::format("limit {} min", def.discard.time_min);
  text("plate colour = item, fresh", px(10), gx, pen.y, kDim);
  text("60 %", px(10), gx + gw * 0.6F, pen.y, kDim, 1);
  text(limit, px(10), right, pen.y, kDim, 2);
  pen.y += 16 * scale_;

  const unsigned size = px(12);
  const float r_h = static_cast<float>(size) * 1.55F;
  const float bar = 7 * scale_;
  const bool parties = playback_.has_party_data();
  float lx = x;
  auto item = [&](const std::string& label, float symbol_w, auto&& draw_symbol) {
    const float w = symbol_w + 6 * scale_ + text_width(label, size);
    if (lx > x && lx + w > right) {
      lx = x;
      pen.y += r_h;
    }
    draw_symbol(sf::Vector2f{lx + symbol_w / 2, pen.y + r_h / 2 - 2});
    text(label, size, lx + symbol_w + 6 * scale_, pen.y, kText);
    lx += w + 14 * scale_;
  };
  const std::pair<const char*, sf::Color> points[] = {
      {"reader", kReader}, {"discard gate", kGate}, {"kitchen", kKitchen}};
  for (const auto& [label, colour] : points)
    item(label, 4 * scale_, [&](sf::Vector2f c) {
      line(shapes_, {c.x, c.y - bar}, {c.x, c.y + bar}, (colour == kReader ? 2 : 4) * scale_,
           colour);
    });
  item(parties ? "party seated (size)" : "table (no party data)", 20 * scale_, [&](sf::Vector2f c) {
    rect(shapes_, {c.x - 10 * scale_, c.y - 6 * scale_, 20 * scale_, 8 * scale_},
         parties ? kTableSeated : kTableFree);
    for (int i = 0; i < 3; ++i)
      disc(shapes_, {c.x - 6 * scale_ + 6 * scale_ * static_cast<float>(i), c.y + 5 * scale_},
           2 * scale_, kChair);
  });
  item("lit: a plate taken", 20 * scale_, [&](sf::Vector2f c) {
    const Rect top{c.x - 10 * scale_, c.y - 5 * scale_, 20 * scale_, 9 * scale_};
    rect(shapes_, top, kTableFree);
    outline(shapes_, top, 2 * scale_, to_sf(item_colour(2)));
  });
  item("a discard", 14 * scale_,
       [&](sf::Vector2f c) { ring(shapes_, c, 5 * scale_, 7 * scale_, kGate); });
  if (parties)
    item("panel order", 12 * scale_, [&](sf::Vector2f c) {
      disc(shapes_, c, 5 * scale_, kOrderedRim);
      disc(shapes_, c, 3 * scale_, to_sf(item_colour(1)));
    });
  const auto& tracks = layout_.express_tracks();
  if (std::any_of(tracks.begin(), tracks.end(), [](const ExpressTrack& t) { return t.drawn; }))
    item("express lane", 22 * scale_, [&](sf::Vector2f c) {
      line(shapes_, {c.x - 11 * scale_, c.y}, {c.x + 11 * scale_, c.y}, 7 * scale_, kExpressEdge);
      line(shapes_, {c.x - 10 * scale_, c.y}, {c.x + 10 * scale_, c.y}, 5 * scale_, kExpressTrack);
    });
  pen.y += r_h;
}

void Frame::draw_panel(sf::RenderTarget& target, const ViewState& view) {
  const Rect& p = screen_.panel;
  // The panel's shapes go into one array, drawn once before its text: software OpenGL pays a lot
  // per draw. (The background is the frame's clear colour.)
  shapes_.clear();
  rect(shapes_, {p.x, p.y, 1, p.h}, kPanelLine);

  Pen pen{p.x + 18 * scale_, p.x + p.w - 18 * scale_, p.y + 14 * scale_};
  const float footer = p.y + p.h - 24 * scale_;
  // Sections after the first are drawn only if they fit above the footer; their heights are
  // worked out from the same sizes the sections use.
  const float row = row_height();
  const float heading_h = 25 * scale_;
  const float divider_h = 11 * scale_;
  std::vector<std::string> left_out;
  auto fits = [&](float height, const char* name) {
    if (pen.y + height <= footer) return true;
    left_out.emplace_back(name);
    return false;
  };

  queue_hits_.clear();
  if (view.panels[0]) {
    panel_day(view, pen);
    divider(pen);
    if (playback_.has_party_data() && fits(heading_h + row * 7 + divider_h, "customers")) {
      panel_customers(view, pen);
      divider(pen);
    }
  }
  if (view.panels[1]) {
    const float sellers_h = heading_h + static_cast<float>(px(13)) * 1.32F * 10 + divider_h;
    if (fits(sellers_h, "top sellers")) {
      panel_sellers(pen);
      divider(pen);
    }
    const PublishedTick* now = playback_.published_now();
    const float forecast_h = 10 * scale_ + static_cast<float>(px(11)) * 1.34F + row * 3 +
                             47 * scale_ + 16 * scale_ + divider_h;
    if (now != nullptr && fits(forecast_h, "forecast")) {
      panel_forecast(pen, *now);
      divider(pen);
    }
  }
  const float key_h = 29 * scale_ + static_cast<float>(px(12)) * 1.55F * 3;
  if (view.panels[2] && fits(key_h, "key")) panel_key(pen);
  if (!left_out.empty()) {
    std::string names;
    for (const std::string& n : left_out) names += (names.empty() ? "" : ", ") + n;
    text(fit(fmt::format("No room for: {} (hide panels with 1 2 3)", names), px(11),
             pen.right - pen.x),
         px(11), pen.x, pen.y, kDim);
  }
  text("H help \u00b7 Space pause \u00b7 +/\u2212 speed \u00b7 [ ] seek \u00b7 F/P follow", px(11),
       pen.x, footer, kDim);
  target.draw(shapes_);
  flush_text(target);
}

}  // namespace kaiten::viz
