// bgpctl alerts list | watch | test
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
      if (options.structured())
        print_record(a);
      else
        table.add(alert_row(a));
    }
    if (resp.next_page_token().empty() || (args.limit && printed == args.limit)) break;
    req.set_page_token(resp.next_page_token());
  }
  if (!options.structured()) table.print();
  return kExitOk;
}

struct WatchArgs {
  std::optional<uint64_t> from_id;
  std::string type, prefix, group;
  uint32_t min_confidence = 0;
};

void print_watched(const Options& options, const Alert& a) {
  if (options.structured())
    print_record(a);
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
}

int run_watch(const Options& options, const WatchArgs& args) {
  bgpsentry::v1::WatchAlertsRequest req;
  bgpsentry::v1::AlertType type;
  if (!alert_type_argument(args.type, type)) return kExitUsage;
  req.set_type(type);
  if (args.from_id) req.set_from_id(*args.from_id);
  req.set_prefix(args.prefix);
  req.set_min_confidence(args.min_confidence);
  req.set_group(args.group);
  // Many alerts per message when it falls behind (a flood, or catching up from --from-id).
  req.set_max_batch(1000);
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::AlertService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare_stream(context);
  auto reader = stub->WatchAlerts(&context, req);
  bgpsentry::v1::WatchAlertsResponse resp;
  while (reader->Read(&resp)) {
    for (const Alert& a : resp.alerts()) print_watched(options, a);
    if (resp.has_alert()) print_watched(options, resp.alert());
    std::fflush(stdout);
  }
  auto st = reader->Finish();
  return st.ok() ? kExitOk : client.report(st, "alerts watch");
}

int run_test(const Options& options, const std::string& sink) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::SendTestAlertRequest req;
  req.set_sink(sink);
  bgpsentry::v1::SendTestAlertResponse resp;
  if (auto st = bgpsentry::v1::AlertService::NewStub(client.channel())
                    ->SendTestAlert(&context, req, &resp);
      !st.ok())
    return client.report(st, "alerts test");
  bool all_ok = true;
  Table table({"SINK", "RESULT"});
  for (const auto& r : resp.results()) {
    all_ok = all_ok && r.ok();
    if (options.structured())
      print_record(r);
    else
      table.add({r.sink(), r.ok() ? "delivered" : "FAILED: " + r.error()});
  }
  if (!options.structured()) {
    if (resp.results().empty())
      std::printf("no sinks are configured\n");
    else
      table.print();
  }
  return all_ok ? kExitOk : kExitFailure;
}

int run_redeliver(const Options& options, const std::string& sink, uint64_t from_id) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::RedeliverAlertsRequest req;
  req.set_sink(sink);
  req.set_from_id(from_id);
  bgpsentry::v1::RedeliverAlertsResponse resp;
  if (auto st = bgpsentry::v1::AlertService::NewStub(client.channel())
                    ->RedeliverAlerts(&context, req, &resp);
      !st.ok())
    return client.report(st, "alerts redeliver");
  if (options.structured())
    print_record(resp);
  else
    std::printf("sink %s: alerts %llu..%llu will be sent again (it had delivered to %llu)\n",
                sink.c_str(), static_cast<unsigned long long>(from_id),
                static_cast<unsigned long long>(resp.last_id()),
                static_cast<unsigned long long>(resp.previous_delivered_id()));
  return kExitOk;
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

  auto watch_args = std::make_shared<WatchArgs>();
  auto* watch = alerts->add_subcommand("watch", "stream alerts as they are raised (Ctrl-C ends)");
  watch->add_option_function<uint64_t>(
      "--from-id", [watch_args](const uint64_t& id) { watch_args->from_id = id; },
      "first replay stored alerts after this id, then continue live (no gap, no duplicate)");
  watch->add_option("--type", watch_args->type, "only this type");
  watch->add_option("--prefix", watch_args->prefix,
                    "only alerts about this prefix or more specifics (FEED alerts have none)");
  watch
      ->add_option("--min-confidence", watch_args->min_confidence,
                   "only alerts of events scored this (0-10) or more")
      ->check(CLI::Range(0, 10));
  watch->add_option("--group", watch_args->group,
                    "only alerts about monitored prefixes or ASNs of this group (prefixes.yml)");
  watch->callback(
      [&options, &exit_code, watch_args] { exit_code = run_watch(options, *watch_args); });

  auto test_sink = std::make_shared<std::string>();
  auto* test = alerts->add_subcommand("test",
                                      "send a test alert through every configured sink (or one) "
                                      "now and show each sink's answer (exit 1 if one failed)");
  test->add_option("--sink", *test_sink, "only this sink");
  test->callback([&options, &exit_code, test_sink] { exit_code = run_test(options, *test_sink); });

  struct RedeliverArgs {
    std::string sink;
    uint64_t from_id = 0;
  };
  auto redeliver_args = std::make_shared<RedeliverArgs>();
  auto* redeliver = alerts->add_subcommand(
      "redeliver",
      "send the stored alerts from an id on through one sink again (e.g. those "
      "it gave up on); its filters still apply");
  redeliver->add_option("--sink", redeliver_args->sink, "the sink")->required();
  redeliver->add_option("--from-id", redeliver_args->from_id, "the first alert to send again")
      ->required()
      ->check(CLI::PositiveNumber);
  redeliver->callback([&options, &exit_code, redeliver_args] {
    exit_code = run_redeliver(options, redeliver_args->sink, redeliver_args->from_id);
  });
}

}  // namespace bgpctl
