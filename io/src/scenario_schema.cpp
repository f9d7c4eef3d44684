// The key table (scenario_keys.hpp) printed as Markdown reference tables and as JSON Schema, and
// key paths checked against it.
#include "kaiten/io/scenario_schema.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "kaiten/core/text.hpp"
#include "scenario_keys.hpp"
#include "suggest.hpp"

namespace kaiten {
namespace {

using schema::Key;
using schema::Kind;
using Json = nlohmann::ordered_json;

/// The map a key belongs to: "belt.lanes[].points[].at_mm" -> "belt.lanes[].points[]".
std::string parent_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(path.substr(0, dot));
}

/// The last name of a key path.
std::string name_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

/// Where a key's own keys live: a section's path, or a list's entries "path[]".
std::string members_of(const Key& key) {
  return key.kind == Kind::list ? key.path + "[]" : key.path;
}

std::vector<const Key*> children(std::string_view map) {
  std::vector<const Key*> out;
  for (const Key& k : schema::keys())
    if (parent_of(k.path) == map) out.push_back(&k);
  return out;
}

std::string number_text(double v, bool integer) {
  if (integer) return fmt::format("{}", static_cast<std::int64_t>(v));
  return fmt::format("{}", v);
}

/// "1 .. 1000", "> 0 and ≤ 3600", "≥ 0", "> 0".
std::string bounds_text(const schema::Bounds& b, bool integer) {
  const bool has_lo = b.lo != -schema::kNoBound;
  const bool has_hi = b.hi != schema::kNoBound;
  const std::string lo = has_lo ? number_text(b.lo, integer) : "";
  const std::string hi = has_hi ? number_text(b.hi, integer) : "";
  if (has_lo && has_hi && !b.lo_open && !b.hi_open) return lo + " .. " + hi;
  std::string out;
  if (has_lo) out += (b.lo_open ? "> " : "≥ ") + lo;
  if (has_lo && has_hi) out += " and ";
  if (has_hi) out += (b.hi_open ? "< " : "≤ ") + hi;
  return out.empty() ? "any" : out;
}

std::string type_text(const Key& k) {
  if (!k.type.empty()) return k.type;
  switch (k.kind) {
    case Kind::section:
      return "map";
    case Kind::list:
      return "list";
    case Kind::integer:
    case Kind::uint64:
      return "integer";
    case Kind::number:
      return "number";
    case Kind::boolean:
      return "bool";
    case Kind::text:
    case Kind::choice:
      return "string";
    case Kind::clock:
      return "clock";
    case Kind::number_list:
      return "list of numbers";
    case Kind::text_list:
      return "list of strings";
    case Kind::date_list:
      return "list of dates";
    case Kind::hour_map:
      return "map hour → number";
    case Kind::name_map:
      return "map name → number";
  }
  return "";
}

std::string allowed_text(const Key& k) {
  std::string out;
  switch (k.kind) {
    case Kind::section:
      out = "keys below";
      break;
    case Kind::list:
      out = k.min_items > 0
                ? fmt::format("≥ {} entr{}, below", k.min_items, k.min_items == 1 ? "y" : "ies")
                : "entries below";
      break;
    case Kind::integer:
      out = bounds_text(k.bounds, true);
      break;
    case Kind::uint64:
      out = "0 .. 2^64−1";
      break;
    case Kind::number:
      out = bounds_text(k.bounds, false);
      break;
    case Kind::boolean:
      out = "`true`, `false`";
      break;
    case Kind::text:
      out = k.text == schema::TextRule::lowercase_id ? "`[a-z0-9_-]+`"
            : k.text == schema::TextRule::non_empty  ? "non-empty"
                                                     : "any";
      break;
    case Kind::clock:
      out = "`00:00` .. `47:59:59`";
      break;
    case Kind::choice:
      for (const std::string& c : k.choices) out += (out.empty() ? "`" : ", `") + c + "`";
      break;
    case Kind::number_list:
    case Kind::hour_map:
    case Kind::name_map:
      out = "values " + bounds_text(k.bounds, false);
      break;
    case Kind::text_list:
    case Kind::date_list:
      break;
  }
  if (k.note.empty()) return out;
  if (out == "any") return k.note;
  return out.empty() ? k.note : out + "; " + k.note;
}

std::string cell(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_table(std::string_view map) {
  std::string out = fmt::format("<!-- kaiten schema: {} -->\n", map.empty() ? "top" : map);
  out += "| key | type | unit | default | allowed | meaning |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const Key* k : children(map))
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", name_of(k->path), cell(type_text(*k)),
                       cell(k->unit), cell(k->shown), cell(allowed_text(*k)), cell(k->meaning));
  return out;
}

// --- JSON Schema ---------------------------------------------------------------------------

void put_bounds(Json& s, const schema::Bounds& b) {
  if (b.lo != -schema::kNoBound) s[b.lo_open ? "exclusiveMinimum" : "minimum"] = b.lo;
  if (b.hi != schema::kNoBound) s[b.hi_open ? "exclusiveMaximum" : "maximum"] = b.hi;
}

Json bounded(std::string_view type, const schema::Bounds& b, bool integer) {
  Json s = {{"type", type}};
  if (integer) {
    if (b.lo != -schema::kNoBound) s["minimum"] = static_cast<std::int64_t>(b.lo);
    if (b.hi != schema::kNoBound) s["maximum"] = static_cast<std::int64_t>(b.hi);
  } else {
    put_bounds(s, b);
  }
  return s;
}

Json text_schema(schema::TextRule rule) {
  Json s = {{"type", "string"}};
  if (rule == schema::TextRule::lowercase_id) s["pattern"] = "^[a-z0-9_-]+$";
  if (rule == schema::TextRule::non_empty) s["minLength"] = 1;
  return s;
}

Json map_schema(std::string_view map, bool nullable);

Json key_schema(const Key& k) {
  Json s;
  switch (k.kind) {
    case Kind::section:
      s = map_schema(k.path, !k.required);
      break;
    case Kind::list:
      s = {{"type", "array"}, {"items", map_schema(k.path + "[]", false)}};
      if (k.min_items > 0) s["minItems"] = k.min_items;
      break;
    case Kind::integer:
      s = bounded("integer", k.bounds, true);
      break;
    case Kind::uint64:
      s = {{"type", "integer"}, {"minimum", 0}, {"maximum", UINT64_MAX}};
      break;
    case Kind::number:
      s = bounded("number", k.bounds, false);
      break;
    case Kind::boolean:
      s = {{"type", "boolean"}};
      break;
    case Kind::text:
      s = text_schema(k.text);
      break;
    case Kind::clock:
      s = {{"type", "string"}, {"pattern", "^([0-3][0-9]|4[0-7]):[0-5][0-9](:[0-5][0-9])?$"}};
      break;
    case Kind::choice:
      s = {{"enum", k.choices}};
      break;
    case Kind::number_list:
      s = {{"type", "array"}, {"items", bounded("number", k.bounds, false)}};
      if (k.min_items > 0) s["minItems"] = k.min_items;
      if (k.max_items != Key{}.max_items) s["maxItems"] = k.max_items;
      break;
    case Kind::text_list:
      s = {{"type", "array"}, {"items", {{"type", "string"}}}, {"uniqueItems", true}};
      break;
    case Kind::date_list:
      s = {{"type", "array"},
           {"items", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}},
           {"uniqueItems", true}};
      break;
    case Kind::hour_map:
      s = {{"type", "object"},
           {"propertyNames", {{"pattern", "^([0-9]|[0-3][0-9]|4[0-7])$"}}},
           {"additionalProperties", bounded("number", k.bounds, false)}};
      break;
    case Kind::name_map:
      s = {{"type", "object"}, {"additionalProperties", bounded("number", k.bounds, false)}};
      break;
  }
  std::string description = k.meaning;
  if (!k.unit.empty()) description += fmt::format(" [{}]", k.unit);
  if (!k.note.empty()) description += fmt::format(" ({})", k.note);
  s["description"] = description;
  if (!k.value.empty()) s["default"] = Json::parse(k.value);
  return s;
}

