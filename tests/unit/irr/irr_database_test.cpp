// IRR dumps in RPSL: the written fixtures in tests/data/irr (see their README), each
// refused object named with file and line, gzip as published, bounded objects.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "agent/ingest/byte_stream.h"
#include "agent/irr/irr_database.h"
#include "agent/irr/rpsl_routes.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

std::string fixture(const std::string& name) {
  return test::source_dir() + "/tests/data/irr/" + name;
}

Prefix P(const char* text) {
  return *Prefix::parse(text);
}

std::vector<RouteObject> routes_of(const std::string& text, std::vector<RpslProblem>* problems) {
  auto in = memory_byte_stream(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::vector<RouteObject> out;
  std::vector<std::string> keep;
  auto st = read_rpsl_routes(
      *in, [&](const RouteObject& r) { out.push_back(r); },
      [&](const RpslProblem& p) {
        if (problems) problems->push_back(p);
      });
  EXPECT_TRUE(st) << st.error();
  for (auto& r : out) r.mnt_by = r.source = {};  // the views ended with the callback
  return out;
}

TEST(RpslRoutes, RadbObjectsWithContinuationsCommentsAndOtherClasses) {
  auto db = IrrDatabase::load({fixture("radb.db")});
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->stats().objects, 4u) << "the aut-num is passed over";
  EXPECT_EQ(db->stats().malformed, 0u);
  const auto yt = db->covering(P("208.65.152.0/22"));
  ASSERT_EQ(yt.size(), 2u);
  EXPECT_EQ(yt[0].origin, 3549u);
  EXPECT_EQ(yt[0].mnt_by, "MAINT-GBLX") << "the first of a list";
  EXPECT_EQ(yt[1].origin, 36561u);
  EXPECT_EQ(yt[1].mnt_by, "MAINT-AS36561");
  EXPECT_EQ(yt[1].source, "RADB");
  const auto doc = db->covering(P("192.0.2.0/24"));
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0].origin, 64500u) << "'as64500   # comment'";
  EXPECT_EQ(doc[0].source, "RADB") << "source upper-cased";
  ASSERT_EQ(db->covering(P("198.51.100.0/24")).size(), 1u);
  EXPECT_EQ(db->covering(P("198.51.100.0/24"))[0].origin, 65546u) << "asdot AS1.10";
}

TEST(RpslRoutes, RipeSplitFilesAndCrlfLines) {
  auto db =
      IrrDatabase::load({fixture("ripe.db.route"), fixture("ripe.db.route6"), fixture("crlf.db")});
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->stats().files, 3u);
  EXPECT_EQ(db->stats().objects, 4u);
  EXPECT_EQ(db->stats().malformed, 0u);
  EXPECT_EQ(db->check(P("2001:67c:2e8::/48"), 3333).verdict, IrrVerdict::kValid);
  const auto crlf = db->covering(P("203.0.113.0/24"));
  ASSERT_EQ(crlf.size(), 1u);
  EXPECT_EQ(crlf[0].mnt_by, "MAINT-CRLF");
  EXPECT_EQ(crlf[0].source, "RADB");
}

TEST(RpslRoutes, EachMalformedObjectIsNamedWithFileAndLineAndTheRestLoad) {
  auto db = IrrDatabase::load({fixture("malformed.db")});
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->stats().objects, 2u);
  EXPECT_EQ(db->stats().malformed, 9u);
  const std::string f = fixture("malformed.db");
  const std::vector<std::string> expected{
      f + ":5: route: '203.0.113.0/33' is not a prefix",
      f + ":9: route: '203.0.113.1/24' has host bits set",
      f + ":13: route 203.0.114.0/24: no origin",
      f + ":17: route 203.0.115.0/24: more than one origin",
      f + ":22: route 203.0.116.0/24: origin '64501' is not an AS number",
      f + ":26: route6: '203.0.117.0/24' is an IPv4 prefix",
      f + ":30: route: '2001:db8::/32' is an IPv6 prefix",
      f + ":34: route: 'not-a-prefix' is not a prefix",
      f + ":38: route 203.0.118.0/24: origin 'AS4294967296' is not an AS number",
  };
  EXPECT_EQ(db->stats().problems, expected);
  EXPECT_EQ(db->check(P("2001:db8:1::/48"), 64502).verdict, IrrVerdict::kValid)
      << "the last object needs no blank line after it";
}

