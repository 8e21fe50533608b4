// bgpctl generate --asn N[,M] [--from T] [--to T] [--exclude P] [--group G] [-O FILE]
// BGPalerter's `generate`, from the daemon's history: the prefixes the ASes announce, as a
// prefixes.yml that BGPalerter and bgpsentry both load.
#include <cstdio>
#include <set>

#include "agent/config/prefixes_writer.h"
#include "agent/core/text_file.h"
#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

struct GenerateArgs {
  std::vector<std::string> asns, excludes;
  std::string from, to, group = "noc", output;
};

std::string as_list(const google::protobuf::RepeatedField<uint32_t>& asns) {
  std::string out;
  for (uint32_t asn : asns) out += (out.empty() ? "AS" : ", AS") + std::to_string(asn);
  return out;
}

std::string describe(const bgpsentry::v1::GeneratedPrefix& p) {
  std::string text = "generated from history: originated by " + as_list(p.origins());
  if (!p.other_origins().empty()) text += "; also originated by " + as_list(p.other_origins());
  return text;
}

int run_generate(const Options& options, const GenerateArgs& args) {
  bgpsentry::v1::GeneratePrefixesRequest req;
  for (const auto& text : args.asns) {
    auto asn = parse_asn(text);
    if (!asn) {
      std::fprintf(stderr, "bgpctl: --asn '%s' is not an AS number\n", text.c_str());
      return kExitUsage;
    }
    req.add_asns(*asn);
  }
  if (!args.from.empty() && !time_argument(args.from, req.mutable_from())) return kExitUsage;
  if (!args.to.empty() && !time_argument(args.to, req.mutable_to())) return kExitUsage;
  std::set<bgpsentry::Prefix> excluded;
  for (const auto& text : args.excludes) {
    auto p = bgpsentry::Prefix::parse(text);
    if (!p) {
      std::fprintf(stderr, "bgpctl: --exclude '%s' is not a prefix\n", text.c_str());
      return kExitUsage;
    }
    excluded.insert(*p);
  }

  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare(context, 300);
  bgpsentry::v1::GeneratePrefixesResponse resp;
  auto st = stub->GeneratePrefixes(&context, req, &resp);
  if (!st.ok()) return client.report(st, "generate");

  bgpsentry::PrefixesConfig config;
  std::string json;
  for (const auto& p : resp.prefixes()) {
    auto prefix = bgpsentry::Prefix::parse(p.prefix());
    if (!prefix || excluded.count(*prefix)) continue;
    json += bgpsentry::wire::to_json(p) + "\n";
    bgpsentry::MonitoredPrefix entry;
    entry.prefix = *prefix;
    entry.description = describe(p);
    entry.asns.assign(p.origins().begin(), p.origins().end());
    entry.groups = {args.group};
    config.prefixes.push_back(std::move(entry));
  }
  if (config.prefixes.empty()) {
    std::fprintf(stderr, "bgpctl: generate: the stored history has no prefix that %s %s\n",
                 as_list(req.asns()).c_str(),
                 req.has_to() ? "still announced at --to" : "announces");
    return kExitFailure;
  }
  for (uint32_t asn : req.asns()) config.asns.push_back({asn, {args.group}, {}, {}});
  // -o yaml is the prefixes file itself.
  const std::string text = options.output == "json" ? json : bgpsentry::write_prefixes_yaml(config);
  if (args.output.empty()) {
    std::fputs(text.c_str(), stdout);
    return kExitOk;
  }
  if (auto st = bgpsentry::write_text_file_atomically(args.output, text); !st) {
    std::fprintf(stderr, "bgpctl: %s\n", st.error().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "bgpctl: %zu prefixes written to %s\n", config.prefixes.size(),
               args.output.c_str());
  return kExitOk;
}

}  // namespace

void add_generate_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  auto* generate = app.add_subcommand(
      "generate",
      "write a BGPalerter prefixes.yml of what ASes announce, from the daemon's history");
  generate->add_option("-a,--asn", args->asns, "AS number(s), e.g. 3333 or 3333,2914")
      ->required()
      ->delimiter(',');
  generate->add_option("--from", args->from, "only announcements since (UTC)");
  generate->add_option("--to", args->to,
                       "the moment that counts as 'announced now' (UTC; default: newest stored)");
  generate->add_option("-e,--exclude", args->excludes, "prefixes to leave out")->delimiter(',');
  generate->add_option("-g,--group", args->group, "group of every entry (BGPalerter's default)")
      ->capture_default_str();
  generate->add_option("-O,--output", args->output, "write here (atomically) instead of stdout");
  generate->callback([&options, &exit_code, args] { exit_code = run_generate(options, *args); });
}

}  // namespace bgpctl
