// The RTR PDU codec against RFC 8210's layouts, and the RTR client against a real cache
// (Debian's stayrtr on 127.0.0.1): the full set equals what our JSON reader makes of the
// same file, deltas after the file changes, version 0, and a hostile cache.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "agent/rpki/rpki_validator.h"
#include "agent/rpki/rtr_client.h"
#include "agent/rpki/rtr_pdu.h"
#include "agent/rpki/vrp_file.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;

std::vector<uint8_t> bytes(std::initializer_list<int> list) {
  std::vector<uint8_t> out;
  for (int b : list) out.push_back(static_cast<uint8_t>(b));
  return out;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 20s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return pred();
}

// Collects what the client hands over.
struct Received {
  std::mutex mu;
  std::shared_ptr<const std::vector<Vrp>> vrps;
  int updates = 0;
  RtrClient::OnData callback() {
    return [this](std::shared_ptr<const std::vector<Vrp>> v) {
      std::lock_guard lock(mu);
      vrps = std::move(v);
      ++updates;
    };
  }
  std::vector<Vrp> get() {
    std::lock_guard lock(mu);
    return vrps ? *vrps : std::vector<Vrp>{};
  }
  int count() {
    std::lock_guard lock(mu);
    return updates;
  }
};

// The VRPs our own reader makes of a file, as RTR carries them (no trust anchor), sorted.
std::vector<Vrp> file_vrps(const std::string& path) {
  auto file = load_vrp_file(path);
  EXPECT_TRUE(file) << file.error();
  std::vector<Vrp> out = file ? file->vrps : std::vector<Vrp>{};
  for (auto& v : out) v.ta.clear();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// stayrtr serving `json` on a free loopback port, re-reading it every second.
class Stayrtr {
 public:
  Stayrtr(const test::TempDir& dir, const std::string& json, int protocol = 2)
      : port_(test::free_loopback_port()),
        process_({test::stayrtr_path(), "-bind", "127.0.0.1:" + std::to_string(port_), "-cache",
                  json, "-checktime=false", "-refresh", "1", "-metrics.addr", "127.0.0.1:0",
                  "-protocol", std::to_string(protocol)},
                 dir / "stayrtr.log") {
    EXPECT_TRUE(eventually([&] { return test::loopback_port_open(port_); }, 10s))
        << test::read_file(dir / "stayrtr.log");
  }
  std::string port() const { return std::to_string(port_); }

 private:
  int port_;
  test::ChildProcess process_;
};

void write_roas(const std::string& path, const std::vector<std::string>& roas) {
  std::ofstream out(path + ".tmp");
  out << "{\"metadata\": {\"buildtime\": \"2026-11-25T00:00:00Z\"}, \"roas\": [";
  for (size_t i = 0; i < roas.size(); ++i) out << (i ? "," : "") << roas[i];
  out << "]}";
  out.close();
  std::rename((path + ".tmp").c_str(), path.c_str());  // stayrtr never reads half a file
}

}  // namespace

TEST(RtrPdu, DecodesEveryTypeAsRfc8210LaysItOut) {
  // IPv4 Prefix: announce 192.0.2.0/24-24 AS64496.
  auto p = rtr::decode_pdu(
      bytes({1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 24, 0, 192, 0, 2, 0, 0, 0, 0xfb, 0xf0}));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->type, rtr::PduType::kIpv4Prefix);
  EXPECT_TRUE(p->announce);
  EXPECT_EQ(p->vrp.prefix.to_string(), "192.0.2.0/24");
  EXPECT_EQ(p->vrp.max_length, 24);
  EXPECT_EQ(p->vrp.asn, 64496u);
  // IPv6 Prefix: withdraw 2001:db8::/32-48 AS65536.
  p = rtr::decode_pdu(bytes({1, 6, 0, 0, 0, 0, 0, 32, 0, 32, 48, 0, 0x20, 1, 0x0d, 0xb8,
                             0, 0, 0, 0, 0, 0, 0, 0,  0, 0,  0,  0, 0,    1, 0,    0}));
  ASSERT_TRUE(p) << p.error();
  EXPECT_FALSE(p->announce);
  EXPECT_EQ(p->vrp.prefix.to_string(), "2001:db8::/32");
  EXPECT_EQ(p->vrp.asn, 65536u);
  // End of Data, version 1 (intervals) and version 0 (none).
  p = rtr::decode_pdu(bytes({1, 7, 0x12, 0x34, 0, 0, 0,    24,   0, 0, 0,    9,
                             0, 0, 0x0e, 0x10, 0, 0, 0x02, 0x58, 0, 0, 0x1c, 0x20}));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->session, 0x1234);
  EXPECT_EQ(p->serial, 9u);
  EXPECT_TRUE(p->has_intervals);
  EXPECT_EQ(p->refresh, 3600u);
  EXPECT_EQ(p->retry, 600u);
  EXPECT_EQ(p->expire, 7200u);
  p = rtr::decode_pdu(bytes({0, 7, 0, 1, 0, 0, 0, 12, 0, 0, 0, 5}));
  ASSERT_TRUE(p) << p.error();
  EXPECT_FALSE(p->has_intervals);
  // Error Report with an encapsulated Reset Query and a text.
  const auto report = rtr::encode_error_report(1, rtr::ErrorCode::kNoDataAvailable,
                                               bytes({1, 2, 0, 0, 0, 0, 0, 8}), "warming up");
  p = rtr::decode_pdu(std::span(reinterpret_cast<const uint8_t*>(report.data()), report.size()));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->error_code, 2);
  EXPECT_EQ(p->error_text, "warming up");
}

