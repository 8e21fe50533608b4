#include "agent/detect/interned_paths.h"

#include <new>

namespace bgpsentry {
namespace {

// A segment's header: its type and its length, in two words (a segment decoded from RIS
// Live JSON is not limited to BGP's 255 ASNs).
constexpr size_t kHeaderWords = 2;
uint32_t segment_type(const AsPathSegment& s) {
  return static_cast<uint32_t>(s.type);
}
uint32_t segment_length(const AsPathSegment& s) {
  return static_cast<uint32_t>(s.asns.size());
}

}  // namespace

bool InternedPaths::Path::equals(const AsPath& path) const {
  const uint32_t* w = words();
  const uint32_t* end = w + size_;
  for (const auto& s : path.segments()) {
    if (end - w < static_cast<ptrdiff_t>(kHeaderWords) || *w++ != segment_type(s) ||
        *w++ != segment_length(s))
      return false;
    // The header matched, so the segment's ASNs are within the words.
    for (uint32_t asn : s.asns)
      if (*w++ != asn) return false;
  }
  return w == end;
}

AsPath InternedPaths::Path::to_as_path() const {
  std::vector<AsPathSegment> segments;
  for (const uint32_t* w = words(); w != words() + size_;) {
    const auto type = static_cast<SegmentType>(w[0]);
    const uint32_t length = w[1];
    w += kHeaderWords;
    segments.push_back(AsPathSegment{type, {w, w + length}});
    w += length;
  }
  return AsPath(std::move(segments));
}

InternedPaths::~InternedPaths() {
  for (Path* p : paths_) destroy(p);
}

size_t InternedPaths::hash_of(const AsPath& path) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the words
  for (const auto& s : path.segments()) {
    h = (h ^ segment_type(s)) * 1099511628211ull;
    h = (h ^ segment_length(s)) * 1099511628211ull;
    for (uint32_t asn : s.asns) h = (h ^ asn) * 1099511628211ull;
  }
  return static_cast<size_t>(h ^ (h >> 29));
}

InternedPaths::Path* InternedPaths::create(const AsPath& path, size_t hash) {
  size_t size = 0;
  for (const auto& s : path.segments()) size += kHeaderWords + s.asns.size();
  void* memory = ::operator new(sizeof(Path) + size * sizeof(uint32_t));
  Path* p = new (memory) Path();
  p->size_ = static_cast<uint32_t>(size);
  p->hash_ = hash;
  uint32_t* w = p->words();
  for (const auto& s : path.segments()) {
    *w++ = segment_type(s);
    *w++ = segment_length(s);
    for (uint32_t asn : s.asns) *w++ = asn;
  }
  return p;
}

void InternedPaths::destroy(Path* path) {
  path->~Path();
  ::operator delete(path);
}

InternedPaths::Path* InternedPaths::acquire(const AsPath& path) {
  const Probe probe{&path, hash_of(path)};
  auto it = paths_.find(probe);
  Path* p;
  if (it != paths_.end()) {
    p = *it;
    if (p->references_ == 0) --unused_;
  } else {
    p = create(path, probe.hash);
    paths_.insert(p);
    bytes_ += p->bytes();
  }
  ++p->references_;
  return p;
}

void InternedPaths::sweep() {
  if (unused_ <= paths_.size() / 3) return;
  absl::erase_if(paths_, [&](Path* p) {
    if (p->references_ != 0) return false;
    bytes_ -= p->bytes();
    destroy(p);
    return true;
  });
  unused_ = 0;
}

}  // namespace bgpsentry
