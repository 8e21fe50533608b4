// The history store on a real RocksDB directory, checked against bgpdump's view of the
// same real files.
#include "storage/history_store.h"

#include "agent/config/monitored_index.h"
#include "storage/retention.h"
#include "storage/store_writer.h"
#include "storage/update_bucket.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "storage/codec.h"
#include "storage/meta_store.h"
#include "tests/support/history_ingest.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

OriginQuery by_origin(uint32_t asn) {
  OriginQuery q;
  q.asn = asn;
  return q;
}

size_t count(const HistoryStore& store, const HistoryQuery& q) {
  size_t n = 0;
  auto r = store.scan(q, [&](const Update&) { ++n; });
  EXPECT_TRUE(r) << r.error();
  return n;
}

// Every prefix of bgpdump's counts has that many stored updates; reports the first mismatches.
template <typename Counts>
void expect_prefix_counts(const HistoryStore& store, const Counts& expected) {
  size_t mismatches = 0;
  for (const auto& [prefix, n] : expected) {
    HistoryQuery q;
    q.prefix = *Prefix::parse(prefix);
    const size_t got = count(store, q);
    if (got != n && ++mismatches <= 5)
      ADD_FAILURE() << prefix << ": bgpdump " << n << ", stored " << got;
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace

class HistoryMatchesBgpdump : public ::testing::TestWithParam<std::string> {};

TEST_P(HistoryMatchesBgpdump, EveryPrefixHasBgpdumpsLineCount) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data(GetParam());
  size_t total = 0;
  const auto expected = test::bgpdump_prefix_counts(path, &total);
  test::TempDir dir;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db) << db.error();
    HistoryStore store(**db);
    test::ingest_file(store, path);
    EXPECT_EQ(store.count(), total);
  }
  // Reopen: everything written is there.
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db) << db.error();
  HistoryStore store(**db);
  EXPECT_EQ(store.count(), total);
  expect_prefix_counts(store, expected);
  EXPECT_EQ(MetaStore(**db).read_cursor("mrt/test/" + path), "done");
}

// The daemon's writer: one thread encodes a write while the other stores the one before. Every
// batch is stored, each prefix's updates in the order they arrived, and a source hears its
// batch is done (its completion token) only once it is stored, cursor included.
TEST(StoreWriter, StoresEveryBatchInOrderAndReleasesThemOnlyOnceStored) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  size_t total = 0;
  const auto expected = test::bgpdump_prefix_counts(path, &total);
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db) << db.error();
  HistoryStore store(**db);
  // Each prefix's (time, peer) in the order read: the order its history must keep.
  std::map<std::string, std::vector<std::pair<int64_t, std::string>>> arrival;
  BatchQueue queue(4 * 4096);
  StoreHealth health;
  StoreWriter writer(queue, store, health);
  writer.start();
  std::mutex mu;
  size_t published = 0, batches = 0, released = 0, late = 0;
  auto stream = open_byte_stream(path);
  ASSERT_TRUE(stream);
  MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
  auto batch = std::make_shared<UpdateBatch>();
  auto publish = [&](const std::string& cursor) {
    for (const auto& u : batch->updates)
      arrival[u.prefix.to_string()].emplace_back(u.time_us, u.peer_ip.to_string());
    batch->cursor = SourceCursor{"mrt/test", cursor};
    const size_t through = published += batch->updates.size();
    ++batches;
    batch->completion = std::make_shared<CompletionToken>([&, through, cursor] {
      std::lock_guard lock(mu);
      ++released;
      if (store.count() < through || MetaStore(**db).read_cursor("mrt/test") < cursor) ++late;
    });
    ASSERT_TRUE(queue.push(std::move(batch)));
    batch = std::make_shared<UpdateBatch>();
  };
  // Zero-padded offsets: cursors that compare as their positions do ("~done" after all).
  auto offset = [&] {
    char text[24];
    std::snprintf(text, sizeof text, "%012llu", static_cast<unsigned long long>(reader.offset()));
    return std::string(text);
  };
  while (reader.next(batch->updates))
    if (batch->updates.size() >= 1000) publish(offset());
  publish("~done");
  queue.close();
  writer.join();
  EXPECT_EQ(store.count(), total);
  EXPECT_EQ(health.failed_writes(), 0u);
  EXPECT_EQ(writer.abandoned(), 0u);
  EXPECT_GT(batches, 10u);
  EXPECT_EQ(released, batches) << "every batch's token was released";
  EXPECT_EQ(late, 0u) << "a token released before its batch and cursor were stored";
  expect_prefix_counts(store, expected);
  for (auto& [prefix, want] : arrival) {
    std::stable_sort(want.begin(), want.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<int64_t, std::string>> got;
    HistoryQuery q;
    q.prefix = *Prefix::parse(prefix);
    ASSERT_TRUE(store.scan(
        q, [&](const Update& u) { got.emplace_back(u.time_us, u.peer_ip.to_string()); }));
    ASSERT_EQ(got, want) << prefix;
  }
}

