#include "kaiten/controller/report.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>

namespace kaiten {
namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

const char* policy_name(ControllerPolicy p) {
  return p == ControllerPolicy::fixed_mix ? "fixed_mix" : "predictive";
}

std::string error_json(const ErrorSummary& e) {
  return fmt::format("{{\"mae\": {:.4f}, \"wape\": {:.4f}}}", e.mae, e.wape);
}

std::string sellers_json(const ControllerReport& r, const std::vector<Seller>& list) {
  std::string out = "[";
  for (std::size_t k = 0; k < list.size(); ++k) {
    out += fmt::format("{}{{\"item\": {}, \"plates\": {}, \"revenue_yen\": {}}}", k ? ", " : "",
                       json_string(r.store.items[list[k].item].id), list[k].plates,
                       list[k].revenue_yen);
  }
  return out + "]";
}

}  // namespace

std::string controller_summary_json(const ControllerReport& r) {
  const ControllerTotals& t = r.totals;
  const TrackerStats& s = r.tracking;
  auto out = std::string("{\n");
  auto it = std::back_inserter(out);
  fmt::format_to(it, "  \"store\": {},\n  \"seed\": {},\n  \"policy\": \"{}\",\n",
                 json_string(r.store.name), r.seed, policy_name(r.store.controller.policy));
  fmt::format_to(it, "  \"day_complete\": {},\n", r.day_complete ? "true" : "false");
  fmt::format_to(it,
                 "  \"plates\": {{\"made\": {}, \"sold\": {}, \"sold_provisional\": {}, "
                 "\"discarded\": {}, \"on_belt_at_end\": {}, \"lost_inferred_unconfirmed\": {}, "
                 "\"lost_unseen\": {}, \"inferred_never_checked_out\": {}}},\n",
                 t.made, t.sold, t.sold_provisional, t.discarded, t.on_belt_at_end,
                 t.lost_inferred_unconfirmed, t.lost_unseen, t.inferred_never_checked_out);
  fmt::format_to(it, "  \"revenue_yen\": {},\n  \"waste_rate\": {:.4f},\n", t.revenue_yen,
                 t.waste_rate);
  fmt::format_to(it,
                 "  \"checkout\": {{\"confirmed_inferred\": {}, \"never_inferred\": {}, "
                 "\"was_discarded\": {}, \"repeated\": {}, \"unknown\": {}}},\n",
                 t.checkout_confirmed, t.checkout_uninferred, t.checkout_was_discarded,
                 t.checkout_repeated, t.checkout_unknown);
  fmt::format_to(it,
                 "  \"commands\": {{\"produce\": {}, \"expire\": {}, \"make_order\": {}, "
                 "\"assumed_dropped\": {}}},\n",
                 t.produce_cmds, t.expire_cmds, t.order_cmds, t.assumed_dropped);
  fmt::format_to(it, "  \"rejected_messages\": {},\n  \"late_messages\": {},\n",
                 t.rejected_messages, t.late_messages);
  fmt::format_to(it,
                 "  \"tracking\": {{\"placed\": {}, \"reads\": {}, \"duplicate_reads\": {}, "
                 "\"stray_reads\": {}, \"off_position_reads\": {}, \"missed_passes\": {}, "
                 "\"misses_at_down_readers\": {}, \"inferred\": {}, \"uninferred\": {}, "
                 "\"discarded\": {}, \"undiscarded\": {}, \"reader_outages\": {}, "
                 "\"reused_while_open\": {}}},\n",
                 s.placed, s.reads, s.duplicate_reads, s.stray_reads, s.off_position_reads,
                 s.missed_passes, s.misses_at_down_readers, s.inferred, s.uninferred, s.discarded,
                 s.undiscarded, s.reader_outages, s.reused_while_open);
  fmt::format_to(it, "  \"top_plates\": {},\n  \"top_revenue\": {},\n",
                 sellers_json(r, r.top_plates), sellers_json(r, r.top_revenue));
  out += "  \"accuracy\": [";
  for (std::size_t h = 0; h < r.accuracy.size(); ++h) {
    const HorizonAccuracy& a = r.accuracy[h];
    fmt::format_to(it,
                   "{}\n    {{\"horizon_min\": {}, \"points\": {}, \"actual_mean\": {:.4f},\n"
                   "     \"total\": {{\"model\": {}, \"last_window\": {}, \"seated_rate\": {}}},\n"
                   "     \"items\": {{\"model\": {}, \"last_window\": {}, \"seated_rate\": {}}},\n"
                   "     \"item_mae\": {{",
                   h ? "," : "", a.horizon_min, a.points, a.actual_mean, error_json(a.model),
                   error_json(a.last_window), error_json(a.seated_rate), error_json(a.model_items),
                   error_json(a.last_window_items), error_json(a.seated_rate_items));
    for (std::size_t i = 0; i < a.item_mae.size(); ++i)
      fmt::format_to(it, "{}{}: {:.4f}", i ? ", " : "", json_string(r.store.items[i].id),
                     a.item_mae[i]);
    out += "}}";
  }
  out += "\n  ],\n";
  const QuadraticIntake& q = r.appetite_curve;
  fmt::format_to(it,
                 "  \"appetite\": {{\"parties\": {}, \"quadratic\": {{\"adult_a\": {:.5f}, "
                 "\"adult_b\": {:.6f}, \"child_a\": {:.5f}, \"child_b\": {:.6f}}},\n",
                 r.appetite_parties, q.adult_a, q.adult_b, q.child_a, q.child_b);
  out += "    \"bucket_min\": 8, \"adult_rate\": [";
  for (std::size_t b = 0; b < r.adult_rate.size(); ++b)
    fmt::format_to(it, "{}{:.4f}", b ? ", " : "", r.adult_rate[b]);
  out += "], \"child_rate\": [";
  for (std::size_t b = 0; b < r.child_rate.size(); ++b)
    fmt::format_to(it, "{}{:.4f}", b ? ", " : "", r.child_rate[b]);
  out += "]},\n  \"items\": {";
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const ItemSales& x = r.items[i];
    fmt::format_to(it,
                   "{}\n    {}: {{\"made\": {}, \"sold\": {}, \"discarded\": {}, "
                   "\"revenue_yen\": {}}}",
                   i ? "," : "", json_string(r.store.items[i].id), x.made, x.sold, x.discarded,
                   x.revenue_yen);
  }
  out += "\n  }\n}\n";
  return out;
}

