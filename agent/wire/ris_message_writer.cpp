#include "agent/wire/ris_message_writer.h"

#include <cinttypes>
#include <cstdio>

namespace bgpsentry::wire {
namespace {

void append_path(const AsPath& path, std::string& out) {
  out += '[';
  bool first = true;
  for (const auto& segment : path.segments()) {
    const bool set = segment.type != SegmentType::kSequence;
    if (set) {
      if (!first) out += ',';
      out += '[';
      first = true;
    }
    for (uint32_t asn : segment.asns) {
      if (!first) out += ',';
      out += std::to_string(asn);
      first = false;
    }
    if (set) {
      out += ']';
      first = false;
    }
  }
  out += ']';
}

const char* origin_text(OriginType o) {
  switch (o) {
    case OriginType::kIgp:
      return "igp";
    case OriginType::kEgp:
      return "egp";
    case OriginType::kIncomplete:
      return "incomplete";
    default:
      return nullptr;
  }
}

}  // namespace

void append_ris_message(std::span<const Update> message, const std::string& host, uint64_t id,
                        std::string& out) {
  if (message.empty()) return;
  const Update& u = message.front();
  char time[32];
  std::snprintf(time, sizeof time, "%" PRId64 ".%06" PRId64, u.time_us / 1000000,
                u.time_us % 1000000);
  const std::string peer = u.peer_ip.to_string();
  out += R"({"type":"ris_message","data":{"timestamp":)";
  out += time;
  out += R"(,"peer":")" + peer + R"(","peer_asn":")" + std::to_string(u.peer_asn) + R"(","id":")" +
         peer + "-" + time + "-" + std::to_string(id) + R"(","host":")" + host + '"';
  if (u.kind == UpdateKind::kPeerState) {
    out += R"(,"type":"RIS_PEER_STATE","state":")";
    out += u.new_state == 6 ? "connected" : "down";
    out += "\"}}";
    return;
  }
  out += R"(,"type":"UPDATE")";
  const Update* announced = nullptr;
  for (const Update& x : message)
    if (x.attrs) announced = &x;
  if (announced) {
    const RouteAttributes& a = *announced->attrs;
    out += R"(,"path":)";
    append_path(a.as_path, out);
    if (!a.communities.empty()) {
      out += R"(,"community":[)";
      for (size_t i = 0; i < a.communities.size(); ++i) {
        if (i) out += ',';
        out += '[' + std::to_string(a.communities[i] >> 16) + ',' +
               std::to_string(a.communities[i] & 0xFFFF) + ']';
      }
      out += ']';
    }
    if (const char* origin = origin_text(a.origin_type))
      out += std::string(R"(,"origin":")") + origin + '"';
    if (a.med) out += R"(,"med":)" + std::to_string(*a.med);
    if (a.aggregator)
      out += R"(,"aggregator":")" + std::to_string(a.aggregator->asn) + ':' +
             a.aggregator->address.to_string() + '"';
    out += R"(,"announcements":[{"next_hop":")";
    if (a.next_hop) out += a.next_hop->to_string();
    if (a.next_hop_link_local) out += ',' + a.next_hop_link_local->to_string();
    out += R"(","prefixes":[)";
    bool first = true;
    for (const Update& x : message)
      if (x.attrs) {
        if (!first) out += ',';
        out += '"' + x.prefix.to_string() + '"';
        first = false;
      }
    out += "]}]";
  }
  bool any_withdrawn = false;
  for (const Update& x : message)
    if (!x.attrs && x.kind == UpdateKind::kWithdraw) {
      out += any_withdrawn ? "," : R"(,"withdrawals":[)";
      out += '"' + x.prefix.to_string() + '"';
      any_withdrawn = true;
    }
  if (any_withdrawn) out += ']';
  out += "}}";
}

}  // namespace bgpsentry::wire