// A schema-5 store kept one key per update ([prefix][time][sequence]); values of formats 1 and 2
// held everything, peer state changes included. Opening it converts it to hourly buckets:
// every prefix still has bgpdump's line count, in time order, with its attributes.
TEST(HistoryStore, PerUpdateKeysOfSchema5BecomeBuckets) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  size_t total = 0;
  const auto expected = test::bgpdump_prefix_counts(path, &total);
  test::TempDir dir;
  // The file has no state changes; one of a real peer of it, in format 2 as version 5 kept it.
  std::optional<Update> drop;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    auto stream = open_byte_stream(path);
    ASSERT_TRUE(stream);
    MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
    std::vector<Update> updates;
    while (reader.next(updates)) {
    }
    rocksdb::WriteBatch batch;
    uint64_t seq = 0;
    for (const auto& u : updates) {
      if (!drop) {
        drop = u;
        drop->kind = UpdateKind::kPeerState;
        drop->attrs.reset();
        drop->old_state = 6;  // Established -> Idle
        drop->new_state = 1;
        drop->time_us += 1'000000;
        batch.Put((*db)->updates(), codec::update_key(drop->prefix, drop->time_us, seq++),
                  codec::encode_update_value(*drop));
      }
      batch.Put((*db)->updates(), codec::update_key(u.prefix, u.time_us, seq++),
                codec::encode_update_value(u));
    }
    // A record no reader understands: dropped, not left to fail every scan near it.
    batch.Put((*db)->updates(), codec::update_key(*Prefix::parse("208.65.153.0/24"), 1, 0),
              "\x09garbage");
    ASSERT_TRUE((*db)->db().Write(rocksdb::WriteOptions(), &batch).ok());
    ASSERT_TRUE(MetaStore(**db).put("schema_version", "5"));
    ASSERT_TRUE(MetaStore(**db).put("history/next_sequence", std::to_string(seq)));
  }
  for (int open = 0; open < 2; ++open) {  // the second open finds nothing left to convert
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db) << db.error();
    if (open == 1) {
      ASSERT_TRUE(MetaStore(**db).put("schema_version", "5"));
      db->reset();
      db = Database::open(dir / "db");
      ASSERT_TRUE(db) << db.error();
    }
    HistoryStore store(**db);
    expect_prefix_counts(store, expected);
    HistoryQuery q;
    q.prefix = *Prefix::parse("208.65.153.0/24");
    int64_t previous = 0;
    size_t hijacks = 0;
    ASSERT_TRUE(store.scan(q, [&](const Update& u) {
      EXPECT_GE(u.time_us, previous);
      previous = u.time_us;
      hijacks +=
          u.kind == UpdateKind::kAnnounce && u.attrs && u.origins() == std::vector<uint32_t>{17557};
    }));
    EXPECT_GT(hijacks, 0u);
    // The state changes are in the peer log now.
    auto down = store.peers().went_down(drop->peer_ip, drop->time_us - 1, drop->time_us);
    ASSERT_TRUE(down);
    EXPECT_TRUE(*down);
    std::unique_ptr<rocksdb::Iterator> it(
        (*db)->db().NewIterator(rocksdb::ReadOptions(), (*db)->updates()));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      ASSERT_TRUE(codec::parse_bucket_key(it->key().ToStringView())) << "only buckets are left";
  }
}

