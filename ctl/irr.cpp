// bgpctl irr check PREFIX ASN [--file DUMP…]: the IRR route objects covering a prefix and
// whether an AS is their origin, from the daemon's irr.files or, with --file, from dumps
// read here (no agent needed).
#include <cstdio>

#include "agent/irr/irr_database.h"
#include "agent/wire/irr_convert.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

struct IrrArgs {
  std::string prefix, asn;
  std::vector<std::string> files;
};

void print_check(const Options& options, const bgpsentry::v1::IrrCheckResult& r) {
  if (options.structured()) {
    print_record(r);
    return;
  }
  std::printf("%s AS%u: %s (%zu covering objects; %llu loaded %s)\n", r.prefix().c_str(), r.asn(),
              bgpsentry::v1::IrrVerdict_Name(r.verdict()).c_str(),
              static_cast<size_t>(r.covering_size()),
              static_cast<unsigned long long>(r.objects_loaded()), format_time(r.loaded()).c_str());
  if (r.covering_size() == 0) return;
  Table table({"ROUTE", "ORIGIN", "MNT-BY", "SOURCE"});
  for (const auto& o : r.covering())
    table.add({o.prefix(), "AS" + std::to_string(o.origin()), o.mnt_by(), o.source()});
  table.print();
}

int run_check(const Options& options, const IrrArgs& args) {
  auto prefix = bgpsentry::Prefix::parse(args.prefix);
  if (!prefix) {
    std::fprintf(stderr, "bgpctl: '%s' is not a prefix\n", args.prefix.c_str());
    return kExitUsage;
  }
  auto asn = parse_asn(args.asn);
  if (!asn) {
    std::fprintf(stderr, "bgpctl: '%s' is not an AS number\n", args.asn.c_str());
    return kExitUsage;
  }
  if (!args.files.empty()) {
    auto db = bgpsentry::IrrDatabase::load(args.files);
    if (!db) {
      std::fprintf(stderr, "bgpctl: %s\n", db.error().c_str());
      return kExitNoInput;
    }
    const auto& s = db->stats();
    std::fprintf(
        stderr, "bgpctl: %zu route objects from %zu files in %.3f s, %.1f MB; %zu malformed\n",
        s.objects, s.files, s.seconds, static_cast<double>(s.memory_bytes) / 1e6, s.malformed);
    for (const auto& p : s.problems) std::fprintf(stderr, "bgpctl: %s\n", p.c_str());
    print_check(options, bgpsentry::wire::to_proto(*prefix, *asn, db->check(*prefix, *asn), s));
    return kExitOk;
  }
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare(context, 30);
  bgpsentry::v1::CheckIrrRequest req;
  req.set_prefix(prefix->to_string());
  req.set_asn(*asn);
  bgpsentry::v1::IrrCheckResult resp;
  auto st = stub->CheckIrr(&context, req, &resp);
  if (!st.ok()) return client.report(st, "irr check");
  print_check(options, resp);
  return kExitOk;
}

}  // namespace

void add_irr_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* irr = app.add_subcommand("irr", "IRR route objects (irr.files, or dumps named here)");
  irr->require_subcommand(1);
  auto args = std::make_shared<IrrArgs>();
  auto* check = irr->add_subcommand(
      "check",
      "the route objects covering PREFIX and a verdict for ASN: VALID, INVALID_ORIGIN or "
      "NOT_FOUND");
  check->add_option("prefix", args->prefix, "the prefix, e.g. 208.65.153.0/24")->required();
  check->add_option("asn", args->asn, "the origin AS, e.g. 17557 or AS17557")->required();
  check->add_option(
      "-f,--file", args->files,
      "read these RPSL dumps (plain, gzip or bzip2) here instead of asking the agent");
  check->callback([&options, &exit_code, args] { exit_code = run_check(options, *args); });
}

}  // namespace bgpctl
