// RIS Live messages: the real sample (libbgpstream's recording of 2019-03-26, every message
// type and a broken last line), the raw BGP message against the JSON fields, and the forms
// the protocol uses (AS_SET as a nested array, peer_asn as a string, IPv6 next hops).
#include <gtest/gtest.h>

#include "agent/decode/ris_message.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

std::vector<std::string> sample_lines() {
  return test::split_lines(
      test::read_file(test::shared_data("ris-live/libbgpstream-ris-live-stream.json")));
}

Result<RisMessage> decode(const std::string& json) {
  RisMessageDecoder d;
  return d.decode(json, "ris");
}

// The line without its "raw" member.
std::string without_raw(std::string line) {
  const size_t at = line.find("\"raw\":");
  const size_t end = line.find("\",", at) + 2;
  return line.erase(at, end - at);
}

}  // namespace

TEST(RisMessage, EveryMessageOfTheRealSample) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto lines = sample_lines();
  ASSERT_EQ(lines.size(), 7u);
  RisMessageDecoder d;
  std::vector<RisMessageKind> kinds;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    auto m = d.decode(lines[i], "ris");
    ASSERT_TRUE(m) << "line " << i + 1 << ": " << m.error();
    kinds.push_back(m->kind);
  }
  EXPECT_EQ(kinds,
            (std::vector<RisMessageKind>{
                RisMessageKind::kUpdate, RisMessageKind::kPeerState, RisMessageKind::kError,
                RisMessageKind::kOpen, RisMessageKind::kNotification, RisMessageKind::kKeepalive}));
  // The last line lacks its closing brace.
  auto broken = d.decode(lines.back(), "ris");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().find("not valid JSON"), std::string::npos) << broken.error();

  auto update = d.decode(lines[0], "ris");
  ASSERT_EQ(update->updates.size(), 1u);
  const Update& u = update->updates[0];
  EXPECT_EQ(update->host, "rrc00");
  EXPECT_EQ(u.source, "rrc00");
  EXPECT_EQ(u.time_us, 1553627987890000);
  EXPECT_EQ(u.peer_ip.to_string(), "72.22.223.9");
  EXPECT_EQ(u.peer_asn, 11708u);
  EXPECT_EQ(u.kind, UpdateKind::kAnnounce);
  EXPECT_EQ(u.prefix.to_string(), "45.161.192.0/23");
  EXPECT_EQ(u.attrs->as_path.to_string(),
            "11708 32097 1299 52320 263009 263009 263009 263009 263009 52993 268481 268481");
  EXPECT_EQ(u.attrs->next_hop->to_string(), "72.22.223.9");
  EXPECT_EQ(u.attrs->origin_type, OriginType::kIgp);
  EXPECT_TRUE(update->warnings.empty());

  // The JSON fields alone give the same route as the raw BGP message.
  auto json_only = d.decode(without_raw(lines[0]), "ris");
  ASSERT_TRUE(json_only) << json_only.error();
  ASSERT_EQ(json_only->updates.size(), 1u);
  const Update& j = json_only->updates[0];
  EXPECT_EQ(j.prefix, u.prefix);
  EXPECT_EQ(j.attrs->as_path, u.attrs->as_path);
  EXPECT_EQ(j.attrs->next_hop, u.attrs->next_hop);
  EXPECT_EQ(j.attrs->origin_type, u.attrs->origin_type);

  auto state = d.decode(lines[1], "ris");
  ASSERT_EQ(state->updates.size(), 1u);
  EXPECT_EQ(state->updates[0].kind, UpdateKind::kPeerState);
  EXPECT_EQ(state->updates[0].new_state, 1) << "down: no longer Established";
  EXPECT_EQ(state->updates[0].peer_asn, 24931u);
  EXPECT_EQ(d.decode(lines[2], "ris")->error, "this is a test error message");
}