TEST(RtrPdu, QueriesAreByteExact) {
  EXPECT_EQ(rtr::encode_reset_query(1), std::string("\x01\x02\x00\x00\x00\x00\x00\x08", 8));
  EXPECT_EQ(rtr::encode_serial_query(0, 0xabcd, 7),
            std::string("\x00\x01\xab\xcd\x00\x00\x00\x0c\x00\x00\x00\x07", 12));
}

TEST(RtrPdu, MalformedPdusAreRefusedWithTheReason) {
  struct Case {
    std::vector<uint8_t> pdu;
    const char* says;
  };
  for (const auto& c : std::vector<Case>{
           {bytes({1, 4, 0, 0}), "shorter than its 8-byte header"},
           {bytes({1, 5, 0, 0, 0, 0, 0, 8}), "unsupported PDU type 5"},
           {bytes({1, 3, 0, 0, 0, 0, 0, 9, 0}), "length 9, expected 8"},
           {bytes({1, 3, 0, 0, 0, 0, 0, 8, 0}), "length field says 8 bytes, 9 given"},
           {bytes({9, 3, 0, 0, 0, 0, 0, 8}), "unknown protocol version"},
           {bytes({1, 4, 0, 0, 0, 0, 0, 20, 1, 25, 24, 0, 192, 0, 2, 0, 0, 0, 0, 1}),
            "prefix length 25 and max length 24"},
           {bytes({1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 33, 0, 192, 0, 2, 0, 0, 0, 0, 1}),
            "max length 33"},
           {bytes({1, 10, 0, 0, 0, 0, 0, 16, 0, 0, 0, 9, 0, 0, 0, 0}), "do not add up"},
       }) {
    auto p = rtr::decode_pdu(c.pdu);
    ASSERT_FALSE(p) << c.says;
    EXPECT_NE(p.error().find(c.says), std::string::npos) << p.error();
  }
  const uint8_t huge[8] = {1, 4, 0, 0, 0x7f, 0, 0, 0};
  EXPECT_FALSE(rtr::pdu_length(std::span<const uint8_t, 8>(huge)));
}

// The whole set from a real cache equals what our JSON reader makes of the same file; a
// change of the file reaches us as a delta (Serial Notify, Serial Query) with the result
// equal to the new file.
TEST(RtrClient, FullSetAndDeltasFromStayrtr) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  const std::string json = dir / "vrps.json";
  std::filesystem::copy_file(test::shared_data("rpki/stayrtr-test.rpki.json"), json);
  Stayrtr cache(dir, json);
  Received got;
  RtrClient client({"127.0.0.1", cache.port()}, got.callback());
  client.start();
  const auto expected = file_vrps(json);
  ASSERT_EQ(expected.size(), 19u);
  ASSERT_TRUE(eventually([&] { return got.count() >= 1; })) << test::read_file(dir / "stayrtr.log");
  EXPECT_EQ(got.get(), expected);
  auto status = client.status();
  EXPECT_EQ(status.state, RtrStatus::State::kConnected);
  EXPECT_EQ(status.version, 1);
  EXPECT_EQ(status.vrps, 19u);

  // Two ROAs of the file stay, one is new: withdrawals and an announcement.
  write_roas(json, {R"({"prefix": "1.0.0.0/24", "maxLength": 24, "asn": 13335, "ta": "apnic"})",
                    R"({"prefix": "2001:db8::/32", "maxLength": 48, "asn": "AS64496", "ta": "x"})",
                    R"({"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64497, "ta": "x"})"});
  const auto changed = file_vrps(json);
  ASSERT_TRUE(eventually([&] { return got.get() == changed; }))
      << got.get().size() << " VRPs\n"
      << test::read_file(dir / "stayrtr.log");
  EXPECT_GT(client.status().serial, status.serial);
  EXPECT_EQ(client.status().session, status.session) << "a delta, not a new session";
  client.stop();
  EXPECT_EQ(client.status().state, RtrStatus::State::kStopped);
}

