// The real bgpsentryd on a temp dir, replaying real data, checked through `bgpctl -o json`.
#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "agent/core/prefix.h"
#include "bgpsentry/v1/admin.pb.h"
#include "bgpsentry/v1/alert.grpc.pb.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "bgpsentry/v1/types.pb.h"
#include "integration/health.grpc.pb.h"
#include "tests/integration/daemon.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;
namespace v1 = bgpsentry::v1;

using test::bgpctl;
using test::bgpsentryd;
using test::Daemon;
using test::kYoutube;
using test::kYoutubePrefixes;
using test::parse_json;

}  // namespace

// With a ROA for YouTube's /22 (it had none in 2008) the hijack is also RPKI-invalid.
TEST(Daemon, RpkiInvalidFromAVrpFile) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  std::ofstream(dir / "vrps.csv") << "ASN,IP Prefix,Max Length\nAS36561,208.65.152.0/22,22\n";
  Daemon daemon(dir, {test::shared_data(kYoutube)}, kYoutubePrefixes, "",
                "rpki:\n  vrpFile: vrps.csv\n  markDataAsStaleAfterMinutes: 0\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  std::map<int, std::vector<std::string>> by_type;
  for (const auto& a : daemon.alerts())
    by_type[a.type()].push_back(a.prefix() + " AS" + std::to_string(a.observed_origin()));
  EXPECT_EQ(by_type[v1::SUBPREFIX_HIJACK], std::vector<std::string>{"208.65.153.0/24 AS17557"});
  EXPECT_EQ(by_type[v1::RPKI_INVALID], std::vector<std::string>{"208.65.153.0/24 AS17557"});
  EXPECT_EQ(by_type.size(), 2u);
}

// The neighbors and leak monitors and the relationship tag, wired into the daemon with
// CAIDA's real file: AS17557 watched with one expected upstream; paths through AS3356.
TEST(Daemon, NeighborAndLeakEventsWithRealRelationships) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)},
                kYoutubePrefixes +
                    "options:\n  monitorASns:\n    '17557':\n      upstreams: [3491]\n"
                    "    '3356': {}\n",
                "",
                "as_relationships_file: " +
                    test::shared_data("as-relationships/20161101.as-rel.txt.bz2") + "\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  auto r = daemon.ctl({"events", "list", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  std::map<int, std::vector<v1::Event>> by_type;
  for (const auto& line : test::split_lines(r.out)) {
    auto e = parse_json<v1::Event>(line);
    by_type[e.type()].push_back(e);
  }
  ASSERT_FALSE(by_type[v1::NEIGHBOR_CHANGE].empty()) << r.out;
  for (const auto& e : by_type[v1::NEIGHBOR_CHANGE]) {
    EXPECT_EQ(e.subject(), "upstream of AS17557");
    EXPECT_NE(e.offending_asn(), 3491u);
    EXPECT_EQ(e.monitored_prefix(), "");
    EXPECT_GE(e.prefixes_size(), 1);
  }
  ASSERT_FALSE(by_type[v1::ROUTE_LEAK].empty()) << r.out;
  bool many_prefixes = false;
  for (const auto& e : by_type[v1::ROUTE_LEAK]) {
    EXPECT_TRUE(e.subject().starts_with("segment ")) << e.subject();
    EXPECT_NE(e.subject().find(" " + std::to_string(e.offending_asn()) + " "), std::string::npos);
    many_prefixes |= e.prefixes_size() > 1;
  }
  EXPECT_TRUE(many_prefixes) << "a leak event gathers the prefixes of its segment";
  ASSERT_EQ(by_type[v1::SUBPREFIX_HIJACK].size(), 1u);
  const auto& hijack = by_type[v1::SUBPREFIX_HIJACK][0];
  bool unrelated = false;
  for (const auto& t : hijack.tags()) unrelated |= t.name() == "offending_unrelated";
  EXPECT_TRUE(unrelated) << "AS17557 has no link to AS36561 in CAIDA's data";
  bool new_origin = false;
  for (const auto& t : hijack.tags()) new_origin |= t.name() == "origin_new_for_prefix";
  EXPECT_TRUE(new_origin) << "the stored history never had AS17557 announce the /24 before";
}

// The same ROA from a real RTR cache (stayrtr on loopback) instead of a file; status shows
// the cache as a source.
TEST(Daemon, RpkiInvalidFromAnRtrCache) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  std::ofstream(dir / "vrps.json")
      << R"({"roas": [{"prefix": "208.65.152.0/22", "maxLength": 22, "asn": "AS36561", "ta": "arin"}]})";
  const int port = test::free_loopback_port();
  test::ChildProcess cache(
      {test::stayrtr_path(), "-bind", "127.0.0.1:" + std::to_string(port), "-cache",
       dir / "vrps.json", "-checktime=false", "-metrics.addr", "127.0.0.1:0"},
      dir / "stayrtr.log");
  for (int i = 0; i < 200 && !test::loopback_port_open(port); ++i)
    std::this_thread::sleep_for(50ms);
  Daemon daemon(dir, {test::shared_data(kYoutube)}, kYoutubePrefixes, "",
                "rpki:\n  rtr: {host: 127.0.0.1, port: " + std::to_string(port) +
                    "}\n  markDataAsStaleAfterMinutes: 0\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  std::vector<std::string> invalid;
  for (const auto& a : daemon.alerts())
    if (a.type() == v1::RPKI_INVALID)
      invalid.push_back(a.prefix() + " AS" + std::to_string(a.observed_origin()));
  EXPECT_EQ(invalid, std::vector<std::string>{"208.65.153.0/24 AS17557"}) << daemon.log();
  const auto status = daemon.status();
  ASSERT_EQ(status.sources_size(), 2);
  EXPECT_EQ(status.sources(1).name(), "rtr");
  EXPECT_EQ(status.sources(1).state(), v1::CONNECTED);
  EXPECT_EQ(status.sources(1).updates(), 1u);
}

