#include "agent/wire/proto_convert.h"

#include <cstdio>

#include <google/protobuf/util/json_util.h>

namespace bgpsentry::wire {
namespace {

void set_peer(v1::Peer* peer, const IpAddress& ip, uint32_t asn) {
  peer->set_ip(ip.to_string());
  peer->set_asn(asn);
}

}  // namespace

google::protobuf::Timestamp to_timestamp(int64_t time_us) {
  google::protobuf::Timestamp ts;
  int64_t seconds = time_us / 1000000, micros = time_us % 1000000;
  if (micros < 0) {
    --seconds;
    micros += 1000000;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(micros * 1000));
  return ts;
}

int64_t from_timestamp(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000000 + ts.nanos() / 1000;
}

v1::AlertType to_proto(AlertType type) {
  return static_cast<v1::AlertType>(type);
}

AlertType from_proto(v1::AlertType type) {
  return static_cast<AlertType>(type);  // the same numbers, by design
}

v1::Silence to_proto(const Silence& s) {
  v1::Silence out;
  out.set_id(s.id);
  if (s.type) out.set_type(to_proto(*s.type));
  if (s.prefix) out.set_prefix(s.prefix->to_string());
  out.set_offending_asn(s.offending_asn);
  out.set_event_id(s.event_id);
  *out.mutable_created() = to_timestamp(s.created_us);
  *out.mutable_until() = to_timestamp(s.until_us);
  out.set_who(s.who);
  out.set_comment(s.comment);
  return out;
}

v1::EventAck to_proto(const EventAck& a) {
  v1::EventAck out;
  out.set_who(a.who);
  *out.mutable_time() = to_timestamp(a.time_us);
  out.set_comment(a.comment);
  return out;
}

namespace {

std::string bgp_identifier(uint32_t id) {  // dotted quad, as routers show it
  return std::to_string(id >> 24) + "." + std::to_string(id >> 16 & 0xFF) + "." +
         std::to_string(id >> 8 & 0xFF) + "." + std::to_string(id & 0xFF);
}

}  // namespace

v1::Update to_proto(const Update& u) {
  v1::Update out;
  *out.mutable_time() = to_timestamp(u.time_us);
  out.set_source(u.source);
  set_peer(out.mutable_peer(), u.peer_ip, u.peer_asn);
  switch (u.kind) {
    case UpdateKind::kAnnounce:
      out.set_type(v1::ANNOUNCE);
      break;
    case UpdateKind::kWithdraw:
      out.set_type(v1::WITHDRAW);
      break;
    case UpdateKind::kRibEntry:
      out.set_type(v1::RIB);
      break;
    case UpdateKind::kPeerState:
      out.set_type(v1::PEER_STATE);
      break;
  }
  if (u.kind == UpdateKind::kPeerState) {
    out.set_old_state(u.old_state);
    out.set_new_state(u.new_state);
  } else {
    out.set_prefix(u.prefix.to_string());
  }
  out.set_path_id(u.path_id);
  out.set_multicast(u.safi == Safi::kMulticast);
  if (!u.attrs) return out;
  const RouteAttributes& a = *u.attrs;
  out.set_as_path(a.as_path.to_string());
  for (uint32_t asn : a.as_path.origins()) out.add_origins(asn);
  if (a.next_hop) out.set_next_hop(a.next_hop->to_string());
  for (uint32_t c : a.communities)
    out.add_communities(std::to_string(c >> 16) + ":" + std::to_string(c & 0xFFFF));
  for (const auto& c : a.large_communities) {
    auto* lc = out.add_large_communities();
    lc->set_global_admin(c.global);
    lc->set_local_data1(c.local1);
    lc->set_local_data2(c.local2);
  }
  out.set_origin_type(to_string(a.origin_type));
  if (a.med) out.set_med(*a.med);
  if (a.local_pref) out.set_local_pref(*a.local_pref);
  out.set_atomic_aggregate(a.atomic_aggregate);
  if (a.aggregator) {
    out.mutable_aggregator()->set_asn(a.aggregator->asn);
    out.mutable_aggregator()->set_address(a.aggregator->address.to_string());
  }
  for (uint64_t c : a.extended_communities) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(c));
    out.add_extended_communities(hex);
  }
  if (a.originator_id) out.set_originator_id(bgp_identifier(*a.originator_id));
  for (uint32_t id : a.cluster_list) out.add_cluster_list(bgp_identifier(id));
  if (a.only_to_customer) out.set_only_to_customer(*a.only_to_customer);
  if (a.next_hop_link_local) out.set_next_hop_link_local(a.next_hop_link_local->to_string());
  for (const auto& raw : a.unknown) {
    auto* r = out.add_unknown_attributes();
    r->set_flags(raw.flags);
    r->set_type(raw.type);
    r->set_value(std::string(raw.value.begin(), raw.value.end()));
  }
  return out;
}

