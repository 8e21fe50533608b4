#pragma once

#include <functional>
#include <string>

#include "agent/api/access.h"
#include "agent/irr/irr_database.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "storage/history_store.h"

namespace bgpsentry {

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  // The IRR dumps in force; null when none are configured.
  using Irr = std::function<std::shared_ptr<const IrrDatabase>()>;

  QueryServiceImpl(const AccessPolicy& access, const HistoryStore& history, Irr irr)
      : access_(access), history_(history), irr_(std::move(irr)) {}
  grpc::Status ListUpdates(grpc::ServerContext* context, const v1::ListUpdatesRequest* request,
                           grpc::ServerWriter<v1::ListUpdatesResponse>* writer) override;
  grpc::Status ExportMrt(grpc::ServerContext* context, const v1::ListUpdatesRequest* request,
                         grpc::ServerWriter<v1::MrtChunk>* writer) override;
  grpc::Status GetRoute(grpc::ServerContext* context, const v1::GetRouteRequest* request,
                        v1::RouteView* response) override;
  grpc::Status LookupAddress(grpc::ServerContext* context, const v1::LookupAddressRequest* request,
                             v1::RouteView* response) override;
  grpc::Status GeneratePrefixes(grpc::ServerContext* context,
                                const v1::GeneratePrefixesRequest* request,
                                v1::GeneratePrefixesResponse* response) override;
  grpc::Status CheckIrr(grpc::ServerContext* context, const v1::CheckIrrRequest* request,
                        v1::IrrCheckResult* response) override;

 private:
  // Validates a ListUpdates request and runs its scan; `token` continues a cut result.
  grpc::Status run_list(const v1::ListUpdatesRequest* request,
                        const std::function<void(const Update&)>& emit,
                        const std::function<bool()>& stop, std::string& token);
  const AccessPolicy& access_;
  const HistoryStore& history_;
  Irr irr_;
};

}  // namespace bgpsentry
