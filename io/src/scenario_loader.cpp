#include "kaiten/io/scenario_loader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <map>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "kaiten/core/text.hpp"
#include "kaiten/io/input_file.hpp"
#include "scenario_keys.hpp"
#include "scenario_overrides.hpp"
#include "suggest.hpp"
#include "yaml_document.hpp"
#include "yaml_fields.hpp"
#include "yaml_map.hpp"

namespace kaiten {

std::string LoadError::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

namespace {

using yaml_fields::describe;
using yaml_fields::Diagnostics;
using yaml_fields::Field;
using yaml_fields::join;
using yaml_fields::MapKeys;
using yaml_fields::parse_documents;
using yaml_fields::quote;

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

void report(Diagnostics& diag, const Field& f, std::string message) {
  diag.add(f.mark, f.path, std::move(message));
}

/// A scalar written in quotes (or tagged !!str): a string even when it looks like a number.
bool is_quoted(const YAML::Node& n) {
  return n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str";
}

// ---------------------------------------------------------------------------------------------
// Scalar conversions. Each reports a problem at the field and returns nullopt.

struct IntRange {
  std::int64_t lo = 0;
  std::int64_t hi = kInt64Max;
  std::string note = {};  ///< why the range is what it is, appended in parentheses
};

std::string describe_range(const IntRange& r) {
  std::string out = r.hi == kInt64Max ? fmt::format("must be >= {}", r.lo)
                                      : fmt::format("must be in {}..{}", r.lo, r.hi);
  if (!r.note.empty()) out += fmt::format(" ({})", r.note);
  return out;
}

std::optional<std::int64_t> to_int(Diagnostics& diag, const Field& f, const IntRange& range) {
  if (!f.node.IsScalar()) {
    report(diag, f, "expected an integer, got " + describe(f.node));
    return std::nullopt;
  }
  const std::string& text = f.node.Scalar();
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const bool whole = end == digits.data() + digits.size() && !digits.empty();
  if (whole && ec == std::errc::result_out_of_range) {
    report(diag, f, fmt::format("{}, got {}", describe_range(range), text));
    return std::nullopt;
  }
  if (!whole || ec != std::errc()) {
    report(diag, f, "expected an integer, got " + describe(f.node));
    return std::nullopt;
  }
  if (is_quoted(f.node)) {
    report(diag, f,
           fmt::format("expected an integer, got the string {} (remove the quotes)", quote(text)));
    return std::nullopt;
  }
  if (value < range.lo || value > range.hi) {
    report(diag, f, fmt::format("{}, got {}", describe_range(range), value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> to_uint64(Diagnostics& diag, const Field& f) {
  const std::string_view text = f.node.IsScalar() ? std::string_view(f.node.Scalar()) : "";
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!f.node.IsScalar() || is_quoted(f.node) || text.empty() || end != text.data() + text.size() ||
      ec != std::errc()) {
    report(diag, f,
           fmt::format("expected an integer in 0..{}, got {}",
                       std::numeric_limits<std::uint64_t>::max(), describe(f.node)));
    return std::nullopt;
  }
  return value;
}

/// An interval of real numbers; open or closed at each end.
struct NumRange {
  double lo = -kInfinity;
  bool lo_closed = true;
  double hi = kInfinity;
  bool hi_closed = true;

  bool contains(double v) const {
    return (lo_closed ? v >= lo : v > lo) && (hi_closed ? v <= hi : v < hi);
  }
  std::string describe() const {
    std::string out = "must be";
    if (lo != -kInfinity) out += fmt::format(" {} {}", lo_closed ? ">=" : ">", lo);
    if (lo != -kInfinity && hi != kInfinity) out += " and";
    if (hi != kInfinity) out += fmt::format(" {} {}", hi_closed ? "<=" : "<", hi);
    return out;
  }
};

std::optional<double> to_number(Diagnostics& diag, const Field& f, const NumRange& range) {
  if (!f.node.IsScalar()) {
    report(diag, f, "expected a number, got " + describe(f.node));
    return std::nullopt;
  }
  std::string_view text = f.node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || end != text.data() + text.size() || ec != std::errc() ||
      !std::isfinite(value)) {
    report(diag, f, "expected a finite number, got " + describe(f.node));
    return std::nullopt;
  }
  if (is_quoted(f.node)) {
    report(diag, f,
           fmt::format("expected a number, got the string {} (remove the quotes)",
                       quote(f.node.Scalar())));
    return std::nullopt;
  }
  if (!range.contains(value)) {
    report(diag, f, fmt::format("{}, got {}", range.describe(), f.node.Scalar()));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> to_text(Diagnostics& diag, const Field& f) {
  if (!f.node.IsScalar()) {
    report(diag, f, "expected a string, got " + describe(f.node));
    return std::nullopt;
  }
  return f.node.Scalar();
}

std::optional<bool> to_bool(Diagnostics& diag, const Field& f) {
  if (f.node.IsScalar() && !is_quoted(f.node)) {
    if (f.node.Scalar() == "true") return true;
    if (f.node.Scalar() == "false") return false;
  }
  report(diag, f, "expected true or false, got " + describe(f.node));
  return std::nullopt;
}

std::optional<SimTime> to_clock(Diagnostics& diag, const Field& f) {
  const std::optional<SimTime> t = f.node.IsScalar() ? parse_clock(f.node.Scalar()) : std::nullopt;
  if (!t) {
    report(
        diag, f,
        "expected a clock time \"HH:MM\" or \"HH:MM:SS\" (hours 0..47), got " + describe(f.node));
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// The key table (scenario_keys.hpp): bounds and required keys come from there.

/// The table's entry for `key` of the map at `map_path` (a path with indices). Throws
/// std::logic_error when the table has none: a key the loader reads must be in the table.
const schema::Key& table_key(std::string_view map_path, std::string_view key) {
  const std::string path = schema::child_path(schema::pattern_of(map_path), key);
  const schema::Key* k = schema::find_key(path);
  if (k == nullptr) throw std::logic_error("scenario key " + path + " is not in the key table");
  return *k;
}

/// The table's entry for the value at `path` (a list or a map keyed by data).
const schema::Key& table_key(std::string_view path) {
  const std::string pattern = schema::pattern_of(path);
  const schema::Key* k = schema::find_key(pattern);
  if (k == nullptr) throw std::logic_error("scenario key " + pattern + " is not in the key table");
  return *k;
}

IntRange int_range(const schema::Key& k) {
  IntRange r;
  r.lo = k.bounds.lo == -schema::kNoBound ? std::numeric_limits<std::int64_t>::min()
                                          : static_cast<std::int64_t>(k.bounds.lo);
  r.hi = k.bounds.hi == schema::kNoBound ? kInt64Max : static_cast<std::int64_t>(k.bounds.hi);
  return r;
}

NumRange num_range(const schema::Bounds& b) {
  return NumRange{b.lo, !b.lo_open, b.hi, !b.hi_open};
}

/// Values in both ranges, described by the narrower one's note.
IntRange intersect(const IntRange& a, const IntRange& b) {
  return IntRange{std::max(a.lo, b.lo), std::min(a.hi, b.hi), b.note.empty() ? a.note : b.note};
}

template <class E>
struct Choice {
  std::string_view name;
  E value;
};

template <class E>
std::optional<E> to_choice(Diagnostics& diag, const Field& f,
                           std::initializer_list<Choice<E>> choices) {
  if (f.node.IsScalar()) {
    for (const Choice<E>& c : choices)
      if (f.node.Scalar() == c.name) return c.value;
  }
  std::string names;
  for (const Choice<E>& c : choices) names += (names.empty() ? "" : ", ") + std::string(c.name);
  report(diag, f, fmt::format("expected one of {}; got {}", names, describe(f.node)));
  return std::nullopt;
}

/// "a, b, c" for messages, at most `max_shown` names.
std::string list_names(const std::vector<std::string>& names, std::size_t max_shown = 12) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < max_shown; ++i)
    out += (i == 0 ? "" : ", ") + names[i];
  if (names.size() > max_shown) out += fmt::format(", ... ({} in all)", names.size());
  return out;
}

// ---------------------------------------------------------------------------------------------
// MapReader: reads the keys of one YAML map, reporting duplicate keys up front and, in finish(),
// every key that no read asked for (with a "did you mean" suggestion).

enum class Need : std::uint8_t { optional, required };

class MapReader {
 public:
  MapReader(Diagnostics& diag, Field self) : diag_(diag), keys_(diag, std::move(self)) {}

  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool ok() const { return keys_.ok(); }
  const Field& self() const { return keys_.self(); }
  bool has(std::string_view key) const { return keys_.has(key); }

  /// The entry of the key table for `key` of this map. A key missing from the table is a bug.
  const schema::Key& key_def(std::string_view key) const {
    return table_key(keys_.self().path, key);
  }

  /// The value at `key`, or nullopt when absent (reported when the key table requires it).
  std::optional<Field> get(std::string_view key) {
    return get(key, key_def(key).required ? Need::required : Need::optional);
  }

  /// A key that is no longer part of the scenario format: known, so the caller can say why it is
  /// refused instead of "unknown key".
  std::optional<Field> retired(std::string_view key) { return get(key, Need::optional); }

  /// Where to report about `key`: its value, or this map when the key is absent.
  Field where(std::string_view key) const { return keys_.where(key); }

  /// Reports `key` as missing (at this map's position).
  void missing(std::string_view key, std::string message) {
    keys_.missing(key, std::move(message));
  }

  // Typed reads, with the bounds and required keys of the key table; `narrower` adds a bound
  // that depends on other values (a position below the lane's length). Each returns whether
  // `out` holds a valid value: the one read, or the default left in `out` when an optional key
  // is absent. A bad value is reported and leaves `out` alone.

  template <class T>
  bool integer(std::string_view key, T& out, std::optional<IntRange> narrower = std::nullopt) {
    const schema::Key& k = key_def(key);
    IntRange range = int_range(k);
    if (narrower) range = intersect(range, *narrower);
    return read(key, need_of(k), [&](const Field& f) {
      const auto v = to_int(diag_, f, range);
      if (v) out = static_cast<T>(*v);
      return v.has_value();
    });
  }
  template <class T>
  bool integer(std::string_view key, std::optional<T>& out,
               std::optional<IntRange> narrower = std::nullopt) {
    T value{};
    if (!has(key)) {
      get(key);  // marks the key as known
      return true;
    }
    if (!integer(key, value, std::move(narrower))) return false;
    out = value;
    return true;
  }
  bool uint64(std::string_view key, std::uint64_t& out) {
    return read(key, need_of(key_def(key)), [&](const Field& f) {
      const auto v = to_uint64(diag_, f);
      if (v) out = *v;
      return v.has_value();
    });
  }
  bool number(std::string_view key, double& out) {
    const schema::Key& k = key_def(key);
    return read(key, need_of(k), [&](const Field& f) {
      const auto v = to_number(diag_, f, num_range(k.bounds));
      if (v) out = *v;
      return v.has_value();
    });
  }
  bool number(std::string_view key, std::optional<double>& out) {
    double value = 0;
    if (!has(key)) {
      get(key);  // marks the key as known
      return true;
    }
    if (!number(key, value)) return false;
    out = value;
    return true;
  }
  bool boolean(std::string_view key, bool& out) {
    return read(key, need_of(key_def(key)), [&](const Field& f) {
      const auto v = to_bool(diag_, f);
      if (v) out = *v;
      return v.has_value();
    });
  }
  bool text(std::string_view key, std::string& out) {
    return read(key, need_of(key_def(key)), [&](const Field& f) {
      auto v = to_text(diag_, f);
      if (v) out = std::move(*v);
      return v.has_value();
    });
  }
  bool clock(std::string_view key, SimTime& out) {
    return read(key, need_of(key_def(key)), [&](const Field& f) {
      const auto v = to_clock(diag_, f);
      if (v) out = *v;
      return v.has_value();
    });
  }
  /// `choices` name the enum's values; they must be the key table's choices, in its order.
  template <class E>
  bool choice(std::string_view key, E& out, std::initializer_list<Choice<E>> choices) {
    const schema::Key& k = key_def(key);
    std::vector<std::string> names;
    for (const Choice<E>& c : choices) names.emplace_back(c.name);
    if (names != k.choices)
      throw std::logic_error("the loader's choices for " + k.path + " differ from the key table");
    return read(key, need_of(k), [&](const Field& f) {
      const auto v = to_choice(diag_, f, choices);
      if (v) out = *v;
      return v.has_value();
    });
  }

  /// For maps whose keys are data (e.g. hours): calls body(key, key_at, value) for every entry in
  /// file order (duplicates left out), where key_at reports at the key.
  template <class Body>
  void each(Body&& body) {
    keys_.each(std::forward<Body>(body));
  }

  /// Reports every key that no read asked for.
  void finish() { keys_.finish(); }

 private:
  std::optional<Field> get(std::string_view key, Need need) {
    return keys_.get(key, need == Need::required);
  }

  static Need need_of(const schema::Key& k) { return k.required ? Need::required : Need::optional; }

  template <class Convert>
  bool read(std::string_view key, Need need, Convert&& convert) {
    const std::optional<Field> f = get(key, need);
    if (!f) return keys_.ok() && need == Need::optional;
    return convert(*f);
  }

  Diagnostics& diag_;
  MapKeys keys_;
};

// ---------------------------------------------------------------------------------------------
// Loader: one small function per section; cross-checks over the whole scenario at the end.

/// An id or a belt position as found in the file, for the uniqueness checks.
struct Placed {
  std::string id;
  Field where;
};
struct Position {
  std::int64_t at_mm = 0;
  std::string id;
  Field where;
};

bool before_in_file(const Field& a, const Field& b) {
  return std::pair(a.mark.line, a.mark.column) < std::pair(b.mark.line, b.mark.column);
}

class Loader {
 public:
  Loader(Diagnostics& diag, std::string default_name)
      : diag_(diag), default_name_(std::move(default_name)) {}

  std::optional<ScenarioDef> load(const YAML::Node& root) {
    struct Section {
      std::string_view key;  ///< required or not as the key table says
      void (Loader::*read)(const Field&);
      bool read_when_empty = false;  ///< else an empty optional section takes its defaults
    };
    // Order matters where a section depends on another: hours before belt (speed schedule),
    // belt before tables (lanes); menu, tables and belt before customers and faults (ids, seats).
    static constexpr std::array kSections{
        Section{"hours", &Loader::read_hours},
        Section{"menu", &Loader::read_menu},
        Section{"belt", &Loader::read_belt},
        Section{"discard", &Loader::read_discard},
        Section{"tables", &Loader::read_tables},
        Section{"kitchen", &Loader::read_kitchen},
        Section{"eating", &Loader::read_eating},
        // Present, even empty, it selects the parties model.
        Section{"customers", &Loader::read_customers, true},
        Section{"controller", &Loader::read_controller},
        Section{"faults", &Loader::read_faults},
        // Head office (docs/headoffice.md): ingredients before stock (fixed orders name them).
        Section{"calendar", &Loader::read_calendar},
        Section{"demand", &Loader::read_demand},
        Section{"ingredients", &Loader::read_ingredients},
        Section{"stock", &Loader::read_stock},
        // After customers: the population needs the parties model.
        Section{"population", &Loader::read_population},
    };
    def_.name = default_name_;
    read_map(Field{root, root.Mark(), ""}, [&](MapReader& m) {
      m.text("name", def_.name);
      m.uint64("seed", def_.seed);
      for (const Section& s : kSections) {
        const std::optional<Field> f = m.get(s.key);
        if (!f) continue;
        // "kitchen:" = defaults
        if (!m.key_def(s.key).required && f->node.IsNull() && !s.read_when_empty) continue;
        const std::size_t errors_before = diag_.count();
        read_sections_.push_back(s.key);
        (this->*s.read)(*f);
        if (diag_.count() == errors_before) clean_.push_back(s.key);
      }
    });
    check_unique(menu_ids_, "menu item id");
    check_unique(lane_ids_, "lane id");
    check_unique(place_ids_, "id");
    check_positions();
    check_unique(ingredient_ids_, "ingredient id");
    check_recipes();
    if (menu_prep_ && rate_kitchen_)
      report(diag_, *menu_prep_,
             "kitchen.rate_plates_per_min sets one prep time for every item; give the kitchen "
             "cooks and prep_s instead to set prep times per item");
    if (!diag_.empty()) return std::nullopt;
    return std::move(def_);
  }

 private:
  struct LaneSide {
    bool length_ok = false;
    std::vector<Position> positions;  ///< points and expanded table reach zones
  };

  // --- generic helpers -----------------------------------------------------------------------

  template <class Body>
  bool read_map(const Field& f, Body&& body) {
    MapReader m(diag_, f);
    if (!m.ok()) return false;
    body(m);
    m.finish();
    return true;
  }

  template <class Body>
  bool read_list(const Field& f, Body&& body) {
    const std::size_t min_items = table_key(f.path).min_items;
    if (!f.node.IsSequence()) {
      report(diag_, f, "expected a list, got " + describe(f.node));
      return false;
    }
    if (f.node.size() < min_items) {
      report(diag_, f,
             min_items == 1
                 ? std::string("must not be empty")
                 : fmt::format("must have at least {} entries, got {}", min_items, f.node.size()));
    }
    std::size_t index = 0;
    for (const YAML::Node& item : f.node) {
      const YAML::Mark mark = item.IsNull() ? f.mark : item.Mark();
      body(Field{item, mark, fmt::format("{}[{}]", f.path, index)});
      ++index;
    }
    return true;
  }

  enum class IdStyle : std::uint8_t { any, lowercase };

  /// A required, non-empty id; lowercase ids may contain only [a-z0-9_-].
  bool read_id(MapReader& m, std::string& out, IdStyle style) {
    if (!m.text("id", out)) return false;
    const auto allowed = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    };
    if (out.empty()) {
      report(diag_, m.where("id"), "must not be empty");
      return false;
    }
    if (style == IdStyle::lowercase && !std::all_of(out.begin(), out.end(), allowed)) {
      report(diag_, m.where("id"),
             "may contain only lowercase letters, digits, '_' and '-', got " + quote(out));
      return false;
    }
    return true;
  }

  // --- sections ------------------------------------------------------------------------------

  void read_hours(const Field& f) {
    read_map(f, [&](MapReader& m) {
      const bool open_ok = m.clock("open", def_.open);
      const bool close_ok = m.clock("close", def_.close);
      if (open_ok && close_ok && def_.close <= def_.open) {
        report(diag_, m.where("close"),
               fmt::format("must be after open ({}), got {}", format_clock(def_.open),
                           format_clock(def_.close)));
        return;
      }
      hours_ok_ = open_ok && close_ok;
    });
  }

  void read_menu(const Field& f) {
    read_list(f, [&](const Field& item_field) {
      read_map(item_field, [&](MapReader& m) {
        MenuItem item;
        if (read_id(m, item.id, IdStyle::lowercase))
          menu_ids_.push_back(Placed{item.id, m.where("id")});
        item.name = item.id;
        m.text("name", item.name);
        m.integer("price_yen", item.price_yen);
        m.integer("cost_yen", item.cost_yen);
        m.number("popularity", item.popularity);
        m.integer("discard_time_min", item.discard_time_min);
        m.integer("stock_plates", item.stock_plates);
        if (m.has("prep_s")) {
          SimTime prep = 0;
          if (seconds_as_ms(m, "prep_s", prep)) item.prep_ms = prep;
          menu_prep_ = m.where("prep_s");
        } else {
          m.get("prep_s");  // marks the key as known
        }
        if (const auto recipe = m.get("recipe")) read_recipe(*recipe, item);  // head office
        def_.menu.push_back(std::move(item));
      });
    });
  }

  void read_belt(const Field& f) {
    read_map(f, [&](MapReader& m) {
      BeltDef& belt = def_.belt;
      m.integer("speed_mm_s", belt.speed_mm_s);
      const bool pitch_ok = m.integer("pitch_mm", belt.pitch_mm);
      if (const auto schedule = m.get("speed_schedule")) read_speed_schedule(*schedule);
      if (const auto lanes = m.get("lanes")) {
        read_list(*lanes, [&](const Field& lane) { read_lane(lane, pitch_ok); });
      }
      if (const auto express = m.get("express_lanes")) {
        read_list(*express, [&](const Field& item) {
          read_map(item, [&](MapReader& x) {
            ExpressLaneDef lane;
            if (read_id(x, lane.id, IdStyle::any))
              lane_ids_.push_back(Placed{lane.id, x.where("id")});
            x.integer("length_mm", lane.length_mm);
            x.integer("speed_mm_s", lane.speed_mm_s);
            x.integer("carriers", lane.carriers);
            def_.belt.express_lanes.push_back(std::move(lane));
          });
        });
      }
    });
  }

  void read_speed_schedule(const Field& f) {
    std::optional<SimTime> previous;
    read_list(f, [&](const Field& item) {
      read_map(item, [&](MapReader& m) {
        SpeedChange change;
        const bool at_ok = m.clock("at", change.at);
        m.integer("speed_mm_s", change.speed_mm_s);
        if (!at_ok) return;
        if (hours_ok_ && (change.at < def_.open || change.at > def_.close)) {
          report(diag_, m.where("at"),
                 fmt::format("must be within the opening hours {}..{}, got {}",
                             format_clock(def_.open), format_clock(def_.close),
                             format_clock(change.at)));
        } else if (previous && change.at <= *previous) {
          report(diag_, m.where("at"),
                 fmt::format("must be later than the previous change at {}, got {}",
                             format_clock(*previous), format_clock(change.at)));
        }
        previous = change.at;
        def_.belt.speed_schedule.push_back(change);
      });
    });
  }

  void read_lane(const Field& f, bool pitch_ok) {
    const bool is_map = read_map(f, [&](MapReader& m) {
      LaneDef lane;
      LaneSide side;
      if (read_id(m, lane.id, IdStyle::any)) {
        lane_ids_.push_back(Placed{lane.id, m.where("id")});
      } else {
        lanes_complete_ = false;
      }
      const std::int32_t pitch = def_.belt.pitch_mm;
      IntRange length_range{1, 10'000'000};
      if (pitch_ok) {
        length_range.lo = 10 * pitch;
        length_range.note = fmt::format("at least 10 plates of pitch_mm {}", pitch);
      }
      side.length_ok = m.integer("length_mm", lane.length_mm, length_range);
      if (const auto points = m.get("points")) read_points(*points, lane, side);
      if (const auto closed = m.get("closed")) read_closed(*closed, lane);
      def_.belt.lanes.push_back(std::move(lane));
      lane_side_.push_back(std::move(side));
    });
    if (!is_map) lanes_complete_ = false;
  }

  /// A lane's closed windows: {from, to} within the opening hours, in order, not overlapping.
  void read_closed(const Field& f, LaneDef& lane) {
    std::optional<SimTime> previous_end;
    read_list(f, [&](const Field& item) {
      read_map(item, [&](MapReader& m) {
        TimeWindow w;
        const bool from_ok = m.clock("from", w.from);
        const bool to_ok = m.clock("to", w.to);
        if (!from_ok || !to_ok) return;
        if (w.to <= w.from) {
          report(diag_, m.where("to"),
                 fmt::format("must be after from ({}), got {}", format_clock(w.from),
                             format_clock(w.to)));
          return;
        }
        if (hours_ok_ && (w.from < def_.open || w.to > def_.close)) {
          report(diag_, m.where("from"),
                 fmt::format("must be within the opening hours {}..{}", format_clock(def_.open),
                             format_clock(def_.close)));
          return;
        }
        if (previous_end && w.from < *previous_end) {
          report(diag_, m.where("from"),
                 fmt::format("must not start before the previous window ends ({})",
                             format_clock(*previous_end)));
          return;
        }
        previous_end = w.to;
        lane.closed.push_back(w);
      });
    });
  }

  void read_points(const Field& f, LaneDef& lane, LaneSide& side) {
    int kitchens = 0;
    int gates = 0;
    bool kinds_ok = true;
    std::string first_kitchen;
    const bool is_list = read_list(f, [&](const Field& item) {
      const bool is_map = read_map(item, [&](MapReader& m) {
        BeltPoint p;
        const bool id_ok = read_id(m, p.id, IdStyle::any);
        const bool kind_ok = m.choice("kind", p.kind,
                                      {Choice<PointKind>{"kitchen", PointKind::kitchen},
                                       Choice<PointKind>{"reader", PointKind::reader},
                                       Choice<PointKind>{"discard_gate", PointKind::discard_gate}});
        const bool at_ok =
            m.integer("at_mm", p.at_mm, position_range(lane.id, side, lane.length_mm));
        kinds_ok = kinds_ok && kind_ok;
        if (kind_ok && p.kind == PointKind::kitchen && ++kitchens == 1) first_kitchen = p.id;
        if (kind_ok && p.kind == PointKind::kitchen && kitchens > 1) {
          report(diag_, m.where("kind"),
                 fmt::format("lane {} already has a kitchen point ({}); a lane has exactly one",
                             lane.id, first_kitchen));
        }
        if (kind_ok && p.kind == PointKind::discard_gate) ++gates;
        if (id_ok) place_ids_.push_back(Placed{p.id, m.where("id")});
        if (id_ok && at_ok) side.positions.push_back(Position{p.at_mm, p.id, m.where("at_mm")});
        lane.points.push_back(std::move(p));
      });
      kinds_ok = kinds_ok && is_map;
    });
    if (!is_list || !kinds_ok || lane.points.empty()) return;  // avoid follow-on errors
    const std::string lane_name = lane.id.empty() ? "this lane" : "lane " + lane.id;
    if (kitchens == 0)
      report(diag_, f, fmt::format("{} has no kitchen point; exactly one is required", lane_name));
    if (gates == 0)
      report(diag_, f,
             fmt::format("{} has no discard_gate point; at least one is required", lane_name));
  }

  /// Valid positions on a lane: [0, length_mm) when the length is known.
  static IntRange position_range(const std::string& lane_id, const LaneSide& side,
                                 std::int64_t length_mm) {
    if (!side.length_ok) return {0, 10'000'000 - 1};
    return {0, length_mm - 1, fmt::format("lane {} is {} mm long", lane_id, length_mm)};
  }

  void read_discard(const Field& f) {
    read_map(f, [&](MapReader& m) {
      DiscardRule& rule = def_.discard;
      m.choice("rule", rule.kind,
               {Choice<DiscardRuleKind>{"distance", DiscardRuleKind::distance},
                Choice<DiscardRuleKind>{"time", DiscardRuleKind::time}});
      double metres = static_cast<double>(rule.distance_mm) / 1000.0;
      if (m.has("discard_distance_m") && m.number("discard_distance_m", metres)) {
        const double mm = metres * 1000.0;
        const double whole = std::round(mm);
        if (std::abs(mm - whole) > 1e-6) {
          report(diag_, m.where("discard_distance_m"),
                 fmt::format("must be a whole number of millimetres (at most 3 decimals), got {}",
                             m.where("discard_distance_m").node.Scalar()));
        } else {
          rule.distance_mm = static_cast<std::int64_t>(whole);
        }
      } else {
        m.get("discard_distance_m");  // marks the key as known when absent
      }
      m.integer("discard_time_min", rule.time_min);
    });
  }

  void read_tables(const Field& f) {
    read_list(f, [&](const Field& item) { read_map(item, [&](MapReader& m) { read_table(m); }); });
  }

  void read_table(MapReader& m) {
    TableDef table;
    const bool id_ok = read_id(m, table.id, IdStyle::any);
    const bool lane_ok = m.text("lane", table.lane);
    m.choice("kind", table.kind,
             {Choice<TableKind>{"counter", TableKind::counter},
              Choice<TableKind>{"booth", TableKind::booth}});
    m.integer("seats", table.seats);
    if (m.text("express", table.express) && m.has("express") &&
        find_express_lane(def_, table.express) < 0) {
      std::string names;
      for (const ExpressLaneDef& x : def_.belt.express_lanes)
        names += (names.empty() ? "" : ", ") + x.id;
      report(diag_, m.where("express"),
             fmt::format("no express lane {} in belt.express_lanes ({})", quote(table.express),
                         names.empty() ? std::string("there are none") : "lanes: " + names));
    }

    const int lane_index = lane_ok ? find_lane(def_, table.lane) : -1;
    if (lane_ok && lane_index < 0 && lanes_complete_) {
      std::string names;
      for (const LaneDef& lane : def_.belt.lanes) names += (names.empty() ? "" : ", ") + lane.id;
      report(diag_, m.where("lane"),
             fmt::format("no lane {} in belt.lanes (lanes: {})", quote(table.lane), names));
    }
    LaneSide* side = lane_index >= 0 ? &lane_side_[static_cast<std::size_t>(lane_index)] : nullptr;
    const std::int64_t length =
        side != nullptr ? def_.belt.lanes[static_cast<std::size_t>(lane_index)].length_mm : 0;
    const IntRange at_range =
        side != nullptr ? position_range(table.lane, *side, length) : IntRange{0, 10'000'000 - 1};
    const bool at_ok = m.integer("at_mm", table.at_mm, at_range);

    std::int32_t count = 1;
    const bool count_ok = m.integer("count", count);
    std::int64_t spacing_mm = 0;
    const bool spacing_ok = m.integer("spacing_mm", spacing_mm);
    if (count_ok && count > 1 && !m.has("spacing_mm"))
      m.missing("spacing_mm", "missing required key (required when count > 1)");
    if (!count_ok || (count > 1 && (!spacing_ok || spacing_mm == 0))) count = 1;

    for (std::int32_t i = 0; i < count; ++i) {
      TableDef seat_zone = table;
      if (count > 1) seat_zone.id = fmt::format("{}-{}", table.id, i + 1);
      seat_zone.at_mm = table.at_mm + i * spacing_mm;
      if (at_ok && side != nullptr && side->length_ok && seat_zone.at_mm >= length) {
        report(diag_, m.where("count"),
               fmt::format("table {} would be at {} mm, past the end of lane {} ({} mm long); "
                           "reduce count, spacing_mm or at_mm",
                           seat_zone.id, seat_zone.at_mm, table.lane, length));
        break;
      }
      if (id_ok) place_ids_.push_back(Placed{seat_zone.id, m.where("id")});
      if (id_ok && at_ok && side != nullptr) {
        side->positions.push_back(
            Position{seat_zone.at_mm, seat_zone.id, m.where(i == 0 ? "at_mm" : "spacing_mm")});
      }
      def_.tables.push_back(std::move(seat_zone));
    }
  }

  // Seconds with at most millisecond precision (e.g. 12, 7.5), stored as milliseconds.
  bool seconds_as_ms(MapReader& m, std::string_view key, SimTime& out) {
    double seconds = 0;
    if (!m.number(key, seconds)) return false;
    const double ms = seconds * 1000.0;
    const double whole = std::round(ms);
    if (std::abs(ms - whole) > 1e-6) {
      report(diag_, m.where(key),
             fmt::format("must be a whole number of milliseconds (at most 3 decimals), got {}",
                         m.where(key).node.Scalar()));
      return false;
    }
    out = static_cast<SimTime>(whole);
    return true;
  }

  void read_kitchen(const Field& f) {
    read_map(f, [&](MapReader& m) {
      KitchenDef& k = def_.kitchen;
      m.integer("max_backlog_plates", k.max_backlog_plates);
      const bool staffing = m.has("cooks") || m.has("staff") || m.has("prep_s");
      if (m.has("rate_plates_per_min")) {
        // The single-station kitchen of earlier versions: one plate every 60 / rate seconds.
        double rate = 0;
        if (m.number("rate_plates_per_min", rate)) set_single_station(k, rate);
        if (staffing)
          report(diag_, m.where("rate_plates_per_min"),
                 "give either rate_plates_per_min (one station) or cooks/staff/prep_s, not both");
        rate_kitchen_ = m.where("rate_plates_per_min");
        m.get("cooks");
        m.get("staff");
        m.get("prep_s");
        return;
      }
      m.get("rate_plates_per_min");
      m.integer("cooks", k.cooks);
      if (m.has("prep_s")) seconds_as_ms(m, "prep_s", k.prep_ms);
      m.get("prep_s");
      if (const auto staff = m.get("staff")) read_staff(*staff);
      const bool someone = k.staff.empty()
                               ? k.cooks > 0
                               : std::any_of(k.staff.begin(), k.staff.end(),
                                             [](const StaffShift& s) { return s.cooks > 0; });
      if (!someone)
        report(diag_, m.where(k.staff.empty() ? "cooks" : "staff"),
               "the kitchen needs at least one cook at some time of the day");
    });
  }

  void read_staff(const Field& f) {
    std::optional<SimTime> previous;
    read_list(f, [&](const Field& item) {
      read_map(item, [&](MapReader& m) {
        StaffShift shift;
        const bool from_ok = m.clock("from", shift.from);
        m.integer("cooks", shift.cooks);
        if (!from_ok) return;
        if (hours_ok_ && !previous && shift.from > def_.open) {
          report(diag_, m.where("from"),
                 fmt::format("the first shift must start at or before opening ({}), got {}",
                             format_clock(def_.open), format_clock(shift.from)));
        } else if (hours_ok_ && shift.from >= def_.close) {
          report(diag_, m.where("from"),
                 fmt::format("must be before closing ({}), got {}", format_clock(def_.close),
                             format_clock(shift.from)));
        } else if (previous && shift.from <= *previous) {
          report(diag_, m.where("from"),
                 fmt::format("must be later than the previous shift at {}, got {}",
                             format_clock(*previous), format_clock(shift.from)));
        }
        previous = shift.from;
        def_.kitchen.staff.push_back(shift);
      });
    });
  }

  void read_eating(const Field& f) {
    read_map(f, [&](MapReader& m) {
      m.number("take_probability_per_pass", def_.eating.take_probability_per_pass);
    });
  }

  // --- customers -----------------------------------------------------------------------------

  /// Where the customers cross-checks report, and whether the values they need are valid.
  struct CustomersChecks {
    Field section;
    bool hours_read = false;
    bool last_entry_ok = true;
    std::optional<Field> hourly = {};     ///< the hourly_parties map, when given and valid
    bool sizes_ok = true;                 ///< party_size_weights valid (given or default)
    std::vector<Field> size_fields = {};  ///< its entries, when given
    std::optional<Field> sizes = {};      ///< the party_size_weights list, when given
  };

  void read_customers(const Field& f) {
    CustomersDef& c = def_.customers;
    c.model = CustomerModel::parties;
    CustomersChecks checks{f};
    if (f.node.IsNull()) {
      checks.hours_read = true;  // "customers:" = parties with every default
    } else if (!f.node.IsMap()) {
      report(diag_, f, "expected a map, got " + describe(f.node));
      return;
    } else {
      read_map(f, [&](MapReader& m) { read_customer_keys(m, checks); });
    }
    if (c.model == CustomerModel::parties) check_customers(checks);
  }

  void read_customer_keys(MapReader& m, CustomersChecks& checks) {
    CustomersDef& c = def_.customers;
    m.choice("model", c.model,
             {Choice<CustomerModel>{"parties", CustomerModel::parties},
              Choice<CustomerModel>{"stand_in", CustomerModel::stand_in}});
    m.choice("day_of_week", c.day,
             {Choice<Weekday>{"mon", Weekday::mon}, Choice<Weekday>{"tue", Weekday::tue},
              Choice<Weekday>{"wed", Weekday::wed}, Choice<Weekday>{"thu", Weekday::thu},
              Choice<Weekday>{"fri", Weekday::fri}, Choice<Weekday>{"sat", Weekday::sat},
              Choice<Weekday>{"sun", Weekday::sun}});
    m.boolean("holiday", c.holiday);
    if (const auto hourly = m.get("hourly_parties")) {
      if (read_hourly_parties(*hourly)) checks.hourly = hourly;
      checks.hours_read = checks.hourly.has_value();
    } else {
      checks.hours_read = true;
    }
    if (const auto multipliers = m.get("weekday_multiplier")) read_weekday_multiplier(*multipliers);
    m.number("holiday_multiplier", c.holiday_multiplier);
    IntRange last_entry{0, 1439};
    if (hours_ok_) {
      const std::int64_t day_min = (def_.close - def_.open) / kMsPerMinute;
      last_entry = IntRange{0, std::max<std::int64_t>(0, day_min - 1),
                            fmt::format("the day is {} minutes long", day_min)};
    }
    checks.last_entry_ok = m.integer("last_entry_min", c.last_entry_min, last_entry);
    if (const auto sizes = m.get("party_size_weights")) {
      checks.sizes = sizes;
      checks.sizes_ok = read_party_size_weights(*sizes, checks.size_fields);
    }
    m.number("child_share", c.child_share);
    m.number("men_share_of_adults", c.men_share_of_adults);
    if (const auto appetite = m.get("appetite")) {
      read_map(*appetite, [&](MapReader& a) {
        read_appetite(a, "men", c.men);
        read_appetite(a, "women", c.women);
        read_appetite(a, "children", c.children);
      });
    }
    m.number("meal_min_mean", c.meal_min_mean);
    m.number("meal_min_sd", c.meal_min_sd);
    m.integer("min_s_per_plate", c.min_s_per_plate);
    m.integer("max_stay_min", c.max_stay_min);
    m.number("preference_sigma", c.preference_sigma);
    if (const auto favourites = m.get("child_favourites")) read_child_favourites(*favourites);
    m.number("child_favourite_boost", c.child_favourite_boost);
    m.number("opportunistic_take", c.opportunistic_take);
    if (const auto freshness = m.get("freshness")) {
      read_map(*freshness, [&](MapReader& fm) {
        fm.number("full_appeal_min", c.freshness.full_appeal_min);
        fm.number("half_life_min", c.freshness.half_life_min);
        fm.number("tired_min", c.freshness.tired_min);
      });
    }
    m.integer("order_patience_s", c.order_patience_s);
    if (m.has("order_prep_s")) {
      report(diag_, m.where("order_prep_s"),
             "no longer used: ordered plates are made by the kitchen's cooks, first in its queue "
             "(kitchen.prep_s, menu[].prep_s; docs/kitchen.md)");
      m.retired("order_prep_s");
    }
    m.boolean("ordered_only", c.ordered_only);
    m.choice("seating", c.seating,
             {Choice<SeatingPolicy>{"balanced", SeatingPolicy::balanced},
              Choice<SeatingPolicy>{"first_fit", SeatingPolicy::first_fit}});
    m.integer("max_queue_parties", c.max_queue_parties);
    if (m.integer("balk_from_parties", c.balk_from_parties) && c.balk_from_parties &&
        *c.balk_from_parties > c.max_queue_parties)
      report(diag_, m.where("balk_from_parties"),
             fmt::format("must be at most max_queue_parties ({}), got {}", c.max_queue_parties,
                         *c.balk_from_parties));
    m.number("patience_min_mean", c.patience_min_mean);
    m.integer("pay_s", c.pay_s);
    m.integer("cleaning_s", c.cleaning_s);
    m.number("exponential_stay_min", c.exponential_stay_min);
  }

  /// A map of hour (0..47) -> parties per hour. Returns whether every entry is valid.
  bool read_hourly_parties(const Field& f) {
    return read_hourly(f, def_.customers.hourly_parties, "nobody would arrive then");
  }

  /// A map of hour (0..47) -> a rate (0..1000) into `out` (48 entries, hours not listed 0); a rate
  /// > 0 outside the opening hours is an error (`outside` says why). Returns whether all is valid.
  bool read_hourly(const Field& f, std::vector<double>& out, std::string_view outside) {
    const NumRange values = num_range(table_key(f.path).bounds);
    std::vector<double> hourly(48, 0.0);
    std::vector<int> seen_at_line(48, 0);  ///< where each hour was given, 0 if not yet
    bool all_ok = true;
    const bool is_map = read_map(f, [&](MapReader& m) {
      m.each([&](std::string_view key, const Field& key_at, const Field& value) {
        std::size_t hour = 0;
        const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), hour);
        if (key.empty() || key.size() > 2 || end != key.data() + key.size() || ec != std::errc() ||
            hour > 47) {
          report(diag_, key_at,
                 fmt::format("expected an hour 0..47 as the key (e.g. 12 for 12:00-13:00), got {}",
                             quote(key)));
          all_ok = false;
          return;
        }
        if (seen_at_line[hour] != 0) {  // e.g. 7 and 07
          report(
              diag_, key_at,
              fmt::format("hour {} is given twice (first at line {})", hour, seen_at_line[hour]));
          all_ok = false;
          return;
        }
        seen_at_line[hour] = key_at.mark.line + 1;
        const auto rate = to_number(diag_, value, values);
        if (!rate) {
          all_ok = false;
          return;
        }
        const SimTime from = static_cast<SimTime>(hour) * kMsPerHour;
        if (*rate > 0 && hours_ok_ && (from >= def_.close || from + kMsPerHour <= def_.open)) {
          report(diag_, key_at,
                 fmt::format("hour {} ({}-{}) is outside the opening hours {}..{}; {}", hour,
                             format_clock(from), format_clock(from + kMsPerHour),
                             format_clock(def_.open), format_clock(def_.close), outside));
          all_ok = false;
          return;
        }
        hourly[hour] = *rate;
      });
    });
    if (!is_map || !all_ok) return false;
    out = std::move(hourly);
    return true;
  }

  void read_weekday_multiplier(const Field& f) {
    read_map(f, [&](MapReader& m) {
      for (std::size_t d = 0; d < 7; ++d) {
        m.number(to_string(static_cast<Weekday>(d)), def_.customers.weekday_multiplier[d]);
      }
    });
  }

  /// Returns whether the list is valid; `entries` gets its entries' positions.
  bool read_party_size_weights(const Field& f, std::vector<Field>& entries) {
    const schema::Key& key = table_key(f.path);
    const NumRange values = num_range(key.bounds);
    const std::size_t max_size = key.max_items;  // the largest table (tables[].seats)
    std::vector<double> weights;
    bool all_ok = true;
    const bool is_list = read_list(f, [&](const Field& item) {
      entries.push_back(item);
      const auto w = to_number(diag_, item, values);
      all_ok = all_ok && w.has_value();
      weights.push_back(w.value_or(0.0));
    });
    if (!is_list || weights.empty()) return false;
    if (weights.size() > max_size) {
      report(diag_, f,
             fmt::format("must have at most {} entries (parties of 1..{}), got {}", max_size,
                         max_size, weights.size()));
      return false;
    }
    if (!all_ok) return false;
    if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
      report(diag_, f, "must have at least one weight > 0, got all zeros");
      return false;
    }
    def_.customers.party_size_weights = std::move(weights);
    return true;
  }

  void read_appetite(MapReader& m, std::string_view key, AppetiteDef& out) {
    if (const auto f = m.get(key)) {
      read_map(*f, [&](MapReader& a) {
        a.number("mean_plates", out.mean_plates);
        a.number("sd_plates", out.sd_plates);
      });
    }
  }

  void read_child_favourites(const Field& f) {
    std::vector<std::string>& out = def_.customers.child_favourites;
    out.clear();
    const bool menu_ok = clean("menu");
    std::vector<std::string> menu_ids;
    for (const MenuItem& item : def_.menu) menu_ids.push_back(item.id);
    read_list(f, [&](const Field& item) {
      const auto id = to_text(diag_, item);
      if (!id) return;
      if (std::find(out.begin(), out.end(), *id) != out.end()) {
        report(diag_, item, fmt::format("{} is listed twice", quote(*id)));
        return;
      }
      if (find_item(def_, *id) < 0) {
        if (!menu_ok) return;  // the menu has errors of its own
        std::string message = fmt::format("no menu item {}", quote(*id));
        if (const auto best = closest(*id, menu_ids)) {
          message += fmt::format("; did you mean {}?", quote(*best));
        } else {
          message += fmt::format(" (menu: {})", list_names(menu_ids));
        }
        report(diag_, item, std::move(message));
        return;
      }
      out.push_back(*id);
    });
  }

  /// The parties model needs arrivals and a table for every party size it can draw.
  void check_customers(const CustomersChecks& checks) {
    const CustomersDef& c = def_.customers;
    if (checks.hours_read && checks.last_entry_ok && hours_ok_) {
      const SimTime entry_end = def_.close - c.last_entry_min * kMsPerMinute;
      bool any = false;
      for (std::size_t h = 0; h < c.hourly_parties.size(); ++h) {
        const SimTime from = static_cast<SimTime>(h) * kMsPerHour;
        any = any || (c.hourly_parties[h] > 0 && from < entry_end && from + kMsPerHour > def_.open);
      }
      if (!any) {
        const Field at = checks.hourly ? *checks.hourly
                                       : Field{checks.section.node, checks.section.mark,
                                               join(checks.section.path, "hourly_parties")};
        report(diag_, at,
               fmt::format("the parties model needs at least one hour with a rate > 0 between "
                           "opening ({}) and the last entry ({})",
                           format_clock(def_.open), format_clock(entry_end)));
      }
    }
    if (!checks.sizes_ok || !clean("tables") || def_.tables.empty()) return;
    const auto largest =
        std::max_element(def_.tables.begin(), def_.tables.end(),
                         [](const TableDef& a, const TableDef& b) { return a.seats < b.seats; });
    const std::vector<double>& w = c.party_size_weights;
    for (std::size_t k = static_cast<std::size_t>(largest->seats); k < w.size(); ++k) {
      if (w[k] == 0.0) continue;
      const Field at = k < checks.size_fields.size()
                           ? checks.size_fields[k]
                           : Field{checks.section.node, checks.section.mark,
                                   join(checks.section.path, "party_size_weights")};
      report(diag_, at,
             fmt::format("parties of {}{} fit no table: the largest, {}, has {} seats; set the "
                         "weight{} of parties of {} and more to 0 or add a larger table",
                         k + 1, checks.sizes ? "" : " (by the default party_size_weights)",
                         largest->id, largest->seats, checks.sizes ? "" : "s", largest->seats + 1));
      return;
    }
  }

  // --- controller and faults -----------------------------------------------------------------

  void read_controller(const Field& f) {
    read_map(f, [&](MapReader& m) {
      ControllerDef& c = def_.controller;
      m.choice("policy", c.policy,
               {Choice<ControllerPolicy>{"manager", ControllerPolicy::manager},
                Choice<ControllerPolicy>{"predictive", ControllerPolicy::predictive},
                Choice<ControllerPolicy>{"fixed_mix", ControllerPolicy::fixed_mix}});
      m.integer("tick_s", c.tick_s);
      m.integer("top_n", c.top_n);
      m.integer("window_min", c.window_min);
      m.integer("min_plates_per_lane", c.min_plates_per_lane);
      m.integer("cover_min", c.cover_min);
      m.number("repeat_discount", c.repeat_discount);
      m.integer("missed_reads_to_infer", c.missed_reads_to_infer);
      m.number("fixed_rate_plates_per_min", c.fixed_rate_plates_per_min);
      if (const auto plan = m.get("manager_plan"))
        read_hourly(*plan, c.manager_plan, "the kitchen makes nothing outside them");
      m.number("manager_margin", c.manager_margin);
      m.boolean("stock_idle_lanes", c.stock_idle_lanes);
    });
  }

  void read_faults(const Field& f) {
    read_map(f, [&](MapReader& m) {
      FaultsDef& faults = def_.faults;
      m.number("missed_read_rate", faults.missed_read_rate);
      m.number("duplicate_read_rate", faults.duplicate_read_rate);
      if (const auto outages = m.get("reader_outages")) {
        read_list(*outages, [&](const Field& item) {
          read_map(item, [&](MapReader& o) { read_outage(o); });
        });
      }
    });
  }

  void read_outage(MapReader& m) {
    ReaderOutage outage;
    if (m.text("reader", outage.reader)) check_reader(m.where("reader"), outage.reader);
    const bool from_ok = m.clock("from", outage.from);
    const bool to_ok = m.clock("to", outage.to);
    const auto within_hours = [&](std::string_view key, SimTime t) {
      if (!hours_ok_ || (t >= def_.open && t <= def_.close)) return true;
      report(diag_, m.where(key),
             fmt::format("must be within the opening hours {}..{}, got {}", format_clock(def_.open),
                         format_clock(def_.close), format_clock(t)));
      return false;
    };
    const bool from_in = from_ok && within_hours("from", outage.from);
    const bool to_in = to_ok && within_hours("to", outage.to);
    if (from_in && to_in && outage.to <= outage.from) {
      report(diag_, m.where("to"),
             fmt::format("must be after from ({}), got {}", format_clock(outage.from),
                         format_clock(outage.to)));
    }
    def_.faults.reader_outages.push_back(std::move(outage));
  }

  /// Reports unless `id` names a reader point of some lane.
  void check_reader(const Field& at, const std::string& id) {
    if (!clean("belt")) return;  // the belt has errors of its own
    std::vector<std::string> readers;
    for (const LaneDef& lane : def_.belt.lanes) {
      for (const BeltPoint& p : lane.points) {
        if (p.id == id && p.kind != PointKind::reader) {
          report(
              diag_, at,
              fmt::format("{} is a {} point, not a reader", quote(id), kaiten::to_string(p.kind)));
          return;
        }
        if (p.id == id) return;
        if (p.kind == PointKind::reader) readers.push_back(p.id);
      }
    }
    std::string message = fmt::format("no reader {} in belt.lanes", quote(id));
    if (const auto best = closest(id, readers)) {
      message += fmt::format("; did you mean {}?", quote(*best));
    } else {
      message += fmt::format(" (readers: {})", list_names(readers));
    }
    report(diag_, at, std::move(message));
  }

  // --- head office: calendar, demand, ingredients, stock, recipes ----------------------------

  /// "YYYY-MM-DD" with a real month and day (years 1000..9999).
  static bool valid_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    const auto number = [&](std::size_t at, std::size_t n, int& out) {
      const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
      return ec == std::errc() && end == text.data() + at + n;
    };
    int year = 0;
    int month = 0;
    int day = 0;
    if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return false;
    if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  }

