// The AS paths the route table's routes hold, one copy per distinct path, reference counted.
// A path is one flat allocation (segment headers and ASNs in one array, its hash beside
// them) rather than an AsPath's vector of vectors: interning, and comparing a route's path
// with an update's, read one block instead of chasing three pointers, and a new path costs
// one allocation instead of three. Engine thread only.
#pragma once

#include <absl/container/flat_hash_set.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "agent/core/as_path.h"

namespace bgpsentry {

class InternedPaths {
 public:
  // One distinct path: its references and its segments, flattened.
  class Path {
   public:
    uint32_t references() const { return references_; }
    bool equals(const AsPath& path) const;
    AsPath to_as_path() const;
    size_t bytes() const { return sizeof(Path) + size_t{size_} * sizeof(uint32_t); }

   private:
    friend class InternedPaths;
    // The words follow in the same allocation: per segment, its type, its length, then
    // its ASNs.
    const uint32_t* words() const { return reinterpret_cast<const uint32_t*>(this + 1); }
    uint32_t* words() { return reinterpret_cast<uint32_t*>(this + 1); }

    uint32_t references_ = 0;
    uint32_t size_ = 0;  // words
    size_t hash_ = 0;
  };

  InternedPaths() = default;
  InternedPaths(const InternedPaths&) = delete;
  InternedPaths& operator=(const InternedPaths&) = delete;
  ~InternedPaths();

  // `path`, with one more reference.
  Path* acquire(const AsPath& path);
  void add_reference(Path* path) { ++path->references_; }
  // A path whose last reference goes stays until sweep(): routes flap back to the path they
  // left, and re-creating it would cost an allocation and a rehash.
  void release(Path* path) {
    if (--path->references_ == 0) ++unused_;
  }
  // Frees the paths no one references, once they are a third of all (a sweep is a pass
  // over all of them).
  void sweep();

  size_t size() const { return paths_.size(); }
  size_t in_use() const { return paths_.size() - unused_; }
  // Paths and the set's slots.
  size_t bytes() const { return bytes_ + paths_.capacity() * (sizeof(Path*) + 1); }

 private:
  // A lookup of an AsPath, its hash computed once.
  struct Probe {
    const AsPath* path;
    size_t hash;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(const Path* p) const { return p->hash_; }
    size_t operator()(const Probe& p) const { return p.hash; }
  };
  struct Eq {
    using is_transparent = void;
    bool operator()(const Path* a, const Path* b) const { return a == b; }
    bool operator()(const Path* a, const Probe& b) const {
      return a->hash_ == b.hash && a->equals(*b.path);
    }
    bool operator()(const Probe& a, const Path* b) const { return (*this)(b, a); }
  };
  static size_t hash_of(const AsPath& path);
  static Path* create(const AsPath& path, size_t hash);
  static void destroy(Path* path);

  absl::flat_hash_set<Path*, Hash, Eq> paths_;
  size_t unused_ = 0;
  size_t bytes_ = 0;
};

}  // namespace bgpsentry