INSTANTIATE_TEST_SUITE_P(RealFiles, HistoryMatchesBgpdump,
                         ::testing::Values("mrt/incident-youtube-2008/updates.20080224.1839.bz2",
                                           "mrt/libbgpstream/ris.rrc06.updates.1427846400.gz"),
                         [](const auto& info) {
                           return info.index == 0 ? "youtube" : "rrc06_ipv6";
                         });

TEST(HistoryStore, TimeRangeAndPaging) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  test::ingest_file(store, path);

  // bgpdump lines for the hijacked /24 within 18:47:57–18:48:30 (field 2 is Unix time).
  auto dump = test::run_command({test::bgpdump_path(), "-m", path});
  const int64_t from = 1203878877, to = 1203878910;
  size_t expected = 0;
  for (const auto& line : test::split_lines(dump.out)) {
    if (line.find("|208.65.153.0/24|") == std::string::npos) continue;
    const int64_t t = std::stoll(line.substr(line.find('|') + 1));
    expected += t >= from && t <= to;
  }
  ASSERT_GT(expected, 10u);
  HistoryQuery q;
  q.prefix = *Prefix::parse("208.65.153.0/24");
  q.from_us = from * 1000000;
  q.to_us = to * 1000000;
  EXPECT_EQ(count(store, q), expected);

  // Pages of 7 return the same updates, in time order, with none twice.
  std::vector<int64_t> all, paged;
  q.from_us = 0;
  q.to_us = std::numeric_limits<int64_t>::max();
  ASSERT_TRUE(store.scan(q, [&](const Update& u) { all.push_back(u.time_us); }));
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  q.limit = 7;
  for (int pages = 0; pages < 100; ++pages) {
    auto token = store.scan(q, [&](const Update& u) { paged.push_back(u.time_us); });
    ASSERT_TRUE(token);
    if (token->empty()) break;
    q.page_token = *token;
  }
  EXPECT_EQ(paged, all);
  EXPECT_EQ(all.size(), 71u);

  q.page_token = "zz";
  EXPECT_FALSE(store.scan(q, [](const Update&) {}));
}

TEST(HistoryStore, MoreAndLessSpecificsOriginsPeersAndTypesMatchBgpdump) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  test::ingest_file(store, path);

  struct Line {
    Prefix prefix;
    bool announce;
    uint32_t peer_asn;
    std::string peer_ip, path;
  };
  std::vector<Line> lines;
  for (const auto& f : test::bgpdump_fields(path)) {
    if (f.size() < 6 || (f[2] != "A" && f[2] != "W")) continue;
    lines.push_back({*Prefix::parse(f[5]), f[2] == "A", static_cast<uint32_t>(std::stoul(f[4])),
                     f[3], f[2] == "A" ? f[6] : ""});
  }
  auto expect = [&](const std::function<bool(const Line&)>& pred) {
    return static_cast<size_t>(std::count_if(lines.begin(), lines.end(), pred));
  };
  auto origin_is = [](const Line& l, const std::string& asn) {
    return l.announce && l.path.size() >= asn.size() &&
           l.path.compare(l.path.size() - asn.size(), asn.size(), asn) == 0 &&
           (l.path.size() == asn.size() || l.path[l.path.size() - asn.size() - 1] == ' ');
  };

  const Prefix slash8 = *Prefix::parse("208.0.0.0/8");
  const Prefix hijacked = *Prefix::parse("208.65.153.0/24");
  HistoryQuery q;
  q.prefix = slash8;
  q.more_specific = true;
  const size_t subtree = expect([&](const Line& l) { return slash8.contains(l.prefix); });
  ASSERT_EQ(subtree, 1203u);
  EXPECT_EQ(count(store, q), subtree);

  // Prefix-major order, each prefix's updates in time order.
  std::vector<std::pair<Prefix, int64_t>> seen;
  ASSERT_TRUE(store.scan(q, [&](const Update& u) { seen.emplace_back(u.prefix, u.time_us); }));
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  // Pages of 100 give the same sequence.
  std::vector<std::pair<Prefix, int64_t>> paged;
  q.limit = 100;
  for (int pages = 0; pages < 10000; ++pages) {
    auto token = store.scan(q, [&](const Update& u) { paged.emplace_back(u.prefix, u.time_us); });
    ASSERT_TRUE(token) << token.error();
    if (token->empty()) break;
    q.page_token = *token;
  }
  EXPECT_EQ(paged, seen);

  // 62.140.231.0/24 is covered by a /22 and a /19 that are in the file too.
  const Prefix covered = *Prefix::parse("62.140.231.0/24");
  q = {};
  q.prefix = covered;
  q.less_specific = true;
  const size_t covering = expect([&](const Line& l) { return l.prefix.contains(covered); });
  EXPECT_GT(covering, expect([&](const Line& l) { return l.prefix == covered; }));
  EXPECT_EQ(count(store, q), covering);
  q.prefix = hijacked;  // nothing covers it in the file
  EXPECT_EQ(count(store, q), 71u);

  q = {};
  q.prefix = slash8;
  q.more_specific = true;
  q.filter.origins = {17557};
  EXPECT_EQ(count(store, q), expect([&](const Line& l) {
              return slash8.contains(l.prefix) && origin_is(l, "17557");
            }));
  q.filter.origins = {};
  q.filter.peer_asns = {16150};
  q.filter.kinds = {UpdateKind::kWithdraw};
  const size_t withdrawals = expect([&](const Line& l) {
    return slash8.contains(l.prefix) && l.peer_asn == 16150 && !l.announce;
  });
  EXPECT_EQ(withdrawals, 14u);
  EXPECT_EQ(count(store, q), withdrawals);
  q.filter = {};
  q.filter.peer_ips = {*IpAddress::parse("209.123.12.51")};
  const size_t from_peer = expect(
      [&](const Line& l) { return slash8.contains(l.prefix) && l.peer_ip == "209.123.12.51"; });
  EXPECT_GT(from_peer, 50u);
  EXPECT_EQ(count(store, q), from_peer);
}

