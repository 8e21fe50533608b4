// Runs the fuzz entry points over seeds made from the real shared files and over every
// reproducer in tests/fuzz/corpus/: a crash or sanitizer report fails CI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "agent/decode/byte_reader.h"
#include "agent/ingest/byte_stream.h"
#include "storage/codec.h"
#include "storage/history_store.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/support/history_ingest.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

// Truncated archives are fine here: whatever decompressed is a seed.
std::vector<uint8_t> decompress(const std::string& path, size_t max) {
  auto data = read_all_bytes(path, max);
  return data ? std::move(*data) : std::vector<uint8_t>{};
}

std::vector<std::string> mrt_files() {
  std::vector<std::string> files;
  if (test::test_data_root().empty()) return files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(test::shared_data("mrt"))) {
    const auto name = e.path().filename().string();
    if (e.is_regular_file() && name.find("README") == std::string::npos &&
        e.path().parent_path().filename() != "expected" && name.find(".rst") == std::string::npos &&
        e.path().parent_path().filename() != "day-20080223")
      files.push_back(e.path().string());
  }
  return files;
}

std::vector<std::vector<uint8_t>> reproducers(const std::string& target) {
  std::vector<std::vector<uint8_t>> out;
  const auto dir = test::source_dir() + "/tests/fuzz/corpus/" + target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto text = test::read_file(e.path().string());
    out.emplace_back(text.begin(), text.end());
  }
  return out;
}

// Text seeds' cheap deterministic mutations: at about `count` places, a flipped character,
// and the text cut there.
template <typename Run>
void run_mutations(const std::string& seed, size_t count, Run run) {
  const size_t step = std::max<size_t>(seed.size() / count, 1);
  for (size_t at = 1; at < seed.size(); at += step) {
    std::string copy = seed;
    copy[at] = static_cast<char>(copy[at] ^ 0x21);
    run(copy);
    run(seed.substr(0, at));
  }
}

}  // namespace

TEST(FuzzCorpus, MrtStreamOverRealFilesAndMutations) {
  BGPSENTRY_NEEDS_TEST_DATA();
  size_t files = 0, updates = 0;
  for (const auto& path : mrt_files()) {
    auto data = decompress(path, 256 * 1024);
    updates += fuzz::mrt_stream(data.data(), data.size());
    // Cheap deterministic mutations: flipped bytes and truncations.
    for (size_t i = 7; i < data.size() && i < 4096; i += 61) {
      auto copy = data;
      copy[i] ^= 0xA5;
      fuzz::mrt_stream(copy.data(), copy.size());
      fuzz::mrt_stream(copy.data(), i);
    }
    ++files;
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(updates, 100000u) << "the seeds decode to real updates";
  for (const auto& r : reproducers("mrt_record")) fuzz::mrt_stream(r.data(), r.size());
}

TEST(FuzzCorpus, BgpMessagesFromRealRecords) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // Every BGP message of the YouTube file, with 2-byte ASNs as that file has them.
  auto data = decompress(test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2"),
                         64 << 20);
  size_t messages = 0, updates = 0;
  for (size_t at = 0; at + 12 <= data.size();) {
    const uint32_t len = load_u32(&data[at + 8]);
    const uint16_t subtype = load_u16(&data[at + 6]);
    if (subtype == 1 && at + 12 + len <= data.size() && len > 16) {
      // BGP4MP_MESSAGE, IPv4: 2+2+2+2+4+4 bytes before the message.
      std::vector<uint8_t> m = {0};
      m.insert(m.end(), data.begin() + static_cast<long>(at + 12 + 16),
               data.begin() + static_cast<long>(at + 12 + len));
      updates += fuzz::bgp_message(m.data(), m.size());
      if (messages % 97 == 0)
        for (size_t i = 1; i < m.size(); i += 3) {
          auto copy = m;
          copy[i] ^= 0xFF;
          fuzz::bgp_message(copy.data(), copy.size());
        }
      ++messages;
    }
    at += 12 + len;
  }
  EXPECT_GT(messages, 20000u);
  EXPECT_GT(updates, 40000u);
  for (const auto& r : reproducers("bgp_update")) fuzz::bgp_message(r.data(), r.size());
}

