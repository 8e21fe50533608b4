#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "agent/asrel/as_relationships.h"
#include "agent/config/agent_config.h"
#include "agent/config/prefixes_config.h"
#include "agent/config/prefixes_writer.h"
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

// One section type standing in for the real ones (agent/sources and agent/alert/sinks test
// their own sections): it has one key, `path`.
std::any read_path_section(const YAML::Node& section, const SectionContext& ctx,
                           ConfigErrors& errors) {
  std::string path;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key)) continue;
    if (key == "path" && kv.second.IsScalar())
      path = ctx.resolve(kv.second.Scalar());
    else
      ctx.unknown(kv.first, errors);
  }
  if (path.empty()) errors.add(section, ctx.where("path"), "needs a path");
  return path;
}

// The data files' checks as the daemon registers them (agent_config_modules()), and the
// stand-in source and sink type.
ConfigModules modules() {
  return {{{"rpki.vrpFile", check_by_loading(load_vrp_file)},
           {"rpki.slurmFile", check_by_loading(load_slurm_file)},
           {"as_relationships_file", check_by_loading(AsRelationships::load)}},
          {{"stand_in", read_path_section}},
          {{"stand_in", read_path_section}}};
}

PrefixesConfig parse(const std::string& text, ConfigErrors& errors) {
  return parse_prefixes_yaml(text, errors);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

class BgpalerterPrefixesFile : public ::testing::TestWithParam<std::string> {};

TEST_P(BgpalerterPrefixesFile, LoadsAsIs) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("bgpalerter-config/" + GetParam());
  ConfigErrors errors(path);
  const auto config = load_prefixes_file(path, errors);
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  EXPECT_FALSE(config.prefixes.empty());
  for (const auto& p : config.prefixes) EXPECT_FALSE(p.asns.empty()) << p.prefix.to_string();
  EXPECT_FALSE(config.asns.empty()) << "options.monitorASns";
}

// What we write (bgpctl generate, and the config API's export) loads back to the same
// configuration, and BGPalerter's own generated file comes back in BGPalerter's layout.
TEST_P(BgpalerterPrefixesFile, WrittenBackLoadsTheSame) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("bgpalerter-config/" + GetParam());
  ConfigErrors errors(path);
  const auto original = load_prefixes_file(path, errors);
  ASSERT_TRUE(errors.empty());
  const std::string text = write_prefixes_yaml(original);
  ConfigErrors again_errors("written");
  const auto again = parse(text, again_errors);
  ASSERT_TRUE(again_errors.empty()) << again_errors.to_string() << text;
  ASSERT_EQ(again.prefixes.size(), original.prefixes.size());
  for (size_t i = 0; i < original.prefixes.size(); ++i) {
    const auto &a = original.prefixes[i], &b = again.prefixes[i];
    EXPECT_EQ(a.prefix, b.prefix);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.asns, b.asns);
    EXPECT_EQ(a.ignore_more_specifics, b.ignore_more_specifics);
    EXPECT_EQ(a.ignore, b.ignore);
    EXPECT_EQ(a.groups, b.groups);
    EXPECT_EQ(a.include_monitors, b.include_monitors);
    EXPECT_EQ(a.exclude_monitors, b.exclude_monitors);
    ASSERT_EQ(a.path_rules.size(), b.path_rules.size());
    for (size_t r = 0; r < a.path_rules.size(); ++r) {
      EXPECT_EQ(a.path_rules[r].match, b.path_rules[r].match);
      EXPECT_EQ(a.path_rules[r].not_match, b.path_rules[r].not_match);
      EXPECT_EQ(a.path_rules[r].match_description, b.path_rules[r].match_description);
      EXPECT_EQ(a.path_rules[r].min_length, b.path_rules[r].min_length);
      EXPECT_EQ(a.path_rules[r].max_length, b.path_rules[r].max_length);
    }
  }
  ASSERT_EQ(again.asns.size(), original.asns.size());
  for (size_t i = 0; i < original.asns.size(); ++i) {
    EXPECT_EQ(again.asns[i].asn, original.asns[i].asn);
    EXPECT_EQ(again.asns[i].groups, original.asns[i].groups);
    EXPECT_EQ(again.asns[i].upstreams, original.asns[i].upstreams);
    EXPECT_EQ(again.asns[i].downstreams, original.asns[i].downstreams);
  }
  if (GetParam() == "generated-prefixes.final.default.yml") {
    EXPECT_EQ(text, test::read_file(path)) << "BGPalerter's own layout";
  }
}

