// bgpctl route PREFIX [--at T]   the routes every peer carried to PREFIX (now or at T)
// bgpctl lookup IP [--at T]      the same for the most specific prefix covering IP
#include <cstdio>

#include "bgpsentry/v1/query.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

struct RouteArgs {
  std::string target, at;
};

void print_view(const Options& options, const bgpsentry::v1::RouteView& view) {
  if (options.structured()) {
    print_record(view);
    return;
  }
  std::printf("%s%s%s: seen by %u of %u peers up (%.1f%%)\n", view.prefix().c_str(),
              view.has_at() ? " at " : "", view.has_at() ? format_time(view.at()).c_str() : "",
              view.peers_seeing(), view.peers_up(), 100.0 * view.visibility());
  Table table({"PEER", "PEER AS", "AS PATH", "ORIGIN", "NEXT HOP", "SINCE"});
  for (const auto& u : view.routes())
    table.add({u.peer().ip(), std::to_string(u.peer().asn()), u.as_path(), join_asns(u.origins()),
               u.next_hop(), format_time(u.time())});
  table.print();
}

template <typename Request, typename Call>
int run_view(const Options& options, const RouteArgs& args, Request& req, Call call,
             const char* what) {
  if (!args.at.empty() && !time_argument(args.at, req.mutable_at())) return kExitUsage;
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare(context, 120);
  bgpsentry::v1::RouteView view;
  auto st = call(*stub, &context, req, &view);
  if (!st.ok()) return client.report(st, what);
  print_view(options, view);
  return kExitOk;
}

}  // namespace

void add_route_commands(CLI::App& app, const Options& options, int& exit_code) {
  using Stub = bgpsentry::v1::QueryService::Stub;
  auto route_args = std::make_shared<RouteArgs>();
  auto* route = app.add_subcommand(
      "route", "which peers carry which path to a prefix, now or at a past moment (--at)");
  route->add_option("prefix", route_args->target, "the prefix, e.g. 208.65.153.0/24")->required();
  route->add_option("--at", route_args->at, "the moment (UTC), e.g. '2008-02-24 18:50'");
  route->callback([&options, &exit_code, route_args] {
    bgpsentry::v1::GetRouteRequest req;
    req.set_prefix(route_args->target);
    exit_code = run_view(
        options, *route_args, req,
        [](Stub& stub, grpc::ClientContext* c, const auto& r, auto* v) {
          return stub.GetRoute(c, r, v);
        },
        "route");
  });

  auto lookup_args = std::make_shared<RouteArgs>();
  auto* lookup = app.add_subcommand(
      "lookup", "the routes to the most specific prefix covering an address (longest match)");
  lookup->add_option("address", lookup_args->target, "an IPv4 or IPv6 address")->required();
  lookup->add_option("--at", lookup_args->at, "the moment (UTC), e.g. '2008-02-24 18:50'");
  lookup->callback([&options, &exit_code, lookup_args] {
    bgpsentry::v1::LookupAddressRequest req;
    req.set_address(lookup_args->target);
    exit_code = run_view(
        options, *lookup_args, req,
        [](Stub& stub, grpc::ClientContext* c, const auto& r, auto* v) {
          return stub.LookupAddress(c, r, v);
        },
        "lookup");
  });
}

}  // namespace bgpctl
