#include "yaml_map.hpp"

#include <algorithm>
#include <utility>

#include "suggest.hpp"

namespace kaiten::yaml_fields {

MapKeys::MapKeys(Diagnostics& diag, Field self) : diag_(diag), self_(std::move(self)) {
  ok_ = self_.node.IsMap();
  if (!ok_) {
    diag_.add(self_.mark, self_.path, "expected a map, got " + describe(self_.node));
    return;
  }
  for (auto it = self_.node.begin(); it != self_.node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      diag_.add(key.Mark(), self_.path, "expected a key name, got " + describe(key));
      continue;
    }
    Entry entry{key.Scalar(), key.Mark(), it->second};
    if (const Entry* first = find(entry.key)) {
      diag_.add(entry.key_mark, join(self_.path, entry.key),
                fmt::format("duplicate key (first at line {})", first->key_mark.line + 1));
      continue;
    }
    index_.emplace(entry.key, entries_.size());
    entries_.push_back(std::move(entry));
  }
}

std::optional<Field> MapKeys::get(std::string_view key, bool required) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (!ok_) return std::nullopt;
  if (const Entry* e = find(key)) {
    entries_[static_cast<std::size_t>(e - entries_.data())].used = true;
    return field(*e);
  }
  if (required) missing(key, "missing required key");
  return std::nullopt;
}

Field MapKeys::where(std::string_view key) const {
  if (const Entry* e = find(key)) return field(*e);
  return Field{self_.node, self_.mark, join(self_.path, key)};
}

void MapKeys::missing(std::string_view key, std::string message) {
  diag_.add(self_.mark, join(self_.path, key), std::move(message));
}

void MapKeys::finish() {
  if (!ok_) return;
  for (const Entry& e : entries_) {
    if (e.used) continue;
    std::string message = fmt::format("unknown key {}", quote(e.key));
    if (const auto best = closest(e.key, known_)) {
      message += fmt::format("; did you mean {}?", quote(*best));
    } else if (!known_.empty()) {
      message += "; expected one of ";
      for (std::size_t i = 0; i < known_.size(); ++i) message += (i == 0 ? "" : ", ") + known_[i];
    }
    diag_.add(e.key_mark, join(self_.path, e.key), std::move(message));
  }
}

const MapKeys::Entry* MapKeys::find(std::string_view key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

Field MapKeys::field(const Entry& e) const {
  // An empty value's mark points at the next token; its key is the better place to report.
  const YAML::Mark mark = e.value.IsNull() ? e.key_mark : e.value.Mark();
  return Field{e.value, mark, join(self_.path, e.key)};
}

}  // namespace kaiten::yaml_fields