INSTANTIATE_TEST_SUITE_P(Shared, BgpalerterPrefixesFile,
                         ::testing::Values("prefixes.yml.example",
                                           "generated-prefixes.final.default.yml",
                                           "generated-prefixes.final.group.yml",
                                           "generated-prefixes.final.append.yml",
                                           "generated-prefixes.initial.append.yml"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(PrefixesConfig, ExampleFileContent) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("bgpalerter-config/prefixes.yml.example");
  ConfigErrors errors(path);
  const auto config = load_prefixes_file(path, errors);
  ASSERT_EQ(config.prefixes.size(), 3u);
  EXPECT_EQ(config.prefixes[0].prefix.to_string(), "165.254.225.0/24");
  EXPECT_EQ(config.prefixes[0].asns, std::vector<uint32_t>{15562});
  EXPECT_EQ(config.prefixes[0].description, "a description about this prefix");
  EXPECT_FALSE(config.prefixes[0].ignore_more_specifics);
  ASSERT_EQ(config.asns.size(), 2u);
  EXPECT_EQ(config.asns[0].asn, 2914u);
  EXPECT_EQ(config.asns[1].asn, 3333u);
}

TEST(PrefixesConfig, GeneratedFileHasQuotedIpv6KeysAndGroups) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path =
      test::shared_data("bgpalerter-config/generated-prefixes.final.group.yml");
  ConfigErrors errors(path);
  const auto config = load_prefixes_file(path, errors);
  bool has_v6 = false;
  for (const auto& p : config.prefixes) {
    has_v6 |= p.prefix.afi() == Afi::kIpv6;
    EXPECT_EQ(p.groups, std::vector<std::string>{"test"});
  }
  EXPECT_TRUE(has_v6);
}

