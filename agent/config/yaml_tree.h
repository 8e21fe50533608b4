// A YAML document as a compact tree, for data files (prefixes.yml, up to 16 MiB): built
// from yaml-cpp's parser events, ~60 bytes a node where yaml-cpp's own tree takes ~500 (a
// 16 MB prefixes file: 750 MB and 4 s to YAML::Load). Aliases stay references to their
// anchor's node, and what they expand to is bounded while the tree is built (YamlLimits).
// Reads like the subset of YAML::Node the config readers use.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agent/config/bounded_yaml.h"
#include "agent/core/result.h"

namespace bgpsentry {

class YamlTree;

class YamlNode {
 public:
  YamlNode() = default;  // undefined, as a missing map key is
  bool IsDefined() const { return tree_ != nullptr; }
  bool IsNull() const;
  bool IsScalar() const;
  bool IsSequence() const;
  bool IsMap() const;
  const std::string& Scalar() const;  // "" unless a scalar
  YAML::Mark Mark() const;
  size_t size() const;                  // a sequence's items, a map's entries; 0 otherwise
  YamlNode operator[](size_t i) const;  // a sequence's item

  // A sequence's items, a map's entries (key, value), in document order.
  std::vector<YamlNode> items() const;
  struct Entry;
  std::vector<Entry> entries() const;

 private:
  friend class YamlTree;
  YamlNode(const YamlTree* tree, uint32_t index) : tree_(tree), index_(index) {}
  const YamlTree* tree_ = nullptr;
  uint32_t index_ = 0;
};

struct YamlNode::Entry {
  YamlNode first, second;
};

class YamlTree {
 public:
  // The first document, or a message naming the limit passed and where. Syntax errors
  // throw YAML::Exception, as YAML::Load does.
  static Result<std::shared_ptr<const YamlTree>> parse(const std::string& text,
                                                       const YamlLimits& limits);
  YamlNode root() const { return nodes_.empty() ? YamlNode() : YamlNode(this, 0); }

 private:
  friend class YamlNode;
  friend class YamlTreeBuilder;
  enum class Type : uint8_t { kNull, kScalar, kSequence, kMap };
  struct Node {
    Type type = Type::kNull;
    uint32_t line = 0, column = 0;
    uint32_t first_child = 0, children = 0;  // in children_; a map's are key, value, ...
    std::string scalar;
  };
  std::vector<Node> nodes_;
  std::vector<uint32_t> children_;
};

}  // namespace bgpsentry
