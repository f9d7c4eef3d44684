#include "kaiten/io/report.hpp"

#include "kaiten/core/text.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "kaiten/core/measures.hpp"
#include "kaiten/sim/customer_experience.hpp"

namespace kaiten {
namespace {

using Json = nlohmann::ordered_json;

double metres(Micrometres um) {
  return static_cast<double>(um / 1000) / 1000.0;
}

// CSV field: quoted only when it must be (RFC 4180).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const char* fate_name(PlateFate fate) {
  switch (fate) {
    case PlateFate::eaten:
      return "eaten";
    case PlateFate::discarded:
      return "discarded";
    case PlateFate::on_belt_at_close:
      return "on_belt_at_close";
  }
  return "?";
}

Json distribution(const Distribution& d) {
  return {{"mean", d.mean}, {"p50", d.p50}, {"p95", d.p95}, {"n", d.n}};
}

Json customers_json(const CustomerExperience& cx) {
  Json j;
  j["parties"] = {{"arrived", cx.parties_arrived},
                  {"seated", cx.parties_seated},
                  {"balked", cx.parties_balked},
                  {"reneged", cx.parties_reneged},
                  {"unserved_at_close", cx.parties_unserved_at_close}};
  j["customers"] = cx.customers;
  j["children"] = cx.children;
  j["wait_for_table_min"] = distribution(cx.wait_min);
  j["time_to_first_plate_min"] = distribution(cx.first_plate_min);
  j["time_seated_min"] = distribution(cx.time_seated_min);
  j["plates_per_person"] = cx.plates_per_person;
  j["found_on_belt_share"] = cx.found_on_belt_share;
  j["panel_orders"] = cx.panel_orders;
  j["panel_lead_time_min"] = distribution(cx.panel_lead_time_min);
  j["order_queue_min"] = distribution(cx.order_queue_min);
  j["order_cook_min"] = distribution(cx.order_cook_min);
  j["order_delivery_min"] = distribution(cx.order_delivery_min);
  j["failed_wishes"] = cx.failed_wishes;
  j["freshness_eaten_m"] = distribution(cx.freshness_m);
  j["spend_per_party_yen"] = distribution(cx.spend_per_party_yen);
  return j;
}

Json money_json(const Money& m) {
  return {{"revenue_yen", m.revenue_yen},
          {"cost_of_goods_yen", m.cost_of_goods_yen},
          {"waste_cost_yen", m.waste_cost_yen},
          {"gross_margin_yen", m.gross_margin_yen()}};
}

Money day_money(const DayResult& day) {
  Money total;
  for (const ItemTotals& t : day.items) total += t.money;
  return total;
}

std::int64_t wasted(const DayResult& day) {
  return day.discarded + day.on_belt_at_close;
}

const char* fate_name(PartyFate fate) {
  switch (fate) {
    case PartyFate::served:
      return "served";
    case PartyFate::balked:
      return "balked";
    case PartyFate::reneged:
      return "reneged";
    case PartyFate::unserved_at_close:
      return "unserved_at_close";
  }
  return "?";
}

std::string clock_or_empty(SimTime t) {
  return t < 0 ? "" : format_clock(t);
}

void append(fmt::memory_buffer& out, std::string_view text) {
  out.append(text.data(), text.data() + text.size());
}

/// Each menu item's CSV field, by menu index.
std::vector<std::string> item_ids(const ScenarioDef& def) {
  std::vector<std::string> ids;
  ids.reserve(def.menu.size());
  for (const auto& item : def.menu) ids.push_back(csv_field(item.id));
  return ids;
}

/// Each lane's CSV field, loops then express lanes, by lane index.
std::vector<std::string> lane_ids(const ScenarioDef& def) {
  std::vector<std::string> ids;
  for (std::size_t l = 0; l < lane_count(def); ++l) ids.push_back(csv_field(lane_id(def, l)));
  return ids;
}

}  // namespace

