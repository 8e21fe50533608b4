// MRT export: every update of real archives, written as BGP4MP and read back by our own
// reader, is the same update (bgpdump reads them too: tests/integration).
#include "agent/wire/mrt_writer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

std::vector<Update> read_all(const std::string& path) {
  std::vector<Update> out;
  auto stream = open_byte_stream(path);
  EXPECT_TRUE(stream) << path;
  if (!stream) return out;
  MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
  while (reader.next(out)) {
  }
  EXPECT_EQ(reader.stats().parse_errors, 0u) << path;
  return out;
}

}  // namespace

class MrtWriterRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(MrtWriterRoundTrip, ReadBackEqual) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto original = read_all(test::shared_data(GetParam()));
  ASSERT_FALSE(original.empty());
  std::string bytes;
  for (const auto& u : original) wire::append_mrt_record(u, bytes);
  test::TempDir dir;
  std::ofstream(dir / "out.mrt", std::ios::binary) << bytes;
  const auto back = read_all(dir / "out.mrt");
  ASSERT_EQ(back.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) {
    const Update &a = original[i], &b = back[i];
    ASSERT_EQ(a.time_us, b.time_us) << i;
    // RIB entries are exported as BGP4MP announcements.
    ASSERT_EQ(a.kind == UpdateKind::kRibEntry ? UpdateKind::kAnnounce : a.kind, b.kind) << i;
    ASSERT_EQ(a.peer_ip, b.peer_ip) << i;
    ASSERT_EQ(a.peer_asn, b.peer_asn) << i;
    if (a.kind == UpdateKind::kPeerState) {
      ASSERT_EQ(a.old_state, b.old_state) << i;
      ASSERT_EQ(a.new_state, b.new_state) << i;
      continue;
    }
    ASSERT_EQ(a.prefix, b.prefix) << i;
    ASSERT_EQ(a.safi, b.safi) << i;
    ASSERT_EQ(a.path_id, b.path_id) << i;
    ASSERT_EQ(a.attrs == nullptr, b.attrs == nullptr) << i;
    if (a.attrs && a.kind != UpdateKind::kWithdraw) {
      ASSERT_EQ(*a.attrs, *b.attrs) << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    RealFiles, MrtWriterRoundTrip,
    ::testing::Values("mrt/incident-youtube-2008/updates.20080224.1839.bz2",
                      "mrt/libbgpstream/ris.rrc06.updates.1427846400.gz",
                      "mrt/bgpdump-tests/updates.et-header.2015.gz",
                      "mrt/bgpdump-tests/updates.20100722.2015.gz",
                      "mrt/bgpdump-tests/updates.20020722.2238.gz",
                      "mrt/router-lab-samples/bird_bgp", "mrt/router-lab-samples/bird6_bgp",
                      "mrt/router-lab-samples/openbgpd_bgp",
                      "mrt/bgpdump-tests/bview.ipv6_unicast_add_path.gz",
                      "mrt/bgpdump-tests/updates.20070211.0141.gz"),  // multicast
    [](const auto& info) {
      std::string n = info.param.substr(info.param.rfind('/') + 1);
      for (auto& c : n)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

}  // namespace bgpsentry
