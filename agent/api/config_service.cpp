#include "agent/api/config_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/api/request_arguments.h"
#include "agent/wire/config_convert.h"

namespace bgpsentry {
namespace {

grpc::Status to_status(const EditError& e) {
  switch (e.code) {
    case EditError::kInvalid:
      return invalid_argument(e.message);
    case EditError::kNotFound:
      return {grpc::StatusCode::NOT_FOUND, e.message};
    case EditError::kExists:
      return {grpc::StatusCode::ALREADY_EXISTS, e.message};
    case EditError::kFailed:
      break;
  }
  return {grpc::StatusCode::INTERNAL, e.message};
}

// An argument as the audit trail names it: bounded, whatever a client sends.
std::string clip(const std::string& text) {
  return text.substr(0, 64);
}

Result<uint32_t> checked_asn(uint32_t asn) {
  if (asn == 0) return Error{"AS 0 is not a valid ASN (RFC 7607)"};
  return asn;
}

}  // namespace

grpc::Status ConfigServiceImpl::change(const std::string& who, const std::string& action,
                                       const std::function<EditStatus(PrefixesConfig&)>& edit,
                                       PrefixesManager::Change& result) {
  auto outcome = manager_.change(who, action, edit);
  if (auto* error = std::get_if<EditError>(&outcome)) {
    spdlog::info("config change by {} refused: {}: {}", who, action, error->message);
    return to_status(*error);
  }
  result = std::get<PrefixesManager::Change>(outcome);
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::ListPrefixes(grpc::ServerContext* context,
                                             const v1::ListPrefixesRequest* req,
                                             v1::ListPrefixesResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  std::optional<Prefix> within;
  if (auto st = prefix_argument(req->prefix(), within); !st.ok()) return st;
  auto config = manager_.current();
  for (const auto& p : config->prefixes) {
    if (within && !within->contains(p.prefix)) continue;
    if (!req->group().empty() &&
        std::find(p.groups.begin(), p.groups.end(), req->group()) == p.groups.end())
      continue;
    *response->add_prefixes() = wire::to_proto(p);
  }
  response->set_revision(manager_.revision());
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::GetPrefix(grpc::ServerContext* context,
                                          const v1::GetPrefixRequest* req,
                                          v1::GetPrefixResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto prefix = parse_api_prefix(req->prefix());
  if (!prefix) return invalid_argument(prefix.error());
  auto config = manager_.current();
  for (const auto& p : config->prefixes)
    if (p.prefix == *prefix) {
      *response->mutable_prefix() = wire::to_proto(p);
      return grpc::Status::OK;
    }
  return {grpc::StatusCode::NOT_FOUND, prefix->to_string() + " is not monitored"};
}

grpc::Status ConfigServiceImpl::AddPrefix(grpc::ServerContext* context,
                                          const v1::AddPrefixRequest* req,
                                          v1::AddPrefixResponse* response) {
  return audit_.call(access_, *context, Role::kOperator,
                     "AddPrefix " + clip(req->prefix().prefix()),
                     [&](const Caller& caller) -> grpc::Status {
                       auto prefix = wire::from_proto(req->prefix());
                       if (!prefix) return invalid_argument(prefix.error());
                       PrefixesManager::Change done;
                       auto st = change(
                           caller.who, "prefix add " + prefix->prefix.to_string(),
                           [&](PrefixesConfig& c) { return add_prefix(c, *prefix); }, done);
                       response->set_revision(done.revision);
                       return st;
                     });
}

grpc::Status ConfigServiceImpl::UpdatePrefix(grpc::ServerContext* context,
                                             const v1::UpdatePrefixRequest* req,
                                             v1::UpdatePrefixResponse* response) {
  return audit_.call(access_, *context, Role::kOperator,
                     "UpdatePrefix " + clip(req->prefix().prefix()),
                     [&](const Caller& caller) -> grpc::Status {
                       auto prefix = wire::from_proto(req->prefix());
                       if (!prefix) return invalid_argument(prefix.error());
                       PrefixesManager::Change done;
                       auto st = change(
                           caller.who, "prefix update " + prefix->prefix.to_string(),
                           [&](PrefixesConfig& c) { return update_prefix(c, *prefix); }, done);
                       response->set_revision(done.revision);
                       response->set_changed(done.changed);
                       return st;
                     });
}

grpc::Status ConfigServiceImpl::RemovePrefix(grpc::ServerContext* context,
                                             const v1::RemovePrefixRequest* req,
                                             v1::RemovePrefixResponse* response) {
  return audit_.call(access_, *context, Role::kOperator, "RemovePrefix " + clip(req->prefix()),
                     [&](const Caller& caller) -> grpc::Status {
                       auto prefix = parse_api_prefix(req->prefix());
                       if (!prefix) return invalid_argument(prefix.error());
                       PrefixesManager::Change done;
                       auto st = change(
                           caller.who, "prefix remove " + prefix->to_string(),
                           [&](PrefixesConfig& c) { return remove_prefix(c, *prefix); }, done);
                       response->set_revision(done.revision);
                       return st;
                     });
}

grpc::Status ConfigServiceImpl::ListAsns(grpc::ServerContext* context, const v1::ListAsnsRequest*,
                                         v1::ListAsnsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto config = manager_.current();
  for (const auto& a : config->asns) *response->add_asns() = wire::to_proto(a);
  response->set_revision(manager_.revision());
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::AddAsn(grpc::ServerContext* context, const v1::AddAsnRequest* req,
                                       v1::AddAsnResponse* response) {
  return audit_.call(access_, *context, Role::kOperator,
                     "AddAsn " + std::to_string(req->asn().asn()),
                     [&](const Caller& caller) -> grpc::Status {
                       if (auto asn = checked_asn(req->asn().asn()); !asn)
                         return invalid_argument(asn.error());
                       MonitoredAsn asn = wire::from_proto(req->asn());
                       PrefixesManager::Change done;
                       auto st = change(
                           caller.who, "asn add AS" + std::to_string(asn.asn),
                           [&](PrefixesConfig& c) { return add_asn(c, asn); }, done);
                       response->set_revision(done.revision);
                       return st;
                     });
}

grpc::Status ConfigServiceImpl::RemoveAsn(grpc::ServerContext* context,
                                          const v1::RemoveAsnRequest* req,
                                          v1::RemoveAsnResponse* response) {
  return audit_.call(access_, *context, Role::kOperator, "RemoveAsn " + std::to_string(req->asn()),
                     [&](const Caller& caller) -> grpc::Status {
                       if (auto asn = checked_asn(req->asn()); !asn)
                         return invalid_argument(asn.error());
                       PrefixesManager::Change done;
                       auto st = change(
                           caller.who, "asn remove AS" + std::to_string(req->asn()),
                           [&](PrefixesConfig& c) { return remove_asn(c, req->asn()); }, done);
                       response->set_revision(done.revision);
                       return st;
                     });
}

PrefixesConfig ConfigServiceImpl::parse_candidate(const std::string& yaml, ConfigErrors& errors) {
  std::lock_guard lock(parse_mu_);
  return parse_prefixes_yaml(yaml, errors);
}

grpc::Status ConfigServiceImpl::ImportPrefixes(grpc::ServerContext* context,
                                               const v1::ImportPrefixesRequest* req,
                                               v1::ImportPrefixesResponse* response) {
  return audit_.call(
      access_, *context, Role::kOperator,
      std::string(req->replace() ? "ImportPrefixes (replace)" : "ImportPrefixes (merge)"),
      [&](const Caller& caller) -> grpc::Status {
        ConfigErrors errors("imported prefixes.yml");
        const PrefixesConfig imported = parse_candidate(req->yaml(), errors);
        if (!errors.empty()) return invalid_argument(errors.to_string());
        response->mutable_warnings()->Add(imported.warnings.begin(), imported.warnings.end());
        ImportCounts counts;
        PrefixesManager::Change done;
        auto st = change(
            caller.who,
            std::string("prefix import (") + (req->replace() ? "replace" : "merge") + ", " +
                std::to_string(imported.prefixes.size()) + " prefixes, " +
                std::to_string(imported.asns.size()) + " ASNs)",
            [&](PrefixesConfig& c) -> EditStatus {
              counts = import_prefixes(c, imported, req->replace());
              return std::nullopt;
            },
            done);
        response->set_revision(done.revision);
        response->set_changed(done.changed);
        response->set_prefixes_added(static_cast<uint32_t>(counts.prefixes_added));
        response->set_prefixes_replaced(static_cast<uint32_t>(counts.prefixes_replaced));
        response->set_asns_added(static_cast<uint32_t>(counts.asns_added));
        response->set_asns_replaced(static_cast<uint32_t>(counts.asns_replaced));
        return st;
      });
}

grpc::Status ConfigServiceImpl::ExportPrefixes(grpc::ServerContext* context,
                                               const v1::ExportPrefixesRequest*,
                                               v1::ExportPrefixesResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto canonical = canonical_prefixes(*manager_.current(), manager_.path());
  if (!canonical) return {grpc::StatusCode::INTERNAL, canonical.error()};
  response->set_yaml(canonical->text);
  response->set_revision(manager_.revision());
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::ValidateConfig(grpc::ServerContext* context,
                                               const v1::ValidateConfigRequest* req,
                                               v1::ValidateConfigResponse* response) {
  // A path names a file on the agent's machine: reading those is for admins.
  const Role needed = req->has_prefixes_yaml() ? Role::kViewer : Role::kAdmin;
  if (auto st = access_.allow(*context, needed); !st.ok()) return st;
  if (req->has_prefixes_yaml()) {
    ConfigErrors errors("candidate prefixes.yml");
    const auto config = parse_candidate(req->prefixes_yaml(), errors);
    for (const auto& e : errors.errors()) *response->add_errors() = wire::to_proto(e);
    response->mutable_warnings()->Add(config.warnings.begin(), config.warnings.end());
    response->set_prefixes(static_cast<uint32_t>(config.prefixes.size()));
    response->set_asns(static_cast<uint32_t>(config.asns.size()));
  } else {
    const std::string path = req->config_path().empty() ? config_file_ : req->config_path();
    if (path.size() > 4096 || path.find('\0') != std::string::npos)
      return invalid_argument("config_path is not a usable path");
    std::lock_guard lock(parse_mu_);
    auto loaded = load_(path);
    for (const auto& e : loaded.errors) *response->add_errors() = wire::to_proto(e);
    response->mutable_warnings()->Add(loaded.warnings.begin(), loaded.warnings.end());
    response->set_prefixes(static_cast<uint32_t>(loaded.config.prefixes.prefixes.size()));
    response->set_asns(static_cast<uint32_t>(loaded.config.prefixes.asns.size()));
  }
  response->set_valid(response->errors_size() == 0);
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::ReloadConfig(grpc::ServerContext* context,
                                             const v1::ReloadConfigRequest*,
                                             v1::ReloadConfigResponse* response) {
  return audit_.call(access_, *context, Role::kAdmin, std::string("ReloadConfig"),
                     [&](const Caller& caller) -> grpc::Status {
                       const auto outcome = reload_(caller.who);
                       response->set_revision(outcome.revision);
                       response->set_changed(outcome.changed);
                       response->mutable_restart_required()->Add(outcome.restart_required.begin(),
                                                                 outcome.restart_required.end());
                       response->mutable_warnings()->Add(outcome.warnings.begin(),
                                                         outcome.warnings.end());
                       if (!outcome.errors.empty()) {
                         std::string text = "the config has errors; the running config is kept:";
                         for (const auto& e : outcome.errors) text += "\n" + e.to_string();
                         return {grpc::StatusCode::FAILED_PRECONDITION, text};
                       }
                       if (outcome.failure) return to_status(*outcome.failure);
                       return grpc::Status::OK;
                     });
}

grpc::Status ConfigServiceImpl::ListRevisions(grpc::ServerContext* context,
                                              const v1::ListRevisionsRequest* req,
                                              v1::ListRevisionsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto page = parse_page(req->page_size(), req->page_token());
  if (!page) return invalid_argument(page.error());
  uint64_t last = 0;
  auto st = revisions_.for_each_before(page->token, page->size + 1, [&](const ConfigRevision& r) {
    if (static_cast<uint32_t>(response->revisions_size()) == page->size) {
      response->set_next_page_token(std::to_string(last));
      return false;
    }
    last = r.id;
    *response->add_revisions() = wire::to_proto(r);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  return grpc::Status::OK;
}

grpc::Status ConfigServiceImpl::GetRevision(grpc::ServerContext* context,
                                            const v1::GetRevisionRequest* req,
                                            v1::GetRevisionResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto r = revisions_.get(req->id());
  if (!r) return {grpc::StatusCode::NOT_FOUND, "no config revision " + std::to_string(req->id())};
  *response->mutable_revision() = wire::to_proto(*r);
  response->set_yaml(r->text);
  return grpc::Status::OK;
}

}  // namespace bgpsentry