  void read_calendar(const Field& f) {
    read_map(f, [&](MapReader& m) {
      std::vector<std::string>& holidays = def_.calendar.holidays;
      std::map<std::string, int, std::less<>> seen;  // date -> line
      if (const auto list = m.get("holidays")) {
        read_list(*list, [&](const Field& item) {
          const auto text = to_text(diag_, item);
          if (!text) return;
          if (!valid_date(*text)) {
            report(
                diag_, item,
                fmt::format("expected a date YYYY-MM-DD (e.g. 2025-01-01), got {}", quote(*text)));
            return;
          }
          const auto [it, inserted] = seen.emplace(*text, item.mark.line + 1);
          if (!inserted) {
            report(diag_, item,
                   fmt::format("{} is listed twice (first at line {})", *text, it->second));
            return;
          }
          holidays.push_back(*text);
        });
      }
      std::sort(holidays.begin(), holidays.end());
    });
  }

  void read_demand(const Field& f) {
    read_map(f, [&](MapReader& m) {
      DemandDef& d = def_.demand;
      m.number("popularity_drift_sd", d.popularity_drift_sd);
      m.number("shock_sd", d.shock_sd);
      m.number("shock_persistence", d.shock_persistence);
    });
  }

  void read_population(const Field& f) {
    read_map(f, [&](MapReader& m) {
      PopulationDef& d = def_.population;
      m.boolean("enabled", d.enabled);
      m.integer("members", d.members);
      m.number("visits_per_month", d.visits_per_month);
      m.number("new_share", d.new_share);
      if (const auto list = m.get("segment_weights")) {
        const NumRange values = num_range(table_key(list->path).bounds);
        std::vector<double> weights;
        bool ok = true;
        const bool is_list = read_list(*list, [&](const Field& item) {
          const auto w = to_number(diag_, item, values);
          ok = ok && w.has_value();
          weights.push_back(w.value_or(0.0));
        });
        if (is_list && ok) {
          if (weights.size() != 3 ||
              std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; }))
            report(diag_, *list,
                   fmt::format("must be 3 weights (family, couple, solo) with a sum > 0, got {} "
                               "entries",
                               weights.size()));
          else
            d.segment_weights = std::move(weights);
        }
      }
      m.number("app_share", d.app_share);
      m.number("app_rate_factor", d.app_rate_factor);
      const auto expectation = [&](const std::string& name, ExpectationDef& e) {
        m.number("expect_" + name, e.initial);
        m.number("scale_" + name, e.scale);
      };
      expectation("wait_min", d.wait_min);
      expectation("first_plate_min", d.first_plate_min);
      expectation("unmet_appetite", d.unmet_appetite);
      expectation("failed_wishes", d.failed_wishes);
      expectation("tired_share", d.tired_share);
      m.number("walkaway_units", d.walkaway_units);
      m.number("term_limit", d.term_limit);
      m.number("expectation_learning", d.expectation_learning);
      m.number("expectation_anchor", d.expectation_anchor);
      if (const auto w = m.get("weights")) {
        read_map(*w, [&](MapReader& wm) {
          wm.number("wait", d.weights.wait);
          wm.number("first_plate", d.weights.first_plate);
          wm.number("unmet_appetite", d.weights.unmet_appetite);
          wm.number("failed_wishes", d.weights.failed_wishes);
          wm.number("tired", d.weights.tired);
          wm.number("walkaway", d.weights.walkaway);
        });
      }
      m.number("base_rating", d.base_rating);
      m.number("rating_per_unit", d.rating_per_unit);
      m.number("promoter_from", d.promoter_from);
      if (m.number("detractor_to", d.detractor_to) && d.detractor_to >= d.promoter_from)
        report(diag_, m.where("detractor_to"),
               fmt::format("must be below promoter_from ({}), got {}", d.promoter_from,
                           d.detractor_to));
      m.number("revisit_sensitivity", d.revisit_sensitivity);
      m.number("memory_decay", d.memory_decay);
      m.number("max_rate_factor", d.max_rate_factor);
      m.number("churn_floor", d.churn_floor);
      m.number("lapse_per_year", d.lapse_per_year);
      m.number("word_of_mouth", d.word_of_mouth);
      m.number("discount_rate", d.discount_rate);
      if (const auto r = m.get("recovery")) {
        read_map(*r, [&](MapReader& rm) {
          rm.boolean("enabled", d.recovery);
          rm.number("wait_min", d.recovery_wait_min);
          rm.integer("failed_wishes", d.recovery_failed_wishes);
          rm.integer("cost_yen", d.recovery_cost_yen);
          rm.number("effect", d.recovery_effect);
        });
      }
      if (d.enabled && def_.customers.model != CustomerModel::parties)
        report(diag_, m.where("enabled"),
               "a population needs the parties customer model: add a `customers` section");
    });
  }

  void read_ingredients(const Field& f) {
    read_list(f, [&](const Field& item_field) {
      read_map(item_field, [&](MapReader& m) {
        IngredientDef ing;
        if (read_id(m, ing.id, IdStyle::lowercase))
          ingredient_ids_.push_back(Placed{ing.id, m.where("id")});
        ing.name = ing.id;
        m.text("name", ing.name);
        m.number("cost_yen_per_kg", ing.cost_yen_per_kg);
        m.integer("shelf_life_days", ing.shelf_life_days);
        m.number("underage_yen_per_kg", ing.underage_yen_per_kg);
        m.number("overage_yen_per_kg", ing.overage_yen_per_kg);
        def_.ingredients.push_back(std::move(ing));
      });
    });
  }

  /// Ids of the ingredients, for "did you mean" hints.
  std::vector<std::string> ingredient_names() const {
    std::vector<std::string> names;
    for (const IngredientDef& ing : def_.ingredients) names.push_back(ing.id);
    return names;
  }

  /// Reports `id` at `at` unless it names an ingredient (skipped when ingredients has errors).
  void check_ingredient(const Field& at, const std::string& id) {
    if (find_ingredient(id)) return;
    const bool present = std::find(read_sections_.begin(), read_sections_.end(), "ingredients") !=
                         read_sections_.end();
    if (present && !clean("ingredients")) return;  // the list has errors of its own
    const std::vector<std::string> names = ingredient_names();
    std::string message = fmt::format("no ingredient {}", quote(id));
    if (names.empty()) {
      message += " (the scenario has no `ingredients`)";
    } else if (const auto best = closest(id, names)) {
      message += fmt::format("; did you mean {}?", quote(*best));
    } else {
      message += fmt::format(" (ingredients: {})", list_names(names));
    }
    report(diag_, at, std::move(message));
  }

  bool find_ingredient(const std::string& id) const {
    return std::any_of(def_.ingredients.begin(), def_.ingredients.end(),
                       [&](const IngredientDef& ing) { return ing.id == id; });
  }

  bool clean_or_absent(std::string_view key) const {
    return clean(key) ||
           std::find(read_sections_.begin(), read_sections_.end(), key) == read_sections_.end();
  }

  /// menu[].recipe: ingredient id -> grams per plate. Ingredient ids are checked at the end.
  void read_recipe(const Field& f, MenuItem& item) {
    const NumRange values = num_range(table_key(f.path).bounds);
    read_map(f, [&](MapReader& m) {
      m.each([&](std::string_view key, const Field& key_at, const Field& value) {
        const auto grams = to_number(diag_, value, values);
        if (!grams) return;
        recipe_refs_.push_back(Placed{std::string(key), key_at});
        item.recipe.push_back(RecipeLine{std::string(key), *grams});
      });
    });
  }

  void read_stock(const Field& f) {
    read_map(f, [&](MapReader& m) {
      StockDef& stock = def_.stock;
      const bool policy_ok = m.choice("policy", stock.policy,
                                      {Choice<StockPolicy>{"unlimited", StockPolicy::unlimited},
                                       Choice<StockPolicy>{"fixed", StockPolicy::fixed},
                                       Choice<StockPolicy>{"forecast", StockPolicy::forecast}});
      bool orders_ok = true;
      if (const auto orders = m.get("fixed_orders_g")) {
        const NumRange values = num_range(table_key(orders->path).bounds);
        orders_ok = read_map(*orders, [&](MapReader& o) {
          o.each([&](std::string_view key, const Field& key_at, const Field& value) {
            const auto grams = to_number(diag_, value, values);
            if (!grams) {
              orders_ok = false;
              return;
            }
            check_ingredient(key_at, std::string(key));
            stock.fixed_orders_g.emplace_back(std::string(key), *grams);
          });
        });
      }
      m.integer("warmup_days", stock.warmup_days);
      if (!policy_ok || stock.policy == StockPolicy::unlimited) return;
      const Field at = m.where("policy");
      if (def_.ingredients.empty()) {
        if (clean_or_absent("ingredients"))
          report(diag_, at,
                 fmt::format("policy {} needs an `ingredients` section and menu recipes",
                             stock.policy == StockPolicy::fixed ? "fixed" : "forecast"));
        return;
      }
      if (stock.policy != StockPolicy::fixed || !orders_ok || !clean("menu")) return;
      // Every ingredient a recipe uses needs a fixed order.
      for (const MenuItem& item : def_.menu) {
        for (const RecipeLine& line : item.recipe) {
          const bool given =
              std::any_of(stock.fixed_orders_g.begin(), stock.fixed_orders_g.end(),
                          [&](const auto& order) { return order.first == line.ingredient; });
          if (given || !find_ingredient(line.ingredient)) continue;
          const Field where = m.has("fixed_orders_g") ? m.where("fixed_orders_g") : at;
          report(diag_, where,
                 fmt::format("policy fixed needs a fixed order for every ingredient in a "
                             "recipe; {} (menu item {}) has none",
                             quote(line.ingredient), item.id));
          return;
        }
      }
    });
  }

  /// Every recipe names an ingredient of the `ingredients` section.
  void check_recipes() {
    for (const Placed& ref : recipe_refs_) check_ingredient(ref.where, ref.id);
  }

  // --- cross-checks --------------------------------------------------------------------------

  /// Whether section `key` was read without errors.
  bool clean(std::string_view key) const {
    return std::find(clean_.begin(), clean_.end(), key) != clean_.end();
  }

  /// Reports every id used a second time, at the later use in file order.
  void check_unique(std::vector<Placed>& ids, std::string_view what) {
    std::stable_sort(ids.begin(), ids.end(), [](const Placed& a, const Placed& b) {
      return before_in_file(a.where, b.where);
    });
    std::map<std::string_view, const Placed*> first_use;
    for (const Placed& placed : ids) {
      const auto [it, inserted] = first_use.emplace(placed.id, &placed);
      if (inserted) continue;
      report(diag_, placed.where,
             fmt::format("duplicate {} {} (first used at line {})", what, quote(placed.id),
                         it->second->where.mark.line + 1));
    }
  }

  /// Reports every position on a lane taken twice (points and table reach zones).
  void check_positions() {
    for (std::size_t l = 0; l < lane_side_.size(); ++l) {
      std::vector<Position>& positions = lane_side_[l].positions;
      std::stable_sort(positions.begin(), positions.end(),
                       [](const Position& a, const Position& b) {
                         if (a.at_mm != b.at_mm) return a.at_mm < b.at_mm;
                         return before_in_file(a.where, b.where);
                       });
      std::size_t first = 0;
      for (std::size_t i = 1; i < positions.size(); ++i) {
        if (positions[i].at_mm != positions[first].at_mm) {
          first = i;
          continue;
        }
        report(diag_, positions[i].where,
               fmt::format("{} at {} mm on lane {} collides with {}; positions on a lane must be "
                           "distinct",
                           quote(positions[i].id), positions[i].at_mm, def_.belt.lanes[l].id,
                           quote(positions[first].id)));
      }
    }
  }

  Diagnostics& diag_;
  std::string default_name_;
  ScenarioDef def_;
  bool hours_ok_ = false;              ///< open and close valid and ordered
  std::optional<Field> menu_prep_;     ///< a menu item's prep_s, for the kitchen cross-check
  std::optional<Field> rate_kitchen_;  ///< kitchen.rate_plates_per_min, when given
  bool lanes_complete_ = true;  ///< every lane has a valid id (else skip "no such lane" errors)
  std::vector<LaneSide> lane_side_;  ///< aligned with def_.belt.lanes
  std::vector<Placed> menu_ids_;
  std::vector<Placed> lane_ids_;
  std::vector<Placed> place_ids_;        ///< point and expanded table ids share one namespace
  std::vector<std::string_view> clean_;  ///< sections read without errors
  std::vector<std::string_view> read_sections_;  ///< sections present (read), clean or not
  std::vector<Placed> ingredient_ids_;
  std::vector<Placed> recipe_refs_;  ///< ingredient ids used in menu recipes, where
};

