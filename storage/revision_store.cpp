#include "storage/revision_store.h"

#include "storage/codec.h"

namespace bgpsentry {

Result<uint64_t> RevisionStore::append(ConfigRevision revision) {
  return log_.append([&](uint64_t id) {
    revision.id = id;
    return codec::encode_revision(revision);
  });
}

std::optional<ConfigRevision> RevisionStore::get(uint64_t id) const {
  auto value = log_.get(id);
  ConfigRevision r;
  if (!value || !codec::decode_revision(*value, r)) return std::nullopt;
  return r;
}

std::optional<ConfigRevision> RevisionStore::last() const {
  std::optional<ConfigRevision> out;
  auto st = for_each_before(0, 1, [&](const ConfigRevision& r) {
    out = r;
    return false;
  });
  return st ? out : std::nullopt;
}

Status RevisionStore::for_each_before(uint64_t before_id, size_t limit,
                                      const std::function<bool(const ConfigRevision&)>& fn) const {
  return log_.for_each_decoded_before<ConfigRevision>(
      before_id, limit,
      [](uint64_t, std::string_view value, ConfigRevision& r) {
        return codec::decode_revision(value, r);
      },
      fn);
}

}  // namespace bgpsentry