TEST(RisMessage, SetsCommunitiesWithdrawalsAndIpv6) {
  auto m = decode(R"({"type":"ris_message","data":{"timestamp":1700000000.5,"peer":"2001:db8::1",
    "peer_asn":"64496","host":"rrc21","type":"UPDATE","path":[64496,174,[64500,64501]],
    "community":[[174,21000],[64496,1]],"origin":"incomplete","med":10,
    "aggregator":"64501:192.0.2.9",
    "announcements":[{"next_hop":"2001:db8::1,fe80::1","prefixes":["2001:db8:100::/48","2001:db8:200::/48"]}],
    "withdrawals":["2001:db8:300::/48"]}})");
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->updates.size(), 3u);
  const Update& a = m->updates[0];
  EXPECT_EQ(a.attrs->as_path.to_string(), "64496 174 {64500,64501}");
  EXPECT_TRUE(a.attrs->as_path.origins().size() == 2);
  EXPECT_EQ(a.attrs->communities, (std::vector<uint32_t>{174u << 16 | 21000, 64496u << 16 | 1}));
  EXPECT_EQ(a.attrs->origin_type, OriginType::kIncomplete);
  EXPECT_EQ(a.attrs->med, 10u);
  EXPECT_EQ(a.attrs->aggregator->asn, 64501u);
  EXPECT_EQ(a.attrs->next_hop_link_local->to_string(), "fe80::1");
  EXPECT_EQ(m->updates[0].attrs, m->updates[1].attrs) << "one announcement's prefixes share";
  EXPECT_EQ(m->updates[2].kind, UpdateKind::kWithdraw);
  EXPECT_EQ(m->updates[2].prefix.to_string(), "2001:db8:300::/48");
  EXPECT_EQ(m->time_us, 1700000000500000);
  // Two announcements, two next hops: each gets its own, and the path of the message.
  auto two = decode(R"({"type":"ris_message","data":{"timestamp":1,"peer":"192.0.2.1",
    "peer_asn":"64496","type":"UPDATE","path":[64496,64511],
    "announcements":[{"next_hop":"192.0.2.1","prefixes":["10.0.0.0/8"]},
                     {"next_hop":"192.0.2.2","prefixes":["10.1.0.0/16","10.2.0.0/16"]}]}})");
  ASSERT_TRUE(two) << two.error();
  ASSERT_EQ(two->updates.size(), 3u);
  EXPECT_EQ(two->updates[0].attrs->next_hop->to_string(), "192.0.2.1");
  EXPECT_EQ(two->updates[1].attrs->next_hop->to_string(), "192.0.2.2");
  EXPECT_EQ(two->updates[1].attrs, two->updates[2].attrs);
  for (const auto& u : two->updates) EXPECT_EQ(u.attrs->as_path.to_string(), "64496 64511");
}

TEST(RisMessage, ErrorsSayWhatAndWhere) {
  const std::string head =
      R"({"type":"ris_message","data":{"timestamp":1700000000,"peer":"192.0.2.1","peer_asn":"64496","type":"UPDATE",)";
  struct Case {
    std::string json;
    const char* says;
  };
  for (
      const auto& c : std::vector<Case>{
          {"[1,2]", "not a JSON object"},
          {R"({"data":{}})", "type: missing"},
          {R"({"type":"ris_message"})", "data: missing"},
          {R"({"type":"ris_message","data":{"type":"UPDATE","peer":"192.0.2.1","peer_asn":"1"}})",
           "data.timestamp"},
          {R"({"type":"ris_message","data":{"timestamp":1,"type":"UPDATE","peer":"x","peer_asn":"1"}})",
           "data.peer: 'x' is not an address"},
          {R"({"type":"ris_message","data":{"timestamp":1,"type":"UPDATE","peer":"192.0.2.1","peer_asn":"AS-X"}})",
           "data.peer_asn"},
          {head + R"("path":[1,"x"]}})", "data.path[1]: not an AS number"},
          {head + R"("path":[1,[2,{}]]}})", "data.path[1]: an AS_SET member"},
          {head + R"("origin":"bgp"}})", "data.origin: 'bgp'"},
          {head + R"("community":[[1,70000]]}})", "data.community[0]"},
          {head + R"("announcements":[{"next_hop":"192.0.2.1","prefixes":["10.0.0.0/33"]}]}})",
           "data.announcements[0].prefixes[0]: not a prefix"},
          {head + R"("announcements":[{"next_hop":"nope","prefixes":[]}]}})",
           "data.announcements[0].next_hop"},
          {head + R"("withdrawals":[7]}})", "data.withdrawals[0]: not a prefix"},
      }) {
    auto m = decode(c.json);
    ASSERT_FALSE(m) << c.json;
    EXPECT_NE(m.error().find(c.says), std::string::npos) << m.error();
  }
  // The longest path a BGP message can carry decodes; one AS more (in a set too) is
  // refused, so that judging one update stays bounded.
  auto path_of = [](size_t asns, bool last_in_set) {
    std::string path = "[";
    for (size_t i = 0; i + 1 < asns; ++i) path += std::to_string(65000 + i % 500) + ",";
    return path + (last_in_set ? "[64500]]" : "64500]");
  };
  const std::string announce =
      R"(,"announcements":[{"next_hop":"192.0.2.1","prefixes":["192.0.2.0/24"]}]}})";
  auto longest = decode(head + R"("path":)" + path_of(AsPath::kMaxLength, false) + announce);
  ASSERT_TRUE(longest) << longest.error();
  EXPECT_EQ(longest->updates.at(0).attrs->as_path.segments().at(0).asns.size(), AsPath::kMaxLength);
  for (const bool in_set : {false, true}) {
    auto longer = decode(head + R"("path":)" + path_of(AsPath::kMaxLength + 1, in_set) + announce);
    ASSERT_FALSE(longer);
    EXPECT_NE(longer.error().find("data.path: more than 32767 ASNs"), std::string::npos)
        << longer.error();
  }
  // A raw message that does not decode falls back to the JSON fields, with a warning.
  auto m = decode(
      head +
      R"("raw":"FFFF00","path":[64496,64511],"announcements":[{"next_hop":"192.0.2.1","prefixes":["10.0.0.0/8"]}]}})");
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->updates.size(), 1u);
  ASSERT_EQ(m->warnings.size(), 1u);
  EXPECT_NE(m->warnings[0].find("using the JSON fields"), std::string::npos);
  // Unknown types are skipped, not errors (the protocol grows).
  auto other = decode(R"({"type":"ris_rrc_list","data":["rrc00"]})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->kind, RisMessageKind::kOther);
}

}  // namespace bgpsentry

