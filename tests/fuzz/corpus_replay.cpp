// Runs the fuzz entry points over seeds made from the real shared files and over every
// reproducer in tests/fuzz/corpus/: a crash or sanitizer report fails CI.
#include <gtest/gtest.h>

#include <filesystem>

#include "agent/decode/byte_reader.h"
#include "agent/ingest/byte_stream.h"
#include "tests/fuzz/fuzz_targets.h"
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

}  // namespace

TEST(FuzzCorpus, MrtStreamOverRealFilesAndMutations) {
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

}  // namespace bgpsentry
