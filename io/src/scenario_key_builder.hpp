#pragma once
// Builders of the scenario key table (scenario_keys.cpp and the sections kept in files of their
// own), private to io.
#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "scenario_keys.hpp"

namespace kaiten::schema::keybuild {

// Builds one key with chained setters: add(path, kind, meaning).in(1, 1000).unit("mm/s")...
class KeyBuilder {
 public:
  explicit KeyBuilder(Key& key) : key_(key) {}
  /// Closed interval.
  KeyBuilder& in(double lo, double hi) {
    key_.bounds = Bounds{lo, false, hi, false};
    return *this;
  }
  /// lo < value <= hi (hi infinite: no upper bound).
  KeyBuilder& above(double lo, double hi = kNoBound) {
    key_.bounds = Bounds{lo, true, hi, false};
    return *this;
  }
  KeyBuilder& at_least(double lo) {
    key_.bounds = Bounds{lo, false, kNoBound, false};
    return *this;
  }
  KeyBuilder& unit(std::string u) {
    key_.unit = std::move(u);
    return *this;
  }
  KeyBuilder& required() {
    key_.required = true;
    key_.shown = "**required**";
    return *this;
  }
  /// The default value, shown and in JSON Schema.
  template <class T>
  KeyBuilder& def(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      key_.shown = value ? "`true`" : "`false`";
      key_.value = value ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<T>) {
      key_.shown = fmt::format("`{}`", value);
      key_.value = fmt::format("{}", value);
    } else {
      const std::string text(value);
      key_.shown = fmt::format("`{}`", text);
      key_.value = nlohmann::json(text).dump();
    }
    return *this;
  }
  /// A default that is not a plain value ("the id", "unlimited").
  KeyBuilder& def_text(std::string shown) {
    key_.shown = std::move(shown);
    return *this;
  }
  KeyBuilder& choices(std::vector<std::string> names) {
    key_.choices = std::move(names);
    return *this;
  }
  KeyBuilder& text(TextRule rule) {
    key_.text = rule;
    return *this;
  }
  KeyBuilder& items(std::size_t min, std::size_t max = std::numeric_limits<std::size_t>::max()) {
    key_.min_items = min;
    key_.max_items = max;
    return *this;
  }
  KeyBuilder& type(std::string t) {
    key_.type = std::move(t);
    return *this;
  }
  KeyBuilder& note(std::string n) {
    key_.note = std::move(n);
    return *this;
  }

 private:
  Key& key_;
};

class Table {
 public:
  KeyBuilder add(std::string path, Kind kind, std::string meaning) {
    keys_.push_back(Key{});
    Key& k = keys_.back();
    k.path = std::move(path);
    k.kind = kind;
    k.meaning = std::move(meaning);
    return KeyBuilder(k);
  }
  std::vector<Key> take() { return std::move(keys_); }

 private:
  std::vector<Key> keys_;
};

/// The population section's keys (population_keys.cpp).
void population(Table& t);

}  // namespace kaiten::schema::keybuild
