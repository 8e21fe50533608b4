// bgpctl events list | show | ack | silence | silences | unsilence
#include <cstdint>
#include <cstdio>

#include "bgpsentry/v1/alert.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

using bgpsentry::v1::Event;

std::string tags_text(const Event& e) {
  std::string out;
  for (const auto& t : e.tags()) {
    if (!out.empty()) out += ",";
    out += t.name() + (t.score() > 0 ? "+" : "") + std::to_string(t.score());
  }
  return out.empty() ? "-" : out;
}

std::string percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f%%", share * 100);
  return text;
}

// A leak or a new neighbour may concern thousands of prefixes: a list row names the first
// few and counts the rest (events show lists them all).
std::string prefixes_text(const Event& e, int at_most = INT32_MAX) {
  std::string out;
  for (int i = 0; i < e.prefixes_size() && i < at_most; ++i)
    out += (out.empty() ? "" : ",") + e.prefixes(i);
  if (e.prefixes_size() > at_most) out += " +" + std::to_string(e.prefixes_size() - at_most);
  return out;
}

// The offender, with what tells its events apart ("AS702 (upstream of AS17557)").
std::string offending_text(const Event& e) {
  std::string out = e.offending_asn() ? "AS" + std::to_string(e.offending_asn()) : "-";
  return e.subject().empty() ? out : out + " (" + e.subject() + ")";
}

std::vector<std::string> event_row(const Event& e, int prefixes_at_most = 3) {
  return {std::to_string(e.id()),
          bgpsentry::v1::AlertType_Name(e.type()),
          bgpsentry::v1::EventStatus_Name(e.status()),
          prefixes_text(e, prefixes_at_most),
          offending_text(e),
          join_asns(e.expected_asns()),
          format_time(e.start_time()),
          e.has_end_time() ? format_time(e.end_time()) : "-",
          std::to_string(e.peers_seen()),
          percent(e.max_visibility()),
          std::to_string(e.confidence()),
          tags_text(e),
          e.has_ack() ? e.ack().who() : "-"};
}

struct ListArgs {
  std::string type, status, prefix;
  uint32_t min_confidence = 0;
  uint32_t limit = 0;
};

int run_list(const Options& options, const ListArgs& args) {
  bgpsentry::v1::ListEventsRequest req;
  bgpsentry::v1::AlertType type;
  if (!alert_type_argument(args.type, type)) return kExitUsage;
  req.set_type(type);
  if (!args.status.empty()) {
    std::string upper;
    for (char c : args.status) upper += static_cast<char>(std::toupper(c));
    bgpsentry::v1::EventStatus status;
    if (!bgpsentry::v1::EventStatus_Parse(upper, &status) ||
        status == bgpsentry::v1::EVENT_STATUS_UNSPECIFIED) {
      std::fprintf(stderr, "bgpctl: unknown event status '%s' (ONGOING or ENDED)\n",
                   args.status.c_str());
      return kExitUsage;
    }
    req.set_status(status);
  }
  req.set_prefix(args.prefix);
  req.set_min_confidence(args.min_confidence);
  req.set_page_size(1000);
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::AlertService::NewStub(client.channel());
  Table table({"ID", "TYPE", "STATUS", "PREFIXES", "OFFENDING", "EXPECTED", "START", "END", "PEERS",
               "MAX VIS", "CONF", "TAGS", "ACK"});
  uint32_t printed = 0;
  while (true) {
    grpc::ClientContext context;
    client.prepare(context);
    bgpsentry::v1::ListEventsResponse resp;
    if (auto st = stub->ListEvents(&context, req, &resp); !st.ok())
      return client.report(st, "events list");
    for (const auto& e : resp.events()) {
      if (args.limit && printed == args.limit) break;
      ++printed;
      if (options.structured())
        print_record(e);
      else
        table.add(event_row(e));
    }
    if (resp.next_page_token().empty() || (args.limit && printed == args.limit)) break;
    req.set_page_token(resp.next_page_token());
  }
  if (!options.structured()) table.print();
  return kExitOk;
}

