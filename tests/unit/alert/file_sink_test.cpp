// The file sink on disk: size rotation keeps KEEP files of whole JSON lines in order, a
// reopen (SIGHUP after logrotate moved the file) starts the file again by name, and what it
// creates is 0640 whatever the umask.
#include "agent/alert/sinks/file_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/small_disk.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

Alert alert_with_id(uint64_t id) {
  Alert a;
  a.id = id;
  a.type = AlertType::kSubprefixHijack;
  a.prefix = *Prefix::parse("208.65.153.0/24");
  a.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  a.observed_origin = 17557;
  a.expected_origins = {36561};
  a.as_path = AsPath::sequence({3491, 17557});
  a.first_seen_us = a.last_seen_us = 1203878877000000;
  a.description = "test";
  return a;
}

// The alert ids in a file, in line order; -1 for a line that is not one alert's JSON.
std::vector<long> ids_in(const std::string& path) {
  std::vector<long> ids;
  for (const auto& line : test::split_lines(test::read_file(path))) {
    const auto at = line.find("\"id\":\"");
    const bool whole = line.front() == '{' && line.back() == '}';
    ids.push_back(at == std::string::npos || !whole ? -1 : std::stol(line.substr(at + 6)));
  }
  return ids;
}

}  // namespace

TEST(FileSink, RotatesBySizeAndKeepsKeepFilesOfWholeLinesInOrder) {
  test::TempDir dir;
  const std::string path = dir / "alerts.jsonl";
  FileSink sink("file", FileSinkSettings{path, 4096, 3});
  for (uint64_t id = 1; id <= 60; ++id) ASSERT_TRUE(sink.deliver({alert_with_id(id)}));
  ASSERT_TRUE(std::filesystem::exists(path + ".3"));
  EXPECT_FALSE(std::filesystem::exists(path + ".4")) << "only KEEP rotated files";
  // Oldest first: .3, .2, .1, then the file being written; every line whole, no id twice
  // or out of order, the newest last, and no file past the limit.
  std::vector<long> all;
  for (const std::string& f : {path + ".3", path + ".2", path + ".1", path}) {
    EXPECT_LE(std::filesystem::file_size(f), 4096u) << f;
    for (long id : ids_in(f)) all.push_back(id);
  }
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), 60);
  for (size_t i = 1; i < all.size(); ++i) ASSERT_EQ(all[i], all[i - 1] + 1) << i;
  EXPECT_GT(all.front(), 1) << "the oldest were rotated away";
}

TEST(FileSink, AReopenAfterLogrotateMovedTheFileStartsItAgainAt0640) {
  test::TempDir dir;
  const std::string path = dir / "log/alerts.jsonl";
  const mode_t umask_before = ::umask(0);  // the widest umask: 0640 must still come out
  FileSink sink("file", FileSinkSettings{path});
  ASSERT_TRUE(sink.deliver({alert_with_id(1)}));
  ::umask(umask_before);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  std::filesystem::rename(path, path + ".moved");  // logrotate
  ASSERT_TRUE(sink.deliver({alert_with_id(2)}));
  EXPECT_FALSE(std::filesystem::exists(path)) << "before the reopen the old file is written";
  sink.reopen();
  ASSERT_TRUE(sink.deliver({alert_with_id(3)}));
  EXPECT_EQ(ids_in(path + ".moved"), (std::vector<long>{1, 2}));
  EXPECT_EQ(ids_in(path), std::vector<long>{3});
  // A file the operator made stays as they made it.
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  sink.reopen();
  ASSERT_TRUE(sink.deliver({alert_with_id(4)}));
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// A full disk (a 64 KiB tmpfs): a batch that does not fit fails and is cut off again, so the
// file keeps whole lines only and nothing already in it is lost; once there is room, the
// retry writes the batch once.
TEST(FileSink, AFullDiskLosesNoLineAndTheRetryWritesTheBatchOnce) {
  if (::getuid() != 0) GTEST_SKIP() << "mounts a small tmpfs: needs root (as CI runs)";
  test::TempDir dir;
  test::SmallDisk disk(dir / "disk", "64k");
  ASSERT_TRUE(disk.mounted()) << "mount tmpfs: " << disk.error();
  FileSinkSettings settings;
  settings.path = dir / "disk/alerts.jsonl";
  FileSink sink("file", settings);
  ASSERT_TRUE(sink.deliver({alert_with_id(1), alert_with_id(2)}));
  {  // The rest of the disk but a little, taken.
    std::ofstream filler(dir / "disk/filler");
    filler << std::string(52 * 1024, 'x');
  }
  std::vector<Alert> batch;
  for (uint64_t id = 3; id <= 60; ++id) batch.push_back(alert_with_id(id));
  auto st = sink.deliver(batch);
  ASSERT_FALSE(st) << "about 20 KiB into less than 8 KiB";
  EXPECT_NE(st.error().find("No space left on device"), std::string::npos) << st.error();
  EXPECT_EQ(ids_in(dir / "disk/alerts.jsonl"), (std::vector<long>{1, 2}))
      << "the part written is cut off again; what was there stays";
  std::filesystem::remove(dir / "disk/filler");
  ASSERT_TRUE(sink.deliver(batch));
  std::vector<long> expected;
  for (long id = 1; id <= 60; ++id) expected.push_back(id);
  EXPECT_EQ(ids_in(dir / "disk/alerts.jsonl"), expected) << "each alert once, in order";
}

}  // namespace bgpsentry
