#include "agent/irr/irr_database.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "agent/core/wall_clock.h"
#include "agent/ingest/byte_stream.h"
#include "agent/irr/rpsl_routes.h"

namespace bgpsentry {

const char* to_string(IrrVerdict verdict) {
  switch (verdict) {
    case IrrVerdict::kValid:
      return "VALID";
    case IrrVerdict::kInvalidOrigin:
      return "INVALID_ORIGIN";
    case IrrVerdict::kNotFound:
      return "NOT_FOUND";
  }
  return "?";
}

namespace {

// Maintainers and sources repeat across hundreds of thousands of objects: stored once.
class NameTable {
 public:
  explicit NameTable(std::vector<std::string>& names) : names_(names) { id(""); }
  uint32_t id(std::string_view name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    names_.emplace_back(name);
    const auto id = static_cast<uint32_t>(names_.size() - 1);
    ids_.emplace(std::string(name), id);
    return id;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string>& names_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
};

}  // namespace

Result<IrrDatabase> IrrDatabase::load(const std::vector<std::string>& files) {
  const auto started = std::chrono::steady_clock::now();
  IrrDatabase db;
  NameTable names(db.names_);
  for (const auto& file : files) {
    auto in = open_byte_stream(file);
    if (!in) return Error{in.error()};
    auto st = read_rpsl_routes(
        **in,
        [&](const RouteObject& r) {
          db.routes_.push_back(Entry{r.prefix, r.origin, names.id(r.mnt_by), names.id(r.source)});
        },
        [&](const RpslProblem& p) {
          ++db.stats_.malformed;
          if (db.stats_.problems.size() < IrrLoadStats::kMaxProblems)
            db.stats_.problems.push_back(file + ":" + std::to_string(p.line) + ": " + p.what);
        });
    if (!st) return Error{file + ": " + st.error()};
    ++db.stats_.files;
  }
  std::sort(db.routes_.begin(), db.routes_.end(), [](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return a.origin < b.origin;
  });
  db.routes_.shrink_to_fit();
  db.stats_.objects = db.routes_.size();
  db.stats_.memory_bytes = db.routes_.capacity() * sizeof(Entry);
  for (const auto& n : db.names_) db.stats_.memory_bytes += sizeof(std::string) + n.capacity();
  db.stats_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  db.stats_.loaded_at_us = wall_clock_us();
  return db;
}

IrrRoute IrrDatabase::view(const Entry& e) const {
  return IrrRoute{e.prefix, e.origin, names_[e.mnt_by], names_[e.source]};
}

std::vector<IrrRoute> IrrDatabase::covering(const Prefix& prefix) const {
  // Each covering prefix is the queried one cut to a shorter length: at most 33 (or 129)
  // binary searches, however many objects there are.
  std::vector<IrrRoute> out;
  for (int len = prefix.length(); len >= 0; --len) {
    const Prefix cover(prefix.address(), len);
    auto it = std::lower_bound(routes_.begin(), routes_.end(), cover,
                               [](const Entry& e, const Prefix& p) { return e.prefix < p; });
    for (; it != routes_.end() && it->prefix == cover; ++it) out.push_back(view(*it));
  }
  return out;
}

IrrCheck IrrDatabase::check(const Prefix& prefix, uint32_t asn) const {
  IrrCheck result;
  result.covering = covering(prefix);
  if (result.covering.empty()) return result;
  result.verdict = IrrVerdict::kInvalidOrigin;
  for (const auto& r : result.covering)
    if (r.origin == asn) result.verdict = IrrVerdict::kValid;
  return result;
}

}  // namespace bgpsentry