// What one AS originated, across prefixes, against bgpdump lines whose path ends in it.
TEST(HistoryStore, OriginIndexMatchesBgpdumpAndSurvivesMigration) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  test::TempDir dir;
  std::map<uint32_t, size_t> expected;  // origin AS -> announcements
  std::map<uint32_t, std::set<std::string>> prefixes;
  for (const auto& f : test::bgpdump_fields(path)) {
    if (f.size() < 7 || f[2] != "A") continue;
    const auto space = f[6].rfind(' ');
    const std::string last = f[6].substr(space == std::string::npos ? 0 : space + 1);
    if (last.empty() || last[0] == '{') continue;  // AS_SET origins: checked below, not here
    ++expected[std::stoul(last)];
    prefixes[std::stoul(last)].insert(f[5]);
  }
  ASSERT_EQ(expected[17557], 353u);  // awk on the same output agrees
  ASSERT_EQ(prefixes[17557], (std::set<std::string>{"202.133.47.0/24", "208.65.153.0/24"}));
  auto scan = [](const HistoryStore& store, OriginQuery q) {
    std::vector<Update> got;
    for (int pages = 0; pages < 100000; ++pages) {
      auto token = store.scan_origin(q, [&](const Update& u) { got.push_back(u); });
      EXPECT_TRUE(token) << token.error();
      if (!token || token->empty()) break;
      q.page_token = *token;
    }
    return got;
  };
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    HistoryStore store(**db);
    test::ingest_file(store, path);
    for (uint32_t asn : {17557u, 3356u, 36561u, 701u}) {
      OriginQuery q;
      q.asn = asn;
      q.limit = 37;  // several pages
      const auto got = scan(store, q);
      EXPECT_EQ(got.size(), expected[asn]) << "AS" << asn;
      std::set<std::string> seen;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].origins().back(), asn);
        EXPECT_EQ(got[i].kind, UpdateKind::kAnnounce);
        if (i > 0) {
          EXPECT_LE(got[i - 1].time_us, got[i].time_us) << "time order";
        }
        seen.insert(got[i].prefix.to_string());
      }
      EXPECT_EQ(seen, prefixes[asn]) << "AS" << asn;
    }
    // A time window: the hijack began at 18:47:45 (Unix 1203878865).
    OriginQuery q;
    q.asn = 17557;
    q.from_us = 1203878865'000000;
    q.to_us = 1203878899'999999;
    const auto window = scan(store, q);
    EXPECT_FALSE(window.empty());
    EXPECT_LT(window.size(), expected[17557]);
    for (const auto& u : window) {
      EXPECT_GE(u.time_us, q.from_us);
      EXPECT_LE(u.time_us, q.to_us);
    }
    q.from_us = 0;
    q.to_us = std::numeric_limits<int64_t>::max();
    q.filter.peer_asns = {3549};
    for (const auto& u : scan(store, q)) EXPECT_EQ(u.peer_asn, 3549u);
    q.page_token = "zz";
    EXPECT_FALSE(store.scan_origin(q, [](const Update&) {}));

    // Turn the store back into a schema-1 store: no origin index.
    auto& raw = (*db)->db();
    ASSERT_TRUE(raw.DeleteRange(rocksdb::WriteOptions(), (*db)->by_origin(), std::string(),
                                std::string(21, '\xff'))
                    .ok());
    ASSERT_TRUE(raw.DeleteRange(rocksdb::WriteOptions(), (*db)->peers(), std::string(),
                                std::string(18, '\xff'))
                    .ok());
    ASSERT_TRUE(MetaStore(**db).put("schema_version", "1"));
    EXPECT_TRUE(scan(store, by_origin(17557)).empty());
  }
  auto db = Database::open(dir / "db");  // migrates 1 -> 2
  ASSERT_TRUE(db) << db.error();
  std::string version;
  ASSERT_TRUE(
      (*db)->db().Get(rocksdb::ReadOptions(), (*db)->meta(), "schema_version", &version).ok());
  EXPECT_EQ(version, std::to_string(Database::kSchemaVersion));
  HistoryStore store(**db);
  EXPECT_EQ(scan(store, by_origin(17557)).size(), expected[17557]);
  // The peer table is rebuilt too: every peer address of bgpdump's lines.
  std::set<std::string> dump_peers;
  for (const auto& f : test::bgpdump_fields(path))
    if (f.size() > 3) dump_peers.insert(f[3]);
  auto peers = store.peers().peers_up(INT64_MAX, Afi::kIpv4);
  ASSERT_TRUE(peers);
  EXPECT_EQ(peers->size(), dump_peers.size());
  EXPECT_EQ(scan(store, by_origin(3356)).size(), expected[3356]);
}

