// bgpctl prefix list|show|add|update|remove|import|export and asn list|add|remove: the
// monitored prefixes and ASNs (ConfigService). Every change is written to the agent's
// prefixes file and recorded as a config revision.
#include <cstdio>
#include <memory>

#include "agent/core/text_file.h"
#include "bgpsentry/v1/config.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

namespace v1 = bgpsentry::v1;

struct PrefixArgs {
  std::string prefix, description, group_filter;
  std::vector<std::string> asns, groups;
  bool ignore_more_specifics = false, no_ignore_more_specifics = false, squat = false;
  std::string file, output;
  bool replace = false;
};

struct AsnArgs {
  std::string asn;
  std::vector<std::string> groups, upstreams, downstreams;
  bool set_upstreams = false, set_downstreams = false;
};

std::unique_ptr<v1::ConfigService::Stub> stub_for(const Client& client) {
  return v1::ConfigService::NewStub(client.channel());
}

// "3356,1299" or repeated options: every item an ASN. False (after printing why) if not.
bool asn_list(const std::vector<std::string>& items,
              google::protobuf::RepeatedField<uint32_t>* out) {
  for (const auto& item : items) {
    size_t start = 0;
    while (start <= item.size()) {
      const size_t comma = std::min(item.find(',', start), item.size());
      const std::string one = item.substr(start, comma - start);
      const auto asn = parse_asn(one);
      if (!asn) {
        std::fprintf(stderr, "bgpctl: '%s' is not an AS number\n", one.c_str());
        return false;
      }
      out->Add(*asn);
      start = comma + 1;
    }
  }
  return true;
}

std::string flags_text(const v1::MonitoredPrefix& p) {
  std::string out;
  auto add = [&](const std::string& f) { out += (out.empty() ? "" : ",") + f; };
  if (p.ignore_more_specifics()) add("ignore-more-specifics");
  if (p.ignore()) add("ignore");
  if (p.squat()) add("squat");
  if (p.path_rules_size()) add(std::to_string(p.path_rules_size()) + " path rules");
  if (p.include_monitors_size()) add("include-monitors");
  if (p.exclude_monitors_size()) add("exclude-monitors");
  return out.empty() ? "-" : out;
}

std::string join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out.empty() ? "-" : out;
}

// What a change prints: the response for scripts, one line for people.
int report_change(const Options& options, const google::protobuf::Message& response,
                  const std::string& done, uint64_t revision) {
  if (options.structured())
    print_record(response);
  else
    std::printf("%s (config revision %llu)\n", done.c_str(),
                static_cast<unsigned long long>(revision));
  return kExitOk;
}

int run_list(const Options& options, const PrefixArgs& args) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::ListPrefixesRequest req;
  req.set_prefix(args.prefix);
  req.set_group(args.group_filter);
  v1::ListPrefixesResponse resp;
  if (auto st = stub_for(client)->ListPrefixes(&context, req, &resp); !st.ok())
    return client.report(st, "prefix list");
  if (options.structured()) {
    for (const auto& p : resp.prefixes()) print_record(p);
    return kExitOk;
  }
  Table table({"PREFIX", "ORIGINS", "GROUPS", "FLAGS", "DESCRIPTION"});
  for (const auto& p : resp.prefixes())
    table.add({p.prefix(), p.squat() ? "none (squat)" : join_asns(p.asns()), join(p.groups()),
               flags_text(p), p.description()});
  table.print();
  return kExitOk;
}