std::string timeline_csv(const ControllerReport& r) {
  // Compiled formats into one buffer (the run-time format strings were parsed per row).
  fmt::memory_buffer out;
  const std::string_view header =
      "time,odometer_um,seated_parties,seated_people,made,on_belt,sold,discarded,produced,"
      "readers_down,forecast_1,actual_1,last_window_1,seated_rate_1,forecast_15,actual_15,"
      "last_window_15,seated_rate_15,sold_last_1,sold_last_15\n";
  out.reserve(header.size() + r.timeline.size() * 128);
  out.append(header.data(), header.data() + header.size());
  auto it = std::back_inserter(out);
  for (const TickRecord& t : r.timeline) {
    fmt::format_to(it, FMT_COMPILE("{},{},{},{},{},{},{},{},{},{}"), format_clock(t.time),
                   t.odometer, t.seated_parties, t.seated_people, t.made, t.on_belt, t.sold,
                   t.discarded, t.produced, t.readers_down);
    for (std::size_t h = 0; h < 2; ++h)
      fmt::format_to(it, FMT_COMPILE(",{:.3f},{:.0f},{:.0f},{:.3f}"), t.forecast[h], t.actual[h],
                     t.baseline_window[h], t.baseline_seated[h]);
    fmt::format_to(it, FMT_COMPILE(",{},{}\n"), t.sold_last[0], t.sold_last[1]);
  }
  return std::string(out.data(), out.size());
}