/// An object with the keys of `map`; an optional section may also be empty ("kitchen:").
Json map_schema(std::string_view map, bool nullable) {
  Json properties = Json::object();
  Json required = Json::array();
  for (const Key* k : children(map)) {
    properties[name_of(k->path)] = key_schema(*k);
    if (k->required) required.push_back(name_of(k->path));
  }
  Json s = {{"type", nullable ? Json::array({"object", "null"}) : Json("object")},
            {"additionalProperties", false},
            {"properties", properties}};
  if (!required.empty()) s["required"] = required;
  return s;
}

// --- key paths -------------------------------------------------------------------------------

ScenarioValueKind value_kind(Kind kind) {
  switch (kind) {
    case Kind::integer:
    case Kind::uint64:
      return ScenarioValueKind::integer;
    case Kind::number:
      return ScenarioValueKind::number;
    case Kind::boolean:
      return ScenarioValueKind::boolean;
    case Kind::text:
    case Kind::clock:
    case Kind::choice:
      return ScenarioValueKind::text;
    default:
      return ScenarioValueKind::other;
  }
}

/// Splits "a.b[2].c" into its names and indices; false if malformed (empty names, bad brackets).
bool well_formed(std::string_view path) {
  if (path.empty()) return false;
  bool name_expected = true;  // at the start and after a dot
  std::size_t i = 0;
  while (i < path.size()) {
    const char c = path[i];
    if (c == '.') {
      if (name_expected) return false;
      name_expected = true;
      ++i;
    } else if (c == '[') {
      if (name_expected) return false;
      const auto close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return false;
      for (std::size_t j = i + 1; j < close; ++j)
        if (path[j] < '0' || path[j] > '9') return false;
      i = close + 1;
    } else if (c == ']') {
      return false;
    } else {
      name_expected = false;
      ++i;
    }
  }
  return !name_expected;
}

}  // namespace

