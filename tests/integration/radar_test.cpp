// Cloudflare Radar as a source, through the daemon, against a real HTTPS server on
// 127.0.0.1 speaking Radar's API (tests/support/radar_server.py), with events in the form of
// the fixtures written from its documented schema (tests/data/radar: no real answer is
// public). The first poll records what is there (backfill: false); new events over three
// pages are reported oldest first; Radar's report of the real 2008 YouTube hijack joins
// bgpsentry's own event (one event, two sources); a SIGKILL between polls repeats and loses
// nothing; 429 with Retry-After, a refused token and a broken answer are survived and shown.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/integration/daemon.h"

namespace bgpsentry::test {
namespace {

// One hijack event as Radar writes it (the shape of tests/data/radar/hijacks_events.json).
std::string hijack(uint64_t id, uint32_t hijacker, uint32_t victim, const std::string& prefix,
                   bool ongoing, const std::string& day = "2026-11-20") {
  return R"({"duration": 0, "event_type": 0, "hijack_msgs_count": 12, "hijacker_asn": )" +
         std::to_string(hijacker) + R"(, "hijacker_country": "XX", "id": )" + std::to_string(id) +
         R"(, "is_stale": false, "max_hijack_ts": ")" + day + R"(T10:10:00.000", "max_msg_ts": ")" +
         day + R"(T10:10:00.000", "min_hijack_ts": ")" + day +
         R"(T10:00:00.000", "on_going_count": )" + (ongoing ? "1" : "0") +
         R"(, "peer_asns": [3549, 7018], "peer_ip_count": 45, "prefixes": [")" + prefix +
         R"("], "tags": [{"name": "irr_new_origin_invalid", "score": 4}], "victim_asns": [)" +
         std::to_string(victim) + R"(], "victim_countries": ["XX"], "confidence_score": 6})";
}

// Replaced whole, as the server reads it at every request.
void write_atomically(const std::string& path, const std::string& text) {
  std::ofstream(path + ".new") << text;
  std::filesystem::rename(path + ".new", path);
}

void write_events(const std::string& path, const std::vector<std::string>& events) {
  std::string text = R"({"asn_info": [], "events": [)";
  for (size_t i = 0; i < events.size(); ++i) text += (i ? ", " : "") + events[i];
  write_atomically(path, text + "]}");
}