// An AS_SET origin indexes every member.
TEST(HistoryStore, OriginIndexCoversAsSetMembers) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  UpdateBatch batch;
  Update u;
  u.kind = UpdateKind::kAnnounce;
  u.time_us = 1;
  u.peer_ip = *IpAddress::parse("192.0.2.1");
  u.peer_asn = 64500;
  u.prefix = *Prefix::parse("198.51.100.0/24");
  auto attrs = std::make_shared<RouteAttributes>();
  attrs->as_path = AsPath({{SegmentType::kSequence, {64500}}, {SegmentType::kSet, {64501, 64502}}});
  u.attrs = attrs;
  batch.updates.push_back(u);
  Update w = u;  // withdrawals carry no origin
  w.kind = UpdateKind::kWithdraw;
  w.attrs = nullptr;
  batch.updates.push_back(w);
  ASSERT_TRUE(store.write(batch));
  for (uint32_t asn : {64501u, 64502u}) {
    size_t n = 0;
    ASSERT_TRUE(store.scan_origin(by_origin(asn), [&](const Update&) { ++n; }));
    EXPECT_EQ(n, 1u) << asn;
  }
  size_t n = 0;
  ASSERT_TRUE(store.scan_origin(by_origin(64500), [&](const Update&) { ++n; }));
  EXPECT_EQ(n, 0u);
}

