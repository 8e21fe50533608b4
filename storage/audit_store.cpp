#include "storage/audit_store.h"

#include "storage/codec.h"

namespace bgpsentry {

Result<uint64_t> AuditStore::append(AuditEntry entry) {
  return log_.append([&](uint64_t) { return codec::encode_audit(entry); });
}

Status AuditStore::for_each_before(uint64_t before_id, size_t limit,
                                   const std::function<bool(const AuditEntry&)>& fn) const {
  return log_.for_each_decoded_before<AuditEntry>(
      before_id, limit,
      [](uint64_t id, std::string_view value, AuditEntry& e) {
        e.id = id;
        return codec::decode_audit(value, e);
      },
      fn);
}

}  // namespace bgpsentry