// The YouTube archive converted to RIS Live messages (bgpctl mrt dump --ris-live) and
// replayed as a RIS Live recording: the same hijack event, carried by the same peers as
// from the MRT file; every update stored.
TEST(Daemon, RisLiveRecordingOfTheYoutubeHijack) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  const auto converted = test::run_command({bgpctl(), "mrt", "dump", "--ris-live", "--host",
                                            "route-views2", test::shared_data(kYoutube)});
  ASSERT_EQ(converted.exit_code, 0);
  std::ofstream(dir / "youtube.jsonl") << converted.out;
  Daemon daemon(dir, {dir / "youtube.jsonl"}, kYoutubePrefixes, "", "", "ris_live_file");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto status = daemon.status();
  EXPECT_EQ(status.sources(0).type(), "ris_live_file");
  EXPECT_EQ(status.sources(0).parse_errors(), 0u);
  EXPECT_EQ(status.sources(0).records(), test::split_lines(converted.out).size());
  size_t bgpdump_total = 0;
  const auto counts = test::bgpdump_prefix_counts(test::shared_data(kYoutube), &bgpdump_total);
  EXPECT_EQ(status.store().updates_stored(), bgpdump_total);
  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), counts.at("208.65.153.0/24"));

  auto r = daemon.ctl({"events", "list", "--type", "SUBPREFIX_HIJACK", "-o", "json"});
  const auto lines = test::split_lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  const auto event = parse_json<v1::Event>(lines[0]);
  EXPECT_EQ(event.prefixes(0), "208.65.153.0/24");
  EXPECT_EQ(event.offending_asn(), 17557u);
  EXPECT_EQ(event.status(), v1::ONGOING);
  // The peers that carried it, as bgpdump shows them announcing AS17557's /24.
  std::set<std::string> announcing;
  for (const auto& f : test::bgpdump_fields(test::shared_data(kYoutube)))
    if (f.size() > 6 && f[2] == "A" && f[5] == "208.65.153.0/24" && f[6].ends_with(" 17557"))
      announcing.insert(f[3]);
  EXPECT_EQ(event.peers_seen(), announcing.size());
}

// The real RIS Live sample, broken last line included: the line is a counted parse error
// naming file and line, the rest is stored.
TEST(Daemon, RisLiveSampleWithABrokenLine) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data("ris-live/libbgpstream-ris-live-stream.json")},
                kYoutubePrefixes, "", "", "ris_live_file");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto status = daemon.status();
  EXPECT_EQ(status.sources(0).parse_errors(), 1u);
  EXPECT_EQ(status.sources(0).records(), 6u);
  EXPECT_EQ(status.store().updates_stored(), 1u) << "the announcement (peer states are kept apart)";
  EXPECT_NE(
      status.sources(0).last_error().find("libbgpstream-ris-live-stream.json:7: not valid JSON"),
      std::string::npos)
      << status.sources(0).last_error();
  EXPECT_EQ(daemon.history_count("45.161.192.0/23"), 1u);
}