TEST(HistoryStore, StoredUpdateKeepsItsAttributes) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  UpdateBatch batch;
  Update u;
  u.time_us = 1203878877123456;
  u.source = "rrc00";
  u.peer_ip = *IpAddress::parse("2001:db8::1");
  u.peer_asn = 4200000001u;
  u.prefix = *Prefix::parse("2001:db8:1::/48");
  u.path_id = 9;
  auto attrs = std::make_shared<RouteAttributes>();
  attrs->origin_type = OriginType::kIncomplete;
  attrs->as_path =
      AsPath({{SegmentType::kSequence, {4200000001u, 3356}}, {SegmentType::kSet, {1, 2}}});
  attrs->next_hop = *IpAddress::parse("2001:db8::2");
  attrs->med = 0;
  attrs->local_pref = 100;
  attrs->atomic_aggregate = true;
  attrs->aggregator = Aggregator{65000, *IpAddress::parse("192.0.2.1")};
  attrs->communities = {(3356u << 16) | 2};
  attrs->large_communities = {{4200000001u, 1, 2}};
  attrs->next_hop_link_local = *IpAddress::parse("fe80::2");
  attrs->extended_communities = {0x0002FDE800000064ull};
  attrs->originator_id = 0xC0000209;
  attrs->cluster_list = {0xC000020A, 1};
  attrs->only_to_customer = 65001;
  attrs->unknown = {{0xC0, 99, {1, 2, 3}}, {0x80, 200, {}}};
  u.attrs = attrs;
  batch.updates.push_back(u);
  ASSERT_TRUE(store.write(batch));
  HistoryQuery q;
  q.prefix = u.prefix;
  std::vector<Update> got;
  ASSERT_TRUE(store.scan(q, [&](const Update& x) { got.push_back(x); }));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].time_us, u.time_us);
  EXPECT_EQ(got[0].source, "rrc00");
  EXPECT_EQ(got[0].peer_ip, u.peer_ip);
  EXPECT_EQ(got[0].peer_asn, u.peer_asn);
  EXPECT_EQ(got[0].path_id, 9u);
  ASSERT_TRUE(got[0].attrs);
  EXPECT_EQ(*got[0].attrs, *attrs);
}

