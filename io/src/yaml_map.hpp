#pragma once
// The keys of one YAML map, as the strict readers (scenarios, chain files) read them: a duplicate
// or non-scalar key is reported when the map is opened, every key the reader never asked for in
// finish(), with the closest known key as a suggestion.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml_fields.hpp"

namespace kaiten::yaml_fields {

class MapKeys {
 public:
  /// Reads the map at `self` (reported when it is not a map: then every get() is empty).
  MapKeys(Diagnostics& diag, Field self);
  MapKeys(const MapKeys&) = delete;
  MapKeys& operator=(const MapKeys&) = delete;

  bool ok() const { return ok_; }
  const Field& self() const { return self_; }
  bool has(std::string_view key) const { return find(key) != nullptr; }

  /// The value at `key`, the key now known (for finish()'s suggestions) and used; a missing
  /// required key is reported at the map.
  std::optional<Field> get(std::string_view key, bool required = false);

  /// Where to report about `key`: its value, or this map when the key is absent.
  Field where(std::string_view key) const;

  /// Reports `key` as missing (at this map's position).
  void missing(std::string_view key, std::string message);

  /// For maps whose keys are data (hours, overrides): body(key, key_at, value) for every entry
  /// in file order (duplicates left out), where key_at reports at the key.
  template <class Body>
  void each(Body&& body) {
    if (!ok_) return;
    for (Entry& e : entries_) {
      e.used = true;
      const Field value = field(e);
      body(std::string_view(e.key), Field{value.node, e.key_mark, value.path}, value);
    }
  }

  /// Reports every key that no get() asked for.
  void finish();

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    YAML::Node value;
    bool used = false;
  };
  const Entry* find(std::string_view key) const;
  Field field(const Entry& e) const;

  Diagnostics& diag_;
  Field self_;
  bool ok_ = false;
  std::vector<Entry> entries_;                             ///< in file order, duplicates left out
  std::map<std::string, std::size_t, std::less<>> index_;  ///< key -> index in entries_
  std::vector<std::string> known_;                         ///< keys asked for, in asking order
};

}  // namespace kaiten::yaml_fields