std::string summary_json(const ScenarioDef& def, const RunInfo& info, const DayResult& day) {
  Json j;
  j["scenario"] = info.scenario;
  j["seed"] = info.seed;
  j["overrides"] = info.overrides;
  j["hours"] = {{"open", format_clock(def.open)}, {"close", format_clock(def.close)}};
  j["plates"] = {{"made", day.made},
                 {"eaten", day.eaten},
                 {"discarded", day.discarded},
                 {"on_belt_at_close", day.on_belt_at_close},
                 {"production_skipped", day.production_skipped}};
  j["waste_rate"] = waste_rate(day.made, wasted(day));
  j["discard_rate"] = waste_rate(day.made, day.discarded);
  j["money"] = money_json(day_money(day));
  Json rule = {{"kind", to_string(def.discard.kind)}};
  if (def.discard.kind == DiscardRuleKind::distance)
    rule["limit_m"] = static_cast<double>(def.discard.distance_mm) / 1000.0;
  else
    rule["limit_min"] = def.discard.time_min;
  j["discard_rule"] = rule;
  j["max_travel_eaten_m"] = metres(day.max_travel_eaten);
  j["max_travel_discarded_m"] = metres(day.max_travel_discarded);
  j["freshness_violations"] = day.freshness_violations;
  j["reads"] = day.reads;
  j["events"] = day.events;
  j["stock_out_skips"] = day.stock_out_skips;
  if (def.customers.model == CustomerModel::parties) {
    j["customers"] = customers_json(customer_experience(day));
    j["customers"]["tired_eaten"] = day.tired_eaten;
  }
  Json items = Json::object();
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    const ItemTotals& t = day.items[i];
    items[def.menu[i].id] = {{"made", t.made},
                             {"eaten", t.eaten},
                             {"discarded", t.discarded},
                             {"on_belt_at_close", t.on_belt_at_close},
                             {"waste_rate", waste_rate(t.made, t.discarded + t.on_belt_at_close)},
                             {"money", money_json(t.money)}};
  }
  j["items"] = items;
  Json lanes = Json::object();
  for (std::size_t l = 0; l < day.lanes.size() && l < lane_count(def); ++l) {
    const LaneTotals& t = day.lanes[l];
    lanes[lane_id(def, l)] = {{"kind", l < def.belt.lanes.size() ? "loop" : "express"},
                              {"made", t.made},
                              {"eaten", t.eaten},
                              {"discarded", t.discarded},
                              {"on_belt_at_close", t.on_belt_at_close},
                              {"waste_rate", waste_rate(t.made, t.discarded + t.on_belt_at_close)},
                              {"reads", t.reads},
                              {"parties_seated", t.parties_seated},
                              {"people_minutes_seated", t.people_minutes_seated},
                              {"money", money_json(t.money)}};
  }
  j["lanes"] = lanes;
  return j.dump(2) + "\n";
}

std::string items_csv(const ScenarioDef& def, const DayResult& day) {
  std::string out =
      "item,name,price_yen,cost_yen,made,eaten,discarded,on_belt_at_close,waste_rate,revenue_yen,"
      "cost_of_goods_yen,waste_cost_yen,gross_margin_yen,mean_travel_eaten_m\n";
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    const ItemTotals& t = day.items[i];
    const double mean_travel =
        t.eaten == 0 ? 0.0 : um_to_m(t.travelled_eaten) / static_cast<double>(t.eaten);
    out += fmt::format("{},{},{},{},{},{},{},{},{:.4f},{},{},{},{},{:.3f}\n",
                       csv_field(def.menu[i].id), csv_field(def.menu[i].name),
                       def.menu[i].price_yen, def.menu[i].cost_yen, t.made, t.eaten, t.discarded,
                       t.on_belt_at_close, waste_rate(t.made, t.discarded + t.on_belt_at_close),
                       t.money.revenue_yen, t.money.cost_of_goods_yen, t.money.waste_cost_yen,
                       t.money.gross_margin_yen(), mean_travel);
  }
  return out;
}

std::string hours_csv(const ScenarioDef& def, const DayResult& day) {
  std::string out =
      "hour,made,eaten,discarded,on_belt_at_close,reads,revenue_yen,cost_of_goods_yen,"
      "waste_cost_yen,gross_margin_yen,cooked,cooked_orders,cooks,kitchen_busy,capacity_plates\n";
  // The menu's mean prep time at its popularity mix: capacity = cook time / mean prep.
  double weight = 0, prep = 0;
  for (const MenuItem& item : def.menu) {
    weight += item.popularity;
    prep += item.popularity * static_cast<double>(prep_time(def.kitchen, item));
  }
  const double mean_prep_ms = weight > 0 ? prep / weight : 0.0;
  const auto first = static_cast<std::size_t>(def.open / kMsPerHour);
  const auto last = static_cast<std::size_t>((def.close - 1) / kMsPerHour);
  for (std::size_t h = first; h <= last && h < day.hours.size(); ++h) {
    const HourTotals& t = day.hours[h];
    const double on_shift = static_cast<double>(t.cook_ms_on_shift);
    out +=
        fmt::format("{:02}:00,{},{},{},{},{},{},{},{},{},{},{},{:.2f},{:.4f},{:.1f}\n", h, t.made,
                    t.eaten, t.discarded, t.on_belt_at_close, t.reads, t.money.revenue_yen,
                    t.money.cost_of_goods_yen, t.money.waste_cost_yen, t.money.gross_margin_yen(),
                    t.cooked, t.cooked_orders, on_shift / static_cast<double>(kMsPerHour),
                    on_shift > 0 ? static_cast<double>(t.cook_ms_busy) / on_shift : 0.0,
                    mean_prep_ms > 0 ? on_shift / mean_prep_ms : 0.0);
  }
  return out;
}

