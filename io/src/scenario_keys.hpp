#pragma once
// The scenario key table: every key a scenario file may hold, with its type, unit, bounds,
// default and meaning. It is the single source of all of them: the loader takes its bounds and
// which keys are required from here, `kaiten schema` prints it as Markdown (the reference tables
// of docs/scenario.md) and as JSON Schema, and `--set` checks its paths against it.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten::schema {

enum class Kind : std::uint8_t {
  section,      ///< a map of named keys, each a row of the table under this key's path
  list,         ///< a list of maps whose keys are rows under "path[]"
  integer,      ///< whole number within the bounds
  uint64,       ///< whole number 0 .. 2^64-1 (the seed)
  number,       ///< finite real number within the bounds
  boolean,      ///< true or false
  text,         ///< a string
  clock,        ///< "HH:MM" or "HH:MM:SS", hours 0..47
  choice,       ///< one of `choices`
  number_list,  ///< a list of numbers within the bounds
  text_list,    ///< a list of strings
  date_list,    ///< a list of dates YYYY-MM-DD
  hour_map,     ///< a map of hour 0..47 -> number within the bounds
  name_map,     ///< a map of id -> number within the bounds
};

inline constexpr double kNoBound = std::numeric_limits<double>::infinity();

/// An interval of values, each end open or closed; infinite ends are absent.
struct Bounds {
  double lo = -kNoBound;
  bool lo_open = false;
  double hi = kNoBound;
  bool hi_open = false;
};

/// What a string must look like.
enum class TextRule : std::uint8_t { any, non_empty, lowercase_id };

struct Key {
  std::string path;  ///< e.g. "belt.lanes[].length_mm": list entries as "[]"; "" for the root
  Kind kind = Kind::section;
  bool required = false;
  std::string unit;                  ///< e.g. "mm/s"; empty: none
  Bounds bounds;                     ///< integer, number, and the values of lists and maps
  std::vector<std::string> choices;  ///< choice
  TextRule text = TextRule::any;     ///< text and the ids of a list's `id` key
  std::size_t min_items = 0;         ///< list, number_list
  std::size_t max_items = std::numeric_limits<std::size_t>::max();
  std::string type;     ///< the type as the reference shows it; empty: from `kind`
  std::string shown;    ///< the default as the reference shows it (Markdown)
  std::string value;    ///< the default as a JSON value, for JSON Schema; empty: none
  std::string note;     ///< what `allowed` adds to the bounds (cross-checks, uniqueness)
  std::string meaning;  ///< what the key is for
};

/// Every key, parents before their children, in the order the reference lists them.
const std::vector<Key>& keys();

/// The key whose path is `pattern` ("belt.lanes[].id"), or null.
const Key* find_key(std::string_view pattern);

/// `path` with every list index removed: "belt.lanes[2].points[0].at_mm" ->
/// "belt.lanes[].points[].at_mm".
std::string pattern_of(std::string_view path);

/// The key a key of `parent` called `name` has: "parent.name", or "name" at the root.
std::string child_path(std::string_view parent, std::string_view name);

}  // namespace kaiten::schema
