// parse_documents (io/src/yaml_document.hpp) against yaml-cpp's own YAML::Load and a separate
// parse that only records where documents start (what the scenario loader did before): the nodes,
// their marks, tags and styles, shared (aliased) nodes and the document starts must all agree.
#include "yaml_document.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

namespace kaiten::yaml_fields {
namespace {

class StartsOnly final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::vector<YAML::Mark> starts_of(const std::string& text, int max_documents) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  StartsOnly handler;
  for (int i = 0; i < max_documents && parser.HandleNextDocument(handler); ++i) {
  }
  return handler.starts;
}

// Every node of `a` and `b` in the same order, with the same contents and positions.
void flatten(const YAML::Node& n, std::vector<YAML::Node>& out) {
  out.push_back(n);
  if (n.IsSequence()) {
    for (const auto& child : n) flatten(child, out);
  } else if (n.IsMap()) {
    for (const auto& entry : n) {
      flatten(entry.first, out);
      flatten(entry.second, out);
    }
  }
}

void expect_same_tree(const YAML::Node& expected, const YAML::Node& actual,
                      const std::string& text) {
  std::vector<YAML::Node> e, a;
  flatten(expected, e);
  flatten(actual, a);
  ASSERT_EQ(e.size(), a.size()) << text;
  for (std::size_t i = 0; i < e.size(); ++i) {
    SCOPED_TRACE(text + " node " + std::to_string(i));
    EXPECT_EQ(e[i].Type(), a[i].Type());
    EXPECT_EQ(e[i].Tag(), a[i].Tag());
    EXPECT_EQ(e[i].Style(), a[i].Style());
    EXPECT_EQ(e[i].Mark().pos, a[i].Mark().pos);
    EXPECT_EQ(e[i].Mark().line, a[i].Mark().line);
    EXPECT_EQ(e[i].Mark().column, a[i].Mark().column);
    if (e[i].IsScalar()) {
      EXPECT_EQ(e[i].Scalar(), a[i].Scalar());
    }
    // An alias is the node it names, in both.
    for (std::size_t j = 0; j < i; ++j) EXPECT_EQ(e[i].is(e[j]), a[i].is(a[j])) << "node " << j;
  }
  EXPECT_EQ(YAML::Dump(expected), YAML::Dump(actual));
}

const char* const kTexts[] = {
    "",
    "# only a comment\n",
    "plain",
    "a: 1\nb: [x, y, {c: d}]\nc:\n  - 1\n  - 2\n  -\n  - e: f\n    g: ~\n",
    "base: &b {x: 1, y: 2}\nuse: *b\nlist: &l [1, 2]\nagain: *l\ns: &s text\nt: *s\n",
    "? [complex, key]\n: value\n? plain\n",
    "tagged: !!str 12\nlocal: !thing {a: 1}\nseq: !!seq [1]\n",
    "folded: >\n  one\n  two\nliteral: |\n  three\n  four\nquoted: \"a\\tb\"\nsingle: 'c''d'\n",
    "dup: 1\ndup: 2\n",
    "a:\n  b:\n    c:\n      d: [[1, [2, [3]]]]\n",
    "--- first\n--- second\n",
    "a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n",
    "a: 1\n...\n",
    "- &x 1\n- *x\n- &x 2\n- *x\n",
    "empty:\nnull_value: null\n",
};

TEST(ParseDocuments, GivesTheFirstDocumentAsYamlLoadDoesAndTheStartsAsASecondParse) {
  for (const char* text : kTexts) {
    const ParsedYaml parsed = parse_documents(text, 3);
    expect_same_tree(YAML::Load(text), parsed.root, text);
    const std::vector<YAML::Mark> starts = starts_of(text, 3);
    ASSERT_EQ(starts.size(), parsed.starts.size()) << text;
    for (std::size_t i = 0; i < starts.size(); ++i) EXPECT_EQ(starts[i].pos, parsed.starts[i].pos);
  }
}

TEST(ParseDocuments, AnEmptyTextIsANullNodeWithNoDocument) {
  const ParsedYaml parsed = parse_documents("", 3);
  EXPECT_TRUE(parsed.root.IsNull());
  EXPECT_TRUE(parsed.starts.empty());
}

TEST(ParseDocuments, ThrowsWhereYamlLoadThrows) {
  for (const char* text : {"a: [1, 2\n", "a: *missing\n", "a: b: c\n", "{a: 1\n"}) {
    std::string expected, actual;
    try {
      YAML::Load(text);
    } catch (const YAML::Exception& e) {
      expected = e.what();
    }
    try {
      parse_documents(text, 3);
    } catch (const YAML::Exception& e) {
      actual = e.what();
    }
    EXPECT_FALSE(expected.empty()) << text;
    EXPECT_EQ(expected, actual) << text;
  }
}

TEST(ParseDocuments, AProblemInALaterDocumentIsStillFound) {
  EXPECT_THROW(parse_documents("a: 1\n---\nb: [\n", 3), YAML::Exception);
  EXPECT_NO_THROW(parse_documents("a: 1\n---\nb: 2\n---\nc: 3\n---\nd: [\n", 3));  // the 4th
}

}  // namespace
}  // namespace kaiten::yaml_fields
