// Each source type's section as the agent reads it (agent/sources/), and the file sink's,
// through load_agent_config with the daemon's readers.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "agent/alert/sinks/email_sink.h"
#include "agent/alert/sinks/file_sink.h"
#include "agent/alert/sinks/sink_types.h"
#include "agent/alert/sinks/syslog_sink.h"
#include "agent/alert/sinks/webhook_sink.h"
#include "agent/config/agent_config.h"
#include "agent/ingest/radar/radar_source.h"
#include "agent/sources/file_replay_sources.h"
#include "agent/sources/ris_live_source_type.h"
#include "agent/sources/source_types.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

ConfigModules modules() {
  return {{}, source_section_readers(), sink_section_readers()};
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST(SourceSections, LoadsAndResolvesPathsRelativeToTheFile) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "208.65.152.0/22:\n  asn: 36561\n");
  write(dir / "bgpsentry.yml", R"(data_dir: ./var
prefixes_file: prefixes.yml
api:
  unix_socket: ./var/bgpsentry.sock
sources:
  - type: mrt
    paths: ["data/updates.*.bz2"]
sinks:
  - type: file
    path: ./var/alerts.jsonl
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors_text();
  const auto& c = loaded.config;
  EXPECT_EQ(c.data_dir, dir / "var");
  EXPECT_EQ(c.api.unix_socket, dir / "var/bgpsentry.sock");
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].as<FileReplaySettings>().paths,
            std::vector<std::string>{dir / "data/updates.*.bz2"});
  EXPECT_EQ(c.sinks[0].as<FileSinkSettings>().path, dir / "var/alerts.jsonl");
  EXPECT_EQ(c.prefixes.prefixes.size(), 1u);
}

