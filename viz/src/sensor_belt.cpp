// The belt as the store's sensors see it (live_view.hpp).
#include <algorithm>

#include "kaiten/viz/live_view.hpp"

namespace kaiten::viz {
namespace {

Micrometres modulo(Micrometres a, Micrometres m) {
  return m > 0 ? ((a % m) + m) % m : 0;
}

}  // namespace

SensorBelt::SensorBelt(ScenarioDef def)
    : def_(std::move(def)), belt_(build_belt(def_)), speed_mm_s_(def_.belt.speed_mm_s) {
  const std::size_t readers = belt_.points.readers.size();
  reader_lane_.assign(readers, 0);
  reader_from_kitchen_.assign(readers, 0);
  last_read_.assign(readers, kNever);
  for (std::size_t li = 0; li < belt_.lanes.size(); ++li)
    for (const RoutePoint& p : belt_.lanes[li].route)
      if (p.kind == PointKind::reader && p.index < readers) {
        reader_lane_[p.index] = static_cast<std::uint32_t>(li);
        reader_from_kitchen_[p.index] = p.from_kitchen;
      }
}

void SensorBelt::on_message(const SensorMessage& message) {
  time_ = std::max(time_, time_of(message));
  std::visit(
      [this](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (requires { m.odometer; }) odometer_ = std::max(odometer_, m.odometer);
        if constexpr (std::is_same_v<T, EncoderReading>) speed_mm_s_ = m.speed_mm_s;
        if constexpr (std::is_same_v<T, PlatePlaced>) {
          if (m.lane >= belt_.lanes.size() || m.item >= def_.menu.size()) {
            ++ignored_;
            return;
          }
          // A tag written again is a new plate: the old one was washed.
          plates_[m.tag] = {m.lane, m.item, m.order != kNoOrder, m.time, m.odometer, m.odometer};
        } else if constexpr (std::is_same_v<T, TagRead>) {
          if (m.reader >= last_read_.size()) {
            ++ignored_;
            return;
          }
          SimTime& last = last_read_[m.reader];
          last = last == kNever ? m.time : std::max(last, m.time);
          if (const auto it = plates_.find(m.tag); it != plates_.end())
            it->second.last_seen = std::max(it->second.last_seen, m.odometer);
        } else if constexpr (std::is_same_v<T, CheckoutMsg>) {
          for (const std::uint32_t tag : m.tags) plates_.erase(tag);
        }
      },
      message);
}

Micrometres SensorBelt::odometer_at(SimTime at) const {
  // mm/s is um/ms.
  return odometer_ +
         static_cast<Micrometres>(speed_mm_s_) * std::clamp(at - time_, SimTime{0}, kMaxRunOn);
}

std::vector<SensedPlateView> SensorBelt::plates(SimTime at) const {
  const Micrometres odometer = odometer_at(at);
  std::vector<SensedPlateView> out;
  out.reserve(plates_.size());
  for (const auto& [tag, p] : plates_) {
    const Lane& lane = belt_.lanes[p.lane];
    const Micrometres unseen = odometer - p.last_seen;
    if (static_cast<double>(unseen) > kGoneLaps * static_cast<double>(lane.length)) continue;
    SensedPlateView v;
    v.tag = tag;
    v.plate = &p;
    v.travelled = odometer - p.placed_at;
    v.position = modulo(lane.kitchen_at + v.travelled, lane.length);
    // Missed: it has since gone past the first reader after where it was last seen.
    const Micrometres seen_at = modulo(p.last_seen - p.placed_at, lane.length);
    Micrometres next = -1;
    for (const RoutePoint& r : lane.route) {
      if (r.kind != PointKind::reader) continue;
      const Micrometres ahead = modulo(r.from_kitchen - seen_at, lane.length);
      // The reader that saw it last (within a slot either side) is a lap away.
      const Micrometres gap = ahead <= lane.pitch ? ahead + lane.length : ahead;
      if (next < 0 || gap < next) next = gap;
    }
    // A read lands a few millimetres either side of the reader: allow a plate's width.
    v.missed = next >= 0 && unseen > next + lane.pitch;
    out.push_back(v);
  }
  std::sort(out.begin(), out.end(),
            [](const SensedPlateView& a, const SensedPlateView& b) { return a.tag < b.tag; });
  return out;
}

}  // namespace kaiten::viz
