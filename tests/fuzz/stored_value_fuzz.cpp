// The store's own bytes read back: a damaged disk, a half-written file or a bug elsewhere
// must give "damaged" from a decoder, never a crash. The first byte picks the decoder;
// whatever decodes must encode again and decode to the same thing.
#include <algorithm>

#include "storage/codec.h"
#include "storage/update_bucket.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {
namespace {

// An invariant broken: a crash that libFuzzer and the corpus-replay test both report.
void require(bool ok) {
  if (!ok) __builtin_trap();
}

bool same_session(const Update& a, const Update& b) {
  return a.peer_ip == b.peer_ip && a.peer_asn == b.peer_asn && a.source == b.source;
}

bool same_ref(const codec::UpdateRef& a, const codec::UpdateRef& b) {
  return a.kind == b.kind && a.safi == b.safi && a.session == b.session && a.path_id == b.path_id &&
         a.old_state == b.old_state && a.new_state == b.new_state && a.attrs == b.attrs;
}

}  // namespace

size_t stored_value(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 16) {
    case 0: {  // update value, formats 1 and 2
      Update u, again;
      if (!codec::decode_update_value(bytes, u)) return 0;
      require(codec::decode_update_value(codec::encode_update_value(u), again));
      require(same_session(u, again) && u.kind == again.kind && u.path_id == again.path_id);
      require(!u.attrs == !again.attrs && (!u.attrs || *u.attrs == *again.attrs));
      return 1;
    }
    case 1: {  // update value, format 3
      auto ref = codec::decode_update_ref(bytes);
      if (!ref) return 0;
      Update u;
      u.kind = ref->kind;
      u.safi = ref->safi;
      u.path_id = ref->path_id;
      u.old_state = ref->old_state;
      u.new_state = ref->new_state;
      auto again = codec::decode_update_ref(codec::encode_update_ref(u, ref->session, ref->attrs));
      require(again && same_ref(*ref, *again));
      return 1;
    }
    case 2: {  // dictionary: attribute set
      auto attrs = codec::decode_attributes(bytes);
      if (!attrs) return 0;
      (void)attrs->as_path.to_string();
      auto again = codec::decode_attributes(codec::encode_attributes(*attrs));
      require(again && *again == *attrs);
      return 1;
    }
    case 3: {  // dictionary: session
      Update u, again;
      if (!codec::decode_session(bytes, u)) return 0;
      require(codec::decode_session(codec::encode_session(u), again) && same_session(u, again));
      return 1;
    }
    case 4: {  // update key
      auto parts = codec::parse_update_key(bytes);
      if (!parts) return 0;
      auto again = codec::parse_update_key(
          codec::update_key(parts->prefix, parts->time_us, parts->sequence));
      require(again && again->prefix == parts->prefix && again->sequence == parts->sequence);
      return 1;
    }
    case 5: {  // origin index key
      auto parts = codec::parse_origin_key(bytes);
      if (!parts) return 0;
      auto again = codec::parse_origin_key(
          codec::origin_key(parts->asn, parts->hour, codec::prefix_key(parts->prefix)));
      require(again && again->asn == parts->asn && again->prefix == parts->prefix);
      return 1;
    }
    case 6: {  // peer table: key, then record
      codec::PeerRecord record, again;
      (void)codec::parse_peer_key(bytes);
      if (!codec::decode_peer_record(bytes, record)) return 0;
      require(codec::decode_peer_record(codec::encode_peer_record(record), again) &&
              again.asn == record.asn && again.families == record.families);
      return 1;
    }
    case 7: {  // route checkpoint, its time from the first 8 bytes (the key's)
      if (bytes.size() < 8) return 0;
      const auto time_us = static_cast<int64_t>(codec::get_be64(bytes.data()));
      std::vector<codec::CheckpointRoute> routes, again;
      if (!codec::decode_checkpoint(bytes.substr(8), time_us, routes)) return 0;
      require(codec::decode_checkpoint(codec::encode_checkpoint(time_us, routes), time_us, again));
      require(again.size() == routes.size());
      for (size_t i = 0; i < routes.size(); ++i)
        require(again[i].time_us == routes[i].time_us && again[i].value == routes[i].value);
      return 1;
    }
    case 9: {  // event
      Event event, again;
      if (!codec::decode_event(bytes, event)) return 0;
      require(codec::decode_event(codec::encode_event(event), again));
      require(again.id == event.id && again.peers == event.peers &&
              again.carriers == event.carriers && again.tags == event.tags &&
              again.subject == event.subject && again.as_path == event.as_path &&
              again.confidence == event.confidence);
      for (uint32_t c : again.carriers) require(c < again.peers.size());
      return 1;
    }
    case 10: {  // audit record
      AuditEntry e, again;
      if (!codec::decode_audit(bytes, e)) return 0;
      require(codec::decode_audit(codec::encode_audit(e), again) && again.who == e.who &&
              again.action == e.action && again.outcome == e.outcome && again.time_us == e.time_us);
      return 1;
    }
    case 11: {  // silence
      Silence s, again;
      if (!codec::decode_silence(bytes, s)) return 0;
      require(codec::decode_silence(codec::encode_silence(s), again) && again.type == s.type &&
              again.prefix == s.prefix && again.offending_asn == s.offending_asn &&
              again.event_id == s.event_id && again.until_us == s.until_us &&
              again.comment == s.comment);
      return 1;
    }
    case 12: {  // event acknowledgement
      EventAck a, again;
      if (!codec::decode_ack(bytes, a)) return 0;
      require(codec::decode_ack(codec::encode_ack(a), again) && again.who == a.who &&
              again.comment == a.comment && again.time_us == a.time_us);
      return 1;
    }
    case 13: {  // config revision
      ConfigRevision r, again;
      if (!codec::decode_revision(bytes, r)) return 0;
      require(codec::decode_revision(codec::encode_revision(r), again) && again.who == r.who &&
              again.text == r.text && again.diff == r.diff);
      return 1;
    }
    case 14: {  // bucket key
      auto parts = codec::parse_bucket_key(bytes);
      if (!parts) return 0;
      auto again =
          codec::parse_bucket_key(codec::bucket_key(codec::prefix_key(parts->prefix), parts->hour));
      require(again && again->prefix == parts->prefix && again->hour == parts->hour);
      return 1;
    }
    case 15: {  // bucket value, its hour from the first 4 bytes (the key's)
      if (bytes.size() < 4) return 0;
      const int64_t hour = codec::get_be32(bytes.data());
      std::vector<codec::BucketEntry> entries, again;
      if (!codec::decode_bucket(bytes.substr(4), hour, entries)) return 0;
      // Written back in storage order as one fragment: the same updates, the same order.
      auto stored = entries;
      std::sort(stored.begin(), stored.end(),
                [](const auto& a, const auto& b) { return a.index < b.index; });
      std::string value;
      codec::append_fragment(value, hour, stored.data(), stored.size());
      require(codec::decode_bucket(value, hour, again) && again.size() == entries.size());
      for (size_t i = 0; i < entries.size(); ++i)
        require(again[i].time_us == entries[i].time_us && again[i].index == entries[i].index &&
                same_ref(again[i].ref, entries[i].ref));
      return 1;
    }
    default: {  // alert
      Alert alert, again;
      if (!codec::decode_alert(bytes, alert)) return 0;
      require(codec::decode_alert(codec::encode_alert(alert), again) && again.id == alert.id &&
              again.as_path == alert.as_path && again.description == alert.description &&
              again.event_id == alert.event_id && again.notice == alert.notice);
      return 1;
    }
  }
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::stored_value(data, size);
  return 0;
}
#endif
