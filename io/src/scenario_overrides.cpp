#include "scenario_overrides.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string>
#include <string_view>

#include "kaiten/core/text.hpp"
#include "kaiten/io/scenario_schema.hpp"

namespace kaiten {
namespace {

/// One step of a key path: a key of a map, or an entry of a list.
struct Step {
  std::string key;
  std::size_t index = 0;
  bool is_index = false;
};

/// The steps of a well-formed path (check_scenario_path has accepted it).
std::vector<Step> steps_of(std::string_view path) {
  std::vector<Step> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
    } else if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      Step s;
      s.is_index = true;
      std::from_chars(path.data() + i + 1, path.data() + close, s.index);
      out.push_back(s);
      i = close + 1;
    } else {
      std::size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      out.push_back(Step{std::string(path.substr(i, end - i))});
      i = end;
    }
  }
  return out;
}

std::string what_is(const YAML::Node& n) {
  return n.IsSequence() ? "a list" : n.IsMap() ? "a map" : "a single value";
}

LoadError problem(const ScenarioOverride& o, std::string message) {
  LoadError e;
  e.file = "--set " + one_line(o.text());
  e.message = std::move(message);
  return e;
}

/// Sets the value at `o.path` under `root`, or says why it cannot.
std::optional<LoadError> apply(YAML::Node& root, const ScenarioOverride& o) {
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    return problem(o, "the value is not YAML: " + e.msg);
  }
  const std::vector<Step> steps = steps_of(o.path);
  YAML::Node node;
  node.reset(root);  // reset() rebinds; operator= would overwrite the node's contents
  std::string walked;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    const bool last = i + 1 == steps.size();
    if (s.is_index) {
      if (!node.IsSequence())
        return problem(o, fmt::format("{} is {}, not a list", walked, what_is(node)));
      if (s.index >= node.size())
        return problem(o, node.size() == 0   ? fmt::format("{} is an empty list", walked)
                          : node.size() == 1 ? fmt::format("{} has 1 entry ([0])", walked)
                                             : fmt::format("{} has {} entries ([0]..[{}])", walked,
                                                           node.size(), node.size() - 1));
      if (last) {
        node[s.index] = value;
        return std::nullopt;
      }
      YAML::Node next = node[s.index];
      node.reset(next);
      walked += fmt::format("[{}]", s.index);
      continue;
    }
    if (!node.IsMap() && !node.IsNull())
      return problem(o, fmt::format("{} is {}, not a map", walked.empty() ? "the scenario" : walked,
                                    what_is(node)));
    if (last) {
      node[s.key] = value;
      return std::nullopt;
    }
    YAML::Node next = node[s.key];
    if (!next.IsDefined() || next.IsNull()) {
      node[s.key] = YAML::Node(YAML::NodeType::Map);  // a section or map the file left out
      next.reset(node[s.key]);
    }
    node.reset(next);
    walked += walked.empty() ? s.key : "." + s.key;
  }
  return std::nullopt;
}

bool under(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) &&
         (path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[');
}

}  // namespace

std::optional<ScenarioOverride> parse_override(std::string_view text, std::string& problem_out) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    problem_out = fmt::format("expected PATH=VALUE, got \"{}\"", one_line(text));
    return std::nullopt;
  }
  ScenarioOverride o{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  const ScenarioPath checked = check_scenario_path(o.path);
  if (!checked.problem.empty()) {
    problem_out = checked.problem;
    return std::nullopt;
  }
  return o;
}

std::vector<LoadError> apply_overrides(YAML::Node& root,
                                       const std::vector<ScenarioOverride>& overrides) {
  std::vector<LoadError> problems;
  for (const ScenarioOverride& o : overrides) {
    std::string checked = check_scenario_path(o.path).problem;
    if (!checked.empty()) {
      problems.push_back(problem(o, std::move(checked)));
      continue;
    }
    if (auto p = apply(root, o)) problems.push_back(std::move(*p));
  }
  return problems;
}

void attribute_to_overrides(std::vector<LoadError>& errors,
                            const std::vector<ScenarioOverride>& overrides) {
  for (LoadError& e : errors) {
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o) {  // the last one set it
      if (e.path.empty() || !under(e.path, o->path)) continue;
      e.file = "--set " + one_line(o->text());
      e.line = 0;
      e.column = 0;
      if (e.path == o->path) e.path.clear();
      break;
    }
  }
}

std::optional<std::string> scenario_value(std::string_view yaml,
                                          const std::vector<ScenarioOverride>& overrides,
                                          std::string_view path) {
  if (!check_scenario_path(path).problem.empty()) return std::nullopt;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  if (!apply_overrides(root, overrides).empty()) return std::nullopt;
  YAML::Node node;
  node.reset(root);
  for (const Step& s : steps_of(path)) {
    YAML::Node next;
    if (s.is_index) {
      if (!node.IsSequence() || s.index >= node.size()) return std::nullopt;
      next.reset(node[s.index]);
    } else {
      if (!node.IsMap()) return std::nullopt;
      const YAML::Node& map = node;
      const YAML::Node child = map[s.key];  // const lookup: adds nothing
      if (!child.IsDefined()) return std::nullopt;
      next.reset(child);
    }
    node.reset(next);
  }
  if (node.IsNull()) return std::nullopt;
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return std::string(out.c_str());
}

LoadResult load_recorded_scenario(std::string_view yaml, const std::string& source_name,
                                  const std::vector<std::string>& overrides) {
  std::vector<ScenarioOverride> parsed;
  LoadResult result;
  for (const std::string& text : overrides) {
    std::string why;
    if (const auto o = parse_override(text, why)) {
      parsed.push_back(*o);
    } else {
      LoadError e;
      e.file = source_name;
      e.message = fmt::format("recorded --set {}: {}", one_line(text), why);
      result.errors.push_back(std::move(e));
    }
  }
  if (!result.errors.empty()) return result;
  return load_scenario_text(yaml, source_name, parsed);
}

}  // namespace kaiten