TEST(PrefixesConfig, AllBgpalerterFieldForms) {
  ConfigErrors errors("p.yml");
  const auto c = parse(R"(
10.0.0.0/8:
  description: list of origins
  asn: [65001, "65002", AS65003]
  ignoreMorespecifics: true
  group: [noc, sec]
  path:
    - match: ".*2194,1234$"
      notMatch: ".*5054.*"
      matchDescription: scrubbing center
      maxLength: 128
      minLength: 2
"2001:db8::/32":
  description:
  asn: 65010
  ignore: true
  path:
    match: "^65010"
options:
  monitorASns:
    '65001':
      group: noc
      upstreams: [1, 2]
      downstreams: 3
    65002:
      downstreams:
)",
                       errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  ASSERT_EQ(c.prefixes.size(), 2u);
  EXPECT_EQ(c.prefixes[0].asns, (std::vector<uint32_t>{65001, 65002, 65003}));
  EXPECT_TRUE(c.prefixes[0].ignore_more_specifics);
  EXPECT_EQ(c.prefixes[0].groups, (std::vector<std::string>{"noc", "sec"}));
  ASSERT_EQ(c.prefixes[0].path_rules.size(), 1u);
  EXPECT_EQ(*c.prefixes[0].path_rules[0].max_length, 128);
  EXPECT_TRUE(c.prefixes[0].path_rules[0].match_pattern->found_in("1 2194,1234"));
  EXPECT_TRUE(c.prefixes[1].ignore);
  EXPECT_EQ(c.prefixes[1].groups, std::vector<std::string>{"default"});
  EXPECT_EQ(c.prefixes[1].path_rules.size(), 1u);
  ASSERT_EQ(c.asns.size(), 2u);
  EXPECT_EQ(c.asns[0].upstreams, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(c.asns[0].downstreams, std::vector<uint32_t>{3});
  EXPECT_FALSE(c.asns[1].upstreams);   // absent: not watched
  ASSERT_TRUE(c.asns[1].downstreams);  // present and empty: every downstream is new
  EXPECT_TRUE(c.asns[1].downstreams->empty());
}

// Path rules run in linear time (RE2): what needs backtracking is refused when loaded, with
// the field and the reason.
TEST(PrefixesConfig, PathPatternsThatNeedBacktrackingAreRefused) {
  ConfigErrors errors("prefixes.yml");
  parse(R"yaml(10.0.0.0/8:
  asn: 65001
  path:
    - match: "^(\\d+),\\1,"
    - notMatch: "(?!174)"
    - match: "[unclosed"
    - match: ",64500$"
)yaml",
        errors);
  const std::string text = errors.to_string();
  EXPECT_NE(text.find("prefixes.yml:4:14: 10.0.0.0/8.path[0].match: invalid regular expression "
                      "'^(\\d+),\\1,': backreferences"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(":5:17: 10.0.0.0/8.path[1].notMatch: invalid regular expression '(?!174)': "
                      "lookaround"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(":6:14: 10.0.0.0/8.path[2].match: invalid regular expression '[unclosed': "
                      "missing ]"),
            std::string::npos)
      << text;
  EXPECT_EQ(errors.errors().size(), 3u) << text;
}

// Issue 29, defect 4: what a file expands to is bounded before any of it is built. 100,000
// prefixes aliasing one list of 10,000 ASNs (2.7 MB) took a daemon 65 s and 3 GB through
// `bgpctl config validate`; aliased path rules hit bad_alloc.
TEST(PrefixesConfig, AliasesThatExpandPastTheLimitsAreRefusedBeforeBuilding) {
  std::string asns;
  for (int i = 0; i < 10000; ++i) asns += (i ? "," : "") + std::to_string(64512 + i);
  std::string bomb = "10.0.0.0/24:\n  asn: &a [" + asns + "]\n";
  for (int i = 1; i < 100000; ++i)
    bomb += "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0/24: {asn: *a}\n";
  ConfigErrors errors("prefixes.yml");
  const auto config = parse(bomb, errors);
  ASSERT_EQ(errors.errors().size(), 1u) << errors.to_string();
  EXPECT_NE(errors.to_string().find(
                "prefixes.yml: refused: more than 2000000 nodes with every alias expanded (line "),
            std::string::npos)
      << errors.to_string();
  EXPECT_TRUE(config.prefixes.empty());

  // 100 path rules aliased by 100,000 prefixes: refused the same way.
  std::string rules = "10.0.0.0/24:\n  asn: 1\n  path: &r\n";
  for (int i = 0; i < 100; ++i) rules += "    - match: \",6450" + std::to_string(i) + "$\"\n";
  for (int i = 1; i < 100000; ++i)
    rules += "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) +
             ".0/24: {asn: 1, path: *r}\n";
  ConfigErrors rule_errors("prefixes.yml");
  EXPECT_TRUE(parse(rules, rule_errors).prefixes.empty());
  EXPECT_NE(rule_errors.to_string().find("nodes with every alias expanded"), std::string::npos);

  // An alias inside the node it names would be endless to read.
  ConfigErrors cycle("prefixes.yml");
  parse("10.0.0.0/8: &c\n  asn: 1\n  group: [*c]\n", cycle);
  EXPECT_NE(cycle.to_string().find("an alias inside the node it names (a cycle) (line 3)"),
            std::string::npos)
      << cycle.to_string();

  // Aliases within the limits are what BGPalerter users write: they load.
  ConfigErrors fine("prefixes.yml");
  const auto ok =
      parse("10.0.0.0/8: &p\n  asn: [1, 2]\n  path: {match: \",2$\"}\n10.1.0.0/16: *p\n", fine);
  ASSERT_TRUE(fine.empty()) << fine.to_string();
  ASSERT_EQ(ok.prefixes.size(), 2u);
  EXPECT_EQ(ok.prefixes[1].asns, (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(ok.prefixes[1].path_rules.at(0).match_pattern->found_in("1,2"));
}

// Each list is bounded, and so are the errors and warnings a file can make.
TEST(PrefixesConfig, ListsErrorsAndWarningsAreBounded) {
  auto list = [](int n) {
    std::string out = "[";
    for (int i = 0; i < n; ++i) out += (i ? "," : "") + std::to_string(i + 1);
    return out + "]";
  };
  std::string rules;
  for (int i = 0; i < 101; ++i) rules += "    - maxLength: " + std::to_string(i) + "\n";
  ConfigErrors errors("prefixes.yml");
  parse("10.0.0.0/8:\n  asn: " + list(1001) + "\n10.1.0.0/16:\n  asn: 1\n  path:\n" + rules +
            "options:\n  monitorASns:\n    1:\n      upstreams: " + list(10001) + "\n",
        errors);
  const std::string text = errors.to_string();
  EXPECT_NE(text.find("10.0.0.0/8.asn: 1001 AS numbers; at most 1000"), std::string::npos) << text;
  EXPECT_NE(text.find("10.1.0.0/16.path: 101 path rules; at most 100 per prefix"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("options.monitorASns.1.upstreams: 10001 AS numbers; at most 10000"),
            std::string::npos)
      << text;

  std::string many;
  for (int i = 0; i < 1000; ++i)
    many += "10.0." + std::to_string(i) + ".0/24:\n  asn: 1\n  colour: red\n";
  ConfigErrors many_errors("prefixes.yml");
  const auto config = parse(many, many_errors);
  ASSERT_EQ(many_errors.errors().size(), ConfigErrors::kMaxListed + 1);
  // 10.0.256.0/24 and on are not prefixes: 744 errors; the 256 others warn of `colour`.
  EXPECT_EQ(many_errors.errors().back().message, "... and 644 more errors not listed");
  ASSERT_EQ(config.warnings.size(), PrefixesConfig::kMaxWarnings + 1);
  EXPECT_EQ(config.warnings.back(), "prefixes.yml: ... and 156 more warnings not listed");
}

TEST(PrefixesConfig, EveryErrorNamesLineAndField) {
  ConfigErrors errors("prefixes.yml");
  parse(R"(10.0.0.0/8:
  asn: 65001
10.0.1.0/24:
  asn: 1
300.0.0.0/8:
  asn: 1
192.0.2.0/24:
  asn: [1, banana]
  ignore: maybe
198.51.100.0/24:
  asn: 1
  path:
    - match: "(unclosed"
10.0.0.0/8:
  asn: 2
203.0.113.0/24:
  description: no asn
)",
        errors);
  const std::string text = errors.to_string();
  EXPECT_EQ(errors.errors().size(), 6u) << text;
  EXPECT_NE(text.find("prefixes.yml:5:1: 300.0.0.0/8: not a valid"), std::string::npos) << text;
  EXPECT_NE(text.find("prefixes.yml:8:12: 192.0.2.0/24.asn: 'banana' is not an AS number"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("prefixes.yml:9:11: 192.0.2.0/24.ignore: expected true or false"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("prefixes.yml:13:14: 198.51.100.0/24.path[0].match: invalid regular expression"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("prefixes.yml:14:1: 10.0.0.0/8: duplicate prefix (also at line 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("203.0.113.0/24.asn: missing"), std::string::npos) << text;
}

TEST(PrefixesConfig, HostBitsAreMaskedWithAWarningAsBgpalerterAccepts) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // BGPalerter's own generated files hold "1.1.1.1/23".
  const std::string path =
      test::shared_data("bgpalerter-config/generated-prefixes.final.append.yml");
  ConfigErrors errors(path);
  const auto config = load_prefixes_file(path, errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  EXPECT_EQ(config.prefixes[0].prefix.to_string(), "1.1.0.0/23");
  ASSERT_FALSE(config.warnings.empty());
  EXPECT_NE(config.warnings[0].find(":1: 1.1.1.1/23 has host bits set; monitoring 1.1.0.0/23"),
            std::string::npos)
      << config.warnings[0];
}

TEST(PrefixesConfig, YamlSyntaxErrorHasALine) {
  ConfigErrors errors("p.yml");
  parse("10.0.0.0/8:\n  asn: [1, 2\n", errors);
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_GT(errors.errors()[0].line, 0);
  EXPECT_NE(errors.errors()[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(AgentConfig, ApiListenersAndTokens) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "server.pem", "x");
  write(dir / "server.key", "x");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
api:
  unix_socket: /run/bgpsentry/bgpsentry.sock
  readonly_socket: /run/bgpsentry/bgpsentry-ro.sock
  tcp:
    listen: 127.0.0.1:50051
    tls: {cert: server.pem, key: server.key}
  tokens:
    - {name: noc, role: viewer, sha256: "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"}
    - {name: ops, role: operator, sha256: "0000000000000000000000000000000000000000000000000000000000000001"}
  nice: 5
)");
  auto loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors_text();
  const ApiConfig& api = loaded.config.api;
  EXPECT_EQ(api.nice, 5);
  EXPECT_EQ(api.readonly_socket, "/run/bgpsentry/bgpsentry-ro.sock");
  EXPECT_EQ(api.tcp_listen, "127.0.0.1:50051");
  EXPECT_EQ(api.tls_cert, dir / "server.pem");
  EXPECT_TRUE(api.tls_client_ca.empty());
  ASSERT_EQ(api.tokens.size(), 2u);
  EXPECT_EQ(api.tokens[0].name, "noc");
  EXPECT_EQ(api.tokens[0].role, Role::kViewer);
  EXPECT_EQ(api.tokens[0].sha256[0], 0xE3);
  EXPECT_EQ(api.tokens[1].role, Role::kOperator);

  // TCP without TLS, a token pasted instead of its hash, an unknown role, a missing file.
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
api:
  tcp:
    listen: 127.0.0.1:50051
  tokens:
    - {name: noc, role: viewer, sha256: "my-secret-token"}
    - {name: ops, role: root, sha256: "0000000000000000000000000000000000000000000000000000000000000001"}
    - {name: noc, role: admin, sha256: "0000000000000000000000000000000000000000000000000000000000000002"}
  nice: 20
)");
  loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = loaded.errors_text();
  EXPECT_NE(text.find("api.tcp.tls: tcp needs tls: {cert, key}"), std::string::npos) << text;
  EXPECT_NE(text.find("api.tokens[0].sha256: expected the token's SHA-256"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("my-secret-token"), std::string::npos) << "the value is not echoed";
  EXPECT_NE(text.find("api.tokens[1].role: expected viewer, operator or admin"), std::string::npos)
      << text;
  EXPECT_NE(text.find("api.tokens[2].name: duplicate token name 'noc'"), std::string::npos) << text;
  EXPECT_NE(text.find("api.nice"), std::string::npos) << text;
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\napi:\n  tcp:\n    listen: 127.0.0.1\n    tls: {cert: "
        "missing.pem, key: server.key}\n");
  loaded = load_agent_config(dir / "bgpsentry.yml", modules());
  EXPECT_NE(loaded.errors_text().find("api.tcp.listen: expected host:port"), std::string::npos)
      << loaded.errors_text();
  EXPECT_NE(loaded.errors_text().find("missing.pem: No such file or directory"), std::string::npos)
      << loaded.errors_text();
}

TEST(AgentConfig, MissingFileAndOverlongSocket) {
  EXPECT_NE(load_agent_config("/nonexistent/bgpsentry.yml", modules())
                .errors_text()
                .find("cannot read file"),
            std::string::npos);
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\napi:\n  unix_socket: /" + std::string(120, 'x') + "\n");
  EXPECT_NE(load_agent_config(dir / "bgpsentry.yml", modules())
                .errors_text()
                .find("unix sockets allow at most"),
            std::string::npos);
}

TEST(AgentConfig, HistoryScopeAndRetention) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", "prefixes_file: prefixes.yml\n");
  auto defaults = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(defaults.errors.empty()) << defaults.errors_text();
  EXPECT_TRUE(defaults.config.history.scope_all);
  EXPECT_EQ(defaults.config.history.retention_days, 0);
  EXPECT_EQ(defaults.config.history.max_bytes, 0u);
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nhistory:\n  scope: monitored\n  retention_days: 30\n"
        "  max_bytes: 10000000000\n  retention_check_seconds: 5\n");
  auto set = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(set.errors.empty()) << set.errors_text();
  EXPECT_FALSE(set.config.history.scope_all);
  EXPECT_EQ(set.config.history.retention_days, 30);
  EXPECT_EQ(set.config.history.max_bytes, 10000000000u);
  EXPECT_EQ(set.config.history.retention_check_seconds, 5);
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nhistory:\n  scope: some\n  retention_days: -1\n"
        "  keep: forever\n");
  const auto text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("bgpsentry.yml:3:10: history.scope: expected all or monitored"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("history.retention_days"), std::string::npos) << text;
  EXPECT_NE(text.find("history.keep: unknown key"), std::string::npos) << text;
}

TEST(AgentConfig, RpkiFilesAreCheckedAtLoad) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  write(dir / "prefixes.yml", "192.0.2.0/24:\n  asn: 64496\n");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nrpki:\n  vrpFile: " +
            test::shared_data("rpki/stayrtr-test.rpki.json") +
            "\n  slurmFile: " + test::shared_data("rpki/stayrtr-test.slurm.json") +
            "\n  checkUncovered: true\n  markDataAsStaleAfterMinutes: 60\n");
  auto set = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(set.errors.empty()) << set.errors_text();
  EXPECT_TRUE(set.config.rpki.vrp_file.ends_with("/rpki/stayrtr-test.rpki.json"))
      << set.config.rpki.vrp_file;
  EXPECT_TRUE(set.config.rpki.check_uncovered);
  EXPECT_EQ(set.config.rpki.stale_after_minutes, 60);

  write(dir / "vrps.json",
        "{\"roas\": [{\"asn\": 1, \"prefix\": \"1.0.0.0/24\", \"maxLength\": 40}]}");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nrpki:\n  vrpFile: vrps.json\n  refresh: 5\n");
  const auto text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("bgpsentry.yml:3:12: rpki.vrpFile: " + (dir / "vrps.json") +
                      ": roas[0]: maxLength: 40 is outside 24..32 for 1.0.0.0/24"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rpki.refresh: unknown key"), std::string::npos) << text;
  write(dir / "bgpsentry.yml", "prefixes_file: prefixes.yml\nrpki:\n  slurmFile: none.json\n");
  const auto missing = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(missing.find("cannot read SLURM file"), std::string::npos) << missing;
  EXPECT_NE(missing.find("needs rpki.vrpFile"), std::string::npos) << missing;
}

}  // namespace bgpsentry

namespace bgpsentry {

// BGPalerter's names: top-level defaults, then each monitor's own parameters.
TEST(AgentConfig, MonitorThresholdsAndNoiseControls) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", "prefixes_file: prefixes.yml\n");
  auto defaults = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(defaults.errors.empty()) << defaults.errors_text();
  const auto& d = defaults.config.monitors;
  EXPECT_EQ(policy_for(d, AlertType::kSubprefixHijack).threshold_min_peers, 3u);
  EXPECT_EQ(policy_for(d, AlertType::kVisibilityLoss).threshold_min_peers, 40u);
  EXPECT_EQ(policy_for(d, AlertType::kVisibilityLoss).notification_interval_s, 3600);
  EXPECT_EQ(policy_for(d, AlertType::kPath).threshold_min_peers, 1u);
  EXPECT_EQ(policy_for(d, AlertType::kOriginHijack).fade_off_s, 360);

  write(dir / "bgpsentry.yml", R"(monitors:
  hijack: {thresholdMinPeers: 5, thresholdCountBy: asns}
  visibility:
    thresholdMinPeers: 10
    alertOnlyOnce: false
prefixes_file: prefixes.yml
notificationIntervalSeconds: 1800
alertOnlyOnce: true
fadeOffSeconds: 60
)");
  auto set = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(set.errors.empty()) << set.errors_text();
  const auto& s = set.config.monitors;
  for (AlertType t : {AlertType::kOriginHijack, AlertType::kSubprefixHijack}) {
    EXPECT_EQ(policy_for(s, t).threshold_min_peers, 5u);
    EXPECT_TRUE(policy_for(s, t).count_peer_asns);
    EXPECT_TRUE(policy_for(s, t).alert_only_once) << "the top-level default";
    EXPECT_EQ(policy_for(s, t).notification_interval_s, 1800);
    EXPECT_EQ(policy_for(s, t).fade_off_s, 60);
  }
  EXPECT_EQ(policy_for(s, AlertType::kVisibilityLoss).threshold_min_peers, 10u);
  EXPECT_FALSE(policy_for(s, AlertType::kVisibilityLoss).alert_only_once) << "its own wins";
  EXPECT_EQ(policy_for(s, AlertType::kNewPrefix).threshold_min_peers, 3u);

  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
monitors:
  hijak: {thresholdMinPeers: 5}
  rpki: {thresholdMinPeers: -1, countBy: peers}
  path: {thresholdCountBy: routers}
fadeOffSeconds: soon
)");
  const auto text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("bgpsentry.yml:3:3: monitors.hijak: unknown monitor (known: hijack,"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("monitors.rpki.thresholdMinPeers"), std::string::npos) << text;
  EXPECT_NE(text.find("monitors.rpki.countBy: unknown parameter"), std::string::npos) << text;
  EXPECT_NE(text.find("monitors.path.thresholdCountBy: expected peers or asns"), std::string::npos)
      << text;
  EXPECT_NE(text.find("fadeOffSeconds"), std::string::npos) << text;
}

}  // namespace bgpsentry

namespace bgpsentry {

// The leak and neighbors monitors' keys, the relationships file (read and checked at load,
// errors with the file's own line) and a sink's minimum confidence.
TEST(AgentConfig, RelationshipsNeighborsLeakAndSinkConfidence) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nas_relationships_file: " +
            test::shared_data("as-relationships/20161101.as-rel.txt.bz2") +
            "\nmonitors:\n  neighbors: {thresholdMinPeers: 2}\n  leak: {thresholdMinPeers: 4}\n"
            "sinks:\n  - {type: stand_in, path: alerts.jsonl, min_confidence: 7}\n");
  auto set = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(set.errors.empty()) << set.errors_text();
  EXPECT_TRUE(
      std::filesystem::equivalent(set.config.as_relationships_file,
                                  test::shared_data("as-relationships/20161101.as-rel.txt.bz2")));
  EXPECT_EQ(policy_for(set.config.monitors, AlertType::kNeighborChange).threshold_min_peers, 2u);
  EXPECT_EQ(policy_for(set.config.monitors, AlertType::kRouteLeak).threshold_min_peers, 4u);
  EXPECT_EQ(set.config.sinks.at(0).min_confidence, 7u);

  write(dir / "as-rel.txt", "# header\n1|2|-1\n1|2|sideways\n");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nas_relationships_file: as-rel.txt\n"
        "sinks:\n  - {type: stand_in, path: a.jsonl, min_confidence: 11}\n");
  const auto text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("bgpsentry.yml:2:24: as_relationships_file: " + (dir / "as-rel.txt") +
                      ":3: a relationship that is not -1, 0 or 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sinks[0].min_confidence"), std::string::npos) << text;
}

}  // namespace bgpsentry