#include "agent/wire/ris_message_writer.h"
#include "tests/support/detector_test_support.h"

namespace bgpsentry {

// Every update of a real MRT file written as RIS Live messages and decoded again is the
// update MRT gave: peer, time, kind, prefix and the attributes RIS Live carries.
TEST(RisMessageWriter, RealArchiveRoundTrip) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::vector<Update> all;
  test::for_each_mrt_update(test::shared_data("mrt/libbgpstream/ris.rrc06.updates.1427846400.gz"),
                            [&](const Update& u) { all.push_back(u); });
  test::for_each_mrt_update(
      test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2"),
      [&](const Update& u) { all.push_back(u); });
  ASSERT_GT(all.size(), 40000u);
  RisMessageDecoder decoder;
  size_t compared = 0, messages = 0;
  wire::for_each_ris_message(all, [&](std::span<const Update> message) {
    std::string json;
    wire::append_ris_message(message, "rrc06", ++messages, json);
    auto m = decoder.decode(json, "x");
    ASSERT_TRUE(m) << m.error() << "\n" << json;
    ASSERT_EQ(m->updates.size(), message.size()) << json;
    // Announcements first, then withdrawals, as the message lists them.
    std::vector<const Update*> order;
    for (const auto& u : message)
      if (u.kind != UpdateKind::kWithdraw) order.push_back(&u);
    for (const auto& u : message)
      if (u.kind == UpdateKind::kWithdraw) order.push_back(&u);
    for (size_t i = 0; i < order.size(); ++i) {
      const Update& want = *order[i];
      const Update& got = m->updates[i];
      ASSERT_EQ(got.time_us, want.time_us);
      ASSERT_EQ(got.peer_ip, want.peer_ip);
      ASSERT_EQ(got.peer_asn, want.peer_asn);
      ASSERT_EQ(got.source, "rrc06");
      if (want.kind == UpdateKind::kPeerState) {
        ASSERT_EQ(got.kind, UpdateKind::kPeerState);
        ASSERT_EQ(got.new_state == 6, want.new_state == 6);
        continue;
      }
      ASSERT_EQ(got.prefix, want.prefix) << json;
      ASSERT_EQ(got.kind == UpdateKind::kWithdraw, want.kind == UpdateKind::kWithdraw);
      if (want.attrs) {
        ASSERT_EQ(got.attrs->as_path, want.attrs->as_path) << json;
        ASSERT_EQ(got.attrs->next_hop, want.attrs->next_hop) << json;
        ASSERT_EQ(got.attrs->origin_type, want.attrs->origin_type);
        ASSERT_EQ(got.attrs->communities, want.attrs->communities);
        ASSERT_EQ(got.attrs->med, want.attrs->med);
        ASSERT_EQ(got.attrs->aggregator, want.attrs->aggregator);
      }
      ++compared;
    }
  });
  EXPECT_GT(compared, 40000u);
  EXPECT_LT(messages, all.size()) << "prefixes of one BGP message travel in one RIS message";
}

}  // namespace bgpsentry

#include "agent/ingest/ris_live/ris_live_file_reader.h"

namespace bgpsentry {

// A recording read line by line: six messages and the broken line, reported with file and
// line; a reader resumed at a saved offset goes on from the next line.
TEST(RisLiveFileReader, RealSampleAndResume) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("ris-live/libbgpstream-ris-live-stream.json");
  std::vector<std::string> errors;
  auto open = [&] {
    auto stream = open_byte_stream(path);
    EXPECT_TRUE(stream);
    return RisLiveFileReader(std::move(*stream), path, "ris",
                             [&](const std::string& e) { errors.push_back(e); });
  };
  auto reader = open();
  std::vector<Update> updates;
  std::vector<uint64_t> offsets;
  while (reader.next(updates)) offsets.push_back(reader.offset());
  EXPECT_EQ(offsets.size(), 7u);
  EXPECT_EQ(updates.size(), 2u);
  EXPECT_EQ(reader.stats().records, 6u);
  EXPECT_EQ(reader.stats().parse_errors, 1u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], path + ":3: ris_error: this is a test error message");
  EXPECT_TRUE(errors[1].starts_with(path + ":7: not valid JSON")) << errors[1];

  errors.clear();
  auto resumed = open();
  ASSERT_TRUE(resumed.skip_to(offsets[1]));  // after the peer state line
  std::vector<Update> rest;
  while (resumed.next(rest)) {
  }
  EXPECT_TRUE(rest.empty()) << "the two updates were before the cursor";
  EXPECT_EQ(resumed.stats().records, 4u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], path + " (line at byte " + std::to_string(offsets[1]) +
                           "): ris_error: this is a test error message");
  EXPECT_NE(errors[1].find("(line at byte"), std::string::npos) << errors[1];
  auto beyond = open();
  EXPECT_FALSE(beyond.skip_to(offsets.back() + 10));
}

}  // namespace bgpsentry