// The prefixes of one message share one attribute set; a reopened store keeps resolving
// old ids and hands out new ones above them, even without its saved counters; a missing
// dictionary entry is an error that names the record, not a silently wrong route.
TEST(HistoryStore, AttributeSetsAreStoredOnceAndSurviveARestart) {
  test::TempDir dir;
  auto announce = [](const char* prefix, std::shared_ptr<const RouteAttributes> attrs) {
    Update u;
    u.kind = UpdateKind::kAnnounce;
    u.time_us = 1000;
    u.peer_ip = *IpAddress::parse("192.0.2.1");
    u.peer_asn = 64500;
    u.source = "rrc00";
    u.prefix = *Prefix::parse(prefix);
    u.attrs = std::move(attrs);
    return u;
  };
  auto make_attrs = [](uint32_t origin) {
    auto a = std::make_shared<RouteAttributes>();
    a->as_path = AsPath::sequence({64500, origin});
    a->communities = {origin};
    return std::shared_ptr<const RouteAttributes>(a);
  };
  auto dictionary_entries = [](Database& db) {
    size_t n = 0;
    std::unique_ptr<rocksdb::Iterator> it(
        db.db().NewIterator(rocksdb::ReadOptions(), db.dictionary()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  };
  auto routes = [](const HistoryStore& store, const char* prefix) {
    std::vector<Update> got;
    HistoryQuery q;
    q.prefix = *Prefix::parse(prefix);
    EXPECT_TRUE(store.scan(q, [&](const Update& u) { got.push_back(u); }));
    return got;
  };
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    HistoryStore store(**db);
    UpdateBatch batch;
    const auto shared = make_attrs(64496);
    for (const char* p : {"198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24"})
      batch.updates.push_back(announce(p, shared));
    batch.updates.push_back(announce("203.0.113.0/24", make_attrs(64496)));  // equal content
    ASSERT_TRUE(store.write(batch));
    EXPECT_EQ(dictionary_entries(**db), 2u) << "one attribute set, one session";
    // Without the saved next ids, the ids stored still say where new ones start.
    for (const char* counter : {"dictionary/next_id/1", "dictionary/next_id/2"})
      ASSERT_TRUE((*db)->db().Delete(rocksdb::WriteOptions(), (*db)->meta(), counter).ok());
  }
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  {
    HistoryStore store(**db);
    auto got = routes(store, "198.51.101.0/24");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(*got[0].attrs, *make_attrs(64496));
    EXPECT_EQ(got[0].source, "rrc00");
    UpdateBatch batch;
    batch.updates.push_back(announce("192.0.2.0/24", make_attrs(64497)));
    ASSERT_TRUE(store.write(batch));
    ASSERT_EQ(routes(store, "192.0.2.0/24").size(), 1u);
    EXPECT_EQ(routes(store, "192.0.2.0/24")[0].attrs->as_path.to_string(), "64500 64497");
    EXPECT_EQ(routes(store, "198.51.100.0/24")[0].attrs->as_path.to_string(), "64500 64496");
  }
  // Lose the dictionary: reading fails loudly.
  ASSERT_TRUE((*db)
                  ->db()
                  .DeleteRange(rocksdb::WriteOptions(), (*db)->dictionary(), std::string(1, '\0'),
                               std::string(10, '\xff'))
                  .ok());
  HistoryStore store(**db);
  HistoryQuery q;
  q.prefix = *Prefix::parse("198.51.100.0/24");
  auto r = store.scan(q, [](const Update&) {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("damaged history record"), std::string::npos) << r.error();
}

// Over max_bytes the oldest stretch expires: queries stop answering it at once, compaction
// removes it, the cutoff survives a restart. Two real files seven years apart; counts from
// bgpdump.
TEST(Retention, SizeLimitExpiresTheOldestStretch) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string youtube =
      test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  const std::string rrc06 = test::shared_data("mrt/libbgpstream/ris.rrc06.updates.1427846400.gz");
  const auto old_counts = test::bgpdump_prefix_counts(youtube);
  const auto new_counts = test::bgpdump_prefix_counts(rrc06);
  const std::string new_prefix = new_counts.rbegin()->first;
  ASSERT_EQ(old_counts.at("208.65.153.0/24"), 71u);
  auto count_of = [](const HistoryStore& store, const std::string& prefix) {
    HistoryQuery q;
    q.prefix = *Prefix::parse(prefix);
    return count(store, q);
  };
  test::TempDir dir;
  int64_t cutoff = 0;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    HistoryStore store(**db);
    test::ingest_file(store, youtube);
    test::ingest_file(store, rrc06);
    EXPECT_EQ(count_of(store, "208.65.153.0/24"), 71u);
    const auto span = store.time_span();
    ASSERT_TRUE(span);
    EXPECT_EQ(span->oldest_us, 1203878361ll * 1000000);

    Retention unlimited(**db, store, RetentionPolicy{});
    ASSERT_TRUE(unlimited.enforce());
    EXPECT_EQ((*db)->retention_cutoff(), 0);
    Retention retention(**db, store, RetentionPolicy{0, 1});
    ASSERT_TRUE(retention.enforce());
    cutoff = (*db)->retention_cutoff();
    EXPECT_GT(cutoff, 1203879261ll * 1000000) << "past the 2008 file";
    EXPECT_LT(cutoff, 1427846400ll * 1000000) << "before the 2015 file";
    EXPECT_EQ(cutoff % (3600ll * 1000000), 0) << "whole hours";
    EXPECT_EQ(count_of(store, "208.65.153.0/24"), 0u);
    EXPECT_EQ(count_of(store, new_prefix), new_counts.at(new_prefix));
    EXPECT_EQ(store.time_span()->oldest_us, cutoff);
    // Physically gone: a raw scan of the updates column family finds nothing older.
    std::unique_ptr<rocksdb::Iterator> it(
        (*db)->db().NewIterator(rocksdb::ReadOptions(), (*db)->updates()));
    size_t old_left = 0, kept = 0;
    std::vector<codec::BucketEntry> entries;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const auto bucket = codec::parse_bucket_key(it->key().ToStringView());
      ASSERT_TRUE(bucket);
      ASSERT_TRUE(codec::decode_bucket(it->value().ToStringView(), bucket->hour, entries));
      for (const auto& e : entries) old_left += e.time_us < cutoff;
      kept += entries.size();
    }
    EXPECT_EQ(old_left, 0u);
    size_t new_total = 0;
    for (const auto& [p, n] : new_counts) new_total += n;
    EXPECT_EQ(kept, new_total);
  }
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->retention_cutoff(), cutoff);
  HistoryStore store(**db);
  EXPECT_EQ(count_of(store, "208.65.153.0/24"), 0u);
  OriginQuery q;
  q.asn = 17557;
  size_t n = 0;
  ASSERT_TRUE(store.scan_origin(q, [&](const Update&) { ++n; }));
  EXPECT_EQ(n, 0u);
}