TEST(Daemon, YoutubeReplayRaisesTheSubprefixHijackAndNothingForYoutube) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();

  const auto status = daemon.status();
  EXPECT_EQ(status.sources(0).name(), "mrt");
  EXPECT_EQ(status.sources(0).parse_errors(), 0u);
  size_t bgpdump_total = 0;
  const auto counts = test::bgpdump_prefix_counts(test::shared_data(kYoutube), &bgpdump_total);
  EXPECT_EQ(status.store().updates_stored(), bgpdump_total);
  EXPECT_EQ(status.updates_processed(), bgpdump_total);

  const auto alerts = daemon.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].type(), v1::SUBPREFIX_HIJACK);
  EXPECT_EQ(alerts[0].prefix(), "208.65.153.0/24");
  EXPECT_EQ(alerts[0].monitored_prefix(), "208.65.152.0/22");
  EXPECT_EQ(alerts[0].observed_origin(), 17557u);
  for (const auto& a : alerts) EXPECT_NE(a.observed_origin(), 36561u);

  EXPECT_EQ(alerts[0].notice(), v1::EVENT_STARTED);
  EXPECT_TRUE(alerts[0].as_path().ends_with(" 17557")) << alerts[0].as_path();
  EXPECT_EQ(alerts[0].expected_origins_size(), 1);
  ASSERT_NE(alerts[0].event_id(), 0u);

  // One ONGOING event, seen by the 40-odd peers that carried the hijack.
  auto r = daemon.ctl({"events", "list", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto event_lines = test::split_lines(r.out);
  ASSERT_EQ(event_lines.size(), 1u) << r.out;
  const auto event = parse_json<v1::Event>(event_lines[0]);
  EXPECT_EQ(event.id(), alerts[0].event_id());
  EXPECT_EQ(event.type(), v1::SUBPREFIX_HIJACK);
  EXPECT_EQ(event.status(), v1::ONGOING);
  EXPECT_EQ(event.offending_asn(), 17557u);
  EXPECT_GE(event.peers_seen(), 40u);
  EXPECT_GE(event.confidence(), 7u);
  EXPECT_EQ(event.peers_size(), 0) << "lists leave the peers out";
  EXPECT_NE(event_lines[0].find("\"status\":\"ONGOING\""), std::string::npos) << event_lines[0];
  r = daemon.ctl({"events", "show", std::to_string(event.id()), "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(parse_json<v1::Event>(r.out).peers_size(), static_cast<int>(event.peers_seen()));
  r = daemon.ctl({"events", "show", std::to_string(event.id())});
  EXPECT_NE(r.out.find("more_specific"), std::string::npos) << r.out;
  EXPECT_EQ(daemon.ctl({"events", "list", "--status", "ended", "-o", "json"}).out, "");
  EXPECT_EQ(daemon.ctl({"events", "show", "999"}).exit_code, 1) << "not found, like grep";
  EXPECT_EQ(status.events_ongoing(), 1u);
  EXPECT_GT(status.route_table().routes(), 0u);
  EXPECT_GT(status.route_table().peers_up(), 40u);

  // The file sink holds the same alert, as the same JSON.
  const auto lines = test::split_lines(test::read_file(dir / "var/alerts.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(parse_json<v1::Alert>(lines[0]).id(), alerts[0].id());

  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), counts.at("208.65.153.0/24"));
  EXPECT_EQ(daemon.history_count("208.117.224.0/19"), counts.at("208.117.224.0/19"));
  EXPECT_EQ(daemon.history_count("64.15.112.0/20"), counts.at("64.15.112.0/20"));
  EXPECT_EQ(daemon.history_count("208.65.152.0/22"), 0u);

  struct stat st {};
  ASSERT_EQ(::stat(daemon.socket().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);

  // Orchestrators' health check on the same socket.
  auto channel = grpc::CreateChannel("unix:" + daemon.socket(), grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 10s);
  grpc::health::v1::HealthCheckResponse answer;
  ASSERT_TRUE(health->Check(&context, {}, &answer).ok());
  EXPECT_EQ(answer.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  EXPECT_NE(daemon.log().find("bgpsentryd stopped"), std::string::npos);
}

TEST(Daemon, StoredCountsMatchBgpdumpOnTwoFiles) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string rrc06 = test::shared_data("mrt/libbgpstream/ris.rrc06.updates.1427846400.gz");
  const std::string youtube = test::shared_data(kYoutube);
  test::TempDir dir;
  Daemon daemon(dir, {youtube, rrc06});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  for (const auto& file : {youtube, rrc06}) {
    auto counts = test::bgpdump_prefix_counts(file);
    // The busiest prefixes and, for the RIS file, every IPv6 one.
    std::vector<std::pair<size_t, std::string>> by_count;
    for (const auto& [p, n] : counts) by_count.emplace_back(n, p);
    std::sort(by_count.rbegin(), by_count.rend());
    size_t checked = 0;
    for (const auto& [n, p] : by_count) {
      const bool v6 = p.find(':') != std::string::npos;
      if (checked >= 5 && !v6) continue;
      if (checked >= 40) break;
      EXPECT_EQ(daemon.history_count(p), n) << p << " in " << file;
      ++checked;
    }
  }
  // A time window: bgpdump lines of the /24 from 18:47:57 to 18:48:00 inclusive.
  auto r = daemon.ctl({"history", "208.65.153.0/24", "--from", "2008-02-24T18:47:57Z", "--to",
                       "2008-02-24 18:48:00", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  size_t expected = 0;
  for (const auto& line :
       test::split_lines(test::run_command({test::bgpdump_path(), "-m", youtube}).out))
    if (line.find("|208.65.153.0/24|") != std::string::npos) {
      const long t = std::stol(line.substr(line.find('|') + 1));
      expected += t >= 1203878877 && t <= 1203878880;
    }
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(test::split_lines(r.out).size(), expected);

  // What AS17557 announced, in pages of 100 through bgpctl: bgpdump's lines whose path ends
  // in 17557, across both files.
  size_t announced = 0;
  for (const auto& file : {youtube, rrc06})
    for (const auto& line :
         test::split_lines(test::run_command({test::bgpdump_path(), "-m", file}).out)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string part; std::getline(ss, part, '|');) f.push_back(part);
      announced += f.size() > 6 && f[2] == "A" && (" " + f[6]).ends_with(" 17557");
    }
  ASSERT_GT(announced, 300u);
  std::vector<std::string> got;
  std::string token;
  for (int pages = 0; pages < 100; ++pages) {
    std::vector<std::string> args = {"history", "--origin", "17557", "--limit",
                                     "100",     "-o",       "json"};
    if (!token.empty()) args.insert(args.end(), {"--page-token", token});
    // bgpctl names the next page's token on stderr.
    args.insert(args.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>" + (dir / "stderr"),
                               bgpctl(), "--socket", daemon.socket()});
    auto page = test::run_command(args);
    ASSERT_EQ(page.exit_code, 0);
    for (auto& l : test::split_lines(page.out)) got.push_back(l);
    const std::string err = test::read_file(dir / "stderr");
    const auto at = err.find("--page-token ");
    if (at == std::string::npos) break;
    token = err.substr(at + 13);
    token = token.substr(0, token.find_first_of(" \n"));
  }
  EXPECT_EQ(got.size(), announced);
  // The pages join up to the unpaged answer (the file repeats some updates exactly, so a
  // count of distinct lines would not do).
  EXPECT_EQ(got,
            test::split_lines(daemon.ctl({"history", "--origin", "AS17557", "-o", "json"}).out));
}

// The current view, longest match and generate, through bgpctl, against bgpdump's lines.
TEST(Daemon, RouteLookupAndGenerateFromHistory) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string youtube = test::shared_data(kYoutube);
  test::TempDir dir;
  Daemon daemon(dir, {youtube});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto lines = test::bgpdump_fields(youtube);

  // Each peer's last line per prefix up to `at`; the peers that carry a route from `origin`.
  auto carried = [&](const std::string& prefix, long at, const std::string& origin) {
    std::map<std::string, std::string> last;
    for (const auto& f : lines)
      if (f.size() > 5 && f[5] == prefix && std::stol(f[1]) <= at)
        last[f[3]] = f[2] == "A" ? f[6] : "";
    std::set<std::string> peers;
    for (const auto& [peer, path] : last)
      if (!path.empty() && (" " + path).ends_with(" " + origin)) peers.insert(peer);
    return peers;
  };
  auto r = daemon.ctl({"route", "208.65.153.0/24", "--at", "2008-02-24 18:50", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto view = parse_json<v1::RouteView>(r.out);
  std::set<std::string> hijacked;
  for (const auto& u : view.routes())
    if (u.origins_size() == 1 && u.origins(0) == 17557) hijacked.insert(u.peer().ip());
  EXPECT_EQ(hijacked, carried("208.65.153.0/24", 1203879000, "17557"));
  EXPECT_EQ(view.peers_seeing(), view.routes_size());
  EXPECT_GT(view.peers_up(), 40u);
  EXPECT_NEAR(view.visibility(), double(view.peers_seeing()) / view.peers_up(), 1e-9);
  r = daemon.ctl({"route", "208.65.153.0/24"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("208.65.153.0/24: seen by"), std::string::npos) << r.out;

  r = daemon.ctl({"lookup", "208.65.153.200", "--at", "2008-02-24 18:50", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(parse_json<v1::RouteView>(r.out).prefix(), "208.65.153.0/24");
  EXPECT_EQ(daemon.ctl({"lookup", "10.1.2.3"}).exit_code, 1) << "nothing covers it";
  EXPECT_EQ(daemon.ctl({"lookup", "not-an-address"}).exit_code, 65);
  EXPECT_EQ(daemon.ctl({"route", "208.65.153.0/33"}).exit_code, 65);
  EXPECT_EQ(daemon.ctl({"route", "208.65.153.0/24", "--at", "yesterday"}).exit_code, 64);

  // generate: the prefixes AS17557 still announced at the end of the file (independently:
  // bgpdump lines), as a prefixes.yml that bgpsentryd loads.
  std::set<std::string> expected;
  for (const auto& f : lines)
    if (f.size() > 6 && f[2] == "A" && (" " + f[6]).ends_with(" 17557") &&
        !carried(f[5], 2000000000, "17557").empty())
      expected.insert(f[5]);
  ASSERT_FALSE(expected.empty());
  r = daemon.ctl({"generate", "--asn", "AS17557", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  std::set<std::string> generated;
  for (const auto& line : test::split_lines(r.out)) {
    const auto p = parse_json<v1::GeneratedPrefix>(line);
    generated.insert(p.prefix());
    EXPECT_EQ(p.peers_seeing(), carried(p.prefix(), 2000000000, "17557").size()) << p.prefix();
  }
  EXPECT_EQ(generated, expected);
  r = daemon.ctl({"generate", "-a", "17557", "-g", "noc", "-O", dir / "generated.yml"});
  ASSERT_EQ(r.exit_code, 0);
  const std::string yml = test::read_file(dir / "generated.yml");
  for (const auto& p : expected) EXPECT_NE(yml.find(p + ":\n"), std::string::npos) << yml;
  EXPECT_NE(yml.find("options:\n  monitorASns:\n    '17557':\n      group: noc"), std::string::npos)
      << yml;
  std::ofstream(dir / "check.yml") << "prefixes_file: generated.yml\nsources: []\n";
  auto check = test::run_command({bgpsentryd(), "--config", dir / "check.yml", "--check-config"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // Before the hijack AS17557 announced only its own /24.
  r = daemon.ctl({"generate", "-a", "17557", "--to", "2008-02-24 18:46", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  ASSERT_EQ(test::split_lines(r.out).size(), 1u) << r.out;
  EXPECT_EQ(parse_json<v1::GeneratedPrefix>(r.out).prefix(), "202.133.47.0/24");
  EXPECT_EQ(daemon.ctl({"generate", "-a", "64496"}).exit_code, 1) << "announced nothing";
  EXPECT_EQ(daemon.ctl({"generate", "-a", "0"}).exit_code, 65);
  EXPECT_EQ(daemon.ctl({"generate", "-a", "x"}).exit_code, 64);
}

// history --format mrt: everything stored, exported, and read by bgpdump gives bgpdump's
// own lines of the original files (as a multiset: the export is prefix by prefix).
TEST(Daemon, HistoryExportsAsMrtThatBgpdumpReadsBack) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string youtube = test::shared_data(kYoutube);
  const std::string rrc06 = test::shared_data("mrt/libbgpstream/ris.rrc06.updates.1427846400.gz");
  test::TempDir dir;
  Daemon daemon(dir, {youtube, rrc06});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  for (const char* all : {"0.0.0.0/0", "::/0"})
    ASSERT_EQ(daemon
                  .ctl({"history", all, "--more-specific", "--format", "mrt", "-O",
                        dir / (std::string(all[0] == ':' ? "v6" : "v4") + ".mrt")})
                  .exit_code,
              0);
  std::vector<std::string> exported, original;
  for (const char* f : {"v4.mrt", "v6.mrt"})
    for (auto& line :
         test::split_lines(test::run_command({test::bgpdump_path(), "-m", dir / f}).out))
      exported.push_back(line);
  for (const auto& file : {youtube, rrc06})
    for (auto& line : test::split_lines(test::run_command({test::bgpdump_path(), "-m", file}).out))
      if (line.find("|STATE|") == std::string::npos) original.push_back(line);
  ASSERT_EQ(original.size(), 45489u);
  std::sort(exported.begin(), exported.end());
  std::sort(original.begin(), original.end());
  EXPECT_TRUE(exported == original) << exported.size() << " lines exported";
  // One prefix: its 71 updates.
  auto r = daemon.ctl({"history", "208.65.153.0/24", "--format", "mrt", "-O", dir / "one.mrt"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(test::split_lines(test::run_command({test::bgpdump_path(), "-m", dir / "one.mrt"}).out)
                .size(),
            71u);
  EXPECT_EQ(daemon.ctl({"history", "208.65.153.0/24", "--format", "mrt"}).exit_code, 64)
      << "binary output needs -O";
  EXPECT_EQ(
      daemon.ctl({"history", "208.65.153.0/24", "--format", "mrt", "-O", "/nonexistent/x.mrt"})
          .exit_code,
      1);
}

TEST(Daemon, ArchiveDirectoriesReplayedThroughATimeWindowAndFilter) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // Both archive directories, 100 files; only the 18:39 file overlaps 18:40-18:50, and only
  // the YouTube /22 and its more-specifics pass the filter.
  test::TempDir dir;
  Daemon daemon(
      dir,
      {test::shared_data("mrt/routeviews-2008"), test::shared_data("mrt/incident-youtube-2008")},
      kYoutubePrefixes,
      "    from: 2008-02-24T18:40:00Z\n    to: \"2008-02-24 18:50\"\n"
      "    filter:\n      prefixes: [208.65.152.0/22]\n      more_specific: true\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  size_t expected = 0;
  for (const auto& line : test::split_lines(
           test::run_command({test::bgpdump_path(), "-m", test::shared_data(kYoutube)}).out)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string part; std::getline(ss, part, '|');) f.push_back(part);
    if (f.size() < 6 || f[2] == "STATE") continue;
    const long t = std::stol(f[1]);
    expected += Prefix::parse("208.65.152.0/22")->contains(*Prefix::parse(f[5])) &&
                t >= 1203878400 && t <= 1203879000;
  }
  ASSERT_GT(expected, 0u);
  const auto status = daemon.status();
  ASSERT_EQ(status.sources_size(), 1);
  EXPECT_EQ(status.sources(0).updates(), expected);
  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), expected);
  const auto alerts = daemon.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].prefix(), "208.65.153.0/24");
}

TEST(Daemon, DamagedMrtIsCountedAndTheRestIsStored) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  // The YouTube file decompressed, with garbage spliced in a third of the way through.
  auto dump = test::run_command({"/bin/sh", "-c", "bzcat '" + test::shared_data(kYoutube) + "'"});
  ASSERT_EQ(dump.exit_code, 0);
  std::string data = dump.out;
  size_t at = 0, boundary = 0;
  while (at + 12 <= data.size()) {
    if (at > data.size() / 3 && boundary == 0) boundary = at;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data() + at + 8);
    at += 12 + (size_t{p[0]} << 24 | size_t{p[1]} << 16 | size_t{p[2]} << 8 | p[3]);
  }
  data.insert(boundary, std::string(3000, '\x42'));
  data.append("\x47\x0e\x8e\xdd\x00\x10", 6);  // a truncated record header at the end
  std::ofstream(dir / "damaged.mrt", std::ios::binary) << data;

  Daemon daemon(dir, {dir / "damaged.mrt"});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto status = daemon.status();
  EXPECT_EQ(status.sources(0).parse_errors(), 2u);
  EXPECT_NE(status.sources(0).last_error().find("offset"), std::string::npos);
  EXPECT_NE(daemon.log().find("offset " + std::to_string(boundary)), std::string::npos)
      << daemon.log();
  size_t total = 0;
  test::bgpdump_prefix_counts(test::shared_data(kYoutube), &total);
  EXPECT_EQ(status.store().updates_stored(), total) << "every record before and after is kept";
  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), 71u);
}

TEST(Daemon, Kill9DuringReplayLosesNothingAndResumes) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string before = test::shared_data("mrt/routeviews-2008/20080224-before-1839");
  const std::vector<std::string> paths = {before + "/updates.*.bz2", test::shared_data(kYoutube)};
  size_t expected_total = 0;
  for (const char* t : {"1707", "1722", "1737", "1752", "1807", "1824"}) {
    size_t n = 0;
    test::bgpdump_prefix_counts(before + "/updates.20080224." + t + ".bz2", &n);
    expected_total += n;
  }
  size_t youtube_total = 0;
  test::bgpdump_prefix_counts(test::shared_data(kYoutube), &youtube_total);
  expected_total += youtube_total;

  test::TempDir dir;
  {
    Daemon daemon(dir, paths);
    daemon.start();
    // Kill it mid-replay, once some but not all updates are stored.
    for (int i = 0; i < 2000; ++i) {
      if (daemon.status().store().updates_stored() > 50000) break;
      std::this_thread::sleep_for(5ms);
    }
    const auto stored = daemon.status().store().updates_stored();
    ASSERT_GT(stored, 0u);
    ASSERT_LT(stored, expected_total) << "replay finished before the kill; test proves nothing";
    daemon.kill9();
  }
  Daemon daemon(dir, paths);
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished(300s)) << daemon.log();
  const auto status = daemon.status();
  // Resumed from the cursors saved with each batch: inside the file the kill interrupted, or,
  // when it fell between two files, past the files already done.
  const std::string log = daemon.log();
  EXPECT_TRUE(log.find("resuming") != std::string::npos ||
              log.find("already replayed, skipping") != std::string::npos)
      << log;
  // Nothing lost, nothing stored twice.
  EXPECT_EQ(status.store().updates_stored(), expected_total);
  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), 71u);
  const auto alerts = daemon.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].observed_origin(), 17557u);
}

