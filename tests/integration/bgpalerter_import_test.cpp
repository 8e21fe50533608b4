// bgpctl import bgpalerter on BGPalerter's own config.yml.example and groups.yml.example
// (../shared/data/bgpalerter-config): the result passes bgpsentryd --check-config, as is and
// with the example's commented-out reports switched on; what cannot be converted is named.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/daemon.h"

namespace bgpsentry::test {
namespace {

const std::string kExamples = "bgpalerter-config/";

// The example with its commented-out report modules (reportEmail … reportMatrix) on.
std::string with_every_report(const std::string& example) {
  std::istringstream in(example);
  std::string out;
  bool in_reports = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#  - file: report", 0) == 0) in_reports = true;
    if (line.rfind("####", 0) == 0) in_reports = false;
    if (in_reports && line.rfind("#  ", 0) == 0) line.erase(0, 1);
    out += line + "\n";
  }
  return out;
}

struct Imported {
  CommandResult run;
  std::string yaml;
  CommandResult check;
};

Imported import_and_check(const TempDir& dir, const std::string& config_text) {
  std::ofstream(dir / "config.yml") << config_text;
  std::filesystem::copy_file(shared_data(kExamples + "prefixes.yml.example"), dir / "prefixes.yml",
                             std::filesystem::copy_options::overwrite_existing);
  Imported r;
  r.run = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "config.yml", "--groups",
                       shared_data(kExamples + "groups.yml.example"), "-O", dir / "bgpsentry.yml"});
  r.yaml = read_file(dir / "bgpsentry.yml");
  r.check = run_command({bgpsentryd(), "--check-config", "--config", dir / "bgpsentry.yml"});
  return r;
}

}  // namespace

TEST(BgpalerterImport, TheExampleConfigConverts) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  const auto r = import_and_check(dir, read_file(shared_data(kExamples + "config.yml.example")));
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  EXPECT_EQ(r.check.exit_code, 0) << r.yaml << r.check.out << r.check.err;
  for (const char* part : {"prefixes_file: prefixes.yml", "notificationIntervalSeconds: 86400",
                           "hijack:\n    thresholdMinPeers: 3",
                           "visibility:\n    thresholdMinPeers: 40\n    "
                           "notificationIntervalSeconds: 3600",
                           "type: ris_live", "type: file", "max_bytes: 15728640"})
    EXPECT_NE(r.yaml.find(part), std::string::npos) << part << "\n" << r.yaml;
  for (const char* note :
       {"monitor monitorROAS (rpki-diff) is not converted",
        "rpki.vrpProvider rpkiclient downloads VRPs", "groups file: reportEmail has user groups"})
    EXPECT_NE(r.run.err.find(note), std::string::npos) << note << "\n" << r.run.err;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "bgpsentry.yml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u) << "it may hold secrets";
  auto again = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "config.yml", "-O",
                            dir / "bgpsentry.yml"});
  EXPECT_EQ(again.exit_code, 73) << "never over an existing file";
}

TEST(BgpalerterImport, EveryReportOfTheExampleConvertsOrIsNamed) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  const auto r = import_and_check(
      dir, with_every_report(read_file(shared_data(kExamples + "config.yml.example"))));
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  EXPECT_EQ(r.check.exit_code, 0) << r.yaml << r.check.out << r.check.err;
  // Email: one sink per user group (the config's and groups.yml's), STARTTLS, AUTH.
  for (const char* part :
       {"name: email-default", "name: email-noc", "name: email-mygroup", "url: smtp://localhost:25",
        "starttls: true", "from: bgpalerter@xxxx", "- joe@example.org", "- example@example.it",
        "username: username", "groups:\n      - noc",
        // Syslog with BGPalerter's own template.
        "type: syslog", "address: udp://127.0.0.1:514",
        "template: \"++BGPalerter-3-${type}: ${summary}|${earliest}|${latest}\""})
    EXPECT_NE(r.yaml.find(part), std::string::npos) << part << "\n" << r.yaml;
  for (const char* note :
       {"reportSlack: the hook of group default is not a URL (_YOUR_SLACK_WEBHOOK_URL_)",
        "reportHTTP: the hook of group noc is not a URL", "report reportKafka is not converted",
        "report reportAlerta is not converted", "report reportPullAPI is not converted",
        "report reportMatrix is not converted", "reportTelegram: botUrl is not",
        "reportSyslog: one template per sink"})
    EXPECT_NE(r.run.err.find(note), std::string::npos) << note << "\n" << r.run.err;
}

// Webhooks with real-looking URLs convert per group; hostile input is refused with where.
TEST(BgpalerterImport, HooksPerGroupAndHostileInput) {
  TempDir dir;
  std::ofstream(dir / "prefixes.yml") << "192.0.2.0/24:\n  asn: 64500\n  group: noc\n";
  std::ofstream(dir / "config.yml") << R"(monitoredPrefixesFiles: [prefixes.yml]
reports:
  - file: reportSlack
    channels: [hijack, rpki]
    params:
      hooks:
        default: https://hooks.slack.com/services/T0/B0/DEFAULT
        noc: https://hooks.slack.com/services/T0/B0/NOC
  - file: reportTelegram
    channels: [visibility]
    params:
      botUrl: https://api.telegram.org/bot123456:ABC/sendMessage
      chatIds: {default: "-1001", noc: "-1002"}
  - file: reportHTTP
    channels: [hijack]
    params:
      method: put
      isTemplateJSON: true
      templates: {default: '{"message": "${summary}"}'}
      hooks: {default: "https://ops.example.net/bgp"}
)";
  auto run = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "config.yml", "-O",
                          dir / "bgpsentry.yml"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string yaml = read_file(dir / "bgpsentry.yml");
  auto check = run_command({bgpsentryd(), "--check-config", "--config", dir / "bgpsentry.yml"});
  EXPECT_EQ(check.exit_code, 0) << yaml << check.err;
  for (const char* part :
       {"name: slack-noc", "url: https://hooks.slack.com/services/T0/B0/NOC",
        "types:\n      - FEED\n      - ORIGIN_HIJACK\n      - RPKI_INVALID\n      - SQUAT\n      - "
        "SUBPREFIX_HIJACK",
        "name: telegram-noc", "token: 123456:ABC", "chat_id: -1002",
        "url: https://api.telegram.org", "format: http", "method: put",
        "template: \"{\\\"message\\\": \\\"${summary}\\\"}\""})
    EXPECT_NE(yaml.find(part), std::string::npos) << part << "\n" << yaml;

  std::ofstream(dir / "bomb.yml") << "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
  auto bomb = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "bomb.yml"});
  EXPECT_EQ(bomb.exit_code, 65);
  EXPECT_NE(bomb.err.find("bomb.yml"), std::string::npos) << bomb.err;
  std::ofstream(dir / "broken.yml") << "reports: [\n";
  auto broken = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "broken.yml"});
  EXPECT_EQ(broken.exit_code, 65);
  EXPECT_NE(broken.err.find("broken.yml"), std::string::npos) << broken.err;
  std::ofstream(dir / "odd.yml") << "reports:\n  - file: reportSyslog\n    params: {port: [1]}\n";
  auto odd = run_command({bgpctl(), "import", "bgpalerter", "--config", dir / "odd.yml"});
  EXPECT_NE(odd.exit_code, 0) << "a list where a port is: refused, not a crash";
  EXPECT_LT(odd.exit_code, 128) << odd.err;
}

}  // namespace bgpsentry::test
