#pragma once
// What the strict YAML readers (scenarios, chain files) share: every problem collected with its
// position and key path, and the words their messages are made of.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "kaiten/core/text.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::yaml_fields {

/// Every error found, sorted into file order at the end.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void add(const YAML::Mark& at, std::string path, std::string message) {
    LoadError e;
    e.file = file_;
    if (!at.is_null()) {
      e.line = at.line + 1;  // yaml-cpp marks are 0-based
      e.column = at.column + 1;
    }
    e.path = std::move(path);
    e.message = std::move(message);
    errors_.push_back(std::move(e));
  }

  bool empty() const { return errors_.empty(); }
  std::size_t count() const { return errors_.size(); }

  std::vector<LoadError> take() {
    std::stable_sort(errors_.begin(), errors_.end(), [](const LoadError& a, const LoadError& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(errors_);
  }

 private:
  std::string file_;
  std::vector<LoadError> errors_;
};

/// A YAML value with its key path and the position to report problems at.
struct Field {
  YAML::Node node;
  YAML::Mark mark;  ///< the value's position, or its key's when the value is empty
  std::string path;
};

/// `path.key`; the key is escaped so that every problem stays on one line.
inline std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? one_line(key) : fmt::format("{}.{}", path, one_line(key));
}

/// A value as messages show it: quoted, on one line, cut after 40 characters.
inline std::string quote(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  std::string out = "\"";
  for (const char c : one_line(text.substr(0, kMaxShown))) {
    if (c == '"') out += '\\';
    out += c;
  }
  if (text.size() > kMaxShown) out += "...";
  return out + "\"";
}

/// What a node is, for "expected X, got Y" messages.
inline std::string describe(const YAML::Node& n) {
  if (n.IsScalar()) return quote(n.Scalar());
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a map";
  return "an empty value";
}

}  // namespace kaiten::yaml_fields
