#include "kaiten/live/protocol.hpp"

#include <fmt/format.h>

#include <cctype>

#include <nlohmann/json.hpp>

namespace kaiten {

using nlohmann::json;

LiveTopics live_topics(const std::string& store) {
  const std::string base = "kaiten/" + store + "/";
  return {base + "header",   base + "sensors",         base + "sensors/resend",    base + "status",
          base + "commands", base + "commands/resend", base + "controller/status", base + "state"};
}

bool valid_store_id(const std::string& store) {
  if (store.empty() || store.size() > 64) return false;
  for (const char c : store)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

bool valid_broker_url(const std::string& url) {
  for (const std::string scheme : {"tcp://", "mqtt://"}) {
    if (!url.starts_with(scheme)) continue;
    const std::string rest = url.substr(scheme.size());
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return false;
    for (std::size_t i = colon + 1; i < rest.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(rest[i]))) return false;
    return true;
  }
  return false;
}

std::string command_line(const SequencedCommand& c) {
  const std::string head = fmt::format(R"({{"seq":{},"t":{},)", c.seq, c.t);
  if (const auto* p = std::get_if<ProduceCmd>(&c.command))
    return head + fmt::format(R"("type":"produce","lane":{},"item":{}}})", p->lane, p->item);
  if (const auto* e = std::get_if<ExpireCmd>(&c.command)) {
    std::string out =
        head + fmt::format(R"("type":"expire","tag":{},"odo":{})", e->tag, e->at_odometer);
    // kNever (no time limit) is left out rather than sent as a huge number.
    if (e->at_time != kNever) out += fmt::format(R"(,"at":{})", e->at_time);
    return out + "}";
  }
  const auto& m = std::get<MakeOrderCmd>(c.command);
  return head + fmt::format(R"("type":"make_order","order":{}}})", m.order);
}

bool parse_command_line(const std::string& line, SequencedCommand& out, std::string& error) {
  try {
    const json j = json::parse(line);
    const auto integer = [&](const char* key, std::int64_t max) -> std::int64_t {
      const auto it = j.find(key);
      if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
          it->get<std::int64_t>() > max)
        throw std::invalid_argument(fmt::format("\"{}\" must be an integer in [0, {}]", key, max));
      return it->get<std::int64_t>();
    };
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
      throw std::invalid_argument("missing string key \"type\"");
    out.seq = static_cast<std::uint64_t>(integer("seq", INT64_MAX));
    if (out.seq == 0) throw std::invalid_argument("\"seq\" must be an integer from 1");
    out.t = integer("t", INT64_MAX);
    const std::string type = j["type"].get<std::string>();
    if (type == "produce") {
      out.command = ProduceCmd{static_cast<std::uint8_t>(integer("lane", UINT8_MAX)),
                               static_cast<std::uint16_t>(integer("item", UINT16_MAX))};
    } else if (type == "expire") {
      ExpireCmd e;
      e.tag = static_cast<std::uint32_t>(integer("tag", UINT32_MAX));
      e.at_odometer = integer("odo", INT64_MAX);
      if (j.contains("at")) e.at_time = integer("at", INT64_MAX);
      out.command = e;
    } else if (type == "make_order") {
      out.command = MakeOrderCmd{static_cast<std::uint32_t>(integer("order", UINT32_MAX))};
    } else {
      throw std::invalid_argument(fmt::format("unknown command type \"{}\"", type));
    }
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

std::string state_json(const StoreConfig& store, const TickRecord& tick, bool done) {
  const auto sellers = [&](const std::vector<Seller>& list) {
    json out = json::array();
    for (const Seller& s : list)
      out.push_back({{"item", s.item < store.items.size() ? store.items[s.item].id : ""},
                     {"plates", s.plates},
                     {"revenue_yen", s.revenue_yen}});
    return out;
  };
  json forecast_items = json::object();
  for (std::size_t h = 0; h < kHorizonsMin.size(); ++h) {
    json items = json::object();
    for (std::size_t i = 0; i < tick.forecast_items[h].size() && i < store.items.size(); ++i)
      items[store.items[i].id] = tick.forecast_items[h][i];
    forecast_items[std::to_string(kHorizonsMin[h])] = items;
  }
  const json state = {
      {"store", store.name},
      {"t", tick.time},
      {"done", done},
      {"plates",
       {{"made", tick.made},
        {"on_belt", tick.on_belt},
        {"sold", tick.sold},
        {"discarded", tick.discarded}}},
      {"seated", {{"parties", tick.seated_parties}, {"people", tick.seated_people}}},
      {"readers_down", tick.readers_down},
      {"forecast_plates", {{"1", tick.forecast[0]}, {"15", tick.forecast[1]}}},
      {"forecast_items", forecast_items},
      {"top_day_plates", sellers(tick.top_day_plates)},
      {"top_day_revenue", sellers(tick.top_day_revenue)},
      {"top_window_plates", sellers(tick.top_window_plates)},
      {"top_window_revenue", sellers(tick.top_window_revenue)}};
  return state.dump();
}

}  // namespace kaiten
