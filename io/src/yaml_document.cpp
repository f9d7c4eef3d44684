#include "yaml_document.hpp"

#include <sstream>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace kaiten::yaml_fields {
namespace {

namespace detail = YAML::detail;

// Builds the first document's nodes the way yaml-cpp's own NodeBuilder (src/nodebuilder.cpp, not
// an installed header) does for YAML::Load: the same node calls in the same order, so the nodes,
// their marks, tags and styles are the same; later documents only have their start recorded.
class FirstDocumentBuilder final : public YAML::EventHandler {
 public:
  FirstDocumentBuilder() : memory_(std::make_shared<detail::memory_holder>()) {
    anchors_.push_back(nullptr);  // anchor 0 means "none"
  }

  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
    ++documents_;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (!building()) return;
    push(mark, anchor).set_null();
    pop();
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    if (!building()) return;
    push(*anchors_[anchor]);
    pop();
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (!building()) return;
    detail::node& node = push(mark, anchor);
    node.set_scalar(value);
    node.set_tag(tag);
    pop();
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    if (!building()) return;
    detail::node& node = push(mark, anchor);
    node.set_tag(tag);
    node.set_type(YAML::NodeType::Sequence);
    node.set_style(style);
  }
  void OnSequenceEnd() override {
    if (building()) pop();
  }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    if (!building()) return;
    detail::node& node = push(mark, anchor);
    node.set_type(YAML::NodeType::Map);
    node.set_tag(tag);
    node.set_style(style);
    ++map_depth_;
  }
  void OnMapEnd() override {
    if (!building()) return;
    --map_depth_;
    pop();
  }

  /// The first document's root, or a null node.
  YAML::Node root() const {
    if (root_ == nullptr) return YAML::Node();
    // A Node is made from a detail::node only by yaml-cpp's friends; its public iterator over a
    // sequence of nodes makes one the same way.
    std::vector<detail::node*> one{root_};
    const YAML::iterator it(detail::node_iterator(one.begin()), memory_);
    return YAML::Node(*it);
  }

 private:
  bool building() const { return documents_ == 1; }

  detail::node& push(const YAML::Mark& mark, YAML::anchor_t anchor) {
    detail::node& node = memory_->create_node();
    node.set_mark(mark);
    if (anchor) anchors_.push_back(&node);  // the parser numbers anchors 1, 2, ... in order
    push(node);
    return node;
  }

  void push(detail::node& node) {
    const bool needs_key = !stack_.empty() && stack_.back()->type() == YAML::NodeType::Map &&
                           keys_.size() < map_depth_;
    stack_.push_back(&node);
    if (needs_key) keys_.emplace_back(&node, false);
  }

  void pop() {
    if (stack_.size() == 1) {
      root_ = stack_.front();
      stack_.pop_back();
      return;
    }
    detail::node& node = *stack_.back();
    stack_.pop_back();
    detail::node& collection = *stack_.back();
    if (collection.type() == YAML::NodeType::Sequence) {
      collection.push_back(node, memory_);
    } else {  // a map: the node is a key, then its value
      auto& [key, has_value] = keys_.back();
      if (has_value) {
        collection.insert(*key, node, memory_);
        keys_.pop_back();
      } else {
        has_value = true;
      }
    }
  }

  detail::shared_memory_holder memory_;
  detail::node* root_ = nullptr;
  std::vector<detail::node*> stack_;
  std::vector<detail::node*> anchors_;
  std::vector<std::pair<detail::node*, bool>> keys_;  ///< a map's key and whether its value came
  std::size_t map_depth_ = 0;
  int documents_ = 0;
};

}  // namespace

ParsedYaml parse_documents(const std::string& text, int max_documents) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  FirstDocumentBuilder builder;
  for (int i = 0; i < max_documents && parser.HandleNextDocument(builder); ++i) {
  }
  return ParsedYaml{builder.root(), std::move(builder.starts)};
}

}  // namespace kaiten::yaml_fields
