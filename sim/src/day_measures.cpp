#include "kaiten/sim/day_measures.hpp"

#include "kaiten/core/measures.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten {
namespace {

/// Metres to the millimetre, as the report prints travel.
double metres(Micrometres um) {
  return static_cast<double>(um / 1000) / 1000.0;
}

double percent(double share) {
  return 100.0 * share;
}

Money money_of(const DayResult& day) {
  Money m;
  for (const ItemTotals& t : day.items) m += t.money;
  return m;
}

double kitchen_busy_share(const DayResult& day) {
  double busy = 0, on_shift = 0;
  for (const HourTotals& h : day.hours) {
    busy += static_cast<double>(h.cook_ms_busy);
    on_shift += static_cast<double>(h.cook_ms_on_shift);
  }
  return on_shift > 0 ? busy / on_shift : 0.0;
}

using CX = CustomerExperience;

const std::vector<DayMeasure> kMeasures = {
    {"waste_rate", "%", "plates thrown away (discarded or left at closing) / plates made", false,
     [](const DayResult& d, const CX&) {
       return percent(waste_rate(d.made, d.discarded + d.on_belt_at_close));
     }},
    {"discard_rate", "%", "plates discarded at a gate / plates made", false,
     [](const DayResult& d, const CX&) { return percent(waste_rate(d.made, d.discarded)); }},
    {"plates_made", "plates", "plates made (belt and orders)", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.made); }},
    {"plates_eaten", "plates", "plates eaten", true,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.eaten); }},
    {"revenue_yen", "yen", "price of the plates eaten", true,
     [](const DayResult& d, const CX&) { return static_cast<double>(money_of(d).revenue_yen); }},
    {"cost_of_goods_yen", "yen", "cost of every plate made", false,
     [](const DayResult& d, const CX&) {
       return static_cast<double>(money_of(d).cost_of_goods_yen);
     }},
    {"waste_cost_yen", "yen", "cost of the plates thrown away", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(money_of(d).waste_cost_yen); }},
    {"gross_margin_yen", "yen", "revenue minus the cost of goods made", true,
     [](const DayResult& d, const CX&) {
       return static_cast<double>(money_of(d).gross_margin_yen());
     }},
    {"customers", "people", "people seated", true,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.customers); }},
    {"parties_lost", "parties", "parties that balked or reneged", false,
     [](const DayResult&, const CX& cx) {
       return static_cast<double>(cx.parties_balked + cx.parties_reneged);
     }},
    {"wait_p50_min", "min", "median wait for a table (seated parties)", false,
     [](const DayResult&, const CX& cx) { return cx.wait_min.p50; }},
    {"wait_p95_min", "min", "95th percentile of the wait for a table", false,
     [](const DayResult&, const CX& cx) { return cx.wait_min.p95; }},
    {"seated_min", "min", "mean time at the table", false,
     [](const DayResult&, const CX& cx) { return cx.time_seated_min.mean; }},
    {"first_plate_p50_min", "min", "median time from seated to the first plate", false,
     [](const DayResult&, const CX& cx) { return cx.first_plate_min.p50; }},
    {"found_on_belt", "%", "wanted plates taken from the belt / plates eaten by diners", true,
     [](const DayResult&, const CX& cx) { return percent(cx.found_on_belt_share); }},
    {"plates_per_person", "plates", "plates eaten / customers", true,
     [](const DayResult&, const CX& cx) { return cx.plates_per_person; }},
    {"order_lead_p95_min", "min", "95th percentile of order to plate eaten", false,
     [](const DayResult&, const CX& cx) { return cx.panel_lead_time_min.p95; }},
    {"order_queue_p95_min", "min", "95th percentile of an order's wait for a cook", false,
     [](const DayResult&, const CX& cx) { return cx.order_queue_min.p95; }},
    {"tired_share", "%", "plates eaten that looked tired (older than freshness.tired_min)", false,
     [](const DayResult& d, const CX&) {
       return d.eaten == 0
                  ? 0.0
                  : percent(static_cast<double>(d.tired_eaten) / static_cast<double>(d.eaten));
     }},
    {"failed_wishes", "wishes", "wishes for a sold-out item", false,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.failed_wishes); }},
    {"kitchen_busy", "%", "cook time busy / cook time on shift", false,
     [](const DayResult& d, const CX&) { return percent(kitchen_busy_share(d)); }},
    {"freshness_violations", "plates", "plates eaten past the discard limit (must be 0)", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.freshness_violations); }},
    // The other figures `kaiten run` prints, so that every one of them can be swept and optimised.
    {"plates_discarded", "plates", "plates discarded at a gate", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.discarded); }},
    {"plates_on_belt_at_close", "plates", "plates still on the belt at closing", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.on_belt_at_close); }},
    {"max_travel_eaten_m", "m", "longest distance travelled by an eaten plate", false,
     [](const DayResult& d, const CX&) { return metres(d.max_travel_eaten); }},
    {"max_travel_discarded_m", "m", "longest distance travelled by a discarded plate", false,
     [](const DayResult& d, const CX&) { return metres(d.max_travel_discarded); }},
    {"eaten_travel_mean_m", "m", "mean distance travelled by an eaten plate", false,
     [](const DayResult&, const CX& cx) { return cx.freshness_m.mean; }},
    {"tag_reads", "reads", "RFID tag reads (one per plate pass under a reader)", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.reads); }},
    {"events", "events", "discrete events the simulation processed", false,
     [](const DayResult& d, const CX&) { return static_cast<double>(d.events); }},
    {"parties_arrived", "parties", "parties that arrived", true,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.parties_arrived); }},
    {"parties_seated", "parties", "parties seated", true,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.parties_seated); }},
    {"parties_balked", "parties", "parties that left on arrival: the queue was too long", false,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.parties_balked); }},
    {"parties_reneged", "parties", "parties that left the queue when their patience ran out", false,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.parties_reneged); }},
    {"wait_mean_min", "min", "mean wait for a table (seated parties)", false,
     [](const DayResult&, const CX& cx) { return cx.wait_min.mean; }},
    {"seated_p95_min", "min", "95th percentile of the time at the table", false,
     [](const DayResult&, const CX& cx) { return cx.time_seated_min.p95; }},
    {"panel_orders", "orders", "touch-panel orders", false,
     [](const DayResult&, const CX& cx) { return static_cast<double>(cx.panel_orders); }},
    {"order_lead_mean_min", "min", "mean time from order to plate eaten", false,
     [](const DayResult&, const CX& cx) { return cx.panel_lead_time_min.mean; }},
};

}  // namespace

const std::vector<DayMeasure>& day_measures() {
  return kMeasures;
}

std::optional<DayMeasure> find_day_measure(std::string_view name) {
  for (const DayMeasure& m : kMeasures)
    if (m.name == name) return m;
  return std::nullopt;
}

std::string day_measure_names() {
  std::string out;
  for (const DayMeasure& m : kMeasures) {
    if (!out.empty()) out += ", ";
    out += m.name;
  }
  return out;
}

}  // namespace kaiten
