// YAML read only when what it expands to is bounded. yaml-cpp keeps an alias as a second
// reference to its anchor's node, so a 2.7 MB file of 100,000 prefixes aliasing one list
// of 10,000 ASNs parses small, then expands to a billion nodes when read (before: 65 s and
// 3 GB for `bgpctl config validate`, bad_alloc with 100 aliased path rules). Nodes are
// counted with every alias expanded as the parser reports them, in time linear in the text
// and memory per anchor, and the text is refused past the limit before anything reads it.
#pragma once

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent/core/result.h"

namespace bgpsentry {

struct YamlLimits {
  size_t max_bytes = 16 << 20;
  // Nodes with every alias expanded (a key and its value are two).
  size_t max_nodes = 2'000'000;
};

// Counts a document's nodes, aliases expanded, as the parser reports them; throws
// YamlExpansion::OverLimit past the limit (or on an alias inside the node it names). A
// handler that builds from the events (YamlTree's) derives from it and calls it first.
class YamlExpansion : public YAML::EventHandler {
 public:
  struct OverLimit {
    YAML::Mark mark;
    std::string what;
    std::string message() const;  // what, and the line where it happened
  };

  explicit YamlExpansion(size_t max_nodes) : max_(max_nodes) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override;
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override;

 private:
  void add(const YAML::Mark& mark, size_t nodes);
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor);
  void open(const YAML::Mark& mark, YAML::anchor_t anchor);
  void close();

  const size_t max_;
  size_t count_ = 0;
  std::unordered_map<YAML::anchor_t, size_t> sizes_;  // of each closed anchored node
  struct Open {
    YAML::anchor_t anchor;
    size_t start;  // count_ before the node
  };
  std::vector<Open> open_;
};

// For small files (the agent's own config): the first document as yaml-cpp's tree, which
// takes ~500 bytes per node, or a message naming the limit passed and where. Syntax errors
// throw YAML::Exception, as YAML::Load does. Data files use YamlTree (yaml_tree.h).
Result<YAML::Node> load_bounded_yaml(const std::string& text, const YamlLimits& limits);

}  // namespace bgpsentry