std::string lanes_csv(const ScenarioDef& def, const DayResult& day) {
  std::string out =
      "lane,kind,made,eaten,discarded,on_belt_at_close,waste_rate,reads,parties_seated,"
      "people_minutes_seated,revenue_yen,cost_of_goods_yen,waste_cost_yen,gross_margin_yen\n";
  for (std::size_t l = 0; l < day.lanes.size() && l < lane_count(def); ++l) {
    const LaneTotals& t = day.lanes[l];
    out += fmt::format(
        "{},{},{},{},{},{},{:.4f},{},{},{:.1f},{},{},{},{}\n", csv_field(lane_id(def, l)),
        l < def.belt.lanes.size() ? "loop" : "express", t.made, t.eaten, t.discarded,
        t.on_belt_at_close, waste_rate(t.made, t.discarded + t.on_belt_at_close), t.reads,
        t.parties_seated, t.people_minutes_seated, t.money.revenue_yen, t.money.cost_of_goods_yen,
        t.money.waste_cost_yen, t.money.gross_margin_yen());
  }
  return out;
}

std::string plates_csv(const ScenarioDef& def, const DayResult& day) {
  // One row per plate (tens of thousands on a busy day): compiled formats into one buffer, the
  // item and lane names looked up once (docs/PERFORMANCE.md).
  const std::vector<std::string> items = item_ids(def), lanes = lane_ids(def);
  fmt::memory_buffer out;
  // Room for every row at once (growing the buffer row by row copied it about twice): the
  // numbers and times take some 40 bytes a row, the names the rest.
  std::size_t widest = 0;
  for (const auto* names : {&items, &lanes})
    for (const std::string& name : *names) widest = std::max(widest, name.size());
  out.reserve(64 + day.plates.size() * (40 + 2 * widest));
  append(out, "tag,item,lane,made,ended,fate,travelled_mm\n");
  auto it = std::back_inserter(out);
  for (const PlateEnd& p : day.plates) {
    fmt::format_to(it, FMT_COMPILE("{}.{},{},{},{},{},{},{}\n"), p.plate, p.generation,
                   items[p.item], lanes[p.lane], format_clock(p.made), format_clock(p.ended),
                   fate_name(p.fate), p.travelled / 1000);
  }
  return fmt::to_string(out);
}

std::string parties_csv(const DayResult& day) {
  // Compiled formats into one buffer, as for plates.csv.
  fmt::memory_buffer out;
  append(out,
         "party,size,children,fate,table,arrived,seated,first_plate,left,at_close,wait_min,"
         "time_seated_min,appetite,plates,found_on_belt,ordered_eaten,panel_orders,failed_wishes,"
         "spend_yen\n");
  auto it = std::back_inserter(out);
  for (const PartyResult& p : day.parties) {
    const auto minutes = [&](SimTime from, SimTime to) {
      if (from >= 0 && to >= 0)
        fmt::format_to(it, FMT_COMPILE(",{:.2f}"), static_cast<double>(to - from) / 60000.0);
      else
        out.push_back(',');
    };
    fmt::format_to(it, FMT_COMPILE("{},{},{},{},{},{},{},{},{},{}"), p.id, p.size, p.children,
                   fate_name(p.fate), p.table, format_clock(p.arrived), clock_or_empty(p.seated),
                   clock_or_empty(p.first_plate), clock_or_empty(p.left), p.at_close ? 1 : 0);
    minutes(p.arrived, p.seated);
    minutes(p.seated, p.left);
    fmt::format_to(it, FMT_COMPILE(",{},{},{},{},{},{},{}\n"), p.appetite, p.plates,
                   p.found_on_belt, p.ordered_eaten, p.panel_orders, p.failed_wishes, p.spend_yen);
  }
  return fmt::to_string(out);
}

std::string orders_csv(const ScenarioDef& def, const DayResult& day) {
  const std::vector<std::string> items = item_ids(def), lanes = lane_ids(def);
  fmt::memory_buffer out;
  append(out,
         "party,item,lane,express,ordered,started,cooked,eaten,lead_min,queue_min,cook_min,"
         "delivery_min\n");
  auto it = std::back_inserter(out);
  // Minutes to 2 decimals from whole milliseconds, rounded half up, in integers: exact, and a
  // tenth of the cost of formatting a double.
  const auto minutes = [&](SimTime from, SimTime to) {
    const SimTime centi = (to - from + 300) / 600;
    fmt::format_to(it, FMT_COMPILE(",{}.{:02}"), centi / 100, centi % 100);
  };
  for (const OrderTiming& o : day.orders) {
    fmt::format_to(it, FMT_COMPILE("{},{},{},{},{},{},{},{}"), o.party, items[o.item],
                   lanes[o.lane], o.express ? 1 : 0, format_clock(o.ordered),
                   format_clock(o.started), format_clock(o.cooked), format_clock(o.eaten));
    minutes(o.ordered, o.eaten);
    minutes(o.ordered, o.started);
    minutes(o.started, o.cooked);
    minutes(o.cooked, o.eaten);
    out.push_back('\n');
  }
  return fmt::to_string(out);
}