namespace bgpsentry {

// Config checks what it can itself: a data file with no check registered must still be
// there to read, and is named with its field.
TEST(AgentConfig, DataFilesWithoutAModulesCheckMustBeReadable) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "vrps.csv", "ASN,IP Prefix,Max Length,Trust Anchor\nnot a vrp\n");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nrpki: {vrpFile: vrps.csv, slurmFile: missing.json}\n");
  const auto text = load_agent_config(dir / "bgpsentry.yml", ConfigModules{}).errors_text();
  EXPECT_EQ(text.find("rpki.vrpFile"), std::string::npos) << "readable; contents unchecked";
  EXPECT_NE(text.find("rpki.slurmFile: cannot read " + (dir / "missing.json")), std::string::npos)
      << text;
  EXPECT_NE(load_agent_config(dir / "bgpsentry.yml", modules()).errors_text().find("rpki.vrpFile"),
            std::string::npos)
      << "the rpki module's check reads the contents";
}

TEST(AgentConfig, RpkiFromAnRtrCache) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nrpki:\n  rtr: {host: 127.0.0.1, port: 3323}\n  slurmFile: " +
            test::shared_data("rpki/stayrtr-test.slurm.json") + "\n");
  auto set = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(set.errors.empty()) << set.errors_text();
  EXPECT_TRUE(set.config.rpki.enabled());
  EXPECT_EQ(set.config.rpki.rtr_host, "127.0.0.1");
  EXPECT_EQ(set.config.rpki.rtr_port, "3323");

  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nrpki:\n  rtr: {port: 70000, tls: true}\n");
  const auto text = load_agent_config(dir / "bgpsentry.yml", modules()).errors_text();
  EXPECT_NE(text.find("rpki.rtr.port"), std::string::npos) << text;
  EXPECT_NE(text.find("rpki.rtr.tls: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("rpki.rtr.host: missing"), std::string::npos) << text;
}

}  // namespace bgpsentry

