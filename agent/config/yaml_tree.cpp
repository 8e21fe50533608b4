#include "agent/config/yaml_tree.h"

#include <sstream>
#include <unordered_map>

namespace bgpsentry {

// Appends each event's node; a container's children are listed when it closes, so that
// they sit side by side in children_ (an alias lists its anchor's node again).
class YamlTreeBuilder : public YamlExpansion {
 public:
  YamlTreeBuilder(YamlTree& tree, size_t max_nodes) : YamlExpansion(max_nodes), tree_(tree) {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlExpansion::OnNull(mark, anchor);
    add(YamlTree::Type::kNull, mark, anchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlExpansion::OnScalar(mark, tag, anchor, value);
    tree_.nodes_[add(YamlTree::Type::kScalar, mark, anchor)].scalar = value;
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlExpansion::OnAlias(mark, anchor);
    adopt(anchors_.at(anchor));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    YamlExpansion::OnSequenceStart(mark, tag, anchor, style);
    open(YamlTree::Type::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override {
    YamlExpansion::OnSequenceEnd();
    close();
  }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    YamlExpansion::OnMapStart(mark, tag, anchor, style);
    open(YamlTree::Type::kMap, mark, anchor);
  }
  void OnMapEnd() override {
    YamlExpansion::OnMapEnd();
    close();
  }

 private:
  uint32_t add(YamlTree::Type type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const auto index = static_cast<uint32_t>(tree_.nodes_.size());
    auto& node = tree_.nodes_.emplace_back();
    node.type = type;
    node.line = static_cast<uint32_t>(mark.line);
    node.column = static_cast<uint32_t>(mark.column);
    if (anchor) anchors_[anchor] = index;
    adopt(index);
    return index;
  }
  void adopt(uint32_t index) {
    if (!open_.empty()) open_.back().children.push_back(index);
  }
  void open(YamlTree::Type type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const uint32_t index = add(type, mark, 0);
    open_.push_back({index, anchor, {}});
  }
  void close() {
    Open done = std::move(open_.back());
    open_.pop_back();
    auto& node = tree_.nodes_[done.index];
    node.first_child = static_cast<uint32_t>(tree_.children_.size());
    node.children = static_cast<uint32_t>(done.children.size());
    tree_.children_.insert(tree_.children_.end(), done.children.begin(), done.children.end());
    // An anchor names the node once it is whole (an alias inside it was refused above).
    if (done.anchor) anchors_[done.anchor] = done.index;
  }

  YamlTree& tree_;
  std::unordered_map<YAML::anchor_t, uint32_t> anchors_;
  struct Open {
    uint32_t index;
    YAML::anchor_t anchor;
    std::vector<uint32_t> children;
  };
  std::vector<Open> open_;
};

Result<std::shared_ptr<const YamlTree>> YamlTree::parse(const std::string& text,
                                                        const YamlLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Error{std::to_string(text.size()) + " bytes; at most " +
                 std::to_string(limits.max_bytes)};
  auto tree = std::make_shared<YamlTree>();
  std::istringstream in(text);
  YAML::Parser parser(in);
  YamlTreeBuilder builder(*tree, limits.max_nodes);
  try {
    parser.HandleNextDocument(builder);
  } catch (const YamlExpansion::OverLimit& e) {
    return Error{e.message()};
  }
  return std::shared_ptr<const YamlTree>(std::move(tree));
}

bool YamlNode::IsNull() const {
  return tree_ && tree_->nodes_[index_].type == YamlTree::Type::kNull;
}
bool YamlNode::IsScalar() const {
  return tree_ && tree_->nodes_[index_].type == YamlTree::Type::kScalar;
}
bool YamlNode::IsSequence() const {
  return tree_ && tree_->nodes_[index_].type == YamlTree::Type::kSequence;
}
bool YamlNode::IsMap() const {
  return tree_ && tree_->nodes_[index_].type == YamlTree::Type::kMap;
}

const std::string& YamlNode::Scalar() const {
  static const std::string kNone;
  return IsScalar() ? tree_->nodes_[index_].scalar : kNone;
}

YAML::Mark YamlNode::Mark() const {
  if (!tree_) return YAML::Mark::null_mark();
  YAML::Mark mark;
  mark.line = static_cast<int>(tree_->nodes_[index_].line);
  mark.column = static_cast<int>(tree_->nodes_[index_].column);
  return mark;
}

size_t YamlNode::size() const {
  if (IsSequence()) return tree_->nodes_[index_].children;
  if (IsMap()) return tree_->nodes_[index_].children / 2;
  return 0;
}

YamlNode YamlNode::operator[](size_t i) const {
  if (!IsSequence() || i >= size()) return {};
  return YamlNode(tree_, tree_->children_[tree_->nodes_[index_].first_child + i]);
}

std::vector<YamlNode> YamlNode::items() const {
  std::vector<YamlNode> out;
  if (!IsSequence()) return out;
  out.reserve(size());
  for (size_t i = 0; i < size(); ++i) out.push_back((*this)[i]);
  return out;
}

std::vector<YamlNode::Entry> YamlNode::entries() const {
  std::vector<Entry> out;
  if (!IsMap()) return out;
  const auto& node = tree_->nodes_[index_];
  out.reserve(node.children / 2);
  for (uint32_t i = 0; i + 1 < node.children; i += 2)
    out.push_back({YamlNode(tree_, tree_->children_[node.first_child + i]),
                   YamlNode(tree_, tree_->children_[node.first_child + i + 1])});
  return out;
}

}  // namespace bgpsentry