TEST(RtrClient, FallsBackToVersionZero) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Stayrtr cache(dir, test::shared_data("rpki/stayrtr-test.rpki.json"), 0);
  Received got;
  RtrClient client({"127.0.0.1", cache.port()}, got.callback());
  client.start();
  ASSERT_TRUE(eventually([&] { return got.count() >= 1; })) << test::read_file(dir / "stayrtr.log");
  EXPECT_EQ(client.status().version, 0);
  EXPECT_EQ(got.get(), file_vrps(test::shared_data("rpki/stayrtr-test.rpki.json")));
}

// A cache that answers garbage: the connection is given up with the reason, retried, and
// nothing is handed over; no cache at all: the client keeps trying.
TEST(RtrClient, HostileOrAbsentCache) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::atomic<int> accepted{0};
  std::thread server([&] {
    for (int i = 0; i < 2; ++i) {
      const int fd = ::accept(listener, nullptr, nullptr);
      if (fd < 0) return;
      ++accepted;
      // A Cache Response, then a prefix with max length below its length.
      const auto garbage = bytes(
          {1, 3, 0, 7, 0, 0, 0, 8, 1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 8, 0, 192, 0, 2, 0, 0, 0, 0, 1});
      (void)!::write(fd, garbage.data(), garbage.size());
      char sink[256];
      while (::read(fd, sink, sizeof sink) > 0) {
      }
      ::close(fd);
    }
  });
  Received got;
  RtrClient client({"127.0.0.1", std::to_string(ntohs(addr.sin_port)), 50ms}, got.callback());
  client.start();
  ASSERT_TRUE(eventually([&] { return accepted >= 2; }, 10s)) << "reconnects after the error";
  const auto status = client.status();
  EXPECT_GE(status.errors, 1u);
  EXPECT_NE(status.last_error.find("prefix length 24 and max length 8"), std::string::npos)
      << status.last_error;
  EXPECT_FALSE(status.has_data);
  client.stop();
  ::shutdown(listener, SHUT_RDWR);
  ::close(listener);
  server.join();
  EXPECT_EQ(got.count(), 0);

  RtrClient nobody({"127.0.0.1", std::to_string(test::free_loopback_port()), 20ms}, got.callback());
  nobody.start();
  ASSERT_TRUE(eventually([&] { return nobody.status().errors >= 2; }, 10s));
  EXPECT_EQ(nobody.status().state, RtrStatus::State::kReconnecting);
  EXPECT_NE(nobody.status().last_error.find("cannot connect"), std::string::npos);
}

// The validator's set is the union of the file's VRPs and the cache's.
TEST(RpkiValidator, FileAndRtrCacheTogether) {
  test::TempDir dir;
  const std::string json = dir / "cache.json";
  write_roas(json, {R"({"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64497, "ta": "x"})"});
  Stayrtr cache(dir, json);
  std::ofstream(dir / "file.csv") << "ASN,IP Prefix,Max Length\nAS64496,192.0.2.0/24,24\n";
  RpkiValidator validator({dir / "file.csv", "", RtrOptions{"127.0.0.1", cache.port()}});
  ASSERT_TRUE(validator.load());
  EXPECT_EQ(validator.vrps()->size(), 1u);
  validator.start(100ms);
  ASSERT_TRUE(eventually([&] { return validator.vrps()->size() == 2; }));
  EXPECT_EQ(validator.vrps()->validate(*Prefix::parse("198.51.100.0/24"), 64497).state,
            RovState::kValid);
  EXPECT_EQ(validator.vrps()->validate(*Prefix::parse("192.0.2.0/24"), 64497).state,
            RovState::kInvalid);
  ASSERT_TRUE(validator.rtr_status());
  EXPECT_EQ(validator.rtr_status()->vrps, 1u);
  validator.stop();
}

}  // namespace bgpsentry