int run_show(const Options& options, uint64_t id) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::AlertService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::GetEventRequest req;
  req.set_id(id);
  bgpsentry::v1::GetEventResponse resp;
  if (auto st = stub->GetEvent(&context, req, &resp); !st.ok())
    return client.report(st, "events show");
  const Event& e = resp.event();
  if (options.structured()) {
    print_record(e);
    return kExitOk;
  }
  const auto row = event_row(e, INT32_MAX);
  std::printf("event %s: %s, %s\n", row[0].c_str(), row[1].c_str(), row[2].c_str());
  std::printf("  %s\n", e.description().c_str());
  if (e.monitored_prefix().empty())
    std::printf("  prefixes:       %s (%d)\n", row[3].c_str(), e.prefixes_size());
  else
    std::printf("  prefixes:       %s (monitored %s)\n", row[3].c_str(),
                e.monitored_prefix().c_str());
  std::printf("  offending AS:   %s%s%s\n", row[4].c_str(), row[5].empty() ? "" : ", expected ",
              row[5].c_str());
  std::printf("  start / end:    %s / %s, last seen %s\n", row[6].c_str(), row[7].c_str(),
              format_time(e.last_seen()).c_str());
  std::printf("  peers:          %u seen, %u carrying it now, %d peer ASes; max visibility %s\n",
              e.peers_seen(), e.peers_carrying(), e.peer_asns_size(), row[9].c_str());
  std::printf("  AS path:        %s\n", e.as_path().c_str());
  if (e.has_ack())
    std::printf("  acknowledged:   by %s at %s%s%s\n", e.ack().who().c_str(),
                format_time(e.ack().time()).c_str(), e.ack().comment().empty() ? "" : ": ",
                e.ack().comment().c_str());
  std::printf("  confidence:     %u/10\n", e.confidence());
  for (const auto& t : e.tags()) std::printf("    %+d %s\n", t.score(), t.name().c_str());
  Table peers({"PEER", "PEER AS"});
  for (const auto& p : e.peers()) peers.add({p.ip(), "AS" + std::to_string(p.asn())});
  std::printf("\n");
  peers.print();
  return kExitOk;
}

int run_ack(const Options& options, uint64_t id, const std::string& comment) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::AcknowledgeEventRequest req;
  req.set_id(id);
  req.set_comment(comment);
  bgpsentry::v1::AcknowledgeEventResponse resp;
  if (auto st = bgpsentry::v1::AlertService::NewStub(client.channel())
                    ->AcknowledgeEvent(&context, req, &resp);
      !st.ok())
    return client.report(st, "events ack");
  if (options.structured())
    print_record(resp.event());
  else
    std::printf("event %llu acknowledged by %s\n", static_cast<unsigned long long>(id),
                resp.event().ack().who().c_str());
  return kExitOk;
}

std::vector<std::string> silence_row(const bgpsentry::v1::Silence& s) {
  return {std::to_string(s.id()),
          s.type() ? bgpsentry::v1::AlertType_Name(s.type()) : "*",
          s.prefix().empty() ? "*" : s.prefix(),
          s.offending_asn() ? "AS" + std::to_string(s.offending_asn()) : "*",
          s.event_id() ? std::to_string(s.event_id()) : "*",
          format_time(s.until()),
          s.who(),
          s.comment()};
}
const std::vector<std::string> kSilenceHeader = {"ID",    "TYPE",  "PREFIX", "OFFENDING",
                                                 "EVENT", "UNTIL", "BY",     "COMMENT"};

struct SilenceArgs {
  std::string type, prefix, asn, duration, comment;
  uint64_t event_id = 0;
};

int run_silence(const Options& options, const SilenceArgs& args) {
  bgpsentry::v1::CreateSilenceRequest req;
  bgpsentry::v1::AlertType type;
  if (!alert_type_argument(args.type, type)) return kExitUsage;
  req.set_type(type);
  req.set_prefix(args.prefix);
  if (!args.asn.empty()) {
    auto asn = parse_asn(args.asn);
    if (!asn) {
      std::fprintf(stderr, "bgpctl: --asn: '%s' is not an AS number\n", args.asn.c_str());
      return kExitUsage;
    }
    req.set_offending_asn(*asn);
  }
  req.set_event_id(args.event_id);
  const auto seconds = duration_argument(args.duration);
  if (!seconds) return kExitUsage;
  if (*seconds > UINT32_MAX) {
    std::fprintf(stderr, "bgpctl: --for: at most 90 days\n");
    return kExitUsage;
  }
  req.set_duration_seconds(static_cast<uint32_t>(*seconds));
  req.set_comment(args.comment);
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::CreateSilenceResponse resp;
  if (auto st = bgpsentry::v1::AlertService::NewStub(client.channel())
                    ->CreateSilence(&context, req, &resp);
      !st.ok())
    return client.report(st, "events silence");
  if (options.structured()) {
    print_record(resp.silence());
  } else {
    Table table(kSilenceHeader);
    table.add(silence_row(resp.silence()));
    table.print();
  }
  return kExitOk;
}