std::string scenario_schema_markdown() {
  std::string out = markdown_table("");
  for (const Key& k : schema::keys()) {
    if (k.kind != Kind::section && k.kind != Kind::list) continue;
    if (children(members_of(k)).empty()) continue;
    out += "\n" + markdown_table(members_of(k));
  }
  return out;
}

std::string scenario_json_schema() {
  Json s = {{"$schema", "http://json-schema.org/draft-07/schema#"},
            {"$id", "https://kaiten.invalid/scenario.schema.json"},
            {"title", "kaiten scenario"},
            {"description",
             "A kaiten scenario file (docs/scenario.md), generated by `kaiten schema --json`."}};
  s.update(map_schema("", false));
  return s.dump(2) + "\n";
}

std::optional<std::string> scenario_key_default(std::string_view path) {
  const Key* k = schema::find_key(schema::pattern_of(path));
  if (k == nullptr || k->value.empty()) return std::nullopt;
  const Json value = Json::parse(k->value);
  return value.is_string() ? value.get<std::string>() : value.dump();
}

ScenarioPath check_scenario_path(std::string_view path) {
  ScenarioPath out;
  if (!well_formed(path)) {
    out.problem = fmt::format(
        "\"{}\" is not a key path (names joined by dots, list entries as [N], e.g. "
        "belt.lanes[0].length_mm)",
        one_line(path));
    return out;
  }
  const std::string pattern = schema::pattern_of(path);
  if (const Key* k = schema::find_key(pattern)) {
    out.kind = value_kind(k->kind);
    out.unit = k->unit;
    return out;
  }
  // A whole entry of a list ("belt.lanes[1]"), or one entry of a map keyed by data
  // ("customers.hourly_parties.12").
  if (pattern.ends_with("[]")) {
    const Key* list = schema::find_key(pattern.substr(0, pattern.size() - 2));
    if (list != nullptr && (list->kind == Kind::list || list->kind == Kind::number_list ||
                            list->kind == Kind::text_list || list->kind == Kind::date_list)) {
      out.kind = list->kind == Kind::number_list ? ScenarioValueKind::number
                 : list->kind == Kind::list      ? ScenarioValueKind::other
                                                 : ScenarioValueKind::text;
      return out;
    }
  }
  const Key* map = schema::find_key(parent_of(pattern));
  if (map != nullptr && (map->kind == Kind::hour_map || map->kind == Kind::name_map)) {
    out.kind = ScenarioValueKind::number;
    out.unit = map->unit;
    return out;
  }
  std::vector<std::string> known;
  for (const Key& k : schema::keys()) known.push_back(k.path);
  out.problem = fmt::format("no scenario key {}", one_line(path));
  if (const auto best = closest(pattern, known))
    out.problem += fmt::format("; did you mean {}?", *best);
  else
    out.problem += " (`kaiten schema` lists every key)";
  return out;
}

}  // namespace kaiten