namespace bgpsentry {

// sources: and sinks: as config reads them: the common keys, names, and each type's reader
// for the rest; the types config is given are the only ones it knows.
TEST(AgentConfig, SectionsAreReadByTheirType) {
  test::TempDir dir;
  write(dir / "prefixes.yml", "");
  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - {type: stand_in, path: a}
  - {type: stand_in, path: /b, name: second}
sinks:
  - {path: c, type: stand_in, min_confidence: 3, types: [origin_hijack, ROUTE_LEAK], groups: noc}
)");
  auto good = load_agent_config(dir / "bgpsentry.yml", modules());
  ASSERT_TRUE(good.errors.empty()) << good.errors_text();
  ASSERT_EQ(good.config.sources.size(), 2u);
  EXPECT_EQ(good.config.sources[0].name, "stand_in");
  EXPECT_EQ(good.config.sources[0].as<std::string>(), dir / "a");
  EXPECT_EQ(good.config.sources[1].name, "second");
  EXPECT_EQ(good.config.sources[1].as<std::string>(), "/b");
  EXPECT_EQ(good.config.sinks.at(0).as<std::string>(), dir / "c");
  EXPECT_EQ(good.config.sinks.at(0).min_confidence, 3u);
  EXPECT_EQ(good.config.sinks.at(0).types,
            (std::vector<AlertType>{AlertType::kOriginHijack, AlertType::kRouteLeak}));
  EXPECT_EQ(good.config.sinks.at(0).groups, std::vector<std::string>{"noc"});