TEST(IrrDatabase, VerdictsFromCoveringObjects) {
  auto db = IrrDatabase::load({fixture("radb.db"), fixture("ripe.db.route")});
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->check(P("208.65.153.0/24"), 36561).verdict, IrrVerdict::kValid)
      << "a more specific under the /22 of its origin";
  const auto pakistan = db->check(P("208.65.153.0/24"), 17557);
  EXPECT_EQ(pakistan.verdict, IrrVerdict::kInvalidOrigin);
  EXPECT_EQ(pakistan.covering.size(), 2u);
  EXPECT_EQ(db->check(P("10.0.0.0/8"), 17557).verdict, IrrVerdict::kNotFound);
  EXPECT_TRUE(db->check(P("10.0.0.0/8"), 17557).covering.empty());
  // Most specific first: the /23 before the /21 that covers it.
  const auto ripe = db->covering(P("193.0.10.0/24"));
  ASSERT_EQ(ripe.size(), 1u);
  EXPECT_EQ(ripe[0].prefix, P("193.0.10.0/23"));
  EXPECT_EQ(db->covering(P("193.0.0.0/8")).size(), 0u) << "less specific is not covered";
  EXPECT_STREQ(to_string(IrrVerdict::kInvalidOrigin), "INVALID_ORIGIN");
}

TEST(IrrDatabase, GzipDumpsLoadAsPublished) {
  test::TempDir dir;
  const std::string text = test::read_file(fixture("radb.db"));
  const std::string gz = dir / "radb.db.gz";
  gzFile out = gzopen(gz.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(out);
  auto db = IrrDatabase::load({gz});
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->stats().objects, 4u);
}

TEST(IrrDatabase, AMissingOrTruncatedFileIsAnErrorNamingIt) {
  test::TempDir dir;
  auto missing = IrrDatabase::load({dir / "nope.db"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("nope.db"), std::string::npos) << missing.error();
  // A gzip cut in half: the stream's error, with the file's name.
  const std::string text = test::read_file(fixture("radb.db"));
  const std::string gz = dir / "cut.db.gz";
  gzFile out = gzopen(gz.c_str(), "wb");
  for (int i = 0; i < 200; ++i) gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  const std::string whole = test::read_file(gz);
  std::ofstream(gz, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
  auto cut = IrrDatabase::load({gz});
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().find("cut.db.gz"), std::string::npos) << cut.error();
}

// Hostile dumps: an object longer than any real one, and one line of many megabytes, are
// refused with their line; what follows them loads; memory stays bounded by the object cap.
TEST(RpslRoutes, OversizedObjectsAndLinesAreRefusedAndReadingGoesOn) {
  std::string text = "route: 192.0.2.0/24\norigin: AS1\n";
  for (int i = 0; i < 40000; ++i) text += "remarks: " + std::string(30, 'x') + "\n";
  text += "\nroute: 198.51.100.0/24\norigin: AS2\ndescr: " + std::string(5 << 20, 'y') +
          "\nsource: TEST\n\nroute: 203.0.113.0/24\norigin: AS3\n";
  std::vector<RpslProblem> problems;
  const auto routes = routes_of(text, &problems);
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].origin, 3u);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].line, 1u);
  EXPECT_NE(problems[0].what.find("larger than"), std::string::npos) << problems[0].what;
  EXPECT_EQ(problems[1].line, 40004u);
}

TEST(RpslRoutes, EmptyInputAndInputWithoutRoutes) {
  std::vector<RpslProblem> problems;
  EXPECT_TRUE(routes_of("", &problems).empty());
  EXPECT_TRUE(routes_of("% only a comment\n\n\n", &problems).empty());
  EXPECT_TRUE(routes_of("mntner: X\nsource: Y\n", &problems).empty());
  EXPECT_TRUE(problems.empty());
}

}  // namespace
}  // namespace bgpsentry
