#include "storage/stored_update_reader.h"

#include "storage/codec.h"

namespace bgpsentry {

bool StoredUpdateReader::read(std::string_view value, Update& u, bool attributes) {
  if (!codec::is_update_ref(value)) return codec::decode_update_value(value, u);
  const auto ref = codec::decode_update_ref(value);
  return ref && read(*ref, u, attributes);
}

bool StoredUpdateReader::read(const codec::UpdateRef& ref, Update& u, bool attributes) {
  auto session = sessions_cache_.find(ref.session);
  if (session == sessions_cache_.end()) {
    auto stored = sessions_.lookup(ref.session);
    Update s;
    if (!stored || !codec::decode_session(*stored, s)) return false;
    session = sessions_cache_.emplace(ref.session, std::move(s)).first;
  }
  u.peer_ip = session->second.peer_ip;
  u.peer_asn = session->second.peer_asn;
  u.source = session->second.source;
  u.kind = ref.kind;
  u.safi = ref.safi;
  u.path_id = ref.path_id;
  u.old_state = ref.old_state;
  u.new_state = ref.new_state;
  u.attrs.reset();
  if (ref.attrs == 0 || !attributes) return true;
  auto attrs = attributes_cache_.find(ref.attrs - 1);
  if (attrs == attributes_cache_.end()) {
    auto stored = attributes_.lookup(ref.attrs - 1);
    if (!stored) return false;
    auto decoded = codec::decode_attributes(*stored);
    if (!decoded) return false;
    attrs = attributes_cache_.emplace(ref.attrs - 1, std::move(decoded)).first;
  }
  u.attrs = attrs->second;
  return true;
}

}  // namespace bgpsentry
