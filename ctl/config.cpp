// bgpctl config validate|reload|diff|revisions and log-level.
#include <cstdio>
#include <memory>

#include "agent/config/text_diff.h"
#include "agent/core/text_file.h"
#include "bgpsentry/v1/admin.grpc.pb.h"
#include "bgpsentry/v1/config.grpc.pb.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

namespace v1 = bgpsentry::v1;

struct ConfigArgs {
  std::string config_path, prefixes_file;
  std::vector<uint64_t> revisions;
  uint32_t limit = 20;
  std::string level;
};

std::string issue_text(const v1::ConfigIssue& e) {
  std::string out = e.file();
  if (e.line()) out += ":" + std::to_string(e.line());
  if (e.column()) out += ":" + std::to_string(e.column());
  out += ": ";
  if (!e.field().empty()) out += e.field() + ": ";
  return out + e.message();
}

int run_validate(const Options& options, const ConfigArgs& args) {
  v1::ValidateConfigRequest req;
  std::string what = "the agent's config file";
  if (!args.prefixes_file.empty()) {
    auto text = bgpsentry::read_text_file(args.prefixes_file);
    if (!text) {
      std::fprintf(stderr, "bgpctl: cannot read %s: %s\n", args.prefixes_file.c_str(),
                   text.error().c_str());
      return kExitNoInput;
    }
    req.set_prefixes_yaml(std::move(*text));
    what = args.prefixes_file;
  } else {
    req.set_config_path(args.config_path);  // empty: the agent's own
    if (!args.config_path.empty()) what = args.config_path;
  }
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context, 120);
  v1::ValidateConfigResponse resp;
  if (auto st = v1::ConfigService::NewStub(client.channel())->ValidateConfig(&context, req, &resp);
      !st.ok())
    return client.report(st, "config validate");
  if (options.structured()) {
    print_record(resp);
  } else {
    for (const auto& w : resp.warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
    for (const auto& e : resp.errors()) std::printf("%s\n", issue_text(e).c_str());
    if (resp.valid())
      std::printf("%s: OK (%u prefixes, %u monitored ASNs)\n", what.c_str(), resp.prefixes(),
                  resp.asns());
    else
      std::printf("%s: %d error(s)\n", what.c_str(), resp.errors_size());
  }
  return resp.valid() ? kExitOk : kExitConfig;
}

int run_reload(const Options& options) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context, 120);
  v1::ReloadConfigResponse resp;
  auto st = v1::ConfigService::NewStub(client.channel())->ReloadConfig(&context, {}, &resp);
  if (!st.ok()) return client.report(st, "config reload");
  if (options.structured()) {
    print_record(resp);
    return kExitOk;
  }
  for (const auto& w : resp.warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  std::printf(
      "reloaded: %s (config revision %llu)\n",
      resp.changed() ? "the monitored prefixes changed" : "the monitored prefixes are unchanged",
      static_cast<unsigned long long>(resp.revision()));
  if (resp.restart_required_size()) {
    std::string keys;
    for (const auto& k : resp.restart_required()) keys += (keys.empty() ? "" : ", ") + k;
    std::printf("changed, takes effect at the next restart: %s\n", keys.c_str());
  }
  return kExitOk;
}

bool get_revision(const Client& client, uint64_t id, v1::GetRevisionResponse& resp, int& rc) {
  grpc::ClientContext context;
  client.prepare(context);
  v1::GetRevisionRequest req;
  req.set_id(id);
  auto st = v1::ConfigService::NewStub(client.channel())->GetRevision(&context, req, &resp);
  if (!st.ok()) rc = client.report(st, "config diff");
  return st.ok();
}