// What a real store holds (the YouTube file stored, with route checkpoints), each entry
// through the decoder that reads it back, then mutated.
TEST(FuzzCorpus, StoredValuesOfARealStore) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  {
    HistoryStore store(**db);
    store.set_checkpoint_policy({.updates = 16, .settle_us = 60'000000});
    test::ingest_file(store,
                      test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2"));
  }
  std::vector<std::string> seeds;
  auto add = [&](uint8_t selector, std::string_view bytes) {
    std::string seed(1, static_cast<char>(selector));
    seeds.push_back(seed.append(bytes));
  };
  auto each = [&](rocksdb::ColumnFamilyHandle* family, auto fn) {
    std::unique_ptr<rocksdb::Iterator> it((*db)->db().NewIterator(rocksdb::ReadOptions(), family));
    size_t n = 0;
    for (it->SeekToFirst(); it->Valid() && n < 20000; it->Next(), ++n)
      fn(it->key().ToStringView(), it->value().ToStringView());
  };
  each((*db)->updates(), [&](std::string_view key, std::string_view value) {
    add(14, key);
    add(15, std::string(key.substr(key.size() - 4)).append(value));
  });
  each((*db)->dictionary(), [&](std::string_view key, std::string_view value) {
    const bool attributes = key[0] == static_cast<char>(Dictionary::Kind::kAttributes);
    add(attributes ? 2 : 3, value);
  });
  each((*db)->by_origin(), [&](std::string_view key, std::string_view) { add(5, key); });
  each((*db)->peers(), [&](std::string_view, std::string_view value) { add(6, value); });
  each((*db)->checkpoints(), [&](std::string_view key, std::string_view value) {
    add(7, std::string(key.substr(key.size() - 8)).append(value));
  });
  Alert alert;
  alert.type = AlertType::kOriginHijack;
  alert.prefix = *Prefix::parse("208.65.153.0/24");
  alert.as_path = AsPath::sequence({3356, 17557});
  alert.description = "hijack";
  alert.event_id = 7;
  alert.notice = EventNotice::kChanged;
  alert.confidence = 8;
  add(8, codec::encode_alert(alert));
  Event event;
  event.id = 7;
  event.type = AlertType::kSubprefixHijack;
  event.prefixes = {alert.prefix};
  event.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  event.offending_asn = 17557;
  event.expected_asns = {36561};
  event.start_us = 1203878877000000;
  event.last_seen_us = event.start_us + 60000000;
  for (const char* ip : {"149.20.65.198", "2001:db8::1", "192.0.2.1"})
    event.peers.push_back({"rv", *IpAddress::parse(ip), 3356});
  event.carriers = {0, 2};
  event.peer_asns = {3356};
  event.max_visibility = 0.75;
  event.confidence = 8;
  event.tags = {{"more_specific", 1}, {"rpki_valid_origin", -3}};
  event.description = "hijack";
  event.as_path = alert.as_path;
  event.subject = "rule";
  add(9, codec::encode_event(event));
  add(10, codec::encode_audit({0, event.start_us, "token noc (tcp)", "AddPrefix 192.0.2.0/24",
                               "INVALID_ARGUMENT: no"}));
  Silence silence;
  silence.type = AlertType::kRouteLeak;
  silence.prefix = alert.prefix;
  silence.offending_asn = 17557;
  silence.event_id = 7;
  silence.created_us = event.start_us;
  silence.until_us = event.start_us + 3600'000000;
  silence.who = "alice (unix socket)";
  silence.comment = "maintenance";
  add(11, codec::encode_silence(silence));
  add(12, codec::encode_ack({7, event.start_us, "bob (unix socket)", "on it"}));
  add(13, codec::encode_revision({3, event.start_us, "token noc (tcp)", "prefix add 192.0.2.0/24",
                                  "+192.0.2.0/24:\n", "192.0.2.0/24:\n  asn: 64500\n"}));

  // FUZZ_SEED_DIR=dir writes a sample of them as a libFuzzer seed corpus.
  if (const char* seed_dir = std::getenv("FUZZ_SEED_DIR"))
    for (size_t i = 0; i < seeds.size(); i += 20)
      std::ofstream(std::string(seed_dir) + "/seed" + std::to_string(i), std::ios::binary)
          << seeds[i];

  size_t decoded = 0;
  for (const auto& seed : seeds) {
    auto bytes = reinterpret_cast<const uint8_t*>(seed.data());
    decoded += fuzz::stored_value(bytes, seed.size());
  }
  EXPECT_GT(seeds.size(), 15000u);  // the updates: ~2,500 buckets (a key per update before)
  EXPECT_EQ(decoded, seeds.size()) << "every real entry decodes";
  for (size_t i = 0; i < seeds.size(); i += 7) {
    std::string copy = seeds[i];
    for (size_t at = 1; at < copy.size(); at += 5) {
      copy[at] = static_cast<char>(copy[at] ^ 0x5A);
      fuzz::stored_value(reinterpret_cast<const uint8_t*>(copy.data()), copy.size());
      fuzz::stored_value(reinterpret_cast<const uint8_t*>(copy.data()), at);
    }
  }
  for (const auto& r : reproducers("stored_value")) fuzz::stored_value(r.data(), r.size());
}

// Every real VRP and SLURM file, whole and cut and flipped.
TEST(FuzzCorpus, VrpAndSlurmFiles) {
  BGPSENTRY_NEEDS_TEST_DATA();
  size_t vrps = 0, files = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::shared_data("rpki"))) {
    const std::string text = test::read_file(e.path().string());
    const bool slurm = e.path().filename().string().find("slurm") != std::string::npos;
    std::string seed(1, slurm ? '\1' : '\0');
    seed += text;
    auto run = [](const std::string& s) {
      return fuzz::vrp_file(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    };
    vrps += run(seed);
    ++files;
    run_mutations(seed, 300, run);
  }
  EXPECT_EQ(files, 5u);
  EXPECT_GT(vrps, 5000u);
  for (const auto& r : reproducers("vrp_file")) fuzz::vrp_file(r.data(), r.size());
}

// Seeds: what a real cache (stayrtr) answers to a Reset Query, in version 1 and 0.
TEST(FuzzCorpus, RtrStreamFromARealCache) {
  BGPSENTRY_NEEDS_TEST_DATA();
  for (int version : {1, 0}) {
    test::TempDir dir;
    const int port = test::free_loopback_port();
    test::ChildProcess cache(
        {test::stayrtr_path(), "-bind", "127.0.0.1:" + std::to_string(port), "-cache",
         test::shared_data("rpki/stayrtr-test.rpki.json"), "-checktime=false", "-metrics.addr",
         "127.0.0.1:0", "-protocol", std::to_string(version)},
        dir / "stayrtr.log");
    std::string stream;
    for (int i = 0; i < 500 && stream.empty(); ++i) {
      stream = test::rtr_reset_response("127.0.0.1", port, static_cast<uint8_t>(version));
      if (stream.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_FALSE(stream.empty()) << test::read_file(dir / "stayrtr.log");
    auto run = [](const std::string& s) {
      return fuzz::rtr_stream(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    };
    // Cache Response, 19 prefixes, (v1: 3 router keys,) End of Data.
    EXPECT_EQ(run(stream), version == 1 ? 24u : 21u);
    for (size_t at = 0; at < stream.size(); ++at) {
      std::string copy = stream;
      copy[at] = static_cast<char>(copy[at] ^ (1 << (at % 8)));
      run(copy);
      run(stream.substr(at));
    }
  }
  for (const auto& r : reproducers("rtr_pdu")) fuzz::rtr_stream(r.data(), r.size());
}

TEST(FuzzCorpus, AsRelationshipsText) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto text = test::run_command(
      {"/bin/bzcat", test::shared_data("as-relationships/20161101.as-rel.txt.bz2")});
  ASSERT_EQ(text.exit_code, 0);
  const std::string head = text.out.substr(0, 64 * 1024);
  const std::string cut = head.substr(0, head.rfind('\n') + 1);
  auto run = [](const std::string& s) {
    return fuzz::as_relationships(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  EXPECT_GT(run(cut), 1000u);
  for (size_t at = 0; at < cut.size(); at += 97) {
    std::string copy = cut;
    copy[at] = "|-01\n#x9"[at % 9];
    run(copy);
  }
  for (const auto& r : reproducers("as_relationships")) fuzz::as_relationships(r.data(), r.size());
}

// Seeds: every line of the real RIS Live sample, each cut and with bytes flipped.
TEST(FuzzCorpus, RisLiveMessages) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto lines = test::split_lines(
      test::read_file(test::shared_data("ris-live/libbgpstream-ris-live-stream.json")));
  ASSERT_EQ(lines.size(), 7u);
  auto run = [](const std::string& s) {
    return fuzz::ris_message(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  size_t updates = 0;
  for (const auto& line : lines) {
    updates += run(line);
    for (size_t at = 0; at < line.size(); ++at) {
      std::string copy = line;
      copy[at] = "{}[],:\"0aZ"[at % 11];
      run(copy);
      run(line.substr(0, at));
    }
  }
  EXPECT_EQ(updates, 2u);  // the announcement and the peer going down
  for (const auto& r : reproducers("ris_message")) fuzz::ris_message(r.data(), r.size());
}

// BGPalerter's own files (its example and what its `generate` writes), mutated, and the
// hostile shapes: aliases that multiply, an alias inside its own node, deep nesting.
TEST(FuzzCorpus, PrefixesYaml) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::vector<std::string> seeds;
  for (const auto& e : std::filesystem::directory_iterator(test::shared_data("bgpalerter-config")))
    if (e.path().filename().string().find("prefixes") != std::string::npos)
      seeds.push_back(test::read_file(e.path().string()));
  ASSERT_GE(seeds.size(), 5u);
  seeds.push_back(
      "a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b]\n");
  seeds.push_back("10.0.0.0/8: &c\n  asn: [*c]\n");
  seeds.push_back(std::string(5000, '[') + std::string(5000, ']'));
  auto run = [](const std::string& s) {
    return fuzz::prefixes_yaml(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  size_t loaded = 0;
  for (const auto& seed : seeds) {
    loaded += run(seed);
    run_mutations(seed, 200, run);
  }
  EXPECT_GT(loaded, 10u);
  for (const auto& r : reproducers("prefixes_yaml")) fuzz::prefixes_yaml(r.data(), r.size());
}

// Seeds: the syslog templates of BGPalerter's own config.yml.example, addresses, a Telegram
// answer, and text with what mails must encode.
TEST(FuzzCorpus, SinkTexts) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::vector<std::string> seeds;
  const std::string example =
      test::read_file(test::shared_data("bgpalerter-config/config.yml.example"));
  for (const auto& line : test::split_lines(example))
    if (line.find("${") != std::string::npos) seeds.push_back(std::string(1, '\0') + line);
  ASSERT_GE(seeds.size(), 5u) << "the example's templates";
  for (const char* address : {"udp://192.0.2.10:514", "tls://[2001:db8::1]:6514", "unix:///dev/log",
                              "tcp://host", "tls://[::1"})
    seeds.push_back(std::string(1, '\1') + address);
  seeds.push_back(std::string(1, '\2') + R"({"ok":true,"result":{"message_id":1001,"chat":{}}})");
  seeds.push_back(std::string(1, '\3') + std::string(200, 'a') + " =\n caf\xc3\xa9 \r\n\t.");
  auto run = [](const std::string& s) {
    return fuzz::sink_text(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  size_t understood = 0;
  for (const auto& seed : seeds) {
    understood += run(seed);
    run_mutations(seed, 200, run);
  }
  EXPECT_GT(understood, 5u);
  for (const auto& r : reproducers("sink_text")) fuzz::sink_text(r.data(), r.size());
}

// Seeds: the written IRR fixtures (tests/data/irr), each cut and with characters flipped,
// and together; then whatever reproducers were saved.
TEST(FuzzCorpus, RpslRoutes) {
  auto run = [](const std::string& s) {
    return fuzz::rpsl_routes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  std::string all;
  for (const char* name :
       {"radb.db", "ripe.db.route", "ripe.db.route6", "crlf.db", "malformed.db"}) {
    const std::string seed = test::read_file(test::source_dir() + "/tests/data/irr/" + name);
    all += seed + "\n";
    run_mutations(seed, 200, run);
  }
  EXPECT_EQ(run(all), 10u);
  for (const auto& r : reproducers("rpsl_routes")) fuzz::rpsl_routes(r.data(), r.size());
}

// Seeds: the answers written from Radar's documented schema (tests/data/radar), each cut
// and with characters flipped; then whatever reproducers were saved.
TEST(FuzzCorpus, RadarResponses) {
  auto run = [](const std::string& s) {
    return fuzz::radar_response(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  const std::string dir = test::source_dir() + "/tests/data/radar/";
  EXPECT_EQ(run(test::read_file(dir + "hijacks_example.json")), 1u);
  for (const char* name : {"hijacks_example.json", "pfx2as_moas.json", "error_401.json"})
    run_mutations(test::read_file(dir + name), 300, run);
  const std::string page =
      R"({"success": true, "result": )" + test::read_file(dir + "hijacks_events.json") + "}";
  EXPECT_EQ(run(page), 10u);
  run_mutations(page, 300, run);
  for (const auto& r : reproducers("radar_response")) fuzz::radar_response(r.data(), r.size());
}

}  // namespace bgpsentry