/// `yaml` with every lone carriage return (old Mac line ends) made a line feed: YAML counts it as
/// a line break, yaml-cpp does not. CR LF is left to yaml-cpp, which reads it as one break.
std::string with_line_feeds(std::string_view yaml) {
  std::string out(yaml);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i] == '\r' && (i + 1 == out.size() || out[i + 1] != '\n')) out[i] = '\n';
  return out;
}

}  // namespace

LoadResult load_scenario_text(std::string_view yaml, const std::string& source_name,
                              const std::vector<ScenarioOverride>& overrides) {
  Diagnostics diag(source_name);
  LoadResult result;
  const std::string text = with_line_feeds(yaml);
  YAML::Node root;
  std::vector<YAML::Mark> starts;
  try {
    // Three documents at most: one is expected, a second is an error, and two starts at the same
    // position mean the parser is stuck there (yaml_document.hpp).
    auto parsed = parse_documents(text, 3);
    root = std::move(parsed.root);
    starts = std::move(parsed.starts);
  } catch (const YAML::DeepRecursion& e) {  // its own message is only "bad file"
    diag.add(e.mark, "",
             "maps and lists are nested too deeply to read; a scenario nests only a few "
             "levels");
    result.errors = diag.take();
    return result;
  } catch (const YAML::Exception& e) {  // ParserException and its kin carry a Mark
    diag.add(e.mark, "", "YAML syntax error: " + e.msg);
    result.errors = diag.take();
    return result;
  }
  const auto stuck =
      std::adjacent_find(starts.begin(), starts.end(),
                         [](const YAML::Mark& a, const YAML::Mark& b) { return a.pos == b.pos; });
  if (stuck != starts.end()) {
    const std::size_t pos = static_cast<std::size_t>(stuck->pos);
    diag.add(*stuck, "",
             "YAML syntax error: unexpected " +
                 (pos < text.size() ? quote(text.substr(pos, 1)) : std::string("end of input")));
  } else if (starts.size() > 1) {
    diag.add(starts[1], "", "expected one YAML document, found a second one");
  } else if (root.IsNull()) {
    diag.add(YAML::Mark::null_mark(), "", "the scenario is empty; expected a map of sections");
  } else {
    // An override that cannot be applied is reported alone: the rest would describe a scenario
    // nobody asked for.
    std::vector<LoadError> problems = apply_overrides(root, overrides);
    if (!problems.empty()) {
      result.errors = std::move(problems);
      return result;
    }
    Loader loader(diag, std::filesystem::path(source_name).stem().string());
    result.scenario = loader.load(root);
  }
  result.errors = diag.take();
  attribute_to_overrides(result.errors, overrides);
  std::stable_partition(result.errors.begin(), result.errors.end(),
                        [](const LoadError& e) { return e.file.starts_with("--set "); });
  if (!result.errors.empty()) result.scenario.reset();
  return result;
}

LoadResult load_scenario_file(const std::string& path,
                              const std::vector<ScenarioOverride>& overrides) {
  LoadResult result;
  const auto fail = [&](std::string message) {
    LoadError e;
    e.file = path;
    e.message = std::move(message);
    result.errors.push_back(std::move(e));
    return result;
  };
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    return fail(e.problem);
  }
  return load_scenario_text(text, path, overrides);
}

}  // namespace kaiten
