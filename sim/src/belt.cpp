#include "kaiten/sim/belt.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <stdexcept>

namespace kaiten {
namespace {

struct PointProps {
  PointKind kind = PointKind::reader;
  std::uint32_t index = 0;
  Micrometres at = 0;
};
struct SegmentProps {
  Micrometres length = 0;
};
using Topology =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, PointProps, SegmentProps>;
using Vertex = boost::graph_traits<Topology>::vertex_descriptor;

// One lane as a graph: its points in order of position, each joined to the next, the last back to
// the first. Express lanes (later) will add branches to this graph.
Topology lane_topology(const ScenarioDef& def, std::size_t lane_index, BeltPoints& names,
                       Vertex& kitchen) {
  const LaneDef& lane = def.belt.lanes[lane_index];
  std::vector<PointProps> points;
  for (const auto& p : lane.points) {
    std::uint32_t index = 0;
    if (p.kind == PointKind::reader) {
      index = static_cast<std::uint32_t>(names.readers.size());
      names.readers.push_back(p.id);
    } else if (p.kind == PointKind::discard_gate) {
      index = static_cast<std::uint32_t>(names.gates.size());
      names.gates.push_back(p.id);
    }
    points.push_back({p.kind, index, mm_to_um(p.at_mm)});
  }
  for (std::size_t t = 0; t < def.tables.size(); ++t) {
    if (def.tables[t].lane == lane.id)
      points.push_back(
          {PointKind::seat_zone, static_cast<std::uint32_t>(t), mm_to_um(def.tables[t].at_mm)});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const PointProps& x, const PointProps& y) { return x.at < y.at; });

  const Micrometres length = mm_to_um(lane.length_mm);
  Topology g(points.size());
  bool found_kitchen = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    g[i] = points[i];
    if (points[i].kind == PointKind::kitchen) {
      if (found_kitchen) throw std::invalid_argument("lane " + lane.id + " has two kitchens");
      found_kitchen = true;
      kitchen = i;
    }
    const std::size_t next = (i + 1) % points.size();
    const Micrometres gap =
        next == 0 ? length - points[i].at + points[0].at : points[next].at - points[i].at;
    if (gap <= 0) throw std::invalid_argument("lane " + lane.id + " has points at one position");
    boost::add_edge(i, next, SegmentProps{gap}, g);
  }
  if (!found_kitchen) throw std::invalid_argument("lane " + lane.id + " has no kitchen");
  std::vector<int> component(boost::num_vertices(g));
  if (boost::strong_components(g, component.data()) != 1)
    throw std::invalid_argument("lane " + lane.id + " is not a closed loop");
  return g;
}

}  // namespace

Belt build_belt(const ScenarioDef& def) {
  Belt belt;
  for (std::size_t l = 0; l < def.belt.lanes.size(); ++l) {
    Vertex kitchen = 0;
    const Topology g = lane_topology(def, l, belt.points, kitchen);
    Lane lane;
    lane.id = def.belt.lanes[l].id;
    lane.length = mm_to_um(def.belt.lanes[l].length_mm);
    lane.kitchen_at = g[kitchen].at;
    lane.pitch = mm_to_um(def.belt.pitch_mm);
    // Walk the loop from the kitchen, once round, accumulating segment lengths.
    Micrometres travelled = 0;
    Vertex v = kitchen;
    do {
      const auto [first, last] = boost::out_edges(v, g);
      if (std::distance(first, last) != 1)
        throw std::invalid_argument("lane " + lane.id + " branches");
      travelled += g[*first].length;
      v = boost::target(*first, g);
      if (v != kitchen) lane.route.push_back({travelled, g[v].kind, g[v].index, g[v].at});
    } while (v != kitchen);
    if (travelled != lane.length) throw std::invalid_argument("lane " + lane.id + " length");
    lane.slot_plate.assign(static_cast<std::size_t>(lane.length / lane.pitch), kNoPlate);
    belt.lanes.push_back(std::move(lane));
  }
  return belt;
}

Micrometres advance_until_slot_at(const Lane& lane, Micrometres odometer, std::uint32_t slot,
                                  Micrometres at) {
  // Slot k's leading edge sits at belt-frame position k*pitch, which is at world position
  // (k*pitch + odometer) mod length.
  const Micrometres edge = (static_cast<Micrometres>(slot) * lane.pitch + odometer) % lane.length;
  Micrometres advance = at - edge;
  if (advance < 0) advance += lane.length;
  return advance;
}

}  // namespace kaiten
