#include "agent/ingest/mrt/mrt_file_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "agent/decode/byte_reader.h"
#include "agent/decode/mrt_record.h"
#include "agent/ingest/mrt/archive_files.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

const char* kYoutube = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";

struct ReadResult {
  std::map<std::string, size_t> counts;  // announce/withdraw updates per prefix
  size_t updates = 0;
  FileReadStats stats;
  std::vector<std::string> errors;
};

ReadResult read_all(const std::string& path) {
  auto stream = open_byte_stream(path);
  EXPECT_TRUE(stream) << stream.error();
  ReadResult r;
  if (!stream) return r;
  MrtFileReader reader(
      std::move(*stream), path, "test", [&](const std::string& e) { r.errors.push_back(e); },
      nullptr);
  std::vector<Update> out;
  while (reader.next(out)) {
    for (const auto& u : out)
      if (u.kind == UpdateKind::kAnnounce || u.kind == UpdateKind::kWithdraw) {
        ++r.counts[u.prefix.to_string()];
        ++r.updates;
      }
    out.clear();
  }
  r.stats = reader.stats();
  return r;
}

std::vector<uint8_t> decompress(const std::string& path) {
  auto data = read_all_bytes(path);
  EXPECT_TRUE(data) << data.error();
  return data ? std::move(*data) : std::vector<uint8_t>{};
}

std::vector<size_t> record_offsets(const std::vector<uint8_t>& data) {
  std::vector<size_t> offsets;
  for (size_t at = 0; at + kMrtHeaderSize <= data.size();) {
    offsets.push_back(at);
    at += kMrtHeaderSize + load_u32(&data[at + 8]);
  }
  return offsets;
}

void write_file(const std::string& path, const std::vector<uint8_t>& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace

// Every prefix's announce/withdraw count equals bgpdump's, on real RIS and RouteViews
// files (gzip and bzip2, IPv4 and IPv6, 2- and 4-byte ASNs, BGP4MP_ET).
class MrtMatchesBgpdump : public ::testing::TestWithParam<std::string> {};

TEST_P(MrtMatchesBgpdump, PerPrefixCounts) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data(GetParam());
  size_t total = 0;
  const auto expected = test::bgpdump_prefix_counts(path, &total);
  const auto got = read_all(path);
  EXPECT_TRUE(got.errors.empty()) << got.errors.front();
  EXPECT_EQ(got.updates, total);
  EXPECT_EQ(got.counts.size(), expected.size());
  size_t mismatches = 0;
  for (const auto& [prefix, n] : expected) {
    auto it = got.counts.find(prefix);
    const size_t have = it == got.counts.end() ? 0 : it->second;
    if (have != n && ++mismatches <= 5)
      ADD_FAILURE() << prefix << ": bgpdump " << n << ", us " << have;
  }
  EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    RealFiles, MrtMatchesBgpdump,
    ::testing::Values(kYoutube, "mrt/libbgpstream/ris.rrc06.updates.1427846400.gz",
                      "mrt/libbgpstream/routeviews.route-views.jinx.updates.1427846400.bz2",
                      "mrt/bgpdump-tests/updates.20100722.2015.gz",
                      "mrt/bgpdump-tests/updates.20071015.1505.gz",
                      "mrt/bgpdump-tests/updates.et-header.2015.gz",
                      "mrt/bgpdump-tests/updates.long_withdrawal.gz",
                      // RouteViews records cut at 4096 bytes mid-NLRI (see BgpMessage tests).
                      "mrt/routeviews-2008/day-20080223/updates.20080223.0502.bz2",
                      "mrt/routeviews-2008/day-20080223/updates.20080223.2335.bz2",
                      "mrt/router-lab-samples/openbgpd_bgp", "mrt/router-lab-samples/quagga_bgp"),
    [](const auto& info) {
      std::string name = info.param.substr(info.param.find_last_of('/') + 1);
      for (auto& c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

TEST(MrtReader, YoutubeHijackAnnouncementsAreThere) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto got = read_all(test::shared_data(kYoutube));
  EXPECT_EQ(got.counts.at("208.65.153.0/24"), 71u);  // the README's count
  EXPECT_EQ(got.stats.parse_errors, 0u);
}

TEST(MrtReader, GarbageBetweenRecordsIsSkippedAndReadingResumes) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto data = decompress(test::shared_data(kYoutube));
  const auto offsets = record_offsets(data);
  ASSERT_GT(offsets.size(), 1000u);
  const size_t cut = offsets[offsets.size() / 2];
  std::vector<uint8_t> damaged(data.begin(), data.begin() + static_cast<long>(cut));
  std::mt19937 rng(42);
  for (int i = 0; i < 5000; ++i) damaged.push_back(static_cast<uint8_t>(rng()));
  damaged.insert(damaged.end(), data.begin() + static_cast<long>(cut), data.end());
  test::TempDir dir;
  write_file(dir / "damaged.mrt", damaged);

  const auto clean = read_all(test::shared_data(kYoutube));
  const auto got = read_all(dir / "damaged.mrt");
  EXPECT_EQ(got.updates, clean.updates) << "every record before and after the garbage is read";
  EXPECT_GE(got.stats.parse_errors, 1u);
  ASSERT_FALSE(got.errors.empty());
  EXPECT_NE(got.errors[0].find("offset " + std::to_string(cut)), std::string::npos)
      << got.errors[0];
}

TEST(MrtReader, DamagedRecordBodyCostsOnlyThatRecord) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto data = decompress(test::shared_data(kYoutube));
  const auto offsets = record_offsets(data);
  // Overwrite the BGP marker and length of one record's message with junk.
  const size_t victim = offsets[1234];
  for (size_t i = victim + kMrtHeaderSize + 16; i < victim + kMrtHeaderSize + 40; ++i)
    data[i] = 0x5A;
  test::TempDir dir;
  write_file(dir / "damaged.mrt", data);
  const auto clean = read_all(test::shared_data(kYoutube));
  const auto got = read_all(dir / "damaged.mrt");
  EXPECT_EQ(got.stats.parse_errors, 1u);
  EXPECT_EQ(got.stats.records, clean.stats.records - 1);
  EXPECT_GT(got.updates, clean.updates - 50);
  ASSERT_EQ(got.errors.size(), 1u);
  EXPECT_NE(got.errors[0].find("offset " + std::to_string(victim)), std::string::npos)
      << got.errors[0];
}

