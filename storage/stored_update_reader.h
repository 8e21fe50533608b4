// Turns stored update values of every format back into Updates. Format 3 refers to
// dictionary entries; a reader caches the ones it has resolved, so a scan reads each
// attribute set once. One reader per scan (it is not shared between threads).
#pragma once

#include <memory>
#include <string_view>
#include <unordered_map>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/codec.h"
#include "storage/dictionary.h"

namespace bgpsentry {

class StoredUpdateReader {
 public:
  StoredUpdateReader(const Dictionary& attributes, const Dictionary& sessions)
      : attributes_(attributes), sessions_(sessions) {}

  // Fills everything but the prefix and time (they live in the key). False if damaged.
  // Without `attributes`, update.attrs stays empty (cheaper: no dictionary reads for them).
  bool read(std::string_view value, Update& update, bool attributes = true);
  // The same for an update of a bucket (storage/update_bucket.h).
  bool read(const codec::UpdateRef& ref, Update& update, bool attributes = true);

 private:
  const Dictionary& attributes_;
  const Dictionary& sessions_;
  std::unordered_map<uint64_t, std::shared_ptr<const RouteAttributes>> attributes_cache_;
  std::unordered_map<uint64_t, Update> sessions_cache_;  // peer_ip, peer_asn, source only
};

}  // namespace bgpsentry
