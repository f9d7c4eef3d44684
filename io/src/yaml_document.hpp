#pragma once
// One parse of a YAML text giving both its first document as nodes (what YAML::Load returns) and
// where its first documents start, which the strict readers need to refuse a second document
// (or a parser stuck on a token, below). Parsing twice for the two cost as much as the rest of
// loading a scenario (docs/PERFORMANCE.md, "Loading and writing").
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace kaiten::yaml_fields {

struct ParsedYaml {
  YAML::Node root;                 ///< the first document; a null node when there is none
  std::vector<YAML::Mark> starts;  ///< where each of the first `max_documents` documents starts
};

/// Parses `text` up to its `max_documents`-th document. Throws YAML::Exception (and its
/// DeepRecursion) as YAML::Load does, for the first problem in the documents read.
///
/// yaml-cpp 0.7's LoadAll can loop forever on some malformed input (the parser keeps reporting an
/// empty document without consuming the offending token; fixed upstream in yaml-cpp PR #1319), so
/// the parse is bounded: two starts at the same position mean the parser is stuck there.
ParsedYaml parse_documents(const std::string& text, int max_documents);

}  // namespace kaiten::yaml_fields