v1::Alert to_proto(const Alert& a) {
  v1::Alert out;
  out.set_id(a.id);
  out.set_type(to_proto(a.type));
  // A FEED alert is about a source, not a prefix; an event over many prefixes has no one
  // monitored prefix.
  if (a.type != AlertType::kFeed) out.set_prefix(a.prefix.to_string());
  if (has_monitored_prefix(a.type)) out.set_monitored_prefix(a.monitored_prefix.to_string());
  out.set_observed_origin(a.observed_origin);
  for (uint32_t asn : a.expected_origins) out.add_expected_origins(asn);
  out.set_as_path(a.as_path.to_string());
  set_peer(out.mutable_peer(), a.peer_ip, a.peer_asn);
  *out.mutable_first_seen() = to_timestamp(a.first_seen_us);
  *out.mutable_last_seen() = to_timestamp(a.last_seen_us);
  out.set_description(a.description);
  out.set_source(a.source);
  out.set_event_id(a.event_id);
  out.set_notice(static_cast<v1::EventNotice>(a.notice));
  out.set_confidence(a.confidence);
  if (a.raised_us) *out.mutable_raised_time() = to_timestamp(a.raised_us);
  return out;
}

v1::Event to_proto(const Event& e, bool with_peers) {
  v1::Event out;
  out.set_id(e.id);
  out.set_type(to_proto(e.type));
  out.set_status(e.status == EventStatus::kEnded ? v1::ENDED : v1::ONGOING);
  for (const auto& p : e.prefixes) out.add_prefixes(p.to_string());
  if (has_monitored_prefix(e.type)) out.set_monitored_prefix(e.monitored_prefix.to_string());
  out.set_subject(e.subject);
  out.set_offending_asn(e.offending_asn);
  for (uint32_t asn : e.expected_asns) out.add_expected_asns(asn);
  *out.mutable_start_time() = to_timestamp(e.start_us);
  if (e.status == EventStatus::kEnded) *out.mutable_end_time() = to_timestamp(e.end_us);
  *out.mutable_last_seen() = to_timestamp(e.last_seen_us);
  out.set_peers_seen(static_cast<uint32_t>(e.peers.size()));
  for (uint32_t asn : e.peer_asns) out.add_peer_asns(asn);
  out.set_max_visibility(e.max_visibility);
  out.set_confidence(e.confidence);
  for (const auto& t : e.tags) {
    auto* tag = out.add_tags();
    tag->set_name(t.name);
    tag->set_score(t.score);
  }
  out.set_description(e.description);
  out.set_as_path(e.as_path.to_string());
  out.set_peers_carrying(static_cast<uint32_t>(e.carriers.size()));
  for (const auto& source : event_sources(e)) out.add_sources(source);
  for (const auto& r : e.reports) {
    auto* report = out.add_reports();
    report->set_source(r.source);
    report->set_kind(r.kind);
    report->set_id(r.id);
    for (const auto& p : r.prefixes) report->add_prefixes(p.to_string());
    report->set_offending_asn(r.offending_asn);
    for (uint32_t asn : r.expected_asns) report->add_expected_asns(asn);
    report->set_confidence(r.confidence);
    for (const auto& t : r.tags) {
      auto* tag = report->add_tags();
      tag->set_name(t.name);
      tag->set_score(t.score);
    }
    for (uint32_t asn : r.peer_asns) report->add_peer_asns(asn);
    report->set_peer_count(r.peer_count);
    for (uint32_t asn : r.leak_segment) report->add_leak_segment(asn);
    *report->mutable_start_time() = to_timestamp(r.start_us);
    *report->mutable_last_seen() = to_timestamp(r.last_seen_us);
    report->set_ongoing(r.ongoing);
  }
  if (with_peers)
    for (const auto& p : e.peers) set_peer(out.add_peers(), p.ip, p.asn);
  return out;
}

std::string to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = false;
  // Scripts read `parse_errors: 0` rather than a missing key.
  options.always_print_primitive_fields = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

}  // namespace bgpsentry::wire
