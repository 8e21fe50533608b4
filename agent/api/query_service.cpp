#include "agent/api/query_service.h"

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
  auto prefix = Prefix::parse(req->prefix());
  if (!prefix)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "prefix '" + req->prefix() + "' is not a valid IPv4 or IPv6 prefix"};
  HistoryQuery query;
  query.prefix = *prefix;
  if (req->has_from()) query.from_us = wire::from_timestamp(req->from());
  if (req->has_to()) query.to_us = wire::from_timestamp(req->to());
  if (query.from_us < 0 || query.to_us < 0)
    return {grpc::StatusCode::INVALID_ARGUMENT, "times before 1970 are not stored"};
  if (query.from_us > query.to_us)
    return {grpc::StatusCode::INVALID_ARGUMENT, "'from' is later than 'to'"};
  query.limit = req->limit();
  query.page_token = req->page_token();
  query.more_specific = req->more_specific();
  query.less_specific = req->less_specific();
  if (req->origins_size() + req->peer_asns_size() + req->peer_ips_size() + req->types_size() >
      kMaxListedValues)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "at most " + std::to_string(kMaxListedValues) + " origins, peers and types in all"};
  query.filter.origins.assign(req->origins().begin(), req->origins().end());
  query.filter.peer_asns.assign(req->peer_asns().begin(), req->peer_asns().end());
  for (const auto& text : req->peer_ips()) {
    auto ip = text.size() <= kMaxArgumentBytes ? IpAddress::parse(text) : std::nullopt;
    if (!ip)
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "peer '" + text.substr(0, 64) + "' is not an IP address"};
    query.filter.peer_ips.push_back(*ip);
  }
  for (int type : req->types()) {
    switch (type) {
      case v1::ANNOUNCE:
        query.filter.kinds.push_back(UpdateKind::kAnnounce);
        break;
      case v1::WITHDRAW:
        query.filter.kinds.push_back(UpdateKind::kWithdraw);
        break;
      case v1::RIB:
        query.filter.kinds.push_back(UpdateKind::kRibEntry);
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
  auto token = history_.scan(query, [&](const Update& u) {
    if (broken) return;
    *chunk.add_updates() = wire::to_proto(u);
    if (chunk.updates_size() == kUpdatesPerMessage) flush();
  });
  if (!token) {
    const bool bad_token = token.error() == "invalid page token";
    return {bad_token ? grpc::StatusCode::INVALID_ARGUMENT : grpc::StatusCode::INTERNAL,
            token.error()};
  }
  if (context->IsCancelled()) return {grpc::StatusCode::CANCELLED, "cancelled"};
  chunk.set_next_page_token(*token);
  if (!broken && (chunk.updates_size() || !token->empty())) writer->Write(chunk);
  return grpc::Status::OK;
}

}  // namespace bgpsentry