// retention_days counts back from the newest stored update.
TEST(Retention, AgeIsMeasuredFromTheNewestUpdate) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  constexpr int64_t kDay = 86400ll * 1000000;
  UpdateBatch batch;
  for (int64_t day : {0, 5, 10}) {
    Update u;
    u.kind = UpdateKind::kWithdraw;
    u.time_us = 1200000000ll * 1000000 + day * kDay;
    u.peer_ip = *IpAddress::parse("192.0.2.1");
    u.prefix = *Prefix::parse("198.51.100.0/24");
    batch.updates.push_back(u);
  }
  ASSERT_TRUE(store.write(batch));
  Retention retention(**db, store, RetentionPolicy{3, 0});
  ASSERT_TRUE(retention.enforce());
  HistoryQuery q;
  q.prefix = *Prefix::parse("198.51.100.0/24");
  EXPECT_EQ(count(store, q), 1u);
}

// history.scope: monitored keeps the monitored prefixes, their more- and less-specifics and
// what monitored ASes originate, and nothing else.
TEST(HistoryStore, MonitoredScopeKeepsWhatMonitoringNeeds) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2");
  ConfigErrors errors("prefixes.yml");
  const auto config = parse_prefixes_yaml(
      "208.65.152.0/22:\n  asn: 36561\noptions:\n  monitorASns:\n    '3356': {}\n", errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  const Prefix monitored = *Prefix::parse("208.65.152.0/22");
  size_t expected = 0;
  for (const auto& f : test::bgpdump_fields(path)) {
    if (f.size() < 6 || (f[2] != "A" && f[2] != "W")) continue;
    const Prefix p = *Prefix::parse(f[5]);
    expected += monitored.contains(p) || p.contains(monitored) ||
                (f[2] == "A" && (" " + f[6]).ends_with(" 3356"));
  }
  ASSERT_GT(expected, 71u);
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  auto scope =
      std::make_shared<const MonitoredIndex>(std::make_shared<const PrefixesConfig>(config));
  store.set_scope([scope](const Update& u) { return scope->covers(u); });
  test::ingest_file(store, path);
  EXPECT_EQ(store.count(), expected);
}

TEST(Database, DataDirIsPrivateAndNewerSchemaIsRefused) {
  test::TempDir dir;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db) << db.error();
    struct stat st {};
    ASSERT_EQ(::stat((dir / "db").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_TRUE(MetaStore(**db).put("schema_version", "99"));
  }
  auto again = Database::open(dir / "db");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("schema version 99"), std::string::npos) << again.error();
}

}  // namespace bgpsentry

namespace bgpsentry {

TEST(Codec, ValuesOfTheFoundationFormatStillRead) {
  // Format 1 is format 2 without the trailing block (flags byte and three empty lists).
  Update u;
  u.kind = UpdateKind::kAnnounce;
  u.peer_ip = *IpAddress::parse("192.0.2.1");
  u.peer_asn = 64500;
  auto attrs = std::make_shared<RouteAttributes>();
  attrs->origin_type = OriginType::kIgp;
  attrs->as_path = AsPath::sequence({64500, 17557});
  attrs->communities = {1};
  u.attrs = attrs;
  const std::string v2 = codec::encode_update_value(u);
  ASSERT_EQ(v2.substr(v2.size() - 4), std::string(4, '\0'));
  const std::string v1 = "\x01" + v2.substr(1, v2.size() - 5);
  Update back;
  ASSERT_TRUE(codec::decode_update_value(v1, back));
  EXPECT_EQ(*back.attrs, *attrs);
  EXPECT_FALSE(codec::decode_update_value("\x03" + v2.substr(1), back)) << "unknown format";
  EXPECT_FALSE(codec::decode_update_value(v2.substr(0, v2.size() - 1), back)) << "truncated";
}

}  // namespace bgpsentry