TEST(Daemon, WatchAlertsReplaysFromIdThenStaysLive) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::execl(bgpctl().c_str(), "bgpctl", "--socket", daemon.socket().c_str(), "alerts", "watch",
            "--from-id", "0", "-o", "json", nullptr);
    ::_exit(127);
  }
  ::close(fds[1]);
  pollfd pfd{fds[0], POLLIN, 0};
  std::string got;
  while (got.find('\n') == std::string::npos && ::poll(&pfd, 1, 10000) > 0) {
    char buf[4096];
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  ::close(fds[0]);
  const auto lines = test::split_lines(got);
  ASSERT_EQ(lines.size(), 1u) << got;
  const auto alert = parse_json<v1::Alert>(lines[0]);
  EXPECT_EQ(alert.id(), 1u);
  EXPECT_EQ(alert.prefix(), "208.65.153.0/24");
}

// Each thread's name and nice value, from /proc.
std::vector<std::pair<std::string, int>> thread_priorities(pid_t pid) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    const std::string stat = test::read_file(task.path() / "stat");
    const size_t open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));  // from field 3, the state
    std::string field;
    for (int i = 3; i <= 19 && rest >> field; ++i) {
    }
    out.emplace_back(stat.substr(open + 1, close - open - 1), std::stoi(field));  // field 19
  }
  return out;
}

