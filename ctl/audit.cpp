// bgpctl audit: the agent's record of mutating API calls (who, what, when, outcome).
#include <cstdio>

#include "bgpsentry/v1/admin.grpc.pb.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

int run_audit(const Options& options, uint32_t limit) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::AdminService::NewStub(client.channel());
  bgpsentry::v1::ListAuditRequest req;
  req.set_page_size(limit && limit < 1000 ? limit : 1000);
  Table table({"ID", "TIME", "WHO", "ACTION", "OUTCOME"});
  uint32_t printed = 0;
  while (true) {
    grpc::ClientContext context;
    client.prepare(context);
    bgpsentry::v1::ListAuditResponse resp;
    if (auto st = stub->ListAudit(&context, req, &resp); !st.ok())
      return client.report(st, "audit");
    for (const auto& r : resp.records()) {
      if (limit && printed == limit) break;
      ++printed;
      if (options.structured())
        print_record(r);
      else
        table.add(
            {std::to_string(r.id()), format_time(r.time()), r.who(), r.action(), r.outcome()});
    }
    if (resp.next_page_token().empty() || (limit && printed == limit)) break;
    req.set_page_token(resp.next_page_token());
  }
  if (!options.structured()) table.print();
  return kExitOk;
}

}  // namespace

void add_audit_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto limit = std::make_shared<uint32_t>(50);
  auto* audit = app.add_subcommand(
      "audit",
      "the record of changes made through the API: who, what, when, outcome (newest first)");
  audit->add_option("--limit", *limit, "at most this many (0: all)")->capture_default_str();
  audit->callback([&options, &exit_code, limit] { exit_code = run_audit(options, *limit); });
}

}  // namespace bgpctl
