// bgpctl history PREFIX [--from T] [--to T] [--limit N]
#include <cstdio>

#include "bgpsentry/v1/query.grpc.pb.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

struct HistoryArgs {
  std::string prefix, from, to;
  uint32_t limit = 0;
};

int run_history(const Options& options, const HistoryArgs& args) {
  bgpsentry::v1::ListUpdatesRequest req;
  req.set_prefix(args.prefix);
  req.set_limit(args.limit);
  for (auto [text, field] :
       {std::pair{&args.from, req.mutable_from()}, {&args.to, req.mutable_to()}}) {
    if (text->empty()) continue;
    auto ts = parse_time(*text);
    if (!ts) {
      std::fprintf(stderr,
                   "bgpctl: cannot read time '%s' (use 2008-02-24T18:47:57Z, "
                   "'2008-02-24 18:47', or Unix seconds)\n",
                   text->c_str());
      return kExitUsage;
    }
    *field = *ts;
  }
  if (args.from.empty()) req.clear_from();
  if (args.to.empty()) req.clear_to();

  Client client(options);
  if (auto problem = client.precheck(); !problem.empty()) {
    std::fprintf(stderr, "bgpctl: %s\n", problem.c_str());
    return kExitUnavailable;
  }
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  auto reader = stub->ListUpdates(&context, req);
  Table table({"TIME", "TYPE", "PEER", "PEER AS", "PREFIX", "AS PATH", "NEXT HOP"});
  bgpsentry::v1::ListUpdatesResponse resp;
  std::string next_token;
  while (reader->Read(&resp)) {
    for (const auto& u : resp.updates()) {
      if (options.json()) {
        print_json_line(u);
        continue;
      }
      table.add({format_time(u.time()), bgpsentry::v1::UpdateType_Name(u.type()), u.peer().ip(),
                 std::to_string(u.peer().asn()), u.prefix(), u.as_path(), u.next_hop()});
    }
    if (!resp.next_page_token().empty()) next_token = resp.next_page_token();
  }
  auto st = reader->Finish();
  if (!st.ok()) return client.report(st, "history");
  if (!options.json()) table.print();
  if (!next_token.empty()) std::fprintf(stderr, "bgpctl: more updates follow (limit reached)\n");
  return kExitOk;
}

}  // namespace

void add_history_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  auto* history = app.add_subcommand("history", "what every peer saw for a prefix, in time order");
  history->add_option("prefix", args->prefix, "the prefix, e.g. 208.65.153.0/24")->required();
  history->add_option("--from", args->from,
                      "start time (UTC): 2008-02-24T18:40:00Z or Unix seconds");
  history->add_option("--to", args->to, "end time (UTC), inclusive");
  history->add_option("--limit", args->limit, "at most this many updates");
  history->callback([&options, &exit_code, args] { exit_code = run_history(options, *args); });
}

}  // namespace bgpctl
