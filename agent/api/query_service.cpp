#include "agent/api/query_service.h"

#include <limits>
#include <optional>

#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {
constexpr int kUpdatesPerMessage = 1000;
constexpr size_t kMaxArgumentBytes = 4096;
constexpr int kMaxListedValues = 1000;
}  // namespace

grpc::Status QueryServiceImpl::ListUpdates(grpc::ServerContext* context,
                                           const v1::ListUpdatesRequest* req,
                                           grpc::ServerWriter<v1::ListUpdatesResponse>* writer) {
  if (req->prefix().size() > kMaxArgumentBytes || req->page_token().size() > kMaxArgumentBytes)
    return {grpc::StatusCode::INVALID_ARGUMENT, "argument too long"};
  // Without a prefix the question is "what did this AS originate": the origin index.
  const bool by_origin = req->prefix().empty();
  std::optional<Prefix> prefix;
  if (by_origin) {
    if (req->origins_size() != 1)
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "give a prefix, or exactly one origin AS to list what it announced"};
    if (req->more_specific() || req->less_specific())
      return {grpc::StatusCode::INVALID_ARGUMENT, "more_specific and less_specific need a prefix"};
  } else if (prefix = Prefix::parse(req->prefix()); !prefix) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "prefix '" + req->prefix() + "' is not a valid IPv4 or IPv6 prefix"};
  }
  int64_t from_us = 0, to_us = std::numeric_limits<int64_t>::max();
  if (req->has_from()) from_us = wire::from_timestamp(req->from());
  if (req->has_to()) to_us = wire::from_timestamp(req->to());
  if (from_us < 0 || to_us < 0)
    return {grpc::StatusCode::INVALID_ARGUMENT, "times before 1970 are not stored"};
  if (from_us > to_us) return {grpc::StatusCode::INVALID_ARGUMENT, "'from' is later than 'to'"};
  if (req->origins_size() + req->peer_asns_size() + req->peer_ips_size() + req->types_size() >
      kMaxListedValues)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "at most " + std::to_string(kMaxListedValues) + " origins, peers and types in all"};
  UpdateFilter filter;
  filter.origins.assign(req->origins().begin(), req->origins().end());
  filter.peer_asns.assign(req->peer_asns().begin(), req->peer_asns().end());
  for (const auto& text : req->peer_ips()) {
    auto ip = text.size() <= kMaxArgumentBytes ? IpAddress::parse(text) : std::nullopt;
    if (!ip)
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "peer '" + text.substr(0, 64) + "' is not an IP address"};
    filter.peer_ips.push_back(*ip);
  }
  for (int type : req->types()) {
    switch (type) {
      case v1::ANNOUNCE:
        filter.kinds.push_back(UpdateKind::kAnnounce);
        break;
      case v1::WITHDRAW:
        filter.kinds.push_back(UpdateKind::kWithdraw);
        break;
      case v1::RIB:
        filter.kinds.push_back(UpdateKind::kRibEntry);
        break;
      default:
        return {grpc::StatusCode::INVALID_ARGUMENT,
                "type " + std::to_string(type) + " is not ANNOUNCE, WITHDRAW or RIB"};
    }
  }

  v1::ListUpdatesResponse chunk;
  bool broken = false;
  auto flush = [&] {
    if (!broken && chunk.updates_size() && !writer->Write(chunk)) broken = true;
    chunk.Clear();
  };
  auto emit = [&](const Update& u) {
    *chunk.add_updates() = wire::to_proto(u);
    if (chunk.updates_size() == kUpdatesPerMessage) flush();
  };
  // A reader that went away ends the scan instead of leaving it to run to the end.
  auto stop = [&] { return broken || context->IsCancelled(); };
  Result<std::string> token = std::string();
  if (by_origin) {
    OriginQuery query;
    query.asn = req->origins(0);
    query.from_us = from_us;
    query.to_us = to_us;
    query.limit = req->limit();
    query.page_token = req->page_token();
    query.filter = std::move(filter);
    query.stop = stop;
    token = history_.scan_origin(query, emit);
  } else {
    HistoryQuery query;
    query.prefix = *prefix;
    query.more_specific = req->more_specific();
    query.less_specific = req->less_specific();
    query.from_us = from_us;
    query.to_us = to_us;
    query.limit = req->limit();
    query.page_token = req->page_token();
    query.filter = std::move(filter);
    query.stop = stop;
    token = history_.scan(query, emit);
  }
  if (!token) {
    const bool bad_token = token.error() == "invalid page token";
    return {bad_token ? grpc::StatusCode::INVALID_ARGUMENT : grpc::StatusCode::INTERNAL,
            token.error()};
  }
  if (stop()) return {grpc::StatusCode::CANCELLED, "cancelled"};
  chunk.set_next_page_token(*token);
  if (chunk.updates_size() || !token->empty()) writer->Write(chunk);
  return grpc::Status::OK;
}

}  // namespace bgpsentry
