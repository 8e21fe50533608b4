// The pieces of a config change: edits checked as the file loader checks them, the diff
// recorded with each revision (compared with diffutils' own `diff -u`), the revision log
// in a real RocksDB store, and the manager that writes, records and applies.
#include <gtest/gtest.h>

#include <fstream>

#include "agent/config/prefixes_edit.h"
#include "agent/config/prefixes_manager.h"
#include "agent/config/text_diff.h"
#include "storage/revision_store.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

PrefixesConfig load_text(const std::string& text) {
  ConfigErrors errors("test.yml");
  auto config = parse_prefixes_yaml(text, errors);
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  return config;
}

MonitoredPrefix entry(const std::string& prefix, std::vector<uint32_t> asns) {
  MonitoredPrefix p;
  p.prefix = *Prefix::parse(prefix);
  p.asns = std::move(asns);
  return p;
}

// Hunks as diffutils writes them (its two header lines carry file names and times).
std::string diff_u_hunks(const test::TempDir& dir, const std::string& a, const std::string& b) {
  std::ofstream(dir.path() + "/a") << a;
  std::ofstream(dir.path() + "/b") << b;
  auto r = test::run_command({"/usr/bin/diff", "-u", dir.path() + "/a", dir.path() + "/b"});
  const size_t body = r.out.find('\n', r.out.find('\n') + 1);
  return body == std::string::npos ? "" : r.out.substr(body + 1);
}

TEST(TextDiff, MatchesDiffutilsOnRealPrefixFiles) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  const std::string before =
      test::read_file(test::shared_data("bgpalerter-config/generated-prefixes.initial.append.yml"));
  const std::string after =
      test::read_file(test::shared_data("bgpalerter-config/generated-prefixes.final.append.yml"));
  const std::string ours = unified_diff(before, after, "a", "b");
  ASSERT_FALSE(ours.empty());
  EXPECT_EQ(ours.substr(ours.find('\n', ours.find('\n') + 1) + 1),
            diff_u_hunks(dir, before, after));

  // Edits at the start, the end, far apart (two hunks), and everything replaced.
  std::string lines;
  for (int i = 0; i < 40; ++i) lines += "line " + std::to_string(i) + "\n";
  std::string edited = "new first\n" + lines;
  edited.replace(edited.find("line 20\n"), 8, "line twenty\n");
  edited += "new last\n";
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {lines, edited}, {edited, lines}, {"x\ny\n", "z\n"}, {"", "a\n"}, {"a\n", ""}}) {
    const std::string d = unified_diff(a, b, "a", "b");
    EXPECT_EQ(d.substr(d.find('\n', d.find('\n') + 1) + 1), diff_u_hunks(dir, a, b)) << d;
  }
  EXPECT_EQ(unified_diff(lines, lines, "a", "b"), "");
}

