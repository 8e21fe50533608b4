#include "agent/api/query_service.h"

#include <limits>
#include <optional>

#include "agent/wire/irr_convert.h"
#include "agent/wire/mrt_writer.h"
#include "agent/wire/proto_convert.h"
#include "storage/originated_prefixes.h"
#include "storage/route_view.h"

namespace bgpsentry {
namespace {
constexpr int kUpdatesPerMessage = 1000;
constexpr size_t kMaxArgumentBytes = 4096;
constexpr int kMaxListedValues = 1000;

// `at` of a route request: unset means the newest stored state.
std::optional<int64_t> view_time(bool has_at, const google::protobuf::Timestamp& at) {
  if (!has_at) return std::numeric_limits<int64_t>::max();
  const int64_t us = wire::from_timestamp(at);
  if (us < 0) return std::nullopt;
  return us;
}

// A request's [from, to] window in microseconds; unset ends are open.
template <typename Request>
grpc::Status read_window(const Request& req, int64_t& from_us, int64_t& to_us) {
  from_us = req.has_from() ? wire::from_timestamp(req.from()) : 0;
  to_us = req.has_to() ? wire::from_timestamp(req.to()) : std::numeric_limits<int64_t>::max();
  if (from_us < 0 || to_us < 0)
    return {grpc::StatusCode::INVALID_ARGUMENT, "times before 1970 are not stored"};
  if (from_us > to_us) return {grpc::StatusCode::INVALID_ARGUMENT, "'from' is later than 'to'"};
  return grpc::Status::OK;
}

void fill(const RouteView& view, v1::RouteView* out) {
  out->set_prefix(view.prefix.to_string());
  if (view.at_us != std::numeric_limits<int64_t>::max())
    *out->mutable_at() = wire::to_timestamp(view.at_us);
  for (const auto& u : view.routes) *out->add_routes() = wire::to_proto(u);
  out->set_peers_seeing(static_cast<uint32_t>(view.peers_seeing));
  out->set_peers_up(static_cast<uint32_t>(view.peers_up));
  out->set_visibility(view.peers_up ? static_cast<double>(view.peers_seeing) /
                                          static_cast<double>(view.peers_up)
                                    : 0.0);
}
}  // namespace

grpc::Status QueryServiceImpl::run_list(const v1::ListUpdatesRequest* req,
                                        const std::function<void(const Update&)>& emit,
                                        const std::function<bool()>& stop, std::string& token_out) {
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
  int64_t from_us = 0, to_us = 0;
  if (auto st = read_window(*req, from_us, to_us); !st.ok()) return st;
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
  token_out = *token;
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::ListUpdates(grpc::ServerContext* context,
                                           const v1::ListUpdatesRequest* req,
                                           grpc::ServerWriter<v1::ListUpdatesResponse>* writer) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
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
  std::string token;
  if (auto st = run_list(req, emit, stop, token); !st.ok()) return st;
  if (stop()) return {grpc::StatusCode::CANCELLED, "cancelled"};
  chunk.set_next_page_token(token);
  if (chunk.updates_size() || !token.empty()) writer->Write(chunk);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::ExportMrt(grpc::ServerContext* context,
                                         const v1::ListUpdatesRequest* req,
                                         grpc::ServerWriter<v1::MrtChunk>* writer) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  constexpr size_t kChunkBytes = 1 << 20;  // well under the message size limit
  v1::MrtChunk chunk;
  std::string* data = chunk.mutable_data();
  bool broken = false;
  auto emit = [&](const Update& u) {
    wire::append_mrt_record(u, *data);
    if (data->size() >= kChunkBytes) {
      if (!broken && !writer->Write(chunk)) broken = true;
      data->clear();
    }
  };
  auto stop = [&] { return broken || context->IsCancelled(); };
  std::string token;
  if (auto st = run_list(req, emit, stop, token); !st.ok()) return st;
  if (stop()) return {grpc::StatusCode::CANCELLED, "cancelled"};
  chunk.set_next_page_token(token);
  if (!data->empty() || !token.empty()) writer->Write(chunk);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetRoute(grpc::ServerContext* context,
                                        const v1::GetRouteRequest* req, v1::RouteView* resp) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto prefix =
      req->prefix().size() <= kMaxArgumentBytes ? Prefix::parse(req->prefix()) : std::nullopt;
  if (!prefix)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "prefix '" + req->prefix().substr(0, 64) + "' is not a valid IPv4 or IPv6 prefix"};
  const auto at = view_time(req->has_at(), req->at());
  if (!at) return {grpc::StatusCode::INVALID_ARGUMENT, "times before 1970 are not stored"};
  auto view = route_view(history_, *prefix, *at);
  if (!view) return {grpc::StatusCode::INTERNAL, view.error()};
  fill(*view, resp);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::LookupAddress(grpc::ServerContext* context,
                                             const v1::LookupAddressRequest* req,
                                             v1::RouteView* resp) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto address =
      req->address().size() <= kMaxArgumentBytes ? IpAddress::parse(req->address()) : std::nullopt;
  if (!address)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "'" + req->address().substr(0, 64) + "' is not an IPv4 or IPv6 address"};
  const auto at = view_time(req->has_at(), req->at());
  if (!at) return {grpc::StatusCode::INVALID_ARGUMENT, "times before 1970 are not stored"};
  auto view = lookup_view(history_, *address, *at);
  if (!view) return {grpc::StatusCode::INTERNAL, view.error()};
  if (!*view)
    return {grpc::StatusCode::NOT_FOUND, "no stored route covers " + address->to_string() +
                                             (req->has_at() ? " at that time" : "")};
  fill(**view, resp);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GeneratePrefixes(grpc::ServerContext* context,
                                                const v1::GeneratePrefixesRequest* req,
                                                v1::GeneratePrefixesResponse* resp) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  if (req->asns_size() == 0 || req->asns_size() > kMaxListedValues)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "give 1 to " + std::to_string(kMaxListedValues) + " AS numbers"};
  for (uint32_t asn : req->asns())
    if (asn == 0) return {grpc::StatusCode::INVALID_ARGUMENT, "AS0 originates nothing (RFC 7607)"};
  int64_t from_us = 0, to_us = 0;
  if (auto st = read_window(*req, from_us, to_us); !st.ok()) return st;
  auto prefixes = originated_prefixes(history_, {req->asns().begin(), req->asns().end()}, from_us,
                                      to_us, [context] { return context->IsCancelled(); });
  if (!prefixes) return {grpc::StatusCode::INTERNAL, prefixes.error()};
  if (context->IsCancelled()) return {grpc::StatusCode::CANCELLED, "cancelled"};
  for (const auto& p : *prefixes) {
    auto* out = resp->add_prefixes();
    out->set_prefix(p.prefix.to_string());
    out->mutable_origins()->Assign(p.origins.begin(), p.origins.end());
    out->mutable_other_origins()->Assign(p.other_origins.begin(), p.other_origins.end());
    out->set_peers_seeing(static_cast<uint32_t>(p.peers_seeing));
    out->set_peers_up(static_cast<uint32_t>(p.peers_up));
    *out->mutable_first_seen() = wire::to_timestamp(p.first_seen_us);
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::CheckIrr(grpc::ServerContext* context,
                                        const v1::CheckIrrRequest* req, v1::IrrCheckResult* resp) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto prefix =
      req->prefix().size() <= kMaxArgumentBytes ? Prefix::parse(req->prefix()) : std::nullopt;
  if (!prefix)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "'" + req->prefix().substr(0, 64) + "' is not an IPv4 or IPv6 prefix"};
  const auto irr = irr_ ? irr_() : nullptr;
  if (!irr)
    return {grpc::StatusCode::FAILED_PRECONDITION,
            "no IRR dumps are configured (irr.files in bgpsentry.yml)"};
  *resp = wire::to_proto(*prefix, req->asn(), irr->check(*prefix, req->asn()), irr->stats());
  return grpc::Status::OK;
}

}  // namespace bgpsentry