std::string forecast_items_csv(const ControllerReport& r) {
  std::string out = "time,item,forecast_1,actual_1,forecast_15,actual_15\n";
  auto it = std::back_inserter(out);
  for (const TickRecord& t : r.timeline) {
    for (std::size_t i = 0; i < r.store.items.size(); ++i) {
      const auto value = [&](const std::vector<double>& v) { return i < v.size() ? v[i] : 0.0; };
      fmt::format_to(it, "{},{},{:.4f},{:.0f},{:.4f},{:.0f}\n", format_clock(t.time),
                     csv_field(r.store.items[i].id), value(t.forecast_items[0]),
                     value(t.actual_items[0]), value(t.forecast_items[1]),
                     value(t.actual_items[1]));
    }
  }
  return out;
}

std::string top_sellers_csv(const ControllerReport& r) {
  // The largest controller file (40 rows a tick): compiled formats into one buffer, each item's
  // field quoted once (docs/PERFORMANCE.md).
  std::vector<std::string> ids;
  ids.reserve(r.store.items.size());
  for (const auto& item : r.store.items) ids.push_back(csv_field(item.id));
  // Room for every row reserved at once: growing the buffer row by row copied it about twice.
  std::size_t rows = 0, widest_id = 0;
  for (const TickRecord& t : r.timeline)
    rows += t.top_day_plates.size() + t.top_day_revenue.size() + t.top_window_plates.size() +
            t.top_window_revenue.size();
  for (const std::string& id : ids) widest_id = std::max(widest_id, id.size());
  fmt::memory_buffer out;
  const std::string_view header = "time,scope,rank_by,rank,item,plates,revenue_yen\n";
  out.reserve(header.size() + rows * (48 + widest_id));
  out.append(header.data(), header.data() + header.size());
  auto it = std::back_inserter(out);
  for (const TickRecord& t : r.timeline) {
    const std::string time = format_clock(t.time);
    const std::pair<const char*, const std::vector<Seller>*> lists[] = {
        {"day,plates", &t.top_day_plates},
        {"day,revenue", &t.top_day_revenue},
        {"window,plates", &t.top_window_plates},
        {"window,revenue", &t.top_window_revenue}};
    for (const auto& [name, list] : lists)
      for (std::size_t k = 0; k < list->size(); ++k) {
        const Seller& s = (*list)[k];
        fmt::format_to(it, FMT_COMPILE("{},{},{},{},{},{}\n"), time, name, k + 1, ids[s.item],
                       s.plates, s.revenue_yen);
      }
  }
  return fmt::to_string(out);
}

std::string decisions_csv(const ControllerReport& r) {
  std::string out = "time,command,lane,item,tag,order,at_odometer_um,at_time\n";
  auto it = std::back_inserter(out);
  for (const Decision& d : r.decisions) {
    const std::string time = format_clock(d.time);
    if (const auto* p = std::get_if<ProduceCmd>(&d.command)) {
      fmt::format_to(it, "{},produce,{},{},,,,\n", time, csv_field(r.store.lanes[p->lane].id),
                     csv_field(r.store.items[p->item].id));
    } else if (const auto* e = std::get_if<ExpireCmd>(&d.command)) {
      const std::string odo = e->at_odometer == std::numeric_limits<Micrometres>::max()
                                  ? std::string()
                                  : std::to_string(e->at_odometer);
      const std::string at = e->at_time == kNever ? std::string() : format_clock(e->at_time);
      fmt::format_to(it, "{},expire,,,{},,{},{}\n", time, e->tag, odo, at);
    } else if (const auto* o = std::get_if<MakeOrderCmd>(&d.command)) {
      fmt::format_to(it, "{},make_order,,,,{},,\n", time, o->order);
    }
  }
  return out;
}

std::string sales_csv(const ControllerReport& r) {
  std::string out = "item,price_yen,made,sold,discarded,revenue_yen,waste_rate\n";
  auto it = std::back_inserter(out);
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const ItemSales& x = r.items[i];
    const double waste =
        x.made > 0 ? static_cast<double>(x.discarded) / static_cast<double>(x.made) : 0.0;
    fmt::format_to(it, "{},{},{},{},{},{},{:.4f}\n", csv_field(r.store.items[i].id),
                   r.store.items[i].price_yen, x.made, x.sold, x.discarded, x.revenue_yen, waste);
  }
  return out;
}

}  // namespace kaiten
