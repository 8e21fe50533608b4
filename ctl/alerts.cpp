// bgpctl alerts list | watch
#include <cstdio>

#include "bgpsentry/v1/alert.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

using bgpsentry::v1::Alert;

std::vector<std::string> alert_row(const Alert& a) {
  const std::string event = a.event_id() ? std::to_string(a.event_id()) + " " +
                                               bgpsentry::v1::EventNotice_Name(a.notice()).substr(6)
                                         : "-";
  // A FEED alert is about a source, not a route.
  if (a.type() == bgpsentry::v1::FEED)
    return {std::to_string(a.id()),
            "FEED",
            a.source().empty() ? "-" : "source " + a.source(),
            "-",
            "-",
            format_time(a.first_seen()),
            "-",
            "",
            event};
  return {std::to_string(a.id()),
          bgpsentry::v1::AlertType_Name(a.type()),
          a.prefix(),
          "AS" + std::to_string(a.observed_origin()),
          join_asns(a.expected_origins()),
          format_time(a.first_seen()),
          a.peer().ip() + " AS" + std::to_string(a.peer().asn()),
          a.as_path(),
          event};
}
const std::vector<std::string> kAlertHeader = {
    "ID", "TYPE", "PREFIX", "ORIGIN", "EXPECTED", "FIRST SEEN", "PEER", "AS PATH", "EVENT"};

struct ListArgs {
  uint64_t after_id = 0;
  uint32_t limit = 0;
  std::string type;
};

int run_list(const Options& options, const ListArgs& args) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  bgpsentry::v1::ListAlertsRequest req;
  bgpsentry::v1::AlertType type;
  if (!alert_type_argument(args.type, type)) return kExitUsage;
  req.set_type(type);
  req.set_after_id(args.after_id);
  req.set_page_size(1000);
  auto stub = bgpsentry::v1::AlertService::NewStub(client.channel());
  Table table(kAlertHeader);
  uint32_t printed = 0;
  while (true) {
    grpc::ClientContext context;
    client.prepare(context);
    bgpsentry::v1::ListAlertsResponse resp;
    if (auto st = stub->ListAlerts(&context, req, &resp); !st.ok())
      return client.report(st, "alerts list");
    for (const auto& a : resp.alerts()) {
      if (args.limit && printed == args.limit) break;
      ++printed;
      if (options.json())
        print_json_line(a);
      else
        table.add(alert_row(a));
    }
    if (resp.next_page_token().empty() || (args.limit && printed == args.limit)) break;
    req.set_page_token(resp.next_page_token());
  }
  if (!options.json()) table.print();
  return kExitOk;
}

int run_watch(const Options& options, const std::optional<uint64_t>& from_id,
              const std::string& type_text) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  bgpsentry::v1::WatchAlertsRequest req;
  bgpsentry::v1::AlertType type;
  if (!alert_type_argument(type_text, type)) return kExitUsage;
  req.set_type(type);
  if (from_id) req.set_from_id(*from_id);
  auto stub = bgpsentry::v1::AlertService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare_stream(context);
  auto reader = stub->WatchAlerts(&context, req);
  bgpsentry::v1::WatchAlertsResponse resp;
  while (reader->Read(&resp)) {
    const Alert& a = resp.alert();
    if (options.json())
      print_json_line(a);
    else if (a.type() == bgpsentry::v1::FEED)
      std::printf("%s #%llu FEED source %s: %s\n", format_time(a.first_seen()).c_str(),
                  static_cast<unsigned long long>(a.id()), a.source().c_str(),
                  a.description().c_str());
    else
      std::printf("%s #%llu %s %s origin AS%u (expected %s) via %s: %s\n",
                  format_time(a.first_seen()).c_str(), static_cast<unsigned long long>(a.id()),
                  bgpsentry::v1::AlertType_Name(a.type()).c_str(), a.prefix().c_str(),
                  a.observed_origin(), join_asns(a.expected_origins()).c_str(), a.as_path().c_str(),
                  a.description().c_str());
    std::fflush(stdout);
  }
  auto st = reader->Finish();
  return st.ok() ? kExitOk : client.report(st, "alerts watch");
}

}  // namespace

void add_alert_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* alerts = app.add_subcommand("alerts", "list stored alerts or watch new ones");
  alerts->require_subcommand(1);

  auto list_args = std::make_shared<ListArgs>();
  auto* list = alerts->add_subcommand("list", "stored alerts, oldest first");
  list->add_option("--after-id", list_args->after_id, "only alerts with a larger id");
  list->add_option("--limit", list_args->limit, "at most this many");
  list->add_option("--type", list_args->type, "only this type (e.g. SUBPREFIX_HIJACK)");
  list->callback([&options, &exit_code, list_args] { exit_code = run_list(options, *list_args); });

  auto from_id = std::make_shared<std::optional<uint64_t>>();
  auto type = std::make_shared<std::string>();
  auto* watch = alerts->add_subcommand("watch", "stream alerts as they are raised (Ctrl-C ends)");
  watch->add_option_function<uint64_t>(
      "--from-id", [from_id](const uint64_t& id) { *from_id = id; },
      "first replay stored alerts after this id, then continue live (no gap, no duplicate)");
  watch->add_option("--type", *type, "only this type");
  watch->callback(
      [&options, &exit_code, from_id, type] { exit_code = run_watch(options, *from_id, *type); });
}

}  // namespace bgpctl
