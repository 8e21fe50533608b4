// Binary trie keyed by prefix: exact, covering (less-specific) and more-specific lookups.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "agent/core/prefix.h"

namespace bgpsentry {

template <typename T>
class PrefixTrie {
 public:
  // Inserts or replaces the value stored at `prefix`; returns a reference to it.
  T& insert(const Prefix& prefix, T value) {
    Node* n = descend_creating(prefix);
    if (!n->value) ++size_;
    n->value.emplace(std::move(value));
    n->prefix = prefix;
    return *n->value;
  }

  bool erase(const Prefix& prefix) {
    Node* n = find_node(prefix);
    if (!n || !n->value) return false;
    n->value.reset();
    --size_;
    return true;
  }

  const T* find(const Prefix& prefix) const {
    const Node* n = find_node(prefix);
    return n && n->value ? &*n->value : nullptr;
  }
  T* find(const Prefix& prefix) {
    Node* n = find_node(prefix);
    return n && n->value ? &*n->value : nullptr;
  }

  // Calls fn(prefix, value) for every stored prefix equal to or covering `prefix`,
  // from the least to the most specific.
  template <typename Fn>
  void for_each_covering(const Prefix& prefix, Fn&& fn) const {
    const Node* n = root(prefix.afi());
    for (int depth = 0; n; ++depth) {
      if (n->value) fn(n->prefix, *n->value);
      if (depth == prefix.length()) break;
      n = n->child[prefix.address().bit(depth)].get();
    }
  }

  // The most specific stored prefix equal to or covering `prefix`.
  std::optional<std::pair<Prefix, const T*>> longest_match(const Prefix& prefix) const {
    std::optional<std::pair<Prefix, const T*>> best;
    for_each_covering(prefix, [&](const Prefix& p, const T& v) { best.emplace(p, &v); });
    return best;
  }

  // Calls fn(prefix, value) for every stored prefix equal to or more specific than `prefix`.
  template <typename Fn>
  void for_each_more_specific(const Prefix& prefix, Fn&& fn) const {
    const Node* n = root(prefix.afi());
    for (int depth = 0; n && depth < prefix.length(); ++depth)
      n = n->child[prefix.address().bit(depth)].get();
    if (n) walk(n, fn);
  }

  // Whether some stored prefix covers `prefix`, equals it or is more specific.
  bool overlaps(const Prefix& prefix) const {
    const Node* n = root(prefix.afi());
    for (int depth = 0; n; ++depth) {
      if (n->value) return true;
      if (depth == prefix.length()) return has_value_below(n);
      n = n->child[prefix.address().bit(depth)].get();
    }
    return false;
  }

  size_t size() const { return size_; }

 private:
  struct Node {
    std::unique_ptr<Node> child[2];
    std::optional<T> value;
    Prefix prefix;
  };

  template <typename Fn>
  static void walk(const Node* n, Fn& fn) {
    if (n->value) fn(n->prefix, *n->value);
    for (const auto& c : n->child)
      if (c) walk(c.get(), fn);
  }

  static bool has_value_below(const Node* n) {
    if (n->value) return true;
    for (const auto& c : n->child)
      if (c && has_value_below(c.get())) return true;
    return false;
  }

  const Node* root(Afi afi) const { return afi == Afi::kIpv4 ? &v4_ : &v6_; }
  Node* root(Afi afi) { return afi == Afi::kIpv4 ? &v4_ : &v6_; }

  Node* descend_creating(const Prefix& prefix) {
    Node* n = root(prefix.afi());
    for (int depth = 0; depth < prefix.length(); ++depth) {
      auto& next = n->child[prefix.address().bit(depth)];
      if (!next) next = std::make_unique<Node>();
      n = next.get();
    }
    return n;
  }

  Node* find_node(const Prefix& prefix) const {
    const Node* n = root(prefix.afi());
    for (int depth = 0; n && depth < prefix.length(); ++depth)
      n = n->child[prefix.address().bit(depth)].get();
    return const_cast<Node*>(n);
  }

  Node v4_, v6_;
  size_t size_ = 0;
};

}  // namespace bgpsentry