std::string human_summary(const ScenarioDef& def, const RunInfo& info, const DayResult& day) {
  std::string out;
  out += fmt::format("kaiten run: {} (seed {})\n", info.scenario, info.seed);
  if (!info.overrides.empty()) {
    out += "  overrides:";
    for (const std::string& o : info.overrides) out += " --set " + one_line(o);
    out += "\n";
  }
  out += fmt::format("  open {}-{}, {} seats, {} lanes, belt {} mm/s\n", format_clock(def.open),
                     format_clock(def.close), total_seats(def), def.belt.lanes.size(),
                     def.belt.speed_mm_s);
  out += fmt::format("  plates made {}, eaten {}, discarded {}, on belt at close {}\n", day.made,
                     day.eaten, day.discarded, day.on_belt_at_close);
  out += fmt::format(
      "  waste rate {:.1f}% ({:.1f}% discarded, the rest left at close) under the {} rule",
      100.0 * waste_rate(day.made, wasted(day)), 100.0 * waste_rate(day.made, day.discarded),
      to_string(def.discard.kind));
  if (def.discard.kind == DiscardRuleKind::distance)
    out += fmt::format(" ({} m)\n", static_cast<double>(def.discard.distance_mm) / 1000.0);
  else
    out += fmt::format(" ({} min default)\n", def.discard.time_min);
  out += fmt::format(
      "  longest travel: eaten {:.1f} m, discarded {:.1f} m; freshness violations {}\n",
      metres(day.max_travel_eaten), metres(day.max_travel_discarded), day.freshness_violations);
  const Money money = day_money(day);
  out += fmt::format("  sales {} plates, {} yen; {} tag reads; {} events\n", day.eaten,
                     money.revenue_yen, day.reads, day.events);
  out += fmt::format(
      "  money: revenue {} yen, cost of goods made {} yen, waste at cost {} yen, gross margin {} "
      "yen\n",
      money.revenue_yen, money.cost_of_goods_yen, money.waste_cost_yen, money.gross_margin_yen());
  const std::size_t loops = std::min(day.lanes.size(), def.belt.lanes.size());
  if (loops > 1) {
    out += "  lanes:";
    for (std::size_t l = 0; l < loops; ++l) {
      const LaneTotals& t = day.lanes[l];
      out += fmt::format(" {} {} parties, waste {:.1f}%{}", def.belt.lanes[l].id, t.parties_seated,
                         100.0 * waste_rate(t.made, t.discarded + t.on_belt_at_close),
                         l + 1 < loops ? ";" : "\n");
    }
  }
  if (def.customers.model == CustomerModel::parties) {
    const CustomerExperience cx = customer_experience(day);
    out += fmt::format("  parties {} arrived, {} seated ({} customers), {} balked, {} reneged\n",
                       cx.parties_arrived, cx.parties_seated, cx.customers, cx.parties_balked,
                       cx.parties_reneged);
    out += fmt::format(
        "  wait for a table {:.1f} min (p95 {:.1f}); seated {:.1f} min (p95 {:.1f}); "
        "{:.2f} plates per person\n",
        cx.wait_min.mean, cx.wait_min.p95, cx.time_seated_min.mean, cx.time_seated_min.p95,
        cx.plates_per_person);
    out += fmt::format(
        "  wanted plates found on the belt {:.0f}%; {} panel orders, lead time {:.1f} min (p95 "
        "{:.1f}); {} failed wishes; eaten plates travelled {:.0f} m on average\n",
        100.0 * cx.found_on_belt_share, cx.panel_orders, cx.panel_lead_time_min.mean,
        cx.panel_lead_time_min.p95, cx.failed_wishes, cx.freshness_m.mean);
  }
  // Top sellers by plates eaten, ties by menu order.
  std::vector<std::size_t> order(def.menu.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return day.items[a].eaten > day.items[b].eaten;
  });
  out += "  top sellers:";
  for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k)
    out += fmt::format(" {} {}{}", def.menu[order[k]].id, day.items[order[k]].eaten,
                       k + 1 < std::min<std::size_t>(5, order.size()) ? "," : "\n");
  return out;
}

}  // namespace kaiten