// One revision: what it changed. Two: the prefixes file from the first to the second.
int run_diff(const Options& options, const ConfigArgs& args) {
  if (args.revisions.empty() || args.revisions.size() > 2) {
    std::fprintf(stderr, "bgpctl: config diff REV [REV2]\n");
    return kExitUsage;
  }
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  int rc = kExitOk;
  v1::GetRevisionResponse a, b;
  if (!get_revision(client, args.revisions[0], a, rc)) return rc;
  if (args.revisions.size() == 1) {
    if (options.structured()) {
      print_record(a.revision());
      return kExitOk;
    }
    const auto& r = a.revision();
    std::printf("revision %llu, %s by %s: %s\n", static_cast<unsigned long long>(r.id()),
                format_time(r.time()).c_str(), r.who().c_str(), r.action().c_str());
    std::fputs(r.diff().c_str(), stdout);
    return kExitOk;
  }
  if (!get_revision(client, args.revisions[1], b, rc)) return rc;
  const std::string diff =
      bgpsentry::unified_diff(a.yaml(), b.yaml(), "revision " + std::to_string(args.revisions[0]),
                              "revision " + std::to_string(args.revisions[1]));
  if (options.structured()) {
    v1::ConfigRevision out;
    out.set_diff(diff);
    print_record(out);
  } else {
    std::fputs(diff.c_str(), stdout);
  }
  return kExitOk;
}

int run_revisions(const Options& options, const ConfigArgs& args) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::ListRevisionsRequest req;
  req.set_page_size(args.limit);
  v1::ListRevisionsResponse resp;
  if (auto st = v1::ConfigService::NewStub(client.channel())->ListRevisions(&context, req, &resp);
      !st.ok())
    return client.report(st, "config revisions");
  if (options.structured()) {
    for (const auto& r : resp.revisions()) print_record(r);
    return kExitOk;
  }
  Table table({"REVISION", "TIME", "WHO", "ACTION"});
  for (const auto& r : resp.revisions())
    table.add({std::to_string(r.id()), format_time(r.time()), r.who(), r.action()});
  table.print();
  return kExitOk;
}

int run_log_level(const Options& options, const std::string& level) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::SetLogLevelRequest req;
  req.set_level(level);
  v1::SetLogLevelResponse resp;
  if (auto st = v1::AdminService::NewStub(client.channel())->SetLogLevel(&context, req, &resp);
      !st.ok())
    return client.report(st, "log-level");
  if (options.structured())
    print_record(resp);
  else
    std::printf("log level %s (was %s)\n", level.c_str(), resp.previous().c_str());
  return kExitOk;
}

}  // namespace

void add_config_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* config = app.add_subcommand("config", "the agent's config: validate, reload, revisions");
  config->require_subcommand(1);
  auto args = std::make_shared<ConfigArgs>();

  auto* validate = config->add_subcommand(
      "validate", "check a config without applying it (exit 78 when it has errors)");
  validate->add_option("CONFIG", args->config_path,
                       "a bgpsentry.yml on the agent's machine (default: the agent's own, as a "
                       "reload would read it)");
  validate->add_option("--prefixes", args->prefixes_file, "check this prefixes.yml instead");
  validate->callback([&options, &exit_code, args] { exit_code = run_validate(options, *args); });

  config->add_subcommand("reload", "read bgpsentry.yml and the prefixes file again (as SIGHUP)")
      ->callback([&options, &exit_code] { exit_code = run_reload(options); });

  auto* diff = config->add_subcommand(
      "diff", "what revision REV changed; with REV2, the prefixes file from REV to REV2");
  diff->add_option("REV", args->revisions, "revision number(s)")->expected(1, 2)->required();
  diff->callback([&options, &exit_code, args] { exit_code = run_diff(options, *args); });

  auto* revisions =
      config->add_subcommand("revisions", "changes to the monitored set, newest first");
  revisions->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  revisions->callback([&options, &exit_code, args] { exit_code = run_revisions(options, *args); });

  auto* log_level = app.add_subcommand("log-level", "set the agent's log level until restart");
  log_level->add_option("LEVEL", args->level, "trace, debug, info, warn, error, critical, off")
      ->required()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  log_level->callback(
      [&options, &exit_code, args] { exit_code = run_log_level(options, args->level); });
}

}  // namespace bgpctl
