#pragma once

#include <functional>
#include <string>

#include "agent/api/access.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "storage/history_store.h"

namespace bgpsentry {

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  QueryServiceImpl(const AccessPolicy& access, const HistoryStore& history)
      : access_(access), history_(history) {}
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

 private:
  // Validates a ListUpdates request and runs its scan; `token` continues a cut result.
  grpc::Status run_list(const v1::ListUpdatesRequest* request,
                        const std::function<void(const Update&)>& emit,
                        const std::function<bool()>& stop, std::string& token);
  const AccessPolicy& access_;
  const HistoryStore& history_;
};

}  // namespace bgpsentry