int run_show(const Options& options, const std::string& prefix) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::GetPrefixRequest req;
  req.set_prefix(prefix);
  v1::GetPrefixResponse resp;
  if (auto st = stub_for(client)->GetPrefix(&context, req, &resp); !st.ok())
    return client.report(st, "prefix show");
  const auto& p = resp.prefix();
  if (options.structured()) {
    print_record(p);
    return kExitOk;
  }
  std::printf("%s  %s\n", p.prefix().c_str(), p.description().c_str());
  std::printf("  origins:  %s\n", p.squat() ? "none (squat)" : join_asns(p.asns()).c_str());
  std::printf("  groups:   %s\n  flags:    %s\n", join(p.groups()).c_str(), flags_text(p).c_str());
  for (const auto& r : p.path_rules())
    std::printf("  path rule: match %s, notMatch %s, length %s..%s: %s\n",
                r.has_match() ? r.match().c_str() : "-",
                r.has_not_match() ? r.not_match().c_str() : "-",
                r.has_min_length() ? std::to_string(r.min_length()).c_str() : "",
                r.has_max_length() ? std::to_string(r.max_length()).c_str() : "",
                r.match_description().c_str());
  if (p.include_monitors_size())
    std::printf("  includeMonitors: %s\n", join(p.include_monitors()).c_str());
  if (p.exclude_monitors_size())
    std::printf("  excludeMonitors: %s\n", join(p.exclude_monitors()).c_str());
  return kExitOk;
}

// add: a new entry from the options. update: the entry as stored, with the options given
// applied over it (path rules and monitor lists kept).
int run_add_or_update(const Options& options, const PrefixArgs& args, bool update,
                      const CLI::App& command) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = stub_for(client);
  v1::MonitoredPrefix p;
  if (update) {
    grpc::ClientContext context;
    client.prepare(context);
    v1::GetPrefixRequest req;
    req.set_prefix(args.prefix);
    v1::GetPrefixResponse resp;
    if (auto st = stub->GetPrefix(&context, req, &resp); !st.ok())
      return client.report(st, "prefix update");
    p = resp.prefix();
  } else {
    p.set_prefix(args.prefix);
  }
  if (command.count("--asn")) {
    p.clear_asns();
    if (!asn_list(args.asns, p.mutable_asns())) return kExitUsage;
    p.set_squat(false);  // origins given: announcing it is allowed to them
  }
  if (command.count("--description")) p.set_description(args.description);
  if (command.count("--group")) *p.mutable_groups() = {args.groups.begin(), args.groups.end()};
  if (args.ignore_more_specifics) p.set_ignore_more_specifics(true);
  if (args.no_ignore_more_specifics) p.set_ignore_more_specifics(false);
  if (args.squat) {
    p.set_squat(true);
    p.clear_asns();
  }
  grpc::ClientContext context;
  client.prepare(context);
  if (update) {
    v1::UpdatePrefixRequest req;
    *req.mutable_prefix() = p;
    v1::UpdatePrefixResponse resp;
    if (auto st = stub->UpdatePrefix(&context, req, &resp); !st.ok())
      return client.report(st, "prefix update");
    return report_change(options, resp,
                         resp.changed() ? "prefix " + p.prefix() + " updated"
                                        : "prefix " + p.prefix() + " unchanged",
                         resp.revision());
  }
  v1::AddPrefixRequest req;
  *req.mutable_prefix() = p;
  v1::AddPrefixResponse resp;
  if (auto st = stub->AddPrefix(&context, req, &resp); !st.ok())
    return client.report(st, "prefix add");
  return report_change(options, resp, "prefix " + p.prefix() + " added", resp.revision());
}

int run_remove(const Options& options, const std::string& prefix) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::RemovePrefixRequest req;
  req.set_prefix(prefix);
  v1::RemovePrefixResponse resp;
  if (auto st = stub_for(client)->RemovePrefix(&context, req, &resp); !st.ok())
    return client.report(st, "prefix remove");
  return report_change(options, resp, "prefix " + prefix + " removed", resp.revision());
}

int run_import(const Options& options, const PrefixArgs& args) {
  auto text = bgpsentry::read_text_file(args.file);
  if (!text) {
    std::fprintf(stderr, "bgpctl: cannot read %s: %s\n", args.file.c_str(), text.error().c_str());
    return kExitNoInput;
  }
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context, 120);
  v1::ImportPrefixesRequest req;
  req.set_yaml(std::move(*text));
  req.set_replace(args.replace);
  v1::ImportPrefixesResponse resp;
  if (auto st = stub_for(client)->ImportPrefixes(&context, req, &resp); !st.ok())
    return client.report(st, "prefix import " + args.file);
  for (const auto& w : resp.warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  return report_change(options, resp,
                       std::to_string(resp.prefixes_added()) + " prefixes added, " +
                           std::to_string(resp.prefixes_replaced()) + " replaced, " +
                           std::to_string(resp.asns_added()) + " ASNs added, " +
                           std::to_string(resp.asns_replaced()) + " replaced" +
                           (resp.changed() ? "" : "; nothing changed"),
                       resp.revision());
}