int run_silences(const Options& options) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::ListSilencesResponse resp;
  if (auto st =
          bgpsentry::v1::AlertService::NewStub(client.channel())->ListSilences(&context, {}, &resp);
      !st.ok())
    return client.report(st, "events silences");
  Table table(kSilenceHeader);
  for (const auto& s : resp.silences()) {
    if (options.structured())
      print_record(s);
    else
      table.add(silence_row(s));
  }
  if (!options.structured()) table.print();
  return kExitOk;
}

int run_unsilence(const Options& options, uint64_t id) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  grpc::ClientContext context;
  client.prepare(context);
  bgpsentry::v1::DeleteSilenceRequest req;
  req.set_id(id);
  bgpsentry::v1::DeleteSilenceResponse resp;
  if (auto st = bgpsentry::v1::AlertService::NewStub(client.channel())
                    ->DeleteSilence(&context, req, &resp);
      !st.ok())
    return client.report(st, "events unsilence");
  if (!options.structured())
    std::printf("silence %llu deleted\n", static_cast<unsigned long long>(id));
  return kExitOk;
}

}  // namespace

void add_event_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* events = app.add_subcommand(
      "events",
      "events: alerts about one thing (type, prefix, offending AS) with a lifecycle; "
      "acknowledgements and silences");
  events->require_subcommand(1);

  auto args = std::make_shared<ListArgs>();
  auto* list = events->add_subcommand("list", "stored events, newest first");
  list->add_option("--type", args->type, "only this type (e.g. SUBPREFIX_HIJACK)");
  list->add_option("--status", args->status, "only ONGOING or ENDED events");
  list->add_option("--prefix", args->prefix, "only events about this prefix or more specifics");
  list->add_option("--min-confidence", args->min_confidence, "only this confidence (0-10) or more")
      ->check(CLI::Range(0, 10));
  list->add_option("--limit", args->limit, "at most this many");
  list->callback([&options, &exit_code, args] { exit_code = run_list(options, *args); });

  auto id = std::make_shared<uint64_t>(0);
  auto* show = events->add_subcommand("show", "one event with its evidence and peers");
  show->add_option("ID", *id, "event id")->required();
  show->callback([&options, &exit_code, id] { exit_code = run_show(options, *id); });

  auto ack_id = std::make_shared<uint64_t>(0);
  auto comment = std::make_shared<std::string>();
  auto* ack = events->add_subcommand(
      "ack", "record that someone is handling an event (who, when, why); mutes nothing");
  ack->add_option("ID", *ack_id, "event id")->required();
  ack->add_option("-c,--comment", *comment, "why, or a ticket (at most 1024 bytes)");
  ack->callback(
      [&options, &exit_code, ack_id, comment] { exit_code = run_ack(options, *ack_id, *comment); });

  auto silence_args = std::make_shared<SilenceArgs>();
  auto* silence = events->add_subcommand(
      "silence",
      "keep matching alerts from the sinks (file, syslog, webhook, mail) for a while; they are "
      "still stored and streamed. Give at least one of --event, --type, --prefix, --asn");
  silence->add_option("--event", silence_args->event_id, "alerts of this event");
  silence->add_option("--type", silence_args->type, "alerts of this type");
  silence->add_option("--prefix", silence_args->prefix,
                      "alerts about this prefix or more specifics");
  silence->add_option("--asn", silence_args->asn,
                      "alerts whose offending (observed) origin is this AS");
  silence->add_option("--for", silence_args->duration, "how long: 90s, 30m, 2h, 7d (at most 90d)")
      ->required();
  silence->add_option("-c,--comment", silence_args->comment, "why (at most 1024 bytes)");
  silence->callback(
      [&options, &exit_code, silence_args] { exit_code = run_silence(options, *silence_args); });

  events->add_subcommand("silences", "the silences in force")->callback([&options, &exit_code] {
    exit_code = run_silences(options);
  });

  auto unsilence_id = std::make_shared<uint64_t>(0);
  auto* unsilence = events->add_subcommand("unsilence", "end a silence now");
  unsilence->add_option("ID", *unsilence_id, "silence id")->required();
  unsilence->callback(
      [&options, &exit_code, unsilence_id] { exit_code = run_unsilence(options, *unsilence_id); });
}

}  // namespace bgpctl