// The API's threads (gRPC's, the stream pumps) run api.nice nicer than the daemon; the
// pipeline's at the daemon's own priority, so a burst of queries or streams cannot take its CPU.
TEST(Daemon, ApiThreadsRunNicerThanThePipeline) {
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)}, kYoutubePrefixes, "", "", "mrt", "  nice: 7\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  std::map<std::string, std::set<int>> nice_by_name;
  for (const auto& [name, nice] : thread_priorities(daemon.pid())) nice_by_name[name].insert(nice);
  errno = 0;
  const int own = ::getpriority(PRIO_PROCESS, 0);  // the daemon starts with the test's
  ASSERT_EQ(errno, 0);
  for (const char* api : {"nexting_thread", "default-executo", "grpc_global_tim"})
    EXPECT_EQ(nice_by_name[api], std::set<int>{std::min(19, own + 7)}) << api;
  EXPECT_EQ(nice_by_name["rocksdb:high"], std::set<int>{own}) << "the store's flushes";
  EXPECT_TRUE(nice_by_name["bgpsentryd"].count(own)) << "the main thread";
  // The pipeline's threads carry their stage's name (top -H, perf) and the daemon's nice.
  for (const char* stage : {"bgps-encode", "bgps-writer", "bgps-detect"})
    EXPECT_EQ(nice_by_name[stage], std::set<int>{own}) << stage;
  EXPECT_EQ(daemon.ctl({"status"}).exit_code, 0) << "the API answers";
}