int run_export(const Options& options, const std::string& output) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::ExportPrefixesResponse resp;
  if (auto st = stub_for(client)->ExportPrefixes(&context, {}, &resp); !st.ok())
    return client.report(st, "prefix export");
  if (output.empty()) {
    std::fputs(resp.yaml().c_str(), stdout);
    return kExitOk;
  }
  if (auto st = bgpsentry::write_text_file_atomically(output, resp.yaml()); !st) {
    std::fprintf(stderr, "bgpctl: %s\n", st.error().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "bgpctl: config revision %llu written to %s\n",
               static_cast<unsigned long long>(resp.revision()), output.c_str());
  return kExitOk;
}

int run_asn_list(const Options& options) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::ListAsnsResponse resp;
  if (auto st = stub_for(client)->ListAsns(&context, {}, &resp); !st.ok())
    return client.report(st, "asn list");
  if (options.structured()) {
    for (const auto& a : resp.asns()) print_record(a);
    return kExitOk;
  }
  Table table({"ASN", "GROUPS", "UPSTREAMS", "DOWNSTREAMS"});
  auto neighbours = [](bool set, const v1::AsnList& list) {
    if (!set) return std::string("-");
    return list.asns_size() ? join_asns(list.asns()) : std::string("(none expected)");
  };
  for (const auto& a : resp.asns())
    table.add({"AS" + std::to_string(a.asn()), join(a.groups()),
               neighbours(a.has_upstreams(), a.upstreams()),
               neighbours(a.has_downstreams(), a.downstreams())});
  table.print();
  return kExitOk;
}

int run_asn_add(const Options& options, const AsnArgs& args) {
  const auto asn = parse_asn(args.asn);
  if (!asn) {
    std::fprintf(stderr, "bgpctl: '%s' is not an AS number\n", args.asn.c_str());
    return kExitUsage;
  }
  v1::AddAsnRequest req;
  auto* a = req.mutable_asn();
  a->set_asn(*asn);
  *a->mutable_groups() = {args.groups.begin(), args.groups.end()};
  if (args.set_upstreams && !asn_list(args.upstreams, a->mutable_upstreams()->mutable_asns()))
    return kExitUsage;
  if (args.set_downstreams && !asn_list(args.downstreams, a->mutable_downstreams()->mutable_asns()))
    return kExitUsage;
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::AddAsnResponse resp;
  if (auto st = stub_for(client)->AddAsn(&context, req, &resp); !st.ok())
    return client.report(st, "asn add");
  return report_change(options, resp, "AS" + std::to_string(*asn) + " added", resp.revision());
}

int run_asn_remove(const Options& options, const std::string& text) {
  const auto asn = parse_asn(text);
  if (!asn) {
    std::fprintf(stderr, "bgpctl: '%s' is not an AS number\n", text.c_str());
    return kExitUsage;
  }
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  v1::RemoveAsnRequest req;
  req.set_asn(*asn);
  v1::RemoveAsnResponse resp;
  if (auto st = stub_for(client)->RemoveAsn(&context, req, &resp); !st.ok())
    return client.report(st, "asn remove");
  return report_change(options, resp, "AS" + std::to_string(*asn) + " removed", resp.revision());
}

void add_entry_options(CLI::App* cmd, PrefixArgs& args, bool update) {
  cmd->add_option("PREFIX", args.prefix, "the prefix, e.g. 192.0.2.0/24")->required();
  cmd->add_option("--asn", args.asns, "expected origin AS(es): N[,M]…");
  cmd->add_option("--description", args.description, "what it is (alerts quote it)");
  cmd->add_flag("--ignore-more-specifics", args.ignore_more_specifics,
                "more-specifics are not alerted (BGPalerter's ignoreMorespecifics)");
  if (update)
    cmd->add_flag("--no-ignore-more-specifics", args.no_ignore_more_specifics,
                  "alert on more-specifics again");
  cmd->add_option("--group", args.groups, "alert group(s) (default: default)");
  cmd->add_flag("--squat", args.squat,
                "nobody may announce it (no --asn): any announcement is a SQUAT event");
}

}  // namespace