TEST(MrtReader, TruncatedFileKeepsWhatCameBefore) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto data = decompress(test::shared_data(kYoutube));
  const auto offsets = record_offsets(data);
  const size_t cut = offsets[500] + 30;  // mid-record
  test::TempDir dir;
  write_file(dir / "cut.mrt", {data.begin(), data.begin() + static_cast<long>(cut)});
  const auto got = read_all(dir / "cut.mrt");
  EXPECT_EQ(got.stats.records, 500u);
  ASSERT_EQ(got.errors.size(), 1u);
  EXPECT_NE(got.errors[0].find("truncated record"), std::string::npos) << got.errors[0];
  EXPECT_NE(got.errors[0].find("offset " + std::to_string(offsets[500])), std::string::npos);

  // A truncated compressed file: the decompressor's error is reported, earlier records kept.
  const auto compressed = test::read_file(test::shared_data(kYoutube));
  std::vector<uint8_t> half(compressed.begin(),
                            compressed.begin() + static_cast<long>(compressed.size() / 2));
  write_file(dir / "cut.bz2", half);
  const auto partial = read_all(dir / "cut.bz2");
  EXPECT_GT(partial.stats.records, 1000u);
  ASSERT_FALSE(partial.errors.empty());
  EXPECT_NE(partial.errors.front().find("bzip2 stream truncated"), std::string::npos)
      << partial.errors.front();
}

TEST(MrtReader, PureGarbageNeverCrashes) {
  test::TempDir dir;
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<uint8_t> junk(1 + rng() % 20000);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    write_file(dir / "junk", junk);
    const auto got = read_all(dir / "junk");
    EXPECT_EQ(got.updates, 0u);
  }
  write_file(dir / "empty", {});
  EXPECT_EQ(read_all(dir / "empty").stats.parse_errors, 0u);
}

// BIRD writes ADD-PATH NLRI under the plain MESSAGE_AS4 subtype; bgpdump then prints
// nonsense (e.g. "24.0.0.0/1"), so these files are checked on their own.
TEST(MrtReader, AddPathNlriUnderAPlainSubtypeIsRecovered) {
  BGPSENTRY_NEEDS_TEST_DATA();
  for (const char* file : {"mrt/router-lab-samples/bird_bgp", "mrt/router-lab-samples/bird6_bgp"}) {
    const auto got = read_all(test::shared_data(file));
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_GT(got.updates, 10u) << file;
    for (const auto& [prefix, n] : got.counts) {
      const auto p = *Prefix::parse(prefix);
      // The lab announces RFC 1918 / ULA-style space, never /0 or /1 routes.
      EXPECT_GE(p.length(), 8) << file << ": " << prefix;
    }
  }
}

TEST(MrtReader, DeprecatedEntrySubtypeIsSkippedWithANote) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/router-lab-samples/openbgpd_rib_table-mp");
  auto stream = open_byte_stream(path);
  ASSERT_TRUE(stream);
  std::vector<std::string> notes;
  MrtFileReader reader(std::move(*stream), path, "t", nullptr,
                       [&](const std::string& n) { notes.push_back(n); });
  std::vector<Update> out;
  while (reader.next(out)) {
  }
  EXPECT_GT(reader.stats().skipped, 0u);
  EXPECT_EQ(reader.stats().parse_errors, 0u);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("BGP4MP_ENTRY"), std::string::npos) << notes[0];
}

TEST(MrtSource, FilesAreOrderedByTheTimeInTheirNames) {
  test::TempDir dir;
  for (const char* name :
       {"updates.20080224.1839.bz2", "updates.20080223.2350.bz2", "updates.20080224.0014.bz2"})
    write_file(dir / name, {});
  const auto files = archive_files_in_time_order({dir / "updates.*.bz2"});
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0], dir / "updates.20080223.2350.bz2");
  EXPECT_EQ(files[2], dir / "updates.20080224.1839.bz2");
}

}  // namespace bgpsentry