class RadarServer {
 public:
  RadarServer(const TempDir& dir, int port = free_loopback_port()) : dir_(dir), port_(port) {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{python3_path(), source_dir() + "/tests/support/radar_server.py",
                                 "--port",       std::to_string(port_),
                                 "--cert",       dir / "server.pem",
                                 "--key",        dir / "server.key",
                                 "--token",      "s3cret-radar-token",
                                 "--hijacks",    dir / "hijacks.json",
                                 "--leaks",      dir / "leaks.json",
                                 "--pfx2as",     dir / "pfx2as.json",
                                 "--script",     dir / "script.json",
                                 "--log",        dir / "radar.log"},
        dir / "radar_server.out");
    for (int i = 0; i < 200 && !loopback_port_open(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  // Answers given instead of the events, in order (JSON objects).
  void script(const std::string& steps) const { std::ofstream(dir_ / "script.json") << steps; }
  bool script_done() const { return read_file(dir_ / "script.json") == "[]"; }
  size_t requests() const { return split_lines(read_file(dir_ / "radar.log")).size(); }

 private:
  const TempDir& dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

// Radar's hijack event ids on bgpsentry's events, each with how many events carry it.
std::map<uint64_t, int> radar_ids(const Daemon& d) {
  std::map<uint64_t, int> out;
  for (const char* type : {"ORIGIN_HIJACK", "SUBPREFIX_HIJACK"})
    for (const auto& e : d.events(type))
      for (const auto& r : e.reports())
        if (r.kind() == "hijack") ++out[r.id()];
  return out;
}

// bgpsentry's events carrying an origin-check report of `origin`.
std::vector<v1::Event> origin_reports(const Daemon& d, uint32_t origin) {
  std::vector<v1::Event> out;
  for (const char* type : {"ORIGIN_HIJACK", "SUBPREFIX_HIJACK"})
    for (const auto& e : d.events(type))
      for (const auto& r : e.reports())
        if (r.kind() == "origin" && r.offending_asn() == origin) out.push_back(e);
  return out;
}

v1::SourceStatus radar_status(const Daemon& d) {
  const auto status = d.status();
  for (const auto& s : status.sources())
    if (s.name() == "radar") return s;
  return {};
}

TEST(Radar, PagesRestartBackoffAuthAndCorroborationThroughTheDaemon) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  make_test_pki(dir);
  const std::string hijacks = dir / "hijacks.json";
  // History before bgpsentry starts: recorded at the first poll, never reported.
  write_events(hijacks, {hijack(9001, 64601, 64500, "198.51.100.0/24", false),
                         hijack(9002, 64602, 64500, "198.51.100.0/24", false)});
  write_events(dir / "leaks.json", {});
  // Radar's prefix-to-origin view: YouTube's /22 as expected plus the hijacker's /24 (which
  // bgpsentry sees too), and an origin of 198.51.100.0/24 only Radar sees.
  write_atomically(dir / "pfx2as.json", R"({
    "208.65.152.0/22": [{"prefix": "208.65.152.0/22", "origin": 36561, "peer_count": 58},
                        {"prefix": "208.65.153.0/24", "origin": 17557, "peer_count": 41}],
    "198.51.100.0/24": [{"prefix": "198.51.100.0/24", "origin": 64500, "peer_count": 50},
                        {"prefix": "198.51.100.0/24", "origin": 64666, "peer_count": 3}]})");
  std::ofstream(dir / "radar.token") << "s3cret-radar-token\n";
  ::chmod((dir / "radar.token").c_str(), 0600);
  RadarServer radar(dir);
  Daemon d(dir, {});
  std::ofstream(dir / "prefixes.yml")
      << kYoutubePrefixes << "198.51.100.0/24:\n  description: test\n  asn: 64500\n";
  std::ofstream(dir / "bgpsentry.yml")
      << "data_dir: ./var\nprefixes_file: prefixes.yml\napi:\n  unix_socket: ./var/api.sock\n"
      << "sources:\n  - type: mrt\n    paths: [\"" << shared_data(kYoutube) << "\"]\n"
      << "  - type: radar\n    name: radar\n    base_url: " << radar.url()
      << "\n    token_file: radar.token\n"
      << "    ca_file: " << (dir / "ca.pem") << "\n    asns: [36561, 64500]\n"
      << "    interval: 1\n    per_page: 3\n"
      << "sinks:\n  - type: file\n    path: ./var/alerts.jsonl\n";
  d.start();
  ASSERT_TRUE(eventually([&] { return radar_status(d).endpoints_size() == 8; }, 30s))
      << d.log() << d.ctl({"status"}).out << read_file(dir / "radar_server.out");
  ASSERT_TRUE(eventually(
      [&] {
        auto s = radar_status(d);
        for (const auto& e : s.endpoints())
          if (!e.has_last_poll()) return false;
        return true;
      },
      30s));
  ASSERT_TRUE(d.wait_finished());  // the MRT source (the first) replayed the YouTube file
  EXPECT_TRUE(radar_ids(d).empty()) << "history is not reported (backfill: false)";
  const auto youtube = d.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(youtube.size(), 1u);

  // The origin check: AS64666 only Radar sees is an event of its own (source radar);
  // AS17557 joins bgpsentry's own YouTube event.
  ASSERT_TRUE(eventually([&] { return origin_reports(d, 64666).size() == 1; }, 30s)) << d.log();
  const auto only_radar = origin_reports(d, 64666)[0];
  EXPECT_EQ(only_radar.type(), v1::ORIGIN_HIJACK);
  ASSERT_EQ(only_radar.sources_size(), 1);
  EXPECT_EQ(only_radar.sources(0), "radar");
  EXPECT_EQ(only_radar.offending_asn(), 64666u);
  EXPECT_EQ(only_radar.monitored_prefix(), "198.51.100.0/24");
  ASSERT_TRUE(eventually([&] { return origin_reports(d, 17557).size() == 1; }, 30s));
  EXPECT_EQ(origin_reports(d, 17557)[0].id(), youtube[0].id());

  // Seven new events: three pages of three. One is Radar's view of the YouTube hijack.
  std::vector<std::string> all = {hijack(9001, 64601, 64500, "198.51.100.0/24", false),
                                  hijack(9002, 64602, 64500, "198.51.100.0/24", false)};
  for (uint64_t id = 9003; id <= 9008; ++id)
    all.push_back(
        hijack(id, 64600 + static_cast<uint32_t>(id % 100), 64500, "198.51.100.0/24", id == 9008));
  all.push_back(hijack(9009, 17557, 36561, "208.65.153.0/24", true, "2008-02-24"));
  write_events(hijacks, all);
  ASSERT_TRUE(eventually([&] { return radar_ids(d).size() == 7; }, 30s)) << d.log();
  auto ids = radar_ids(d);
  for (uint64_t id = 9003; id <= 9009; ++id) EXPECT_EQ(ids[id], 1) << id;
  // The YouTube report joined the own event: one event, two sources.
  auto joined = d.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].id(), youtube[0].id());
  ASSERT_EQ(joined[0].sources_size(), 2);
  EXPECT_EQ(joined[0].sources(0), "bgpsentry");
  EXPECT_EQ(joined[0].sources(1), "radar");
  std::set<std::string> tags;
  for (const auto& t : joined[0].tags()) tags.insert(t.name());
  EXPECT_TRUE(tags.count("radar_corroborated"));
  // The others only Radar saw: events of their own, ended as Radar says (9008 goes on).
  size_t ongoing = 0;
  for (const auto& e : d.events("ORIGIN_HIJACK")) {
    EXPECT_EQ(e.sources_size(), 1);
    EXPECT_EQ(e.sources(0), "radar");
    ongoing += e.status() == v1::ONGOING && e.reports(0).kind() == "hijack";
  }
  EXPECT_EQ(ongoing, 1u);

  // SIGKILL, three events while down, restart: each reported once, none again.
  d.kill9();
  all.push_back(hijack(9010, 64610, 64500, "198.51.100.0/24", false));
  all.push_back(hijack(9011, 64611, 64500, "198.51.100.0/24", false));
  all[7] = hijack(9008, 64608, 64500, "198.51.100.0/24", false);  // Radar: 9008 is over
  write_events(hijacks, all);
  d.start();
  ASSERT_TRUE(eventually([&] { return radar_ids(d).size() == 9; }, 30s)) << d.log();
  ids = radar_ids(d);
  for (const auto& [id, count] : ids) EXPECT_EQ(count, 1) << "radar event " << id;
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& e : d.events("ORIGIN_HIJACK"))
          if (e.status() == v1::ONGOING && e.reports(0).kind() == "hijack") return false;
        return true;
      },
      30s))
      << "9008 ended as Radar said";
  // Radar no longer sees AS64666: that event ends.
  write_atomically(dir / "pfx2as.json", R"({"198.51.100.0/24": [
    {"prefix": "198.51.100.0/24", "origin": 64500, "peer_count": 50}]})");
  ASSERT_TRUE(eventually(
      [&] {
        auto events = origin_reports(d, 64666);
        return events.size() == 1 && events[0].status() == v1::ENDED;
      },
      30s));

  // A route leak through AS64500's neighbour: Radar names no prefix, so the event covers the
  // monitored prefixes of the ASes on the leak's segment (198.51.100.0/24 of AS64500).
  write_events(dir / "leaks.json",
               {R"({"id": 5001, "countries": ["XX"], "detected_ts": "2026-11-20T12:00:00",
                    "finished": false, "leak_asn": 64701, "leak_count": 20,
                    "leak_seg": [64500, 64701, 174], "leak_type": 1,
                    "max_ts": "2026-11-20T12:30:00", "min_ts": "2026-11-20T11:55:00",
                    "origin_count": 1, "peer_count": 6, "prefix_count": 1})"});
  ASSERT_TRUE(eventually([&] { return !d.events("ROUTE_LEAK").empty(); }, 30s)) << d.log();
  const auto leak = d.events("ROUTE_LEAK")[0];
  EXPECT_EQ(leak.offending_asn(), 64701u);
  ASSERT_EQ(leak.prefixes_size(), 1);
  EXPECT_EQ(leak.prefixes(0), "198.51.100.0/24");
  ASSERT_EQ(leak.reports_size(), 1);
  EXPECT_EQ(leak.reports(0).kind(), "leak");
  EXPECT_EQ(leak.reports(0).leak_segment_size(), 3);
  EXPECT_EQ(leak.sources(0), "radar");

  // 429 with Retry-After, then a refused token, then a broken answer: each survived.
  radar.script(
      R"([{"status": 429, "retry_after": 1}, {"status": 401, "body": )" +
      read_file(source_dir() + "/tests/data/radar/error_401.json") +
      R"(}, {"status": 200, "body": "{\"success\": true, \"result\": {\"events\": [{\"id\": 1"}])");
  ASSERT_TRUE(eventually([&] { return radar.script_done(); }, 30s));
  all.push_back(hijack(9012, 64612, 64500, "198.51.100.0/24", false));
  write_events(hijacks, all);
  ASSERT_TRUE(eventually([&] { return radar_ids(d).count(9012) == 1; }, 30s)) << d.log();
  ASSERT_TRUE(eventually([&] { return radar_status(d).state() == v1::RUNNING; }, 30s));
  const auto status = radar_status(d);
  EXPECT_GE(status.parse_errors(), 1u) << "the broken answer is counted";
  uint64_t errors = 0;
  for (const auto& e : status.endpoints()) errors += e.errors();
  EXPECT_GE(errors, 3u);
  // The refused token was a FEED outage of the source, over once a poll worked.
  auto feed_alert = [&](v1::EventNotice notice, const std::string& words) {
    for (const auto& a : d.alerts())
      if (a.type() == v1::FEED && a.notice() == notice &&
          a.description().find(words) != std::string::npos)
        return true;
    return false;
  };
  std::string feeds;
  for (const auto& a : d.alerts())
    if (a.type() == v1::FEED) feeds += a.DebugString();
  EXPECT_TRUE(feed_alert(v1::EVENT_STARTED, "Radar refused the token (HTTP 401)"))
      << feeds << d.log();
  EXPECT_TRUE(
      eventually([&] { return feed_alert(v1::EVENT_ENDED, "accepts the token again"); }, 10s));
  // The token went out in the header only, and never into the log.
  EXPECT_EQ(d.log().find("s3cret-radar-token"), std::string::npos);
  EXPECT_EQ(d.terminate(), 0);
}

}  // namespace
}  // namespace bgpsentry::test