void add_prefix_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* prefix = app.add_subcommand(
      "prefix", "the monitored prefixes (changes are written to the prefixes file)");
  prefix->require_subcommand(1);
  auto args = std::make_shared<PrefixArgs>();

  auto* list = prefix->add_subcommand("list", "the monitored prefixes");
  list->add_option("--prefix", args->prefix, "only this prefix and its more-specifics");
  list->add_option("--group", args->group_filter, "only prefixes of this group");
  list->callback([&options, &exit_code, args] { exit_code = run_list(options, *args); });

  auto* show = prefix->add_subcommand("show", "one monitored prefix, all its settings");
  show->add_option("PREFIX", args->prefix, "the prefix")->required();
  show->callback([&options, &exit_code, args] { exit_code = run_show(options, args->prefix); });

  auto* add = prefix->add_subcommand("add", "monitor a prefix");
  add_entry_options(add, *args, false);
  add->callback([&options, &exit_code, args, add] {
    exit_code = run_add_or_update(options, *args, false, *add);
  });

  auto* update = prefix->add_subcommand(
      "update", "change a monitored prefix: the options given replace those settings");
  add_entry_options(update, *args, true);
  update->callback([&options, &exit_code, args, update] {
    exit_code = run_add_or_update(options, *args, true, *update);
  });

  auto* remove = prefix->add_subcommand("remove", "stop monitoring a prefix");
  remove->add_option("PREFIX", args->prefix, "the prefix")->required();
  remove->callback([&options, &exit_code, args] { exit_code = run_remove(options, args->prefix); });

  auto* import = prefix->add_subcommand(
      "import", "merge a BGPalerter prefixes.yml in (its entries replace ours of the same key)");
  import->add_option("FILE", args->file, "a BGPalerter prefixes.yml")->required();
  import->add_flag("--replace", args->replace, "it becomes the whole set instead");
  import->callback([&options, &exit_code, args] { exit_code = run_import(options, *args);
});

auto* export_ = prefix->add_subcommand(
    "export", "the monitored set as a prefixes.yml BGPalerter and bgpsentry both load");
export_->add_option("-O,--output-file", args->output, "write here (default: stdout)");
export_->callback([&options, &exit_code, args] { exit_code = run_export(options, args->output); });

auto* asn = app.add_subcommand("asn", "the monitored ASNs (options.monitorASns)");
asn->require_subcommand(1);
auto asn_args = std::make_shared<AsnArgs>();
asn->add_subcommand("list", "the monitored ASNs")->callback([&options, &exit_code] {
  exit_code = run_asn_list(options);
});
auto* asn_add = asn->add_subcommand("add", "monitor what an AS originates");
asn_add->add_option("ASN", asn_args->asn, "e.g. 3356 or AS3356")->required();
asn_add->add_option("--group", asn_args->groups, "alert group(s) (default: default)");
asn_add->add_option("--upstreams", asn_args->upstreams,
                    "expected upstream neighbours N[,M]… (others are NEIGHBOR_CHANGE)");
asn_add->add_option("--downstreams", asn_args->downstreams,
                    "expected downstream neighbours N[,M]…");
asn_add->callback([&options, &exit_code, asn_args, asn_add] {
  asn_args->set_upstreams = asn_add->count("--upstreams") > 0;
  asn_args->set_downstreams = asn_add->count("--downstreams") > 0;
  exit_code = run_asn_add(options, *asn_args);
});
auto* asn_remove = asn->add_subcommand("remove", "stop monitoring an AS");
asn_remove->add_option("ASN", asn_args->asn, "e.g. 3356 or AS3356")->required();
asn_remove->callback([&options, &exit_code, asn_args] {
  exit_code = run_asn_remove(options, asn_args->asn);
});
}  // namespace bgpctl

}  // namespace bgpctl