  write(dir / "bgpsentry.yml", R"(prefixes_file: prefixes.yml
sources:
  - {type: pigeon}
  - {path: a}
  - {type: stand_in, path: a, colour: blue}
  - {type: stand_in, path: a, name: stand_in2}
  - just a string
sinks: {type: stand_in}
)");
  const auto bad = load_agent_config(dir / "bgpsentry.yml", modules());
  const std::string text = bad.errors_text();
  EXPECT_EQ(bad.errors.size(), 6u) << text;
  EXPECT_NE(text.find("bgpsentry.yml:3:12: sources[0].type: unknown source type 'pigeon' "
                      "(supported: stand_in)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[1].type: missing (supported: stand_in)"), std::string::npos) << text;
  EXPECT_NE(text.find("bgpsentry.yml:5:31: sources[2].colour: unknown key for type stand_in"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[3].name: duplicate source name 'stand_in2'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("sources[4]: expected a map with a type"), std::string::npos) << text;
  EXPECT_NE(text.find("sinks: expected a list of sinks"), std::string::npos) << text;
  // A loader given no types knows none.
  EXPECT_NE(load_agent_config(dir / "bgpsentry.yml", ConfigModules{})
                .errors_text()
                .find("sources[0].type: unknown source type 'pigeon' (supported: )"),
            std::string::npos);
  write(dir / "bgpsentry.yml",
        "prefixes_file: prefixes.yml\nsinks:\n  - {type: stand_in, path: c, types: [hijack]}\n");
  EXPECT_NE(load_agent_config(dir / "bgpsentry.yml", modules())
                .errors_text()
                .find("sinks[0].types: 'hijack' is not an alert type"),
            std::string::npos);
}

}  // namespace bgpsentry
