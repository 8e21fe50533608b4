// The route objects of one or more IRR dumps, held compactly for origin checks: which
// objects cover a prefix, and whether an AS is among their origins. Immutable once loaded
// (a reload builds a new one), so readers on any thread share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/prefix.h"
#include "agent/core/result.h"

namespace bgpsentry {

enum class IrrVerdict {
  kValid,          // an object covering the prefix names the AS as its origin
  kInvalidOrigin,  // objects cover the prefix, none with this origin
  kNotFound,       // no object covers the prefix
};
const char* to_string(IrrVerdict verdict);

struct IrrRoute {
  Prefix prefix;
  uint32_t origin = 0;
  std::string_view mnt_by;  // views into the database: valid while it lives
  std::string_view source;
};

struct IrrCheck {
  IrrVerdict verdict = IrrVerdict::kNotFound;
  std::vector<IrrRoute> covering;  // most specific first
};

struct IrrLoadStats {
  size_t files = 0;
  size_t objects = 0;                 // route and route6 objects loaded
  size_t malformed = 0;               // refused, each with its file and line
  std::vector<std::string> problems;  // the first kMaxProblems: "FILE:LINE: what"
  size_t memory_bytes = 0;            // what the loaded objects take
  double seconds = 0;
  int64_t loaded_at_us = 0;  // wall clock, when the load finished
  static constexpr size_t kMaxProblems = 20;
};

class IrrDatabase {
 public:
  // Loads every file (plain, gzip or bzip2). Malformed objects are counted and the rest
  // load; the error is a file that cannot be read at all, named.
  static Result<IrrDatabase> load(const std::vector<std::string>& files);

  // Objects whose prefix equals or covers `prefix`, most specific first.
  std::vector<IrrRoute> covering(const Prefix& prefix) const;
  IrrCheck check(const Prefix& prefix, uint32_t asn) const;
  const IrrLoadStats& stats() const { return stats_; }
  size_t size() const { return routes_.size(); }

 private:
  // 32 bytes an object: a million objects in 32 MB.
  struct Entry {
    Prefix prefix;
    uint32_t origin;
    uint32_t mnt_by;  // index into names_
    uint32_t source;  // index into names_
  };
  IrrRoute view(const Entry& e) const;

  std::vector<Entry> routes_;  // sorted by prefix, then origin
  std::vector<std::string> names_;
  IrrLoadStats stats_;
};

}  // namespace bgpsentry
