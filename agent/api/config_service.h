// ConfigService: the monitored prefixes and ASNs (through the PrefixesManager, which
// writes, records and applies every change), validation, reload and revisions.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "agent/api/access.h"
#include "agent/api/auditor.h"
#include "agent/config/config_reload.h"
#include "agent/config/prefixes_manager.h"
#include "bgpsentry/v1/config.grpc.pb.h"

namespace bgpsentry {

class ConfigServiceImpl final : public v1::ConfigService::Service {
 public:
  using Reload = std::function<ReloadOutcome(const std::string& who)>;
  // Loads and checks a bgpsentry.yml as the daemon would (its data files included).
  using Load = std::function<LoadedConfig(const std::string& path)>;
  ConfigServiceImpl(const AccessPolicy& access, Auditor& audit, PrefixesManager& manager,
                    const RevisionLog& revisions, std::string config_file, Reload reload, Load load)
      : access_(access),
        audit_(audit),
        manager_(manager),
        revisions_(revisions),
        config_file_(std::move(config_file)),
        reload_(std::move(reload)),
        load_(std::move(load)) {}

  grpc::Status ListPrefixes(grpc::ServerContext*, const v1::ListPrefixesRequest*,
                            v1::ListPrefixesResponse*) override;
  grpc::Status GetPrefix(grpc::ServerContext*, const v1::GetPrefixRequest*,
                         v1::GetPrefixResponse*) override;
  grpc::Status AddPrefix(grpc::ServerContext*, const v1::AddPrefixRequest*,
                         v1::AddPrefixResponse*) override;
  grpc::Status UpdatePrefix(grpc::ServerContext*, const v1::UpdatePrefixRequest*,
                            v1::UpdatePrefixResponse*) override;
  grpc::Status RemovePrefix(grpc::ServerContext*, const v1::RemovePrefixRequest*,
                            v1::RemovePrefixResponse*) override;
  grpc::Status ListAsns(grpc::ServerContext*, const v1::ListAsnsRequest*,
                        v1::ListAsnsResponse*) override;
  grpc::Status AddAsn(grpc::ServerContext*, const v1::AddAsnRequest*, v1::AddAsnResponse*) override;
  grpc::Status RemoveAsn(grpc::ServerContext*, const v1::RemoveAsnRequest*,
                         v1::RemoveAsnResponse*) override;
  grpc::Status ImportPrefixes(grpc::ServerContext*, const v1::ImportPrefixesRequest*,
                              v1::ImportPrefixesResponse*) override;
  grpc::Status ExportPrefixes(grpc::ServerContext*, const v1::ExportPrefixesRequest*,
                              v1::ExportPrefixesResponse*) override;
  grpc::Status ValidateConfig(grpc::ServerContext*, const v1::ValidateConfigRequest*,
                              v1::ValidateConfigResponse*) override;
  grpc::Status ReloadConfig(grpc::ServerContext*, const v1::ReloadConfigRequest*,
                            v1::ReloadConfigResponse*) override;
  grpc::Status ListRevisions(grpc::ServerContext*, const v1::ListRevisionsRequest*,
                             v1::ListRevisionsResponse*) override;
  grpc::Status GetRevision(grpc::ServerContext*, const v1::GetRevisionRequest*,
                           v1::GetRevisionResponse*) override;

 private:
  // Parses a candidate prefixes file, one at a time: a 16 MiB file takes ~190 MB while
  // parsed, and concurrent callers must not multiply that.
  PrefixesConfig parse_candidate(const std::string& yaml, ConfigErrors& errors);
  // Runs an edit through the manager; the revision after it, or the status to return.
  grpc::Status change(const std::string& who, const std::string& action,
                      const std::function<EditStatus(PrefixesConfig&)>& edit,
                      PrefixesManager::Change& result);

  const AccessPolicy& access_;
  Auditor& audit_;
  PrefixesManager& manager_;
  const RevisionLog& revisions_;
  std::string config_file_;
  std::mutex parse_mu_;
  Reload reload_;
  Load load_;
};

}  // namespace bgpsentry