// `status --every`: one object per line, again and again, over one connection (a script
// waiting for a replay does not start a process per look).
TEST(Bgpctl, StatusEveryPrintsOneObjectPerLineUntilInterrupted) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto got = test::run_command({"/bin/sh", "-c",
                                      "timeout 20 '" + bgpctl() + "' --socket " + daemon.socket() +
                                          " -o json status --every 0.05 | head -n 3"});
  const auto lines = test::split_lines(got.out);
  ASSERT_EQ(lines.size(), 3u) << got.out;
  for (const auto& line : lines) {
    const auto status = parse_json<v1::GetStatusResponse>(line);
    EXPECT_EQ(status.sources(0).state(), v1::FINISHED) << line;
    EXPECT_GT(status.store().updates_stored(), 0u) << line;
  }
  auto too_often = test::run_command(
      {"/bin/sh", "-c",
       "'" + bgpctl() + "' --socket " + daemon.socket() + " status --every 0.001 2>&1"});
  EXPECT_NE(too_often.exit_code, 0);
  EXPECT_NE(too_often.out.find("--every"), std::string::npos) << too_often.out;
}

TEST(Daemon, ConfigErrorsExit78WithFileLineAndField) {
  test::TempDir dir;
  std::ofstream(dir / "prefixes.yml") << "208.65.152.0/22:\n  asn: YouTube\n";
  // The data files are checked by the modules that read them (rpki/, asrel/), named with
  // the field and their own line.
  std::ofstream(dir / "bgpsentry.yml")
      << "prefixes_file: prefixes.yml\nsources:\n  - type: mrtt\n"
      << "rpki: {vrpFile: vrps.csv}\nas_relationships_file: as-rel.txt\n";
  std::ofstream(dir / "vrps.csv")
      << "ASN,IP Prefix,Max Length,Trust Anchor\nAS13335,1.1.1.0/24,x,apnic\n";
  std::ofstream(dir / "as-rel.txt") << "# header\n1|2|sideways\n";
  for (bool check : {true, false}) {
    std::vector<std::string> args = {bgpsentryd(), "--config", dir / "bgpsentry.yml"};
    if (check) args.push_back("--check-config");
    auto r = test::run_command({"/bin/sh", "-c",
                                "'" + args[0] + "' --config '" + args[2] + "' " +
                                    (check ? "--check-config" : "") + " 2>&1"});
    EXPECT_EQ(r.exit_code, 78) << r.out;
    EXPECT_NE(r.out.find("bgpsentry.yml:3:11: sources[0].type: unknown source type 'mrtt'"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("prefixes.yml:2:8: 208.65.152.0/22.asn: 'YouTube' is not an AS number"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("bgpsentry.yml:4:17: rpki.vrpFile: " + (dir / "vrps.csv")),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("bgpsentry.yml:5:24: as_relationships_file: " + (dir / "as-rel.txt") +
                         ":2: a relationship that is not -1, 0 or 1"),
              std::string::npos)
        << r.out;
  }
  std::ofstream(dir / "prefixes.yml", std::ios::trunc) << "208.65.152.0/22:\n  asn: 36561\n";
  std::ofstream(dir / "bgpsentry.yml", std::ios::trunc) << "prefixes_file: prefixes.yml\n";
  auto ok = test::run_command({bgpsentryd(), "--config", dir / "bgpsentry.yml", "--check-config"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_NE(ok.out.find("OK (1 prefixes"), std::string::npos) << ok.out;
}

TEST(Daemon, HostileRpcArgumentsAreRefusedWithAReason) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  auto channel = grpc::CreateChannel("unix:" + daemon.socket(), grpc::InsecureChannelCredentials());
  auto alerts = v1::AlertService::NewStub(channel);
  auto query = v1::QueryService::NewStub(channel);
  auto list_alerts = [&](const v1::ListAlertsRequest& req) {
    grpc::ClientContext context;
    v1::ListAlertsResponse resp;
    return alerts->ListAlerts(&context, req, &resp);
  };
  auto list_updates = [&](const v1::ListUpdatesRequest& req) {
    grpc::ClientContext context;
    auto reader = query->ListUpdates(&context, req);
    v1::ListUpdatesResponse resp;
    while (reader->Read(&resp)) {
    }
    return reader->Finish();
  };

  v1::ListAlertsRequest huge_page;
  huge_page.set_page_size(4000000000u);
  auto st = list_alerts(huge_page);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("page_size"), std::string::npos) << st.error_message();
  v1::ListAlertsRequest bad_type;
  bad_type.set_type(static_cast<v1::AlertType>(999));
  EXPECT_EQ(list_alerts(bad_type).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListAlertsRequest bad_token;
  bad_token.set_page_token("12abc");
  EXPECT_EQ(list_alerts(bad_token).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto list_events = [&](const v1::ListEventsRequest& req) {
    grpc::ClientContext context;
    v1::ListEventsResponse resp;
    return alerts->ListEvents(&context, req, &resp);
  };
  v1::WatchAlertsRequest huge_batch, huge_wait, wait_without_batch;
  huge_batch.set_max_batch(4000000000u);
  huge_wait.set_max_batch(100);
  huge_wait.set_batch_wait_ms(4000000000u);
  wait_without_batch.set_batch_wait_ms(100);
  for (const auto& [req, field] : {std::pair{&huge_batch, "max_batch"},
                                   {&huge_wait, "batch_wait_ms"},
                                   {&wait_without_batch, "batch_wait_ms needs max_batch"}}) {
    grpc::ClientContext context;
    auto reader = alerts->WatchAlerts(&context, *req);
    v1::WatchAlertsResponse resp;
    EXPECT_FALSE(reader->Read(&resp));
    st = reader->Finish();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_NE(st.error_message().find(field), std::string::npos) << st.error_message();
  }

  v1::ListEventsRequest bad_status;
  bad_status.set_status(static_cast<v1::EventStatus>(42));
  EXPECT_EQ(list_events(bad_status).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListEventsRequest bad_prefix;
  bad_prefix.set_prefix(std::string(100000, 'x'));
  st = list_events(bad_prefix);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(st.error_message().size(), 200u) << "the message does not echo the argument back";
  v1::ListEventsRequest bad_confidence;
  bad_confidence.set_min_confidence(11);
  EXPECT_EQ(list_events(bad_confidence).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListEventsRequest huge_events;
  huge_events.set_page_size(4000000000u);
  EXPECT_EQ(list_events(huge_events).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  {
    grpc::ClientContext context;
    v1::GetEventRequest req;
    req.set_id(UINT64_MAX);
    v1::GetEventResponse resp;
    EXPECT_EQ(alerts->GetEvent(&context, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
  }

  v1::ListUpdatesRequest long_prefix;
  long_prefix.set_prefix(std::string(100000, '1'));
  EXPECT_EQ(list_updates(long_prefix).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListUpdatesRequest ten_mb;
  ten_mb.set_prefix(std::string(10 << 20, 'x'));
  EXPECT_NE(list_updates(ten_mb).error_code(), grpc::StatusCode::OK);
  v1::ListUpdatesRequest reversed;
  reversed.set_prefix("208.65.153.0/24");
  reversed.mutable_from()->set_seconds(1203878900);
  reversed.mutable_to()->set_seconds(1203878800);
  st = list_updates(reversed);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("later than"), std::string::npos);
  v1::ListUpdatesRequest bad_page;
  bad_page.set_prefix("208.65.153.0/24");
  bad_page.set_page_token("not-a-token");
  EXPECT_EQ(list_updates(bad_page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListUpdatesRequest many_origins;
  many_origins.set_prefix("208.65.153.0/24");
  for (uint32_t i = 0; i < 100000; ++i) many_origins.add_origins(i);
  EXPECT_EQ(list_updates(many_origins).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListUpdatesRequest bad_peer;
  bad_peer.set_prefix("208.65.153.0/24");
  bad_peer.add_peer_ips("300.1.2.3");
  EXPECT_EQ(list_updates(bad_peer).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListUpdatesRequest bad_kind;
  bad_kind.set_prefix("208.65.153.0/24");
  bad_kind.add_types(static_cast<v1::UpdateType>(77));
  EXPECT_EQ(list_updates(bad_kind).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A page token of an unrelated prefix is refused for a subtree query too.
  v1::ListUpdatesRequest subtree;
  subtree.set_prefix("208.0.0.0/8");
  subtree.set_more_specific(true);
  subtree.set_limit(5);
  {
    grpc::ClientContext context;
    auto reader = query->ListUpdates(&context, subtree);
    v1::ListUpdatesResponse resp;
    std::string token;
    while (reader->Read(&resp))
      if (!resp.next_page_token().empty()) token = resp.next_page_token();
    ASSERT_TRUE(reader->Finish().ok());
    ASSERT_FALSE(token.empty());
    v1::ListUpdatesRequest other = subtree;
    other.set_prefix("10.0.0.0/8");
    other.set_page_token(token);
    EXPECT_EQ(list_updates(other).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  // bgpctl: the filters reach the daemon (the /24's announcements from its hijacker).
  auto r = daemon.ctl({"history", "208.0.0.0/8", "--more-specific", "--origin", "AS17557", "--type",
                       "a", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(test::split_lines(r.out).size(), 71u) << r.out.substr(0, 500);
  EXPECT_EQ(daemon.ctl({"history", "208.0.0.0/8", "--peer", "not-a-peer"}).exit_code, 64);
  // Without a prefix: exactly one origin, no more/less-specific.
  v1::ListUpdatesRequest no_prefix;
  EXPECT_EQ(list_updates(no_prefix).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  no_prefix.add_origins(17557);
  no_prefix.add_origins(36561);
  EXPECT_EQ(list_updates(no_prefix).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  no_prefix.clear_origins();
  no_prefix.add_origins(17557);
  no_prefix.set_more_specific(true);
  EXPECT_EQ(list_updates(no_prefix).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  no_prefix.set_more_specific(false);
  no_prefix.set_page_token(std::string(64, 'f'));
  EXPECT_EQ(list_updates(no_prefix).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(daemon.ctl({"history", "--origin", "1", "--origin", "2"}).exit_code, 64);
  {
    grpc::ClientContext c1, c2, c3, c4;
    v1::RouteView view;
    v1::GetRouteRequest route;
    route.set_prefix(std::string(100000, '9'));
    EXPECT_EQ(query->GetRoute(&c1, route, &view).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    v1::LookupAddressRequest lookup;
    lookup.set_address("208.65.153.1");
    lookup.mutable_at()->set_seconds(-5);
    EXPECT_EQ(query->LookupAddress(&c2, lookup, &view).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    v1::GeneratePrefixesRequest generate;
    for (uint32_t i = 1; i < 100000; ++i) generate.add_asns(i);
    v1::GeneratePrefixesResponse generated;
    EXPECT_EQ(query->GeneratePrefixes(&c3, generate, &generated).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    generate.clear_asns();
    generate.add_asns(17557);
    generate.mutable_from()->set_seconds(1203879000);
    generate.mutable_to()->set_seconds(1203878000);
    EXPECT_EQ(query->GeneratePrefixes(&c4, generate, &generated).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }

  // The daemon is unharmed and still answers with what it stored.
  EXPECT_EQ(daemon.history_count("208.65.153.0/24"), 71u);
  EXPECT_EQ(daemon.alerts().size(), 1u);
}

TEST(Bgpctl, ClearErrorsAndExitCodes) {
  test::TempDir dir;
  auto down = test::run_command(
      {"/bin/sh", "-c", "'" + bgpctl() + "' --socket " + dir.path() + "/none.sock status 2>&1"});
  EXPECT_EQ(down.exit_code, 69);
  EXPECT_NE(down.out.find("is bgpsentryd running?"), std::string::npos) << down.out;

  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  auto bad = test::run_command(
      {"/bin/sh", "-c",
       "'" + bgpctl() + "' --socket " + daemon.socket() + " history 300.1.2.0/24 2>&1"});
  EXPECT_EQ(bad.exit_code, 65);
  EXPECT_NE(bad.out.find("'300.1.2.0/24' is not a valid IPv4 or IPv6 prefix"), std::string::npos)
      << bad.out;
  auto bad_time = test::run_command({"/bin/sh", "-c",
                                     "'" + bgpctl() + "' --socket " + daemon.socket() +
                                         " history 10.0.0.0/8 --from yesterday 2>&1"});
  EXPECT_EQ(bad_time.exit_code, 64);
  EXPECT_NE(bad_time.out.find("cannot read time 'yesterday'"), std::string::npos) << bad_time.out;
}

}  // namespace bgpsentry