TEST(PrefixesEdit, RefusesWhatTheLoaderWouldAndKeepsTheRest) {
  PrefixesConfig c = load_text("192.0.2.0/24:\n  description: doc\n  asn: 64500\n");
  EXPECT_FALSE(add_prefix(c, entry("198.51.100.0/24", {64501})));
  auto e = add_prefix(c, entry("192.0.2.0/24", {1}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, EditError::kExists);
  e = add_prefix(c, entry("203.0.113.0/24", {}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, EditError::kInvalid);
  MonitoredPrefix squat = entry("203.0.113.0/24", {});
  squat.squat = true;
  EXPECT_FALSE(add_prefix(c, squat));
  e = remove_prefix(c, *Prefix::parse("10.0.0.0/8"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, EditError::kNotFound);
  EXPECT_FALSE(add_asn(c, MonitoredAsn{64510, {}, std::vector<uint32_t>{3356}, std::nullopt}));
  EXPECT_EQ(add_asn(c, MonitoredAsn{64510, {}, {}, {}})->code, EditError::kExists);

  // What is written loads back as the same set, squat and neighbour lists included.
  auto canonical = canonical_prefixes(c, "prefixes.yml");
  ASSERT_TRUE(canonical) << canonical.error();
  ASSERT_EQ(canonical->config.prefixes.size(), 3u);
  EXPECT_TRUE(canonical->config.prefixes[2].squat);
  EXPECT_EQ(canonical->config.prefixes[0].description, "doc");
  ASSERT_EQ(canonical->config.asns.size(), 1u);
  EXPECT_EQ(canonical->config.asns[0].upstreams, std::vector<uint32_t>{3356});
  EXPECT_FALSE(canonical->config.asns[0].downstreams);

  // A bad regex is found by loading the result back, with the field named.
  MonitoredPrefix bad = entry("10.0.0.0/8", {1});
  PathRule rule;
  rule.match = "(unclosed";
  bad.path_rules.push_back(rule);
  ASSERT_FALSE(add_prefix(c, bad));
  auto refused = canonical_prefixes(c, "prefixes.yml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("10.0.0.0/8.path[0].match"), std::string::npos) << refused.error();

  EXPECT_FALSE(parse_api_prefix("10.0.0.1/8"));
  EXPECT_TRUE(parse_api_prefix("2001:db8::/32"));
}

TEST(PrefixesManager, WritesRecordsAndAppliesInOrderAndResumesFromTheStore) {
  test::TempDir dir;
  const std::string path = dir.path() + "/prefixes.yml";
  const std::string text = "# mine\n192.0.2.0/24:\n  asn: 64500\n";
  std::ofstream(path) << text;
  std::vector<size_t> applied;
  auto apply = [&](const std::shared_ptr<const PrefixesConfig>& c) {
    applied.push_back(c->prefixes.size());
    return ok_status();
  };
  {
    auto db = Database::open(dir.path() + "/db");
    ASSERT_TRUE(db) << db.error();
    RevisionStore log(**db);
    PrefixesManager manager(path, load_text(text), text, log, apply);
    ASSERT_TRUE(manager.start());
    EXPECT_EQ(manager.revision(), 1u);
    auto r = manager.change(
        "alice (unix socket)", "prefix add 198.51.100.0/24",
        [](PrefixesConfig& c) { return add_prefix(c, entry("198.51.100.0/24", {1})); });
    ASSERT_TRUE(std::holds_alternative<PrefixesManager::Change>(r));
    EXPECT_EQ(std::get<PrefixesManager::Change>(r).revision, 2u);
    // A refused edit leaves all as it was.
    r = manager.change("alice", "x", [](PrefixesConfig& c) {
      return add_prefix(c, entry("198.51.100.0/24", {1}));
    });
    ASSERT_TRUE(std::holds_alternative<EditError>(r));
    EXPECT_EQ(manager.revision(), 2u);
    EXPECT_EQ(applied, (std::vector<size_t>{2}));
    const auto rev = log.get(2);
    ASSERT_TRUE(rev);
    EXPECT_EQ(rev->who, "alice (unix socket)");
    EXPECT_EQ(rev->text, test::read_file(path));
    EXPECT_NE(rev->diff.find("-# mine\n"), std::string::npos) << rev->diff;
    EXPECT_NE(rev->diff.find("+198.51.100.0/24:\n"), std::string::npos) << rev->diff;
  }
  // Edited by hand while stopped: the next start records it.
  std::ofstream(path, std::ios::app) << "203.0.113.0/24:\n  asn: 64502\n";
  const std::string edited = test::read_file(path);
  auto db = Database::open(dir.path() + "/db");
  ASSERT_TRUE(db) << db.error();
  RevisionStore log(**db);
  PrefixesManager manager(path, load_text(edited), edited, log, apply);
  ASSERT_TRUE(manager.start());
  EXPECT_EQ(manager.revision(), 3u);
  EXPECT_EQ(log.last()->action, "start: the prefixes file changed while the agent was stopped");
  std::vector<uint64_t> ids;
  ASSERT_TRUE(log.for_each_before(0, 0, [&](const ConfigRevision& r) {
    ids.push_back(r.id);
    return true;
  }));
  EXPECT_EQ(ids, (std::vector<uint64_t>{3, 2, 1}));
}

}  // namespace
}  // namespace bgpsentry
