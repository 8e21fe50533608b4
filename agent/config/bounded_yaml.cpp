#include "agent/config/bounded_yaml.h"

#include <sstream>

namespace bgpsentry {
std::string YamlExpansion::OverLimit::message() const {
  return what + (mark.is_null() ? "" : " (line " + std::to_string(mark.line + 1) + ")");
}

void YamlExpansion::add(const YAML::Mark& mark, size_t nodes) {
  if (nodes > max_ - count_)
    throw OverLimit{mark, "more than " + std::to_string(max_) + " nodes with every alias expanded"};
  count_ += nodes;
}

void YamlExpansion::leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
  add(mark, 1);
  if (anchor) sizes_[anchor] = 1;
}

void YamlExpansion::open(const YAML::Mark& mark, YAML::anchor_t anchor) {
  add(mark, 1);
  open_.push_back({anchor, count_ - 1});
}

void YamlExpansion::close() {
  const auto [anchor, start] = open_.back();
  open_.pop_back();
  if (anchor) sizes_[anchor] = count_ - start;
}

void YamlExpansion::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  leaf(mark, anchor);
}

void YamlExpansion::OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                             const std::string&) {
  leaf(mark, anchor);
}

void YamlExpansion::OnSequenceStart(const YAML::Mark& mark, const std::string&,
                                    YAML::anchor_t anchor, YAML::EmitterStyle::value) {
  open(mark, anchor);
}

void YamlExpansion::OnSequenceEnd() {
  close();
}

void YamlExpansion::OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                               YAML::EmitterStyle::value) {
  open(mark, anchor);
}

void YamlExpansion::OnMapEnd() {
  close();
}

void YamlExpansion::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  const auto size = sizes_.find(anchor);
  // yaml-cpp lets an alias name a node still open around it: a cycle, endless to read.
  if (size == sizes_.end()) throw OverLimit{mark, "an alias inside the node it names (a cycle)"};
  add(mark, size->second);
}

Result<YAML::Node> load_bounded_yaml(const std::string& text, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Error{std::to_string(text.size()) + " bytes; at most " +
                 std::to_string(limits.max_bytes)};
  {
    std::istringstream in(text);
    YAML::Parser parser(in);
    YamlExpansion counter(limits.max_nodes);
    try {
      parser.HandleNextDocument(counter);
    } catch (const YamlExpansion::OverLimit& e) {
      return Error{e.message()};
    }
  }
  return YAML::Load(text);
}

}  // namespace bgpsentry
