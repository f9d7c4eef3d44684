#include "kaiten/controller/store_config.hpp"

#include <algorithm>

namespace kaiten {
namespace {

// Where a plate placed at `kitchen` meets position `at`: in (0, length].
Micrometres from_kitchen(Micrometres at, Micrometres kitchen, Micrometres length) {
  const Micrometres d = ((at - kitchen) % length + length) % length;
  return d == 0 ? length : d;
}

}  // namespace

bool lane_open(const StoreConfig& store, std::uint32_t lane, SimTime t) {
  for (const TimeWindow& w : store.lanes[lane].closed)
    if (t >= w.from && t < w.to) return false;
  return true;
}

StoreConfig store_config(const ScenarioDef& def) {
  StoreConfig s;
  s.name = def.name;
  s.open = def.open;
  s.close = def.close;
  s.pitch = mm_to_um(def.belt.pitch_mm);
  s.discard = def.discard;
  s.kitchen = def.kitchen;
  s.controller = def.controller;
  for (const MenuItem& item : def.menu)
    s.items.push_back({item.id, item.price_yen, item.cost_yen, item.popularity,
                       discard_limit(def.discard, item), item.stock_plates,
                       prep_time(def.kitchen, item)});
  s.manager_plan = manager_plan(def);
  s.ordered_only = def.customers.model == CustomerModel::parties && def.customers.ordered_only;

  for (std::uint32_t l = 0; l < def.belt.lanes.size(); ++l) {
    const LaneDef& lane = def.belt.lanes[l];
    LaneLayout out;
    out.id = lane.id;
    out.closed = lane.closed;
    out.length = std::max<Micrometres>(mm_to_um(lane.length_mm), 1);
    for (const BeltPoint& p : lane.points)
      if (p.kind == PointKind::kitchen) out.kitchen_at = mm_to_um(p.at_mm);
    // Readers are numbered in points order; the route is sorted by where a plate meets them.
    for (const BeltPoint& p : lane.points) {
      if (p.kind != PointKind::reader && p.kind != PointKind::discard_gate) continue;
      Checkpoint c;
      c.from_kitchen = from_kitchen(mm_to_um(p.at_mm), out.kitchen_at, out.length);
      c.gate = p.kind == PointKind::discard_gate;
      if (!c.gate) {
        c.reader = static_cast<std::uint32_t>(s.readers.size());
        s.readers.push_back({p.id, l, 0, c.from_kitchen});
      }
      out.route.push_back(c);
    }
    std::stable_sort(
        out.route.begin(), out.route.end(),
        [](const Checkpoint& a, const Checkpoint& b) { return a.from_kitchen < b.from_kitchen; });
    for (std::uint32_t i = 0; i < out.route.size(); ++i)
      if (!out.route[i].gate) s.readers[out.route[i].reader].checkpoint = i;
    s.lanes.push_back(std::move(out));
  }

  for (std::uint32_t t = 0; t < def.tables.size(); ++t) {
    const TableDef& table = def.tables[t];
    const int lane = find_lane(def, table.lane);
    TableLayout out{table.id, lane < 0 ? 0u : static_cast<std::uint32_t>(lane), table.seats, 0};
    if (lane >= 0 && !s.lanes.empty()) {
      LaneLayout& l = s.lanes[out.lane];
      out.from_kitchen = from_kitchen(mm_to_um(table.at_mm), l.kitchen_at, l.length);
      l.tables.push_back(t);
      l.seats += table.seats;
    }
    s.tables.push_back(std::move(out));
  }
  return s;
}

}  // namespace kaiten
