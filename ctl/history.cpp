// bgpctl history PREFIX [--more-specific] [--less-specific] [--from T] [--to T]
//                [--origin ASN] [--peer IP|ASN] [--type a|w] [--limit N] [--page-token T]
//                [--format mrt -O FILE]
// bgpctl history --origin ASN [--from T] [--to T] [--peer IP|ASN] [--limit N]
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "agent/core/prefix.h"

#include "bgpsentry/v1/query.grpc.pb.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

struct HistoryArgs {
  std::string prefix, from, to, types, page_token, format = "table", output;
  bool more_specific = false, less_specific = false;
  std::vector<std::string> origins, peers;
  uint32_t limit = 0;
};

// A --limit'ed answer names the token that continues it (on stderr: stdout is data).
void say_more_follow(const std::string& token) {
  if (!token.empty())
    std::fprintf(stderr, "bgpctl: more updates follow; continue with --page-token %s\n",
                 token.c_str());
}

// The query's updates as MRT, through the daemon's encoder, into `path` ("-": stdout).
int export_mrt(const Options& options, const bgpsentry::v1::ListUpdatesRequest& req,
               const std::string& path) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare_stream(context);
  // Streamed to a temporary file renamed at the end: an export can be larger than memory,
  // and a reader never sees half of one.
  const bool to_stdout = path == "-";
  const std::string temp = path + ".tmp";
  FILE* out = to_stdout ? stdout : std::fopen(temp.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "bgpctl: cannot write %s: %s\n", temp.c_str(), std::strerror(errno));
    return kExitFailure;
  }
  auto reader = stub->ExportMrt(&context, req);
  bgpsentry::v1::MrtChunk chunk;
  std::string next_token;
  bool written = true;
  while (reader->Read(&chunk)) {
    written = written &&
              std::fwrite(chunk.data().data(), 1, chunk.data().size(), out) == chunk.data().size();
    if (!chunk.next_page_token().empty()) next_token = chunk.next_page_token();
  }
  auto st = reader->Finish();
  if (!to_stdout) {
    const bool closed = std::fclose(out) == 0;
    written = written && closed && st.ok() && std::rename(temp.c_str(), path.c_str()) == 0;
    if (!written) std::remove(temp.c_str());
  }
  if (!st.ok()) return client.report(st, "history");
  if (!written) {
    std::fprintf(stderr, "bgpctl: cannot write %s\n", path.c_str());
    return kExitFailure;
  }
  say_more_follow(next_token);
  return kExitOk;
}

int run_history(const Options& options, const HistoryArgs& args) {
  if (args.prefix.empty() && args.origins.size() != 1) {
    std::fprintf(stderr,
                 "bgpctl: history needs a PREFIX, or --origin ASN alone to list what an AS "
                 "announced\n");
    return kExitUsage;
  }
  bgpsentry::v1::ListUpdatesRequest req;
  req.set_prefix(args.prefix);
  req.set_limit(args.limit);
  req.set_page_token(args.page_token);
  if (!args.from.empty() && !time_argument(args.from, req.mutable_from())) return kExitUsage;
  if (!args.to.empty() && !time_argument(args.to, req.mutable_to())) return kExitUsage;
  req.set_more_specific(args.more_specific);
  req.set_less_specific(args.less_specific);
  for (const auto& text : args.origins) {
    auto asn = parse_asn(text);
    if (!asn) {
      std::fprintf(stderr, "bgpctl: --origin '%s' is not an AS number\n", text.c_str());
      return kExitUsage;
    }
    req.add_origins(*asn);
  }
  for (const auto& text : args.peers) {
    if (bgpsentry::IpAddress::parse(text)) {
      req.add_peer_ips(text);
    } else if (auto asn = parse_asn(text)) {
      req.add_peer_asns(*asn);
    } else {
      std::fprintf(stderr, "bgpctl: --peer '%s' is neither an IP address nor an AS number\n",
                   text.c_str());
      return kExitUsage;
    }
  }
  for (char c : args.types) {
    if (c == 'a') {
      req.add_types(bgpsentry::v1::ANNOUNCE);
      req.add_types(bgpsentry::v1::RIB);
    } else if (c == 'w') {
      req.add_types(bgpsentry::v1::WITHDRAW);
    } else {
      std::fprintf(stderr, "bgpctl: --type '%c': use a (announcements) or w (withdrawals)\n", c);
      return kExitUsage;
    }
  }

  if (args.format == "mrt") {
    if (args.output.empty()) {
      std::fprintf(stderr,
                   "bgpctl: --format mrt writes binary records: name a file with -O "
                   "(or -O - for stdout)\n");
      return kExitUsage;
    }
    return export_mrt(options, req, args.output);
  }

  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::QueryService::NewStub(client.channel());
  grpc::ClientContext context;
  client.prepare_stream(context);
  auto reader = stub->ListUpdates(&context, req);
  Table table({"TIME", "TYPE", "PEER", "PEER AS", "PREFIX", "AS PATH", "NEXT HOP"});
  bgpsentry::v1::ListUpdatesResponse resp;
  std::string next_token;
  while (reader->Read(&resp)) {
    for (const auto& u : resp.updates()) {
      if (options.structured()) {
        print_record(u);
        continue;
      }
      table.add({format_time(u.time()), bgpsentry::v1::UpdateType_Name(u.type()), u.peer().ip(),
                 std::to_string(u.peer().asn()), u.prefix(), u.as_path(), u.next_hop()});
    }
    if (!resp.next_page_token().empty()) next_token = resp.next_page_token();
  }
  auto st = reader->Finish();
  if (!st.ok()) return client.report(st, "history");
  if (!options.structured()) table.print();
  say_more_follow(next_token);
  return kExitOk;
}

}  // namespace

void add_history_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  auto* history = app.add_subcommand(
      "history",
      "what every peer saw for a prefix (and its more/less-specifics), in time order; or, "
      "with --origin alone, everything an AS announced");
  history->add_option("prefix", args->prefix,
                      "the prefix, e.g. 208.65.153.0/24 (leave out with a single --origin)");
  history->add_option("--from", args->from,
                      "start time (UTC): 2008-02-24T18:40:00Z or Unix seconds");
  history->add_option("--to", args->to, "end time (UTC), inclusive");
  history->add_flag("--more-specific", args->more_specific, "also the prefix's more-specifics");
  history->add_flag("--less-specific", args->less_specific,
                    "also the prefixes covering it (less-specifics)");
  history->add_option("--origin", args->origins,
                      "only announcements originated by this AS (repeatable; alone, without "
                      "a prefix: every announcement the AS originated)");
  history->add_option("--peer", args->peers, "only updates from this peer, IP or AS (repeatable)");
  history->add_option("--type", args->types, "a (announcements), w (withdrawals), or aw");
  history->add_option("--limit", args->limit, "at most this many updates");
  history
      ->add_option("--format", args->format,
                   "table (or -o json), or mrt: MRT BGP4MP records that bgpdump reads")
      ->check(CLI::IsMember({"table", "mrt"}))
      ->capture_default_str();
  history->add_option("-O,--output", args->output,
                      "with --format mrt: the file to write (- for stdout)");
  history->add_option("--page-token", args->page_token,
                      "continue after the last update of a --limit'ed call");
  history->callback([&options, &exit_code, args] { exit_code = run_history(options, *args); });
}

}  // namespace bgpctl