TEST(SourceSections, ReportsEveryErrorInBothFiles) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "208.65.152.0/22:\n  asn: -5\n");
  write(dir / "bgpsentry.yml", R"(data_dir: ./var
prefixes_file: prefixes.yml
colour: blue
sources:
  - type: carrier-pigeon
  - type: mrt
sinks:
  - type: file
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 5u) << text;
  EXPECT_NE(text.find("bgpsentry.yml:3:1: colour: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("bgpsentry.yml:5:11: sources[0].type: unknown source type 'carrier-pigeon'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[1].paths: an mrt source needs files or globs"), std::string::npos)
      << text;
  EXPECT_NE(text.find("sinks[0].path: a file sink needs a path"), std::string::npos) << text;
  EXPECT_NE(text.find("prefixes.yml:2:8: 208.65.152.0/22.asn: '-5' is not an AS number"),
            std::string::npos)
      << text;
}

TEST(SourceSections, RisLiveSourceKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: ris_live
    url: wss://ris-live.ripe.net/v1/ws/
    proxy: http://proxy.example.net:3128
    stale_after: 30
  - type: ris_live
    name: bad
    url: wss://ris-live.ripe.net:https/
    proxy: socks5://proxy:1080
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 2u) << text;
  EXPECT_NE(text.find("bgpsentry.yml:9:10: sources[1].url: expected a ws:// or wss:// URL"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("bgpsentry.yml:10:12: sources[1].proxy: expected http://host:port"),
            std::string::npos)
      << text;
  ASSERT_EQ(loaded.config.sources.size(), 2u);
  EXPECT_EQ(loaded.config.sources[0].as<RisLiveSettings>().proxy, "http://proxy.example.net:3128");
  EXPECT_EQ(loaded.config.sources[0].as<RisLiveSettings>().stale_after_s, 30);
}

TEST(SourceSections, RisLiveCanaryKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: ris_live
    canary:
      prefixes: [84.205.64.0/24, "2001:7fb:fe00::/48"]
      grace: 600
  - type: ris_live
    name: bad
    canary: {prefixes: [84.205.64.0/33], every: 0}
  - type: mrt
    paths: [x.mrt]
    canary: {prefixes: 84.205.64.0/24}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 3u) << text;
  EXPECT_NE(text.find("sources[1].canary.prefixes: '84.205.64.0/33' is not a prefix"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[1].canary.every: "), std::string::npos) << text;
  EXPECT_NE(text.find("bgpsentry.yml:12:5: sources[2].canary: unknown key for type mrt"),
            std::string::npos)
      << text;
  ASSERT_EQ(loaded.config.sources.size(), 3u);
  const auto& s = loaded.config.sources[0].as<RisLiveSettings>();
  ASSERT_EQ(s.canary_prefixes.size(), 2u);
  EXPECT_EQ(s.canary_prefixes[1].to_string(), "2001:7fb:fe00::/48");
  EXPECT_EQ(s.canary_every_s, 7200);
  EXPECT_EQ(s.canary_grace_s, 600);
}

TEST(SourceSections, RisLiveBackfillKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: ris_live
    backfill:
      archives:
        rrc00: [ris/rrc00]
        rrc25: /srv/ris/rrc25/*.gz
      wait: 600
  - type: ris_live
    name: no-archives
    backfill: {wait: 60, max_gap: 0}
  - type: mrt
    paths: [x.mrt]
    backfill: {archives: {rrc00: [y]}}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 3u) << text;
  EXPECT_NE(text.find("sources[1].backfill.max_gap: "), std::string::npos) << text;
  EXPECT_NE(text.find("sources[1].backfill.archives: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("bgpsentry.yml:14:5: sources[2].backfill: unknown key for type mrt"),
            std::string::npos)
      << text;
  ASSERT_EQ(loaded.config.sources.size(), 3u);
  const auto& archives = loaded.config.sources[0].as<RisLiveSettings>().backfill_archives;
  ASSERT_EQ(archives.size(), 2u);
  EXPECT_EQ(archives[0].collector, "rrc00");
  EXPECT_EQ(archives[0].paths, std::vector<std::string>{dir / "ris/rrc00"});
  EXPECT_EQ(archives[1].paths, std::vector<std::string>{"/srv/ris/rrc25/*.gz"});
  EXPECT_EQ(loaded.config.sources[0].as<RisLiveSettings>().backfill_wait_s, 600);
  EXPECT_EQ(loaded.config.sources[0].as<RisLiveSettings>().backfill_max_gap_s, 86400);
}

TEST(SourceSections, MrtSourceWindowAndFilter) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: mrt
    paths: archive/
    from: 2008-02-24T18:40:00Z
    to: 1203879000
    filter:
      prefixes: [208.65.152.0/22, "2001:db8::/32"]
      more_specific: true
      peer_asns: [7018, AS3356]
      origins: 17557
      types: aw
)");
  const auto good = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(good.errors.empty()) << good.errors_text();
  const UpdateFilter& f = good.config.sources.at(0).as<FileReplaySettings>().filter;
  EXPECT_EQ(f.from_s, 1203878400);
  EXPECT_EQ(f.to_s, 1203879000);
  EXPECT_EQ(f.prefixes.size(), 2u);
  EXPECT_TRUE(f.more_specific);
  EXPECT_EQ(f.peer_asns, (std::vector<uint32_t>{7018, 3356}));
  EXPECT_EQ(f.origins, std::vector<uint32_t>{17557});
  EXPECT_EQ(f.kinds.size(), 3u);

  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: mrt
    paths: archive/
    from: yesterday
    filter:
      prefixes: [208.65.152.0/33]
      types: x
      colour: blue
)");
  const std::string text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("bgpsentry.yml:5:11: sources[0].from: cannot read time 'yesterday'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[0].filter.prefixes: '208.65.152.0/33' is not a prefix"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[0].filter.types: unknown update type 'x'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[0].filter.colour: unknown key"), std::string::npos) << text;
}

}  // namespace bgpsentry

namespace bgpsentry {

TEST(SinkSections, FileSinkRotateKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sinks:
  - {type: file, path: alerts.jsonl, rotate: {max_bytes: 104857600, keep: 10}}
  - {type: file, path: b.jsonl}
  - {type: file, path: c.jsonl, rotate: {max_bytes: 100, keep: 0, every: 1}}
  - {type: file, path: d.jsonl, rotate: {keep: 2}}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 4u) << text;
  EXPECT_NE(text.find("sinks[2].rotate.max_bytes: expected a whole number from 4096"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sinks[2].rotate.keep: expected a whole number from 1 to 1000"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sinks[2].rotate.every: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("sinks[3].rotate.max_bytes: missing"), std::string::npos) << text;
  ASSERT_EQ(loaded.config.sinks.size(), 4u);
  const auto& rotated = loaded.config.sinks[0].as<FileSinkSettings>();
  EXPECT_EQ(rotated.path, dir / "alerts.jsonl");
  EXPECT_EQ(rotated.rotate_max_bytes, 104857600u);
  EXPECT_EQ(rotated.rotate_keep, 10);
  EXPECT_EQ(loaded.config.sinks[1].as<FileSinkSettings>().rotate_max_bytes, 0u) << "no rotation";
}

TEST(SinkSections, SyslogSinkKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sinks:
  - {type: syslog, name: siem, address: "tls://[2001:db8::1]", ca_file: ca.pem, facility: local4,
     template: "${channel} ${newprefix}", timeout: 5, groups: [noc]}
  - {type: syslog, name: a, address: "udp://192.0.2.10:99999"}
  - {type: syslog, name: b, address: "udp://192.0.2.10", facility: local8, template: "${nope}"}
  - {type: syslog, name: c, address: "tcp://192.0.2.10", ca_file: ca.pem}
  - {type: syslog, name: d}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_EQ(loaded.errors.size(), 5u) << text;
  for (const char* expected :
       {"sinks[1].address: bad port 99999", "sinks[2].facility: unknown facility local8",
        "sinks[2].template: unknown placeholder ${nope}",
        "sinks[3].ca_file: only a tls:// address uses a ca_file",
        "sinks[4].address: a syslog sink needs an address"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  ASSERT_EQ(loaded.config.sinks.size(), 5u);
  const auto& siem = loaded.config.sinks[0].as<SyslogSinkSettings>();
  EXPECT_EQ(siem.address.kind, SyslogAddress::Kind::kTls);
  EXPECT_EQ(siem.address.host, "2001:db8::1");
  EXPECT_EQ(siem.address.port, 6514);
  EXPECT_EQ(siem.ca_file, dir / "ca.pem");
  EXPECT_EQ(siem.facility, 20);
  EXPECT_EQ(siem.text_template, "${channel} ${newprefix}");
  EXPECT_EQ(siem.timeout, std::chrono::seconds(5));
  EXPECT_EQ(loaded.config.sinks[0].groups, std::vector<std::string>{"noc"});
}

// Webhook secrets come from files others cannot read (or the environment), never the log;
// each format takes only its own keys; an http template must be JSON unless told not.
TEST(SinkSections, WebhookSinkKeysAndSecrets) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "slack.url", "https://hooks.slack.com/services/T0/B0/SECRET\n");
  ::chmod((dir / "slack.url").c_str(), 0640);
  write(dir / "open.url", "https://hooks.slack.com/services/T0/B0/SECRET");
  ::chmod((dir / "open.url").c_str(), 0644);
  write(dir / "tg.token", "123:SECRET");
  ::chmod((dir / "tg.token").c_str(), 0600);
  ::setenv("BGPSENTRY_TEST_HOOK", "https://chat.example.net/hook", 1);
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sinks:
  - {type: webhook, name: noc-slack, format: slack, url_file: slack.url, groups: [noc], timeout: 5}
  - {type: webhook, name: tg, format: telegram, token_file: tg.token, chat_id: "-1001234"}
  - {type: webhook, name: ops, format: http, url: "https://ops.example.net/bgp", method: put,
     headers: {X-Team: noc}, template: '{"text": "${summary}"}'}
  - {type: webhook, name: chat, format: googlechat, url_env: BGPSENTRY_TEST_HOOK, proxy: "http://127.0.0.1:3128"}
  - {type: webhook, name: e1, format: slack, url_file: open.url}
  - {type: webhook, name: e2, format: slack, url: "https://a", url_env: BGPSENTRY_TEST_HOOK}
  - {type: webhook, name: e3, format: smoke, url: "https://a"}
  - {type: webhook, name: e4, format: http, url: "ftp://a", template: '{"text": ${summary}'}
  - {type: webhook, name: e5, format: telegram}
  - {type: webhook, name: e6, format: slack, url: "https://a", chat_id: "1", method: get,
     headers: {"Bad Name": x}}
  - {type: webhook, name: e7, format: discord}
  - {type: webhook, name: e8, format: json, url: "https://a", template: "${summary}"}
  - {type: webhook, name: e9, format: http, url: "https://a", method: delete}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  for (const char* expected :
       {"sinks[4].url_file: ", "open.url is open to others (mode 0644)",
        "sinks[5].url: give one of url, url_file and url_env",
        "sinks[6].format: unknown format smoke",
        "sinks[7].url: expected an https:// (or http://) URL",
        "sinks[7].template: not JSON (set template_json: false to post text)",
        "sinks[8].token_file: a telegram sink needs the bot's token",
        "sinks[8].chat_id: a telegram sink needs a chat_id",
        "sinks[9].chat_id: only a telegram sink has it",
        "sinks[9].method: only an http webhook has it",
        "sinks[9].headers.Bad Name: not a header name",
        "sinks[10].url: a webhook sink needs url, url_file or url_env",
        "sinks[11].template: a json webhook posts the alert itself",
        "sinks[12].method: expected post, put or patch"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << "no secret in an error: " << text;
  ASSERT_GE(loaded.config.sinks.size(), 4u);
  const auto& slack = loaded.config.sinks[0].as<WebhookSinkSettings>();
  EXPECT_EQ(slack.url, "https://hooks.slack.com/services/T0/B0/SECRET") << "trailing newline cut";
  EXPECT_EQ(slack.http.timeout, std::chrono::seconds(5));
  const auto& tg = loaded.config.sinks[1].as<WebhookSinkSettings>();
  EXPECT_EQ(tg.url, "https://api.telegram.org");
  EXPECT_EQ(tg.token, "123:SECRET");
  EXPECT_EQ(tg.chat_id, "-1001234");
  const auto& ops = loaded.config.sinks[2].as<WebhookSinkSettings>();
  EXPECT_EQ(ops.method, "PUT");
  EXPECT_EQ(ops.headers, (std::vector<std::pair<std::string, std::string>>{{"X-Team", "noc"}}));
  const auto& chat = loaded.config.sinks[3].as<WebhookSinkSettings>();
  EXPECT_EQ(chat.url, "https://chat.example.net/hook");
  EXPECT_EQ(chat.http.proxy, "http://127.0.0.1:3128");
  ::unsetenv("BGPSENTRY_TEST_HOOK");
}

TEST(SinkSections, EmailSinkKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "smtp.pass", "SECRET\n");
  ::chmod((dir / "smtp.pass").c_str(), 0600);
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sinks:
  - {type: email, name: mail, url: "smtp://mail.example.net:587", starttls: true, from: bgp@example.net,
     to: [noc@example.net, oncall@example.net], username: bgp, password_file: smtp.pass,
     subject: "BGP ${type}", template: "${summary}"}
  - {type: email, name: e1, url: "smtps://mail.example.net", starttls: true, from: a@b, to: c@d}
  - {type: email, name: e2, url: "smtp://mail.example.net", starttls: false, from: a@b, to: c@d,
     username: u, password: p}
  - {type: email, name: e3, url: "http://x", from: "not an address", to: ["x y@z"], password: p}
  - {type: email, name: e4}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  for (const char* expected :
       {"sinks[1].starttls: smtps:// is TLS from the start",
        "sinks[2].starttls: AUTH without TLS would send the password in clear",
        "sinks[3].url: expected smtp://host:port or smtps://host:port",
        "sinks[3].from: not an email address", "sinks[3].to: 'x y@z' is not an email address",
        "sinks[3].username: a password needs a username", "sinks[4].url: an email sink needs url",
        "sinks[4].from: an email sink needs from", "sinks[4].to: an email sink needs to"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
  ASSERT_GE(loaded.config.sinks.size(), 1u);
  const auto& mail = loaded.config.sinks[0].as<EmailSinkSettings>();
  EXPECT_EQ(mail.password, "SECRET");
  EXPECT_EQ(mail.to, (std::vector<std::string>{"noc@example.net", "oncall@example.net"}));
  EXPECT_EQ(mail.subject_template, "BGP ${type}");
  EXPECT_TRUE(mail.starttls);
}

// Keys every sink has beside min_confidence, types and groups.
TEST(SinkSections, StormAndGiveUpKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sinks:
  - {type: file, name: a, path: a.jsonl, storm: {max_messages: 5, per_seconds: 60}, give_up_after: 3600}
  - {type: file, name: b, path: b.jsonl, storm: off}
  - {type: file, name: c, path: c.jsonl}
  - {type: file, name: d, path: d.jsonl, storm: {max_messages: 1, per_seconds: 0, burst: 3}}
  - {type: file, name: e, path: e.jsonl, storm: {per_seconds: 60}, give_up_after: 10}
  - {type: file, name: f, path: f.jsonl, storm: 5}
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  for (const char* expected :
       {"sinks[3].storm.max_messages: expected a whole number from 2",
        "sinks[3].storm.per_seconds: expected a whole number from 1",
        "sinks[3].storm.burst: unknown key", "sinks[4].storm.max_messages: missing",
        "sinks[4].give_up_after: expected a whole number from 60",
        "sinks[5].storm: expected {max_messages: N, per_seconds: S} or off"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  ASSERT_GE(loaded.config.sinks.size(), 3u);
  EXPECT_EQ(loaded.config.sinks[0].storm, (StormLimit{5, 60}));
  EXPECT_EQ(loaded.config.sinks[0].give_up_after, std::chrono::seconds(3600));
  EXPECT_EQ(loaded.config.sinks[1].storm, StormLimit{}) << "off";
  EXPECT_FALSE(loaded.config.sinks[2].storm) << "the sink's own default";
  EXPECT_EQ(loaded.config.sinks[2].give_up_after, std::chrono::seconds(86400));
}

// type: radar with the issue's keys; the token from a file others cannot read, never from a
// world-readable one; bad values named with line and field.
TEST(SourceSections, RadarSourceKeys) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "radar.token", "tok3n\n");
  ::chmod((dir / "radar.token").c_str(), 0600);
  write(dir / "open.token", "tok3n\n");
  ::chmod((dir / "open.token").c_str(), 0644);
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - type: radar
    base_url: "http://127.0.0.1:8080/client/v4/"
    token_file: radar.token
    asns: [64512, AS64513]
    min_confidence: 4
    interval: 300
    backfill: true
    origin_check: false
  - type: radar
    name: bad
    base_url: ftp://example.net
    token_file: open.token
    asns: [x]
    min_confidence: 11
    interval: 0
  - type: radar
    name: tokenless
)");
  const auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  for (const char* expected :
       {"bgpsentry.yml:13:15: sources[1].base_url: expected an http:// or https:// URL",
        "sources[1].token_file", "bgpsentry.yml:15:11: sources[1].asns: 'x' is not an AS number",
        "bgpsentry.yml:16:21: sources[1].min_confidence",
        "bgpsentry.yml:17:15: sources[1].interval",
        "sources[2].token_file: missing: Radar's API token"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  EXPECT_EQ(text.find("tok3n"), std::string::npos) << "the token is never in a message";
  ASSERT_EQ(loaded.config.sources.size(), 3u);
  const auto& s = loaded.config.sources[0].as<RadarSettings>();
  EXPECT_EQ(s.base_url, "http://127.0.0.1:8080/client/v4");
  EXPECT_EQ(s.token, "tok3n");
  EXPECT_EQ(s.asns, (std::vector<uint32_t>{64512, 64513}));
  EXPECT_EQ(s.min_confidence, 4u);
  EXPECT_EQ(s.interval_s, 300);
  EXPECT_TRUE(s.backfill);
  EXPECT_FALSE(s.origin_check);
}

}  // namespace bgpsentry
