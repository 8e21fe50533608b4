// IRR evidence through the daemon: irr.files loaded at start, tags on the real YouTube 2008
// hijack, `bgpctl irr check`, the monitored origins checked against the objects with one
// notice per change (none again after a restart), a reload on change, a malformed object
// and a broken reload reported in status while the dumps before stay in force. The dumps are
// the written fixtures of tests/data/irr (see their README).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/daemon.h"

namespace bgpsentry::test {
namespace {

std::string fixture(const std::string& name) {
  return source_dir() + "/tests/data/irr/" + name;
}

// The FEED notices the IRR check raised, oldest first.
std::vector<v1::Alert> irr_notices(const Daemon& d) {
  std::vector<v1::Alert> out;
  for (const auto& a : d.alerts())
    if (a.type() == v1::FEED && a.source() == "irr") out.push_back(a);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id() < b.id(); });
  return out;
}

// Replaces `path` as an IRR mirror job does (a new file renamed over the old), with a new
// mtime for certain.
void replace_dump(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".new";
  std::ofstream(tmp, std::ios::binary) << text;
  std::filesystem::last_write_time(
      tmp, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
  std::filesystem::rename(tmp, path);
}

TEST(Irr, EvidenceOnTheYoutubeHijackChecksReloadsAndNoticesThroughTheDaemon) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  const std::string dump = dir / "radb.db";
  std::filesystem::copy_file(fixture("radb.db"), dump);
  Daemon d(dir, {shared_data(kYoutube)}, kYoutubePrefixes, "",
           "irr:\n  files: [" + dump + "]\n  reload_check_seconds: 1\n");
  d.start();
  ASSERT_TRUE(d.wait_finished());

  // Loaded, and two of the three monitored prefixes have no object.
  auto irr = d.status().irr();
  EXPECT_EQ(irr.objects(), 4u);
  EXPECT_EQ(irr.malformed(), 0u);
  EXPECT_EQ(irr.loads(), 1u);
  EXPECT_TRUE(irr.has_loaded());
  ASSERT_EQ(irr.disagreements_size(), 2) << d.status().DebugString();
  EXPECT_EQ(irr.disagreements(0), "208.117.224.0/19: no IRR route object covers it");
  auto notices = irr_notices(d);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].description().find("2 monitored prefixes disagree"), std::string::npos)
      << notices[0].description();

  // The hijack's event carries the IRR tags.
  const auto events = d.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(events.size(), 1u);
  std::set<std::string> tags;
  for (const auto& t : events[0].tags()) tags.insert(t.name());
  EXPECT_TRUE(tags.count("irr_new_origin_invalid")) << events[0].DebugString();
  EXPECT_TRUE(tags.count("irr_old_origin_valid"));
  EXPECT_EQ(events[0].confidence(), 10u);

  // bgpctl irr check, text and JSON.
  auto check = d.ctl({"irr", "check", "208.65.153.0/24", "AS17557", "-o", "json"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  const auto result = parse_json<v1::IrrCheckResult>(check.out);
  EXPECT_EQ(result.verdict(), v1::INVALID_ORIGIN);
  ASSERT_EQ(result.covering_size(), 2);
  EXPECT_EQ(result.covering(1).origin(), 36561u);
  EXPECT_EQ(result.covering(1).mnt_by(), "MAINT-AS36561");
  EXPECT_EQ(result.objects_loaded(), 4u);
  auto text = d.ctl({"irr", "check", "208.65.153.0/24", "36561"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("208.65.153.0/24 AS36561: VALID"), std::string::npos) << text.out;
  auto not_found = d.ctl({"irr", "check", "10.0.0.0/8", "1", "-o", "json"});
  EXPECT_EQ(parse_json<v1::IrrCheckResult>(not_found.out).verdict(), v1::NOT_FOUND);
  EXPECT_EQ(d.ctl({"irr", "check", "not-a-prefix", "1"}).exit_code, 64);
  EXPECT_EQ(d.ctl({"irr", "check", "10.0.0.0/8", "AS99999999999"}).exit_code, 64);

  // The mirror brings objects for the other two prefixes and one broken object: reloaded
  // within seconds, the disagreement is over (one notice says so), the broken one is named.
  replace_dump(dump, read_file(fixture("radb.db")) +
                         "\nroute: 208.117.224.0/19\norigin: AS36561\nsource: RADB\n"
                         "\nroute: 64.15.112.0/20\norigin: AS36561\nsource: RADB\n"
                         "\nroute: 64.15.112.0/33\norigin: AS36561\nsource: RADB\n");
  ASSERT_TRUE(eventually([&] { return d.status().irr().loads() == 2; }, 30s)) << d.log();
  irr = d.status().irr();
  EXPECT_EQ(irr.objects(), 6u);
  EXPECT_EQ(irr.malformed(), 1u);
  ASSERT_EQ(irr.problems_size(), 1);
  EXPECT_EQ(irr.problems(0), dump + ":41: route: '64.15.112.0/33' is not a prefix");
  EXPECT_EQ(irr.disagreements_size(), 0);
  ASSERT_TRUE(eventually([&] { return irr_notices(d).size() == 2; }, 10s));
  EXPECT_NE(irr_notices(d)[1].description().find("agree"), std::string::npos);

  // A reload that fails (the mirror left a cut gzip): said in status, the 6 objects stay.
  std::string gz = read_file(shared_data(kYoutube));  // any compressed bytes, cut short
  replace_dump(dump, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) + gz.substr(100, 300));
  ASSERT_TRUE(eventually([&] { return !d.status().irr().last_error().empty(); }, 30s));
  EXPECT_NE(d.status().irr().last_error().find(dump), std::string::npos);
  EXPECT_EQ(d.status().irr().objects(), 6u);
  EXPECT_EQ(d.status().irr().loads(), 2u);
  EXPECT_EQ(d.ctl({"irr", "check", "64.15.112.0/20", "36561"}).exit_code, 0);

  // Restarted on a good dump with the same objects: nothing new to say.
  replace_dump(dump, read_file(fixture("radb.db")) +
                         "\nroute: 208.117.224.0/19\norigin: AS36561\nsource: RADB\n"
                         "\nroute: 64.15.112.0/20\norigin: AS36561\nsource: RADB\n");
  EXPECT_EQ(d.terminate(), 0);
  d.start();
  EXPECT_EQ(d.status().irr().disagreements_size(), 0);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(irr_notices(d).size(), 2u) << "a restart repeats no notice";
  EXPECT_EQ(d.terminate(), 0);
}

// Without irr.files: CheckIrr says what is missing (EX_CONFIG), status has no irr part, and
// a dump that cannot be read stops --check-config with its field.
TEST(Irr, WithoutDumpsTheCheckSaysWhatIsMissing) {
  TempDir dir;
  Daemon d(dir, {source_dir() + "/tests/data/mrt_dump/bird_bgp.m"});  // in the repository
  d.start();
  auto r = d.ctl({"irr", "check", "10.0.0.0/8", "1"});
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE(r.err.find("irr.files"), std::string::npos) << r.err;
  EXPECT_FALSE(d.status().has_irr());
  EXPECT_EQ(d.terminate(), 0);

  std::ofstream(dir / "bad.yml") << "data_dir: ./var\nprefixes_file: prefixes.yml\n"
                                    "irr:\n  files: [/nonexistent/radb.db]\n";
  auto checked = run_command({bgpsentryd(), "--config", dir / "bad.yml", "--check-config"});
  EXPECT_NE(checked.exit_code, 0);
  EXPECT_NE(checked.err.find("irr.files[0]"), std::string::npos) << checked.err << checked.out;
}

}  // namespace
}  // namespace bgpsentry::test
