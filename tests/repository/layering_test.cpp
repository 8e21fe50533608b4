// The build keeps the floors of docs/architecture.md: no include from a lower floor to a
// higher one, none between two folders of one floor. The checker itself is shown to catch
// a planted upward include, a lateral one and a folder missing from the table.
#include "tests/repository/layering.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/test_env.h"

namespace bgpsentry {
namespace {

std::map<std::string, int> documented_floors() {
  return test::parse_floors(test::read_file(test::source_dir() + "/docs/architecture.md"));
}

TEST(Layering, EveryFolderIsOnAFloorOfTheArchitectureDocument) {
  const auto floors = documented_floors();
  ASSERT_FALSE(floors.empty()) << "docs/architecture.md has no floors table";
  for (const char* folder : {"agent/core", "agent/model", "agent/alert", "storage", "ctl"})
    EXPECT_TRUE(floors.count(folder)) << folder;
}

TEST(Layering, NoIncludeRunsUpOrAcrossAFloor) {
  const auto floors = documented_floors();
  ASSERT_FALSE(floors.empty());
  const auto violations = test::layering_violations(test::source_dir(), floors);
  std::string all;
  for (const auto& v : violations) all += "\n  " + v;
  EXPECT_TRUE(violations.empty()) << violations.size() << " includes break the floors:" << all;
}

class PlantedTree : public ::testing::Test {
 protected:
  void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(dir_ / path).parent_path());
    std::ofstream(dir_ / path) << text;
  }
  std::map<std::string, int> floors() {
    return test::parse_floors(
        "# Architecture\n<!-- floors begin -->\n| floor | folders |\n|---|---|\n"
        "| 1 | `agent/core` |\n| 2 | `agent/decode`, `agent/model/` |\n"
        "| 3 | `storage` |\n| 4 | `agent/*` |\n<!-- floors end -->\n");
  }
  test::TempDir dir_;
};

TEST_F(PlantedTree, TheTableIsRead) {
  const auto f = floors();
  EXPECT_EQ(f.size(), 5u);
  EXPECT_EQ(f.at("agent/core"), 1);
  EXPECT_EQ(f.at("agent/model"), 2) << "a trailing slash is the same folder";
  EXPECT_EQ(f.at("storage"), 3);
}

TEST_F(PlantedTree, DownwardAndOwnFolderIncludesPass) {
  write("agent/core/a.h", "#include <vector>\n#include \"agent/core/b.h\"\n");
  write("storage/s.cpp",
        "#include \"storage/s.h\"\n#include \"agent/core/a.h\"\n"
        "#include \"bgpsentry/v1/types.pb.h\"\n");
  EXPECT_TRUE(test::layering_violations(dir_.path(), floors()).empty());
}

TEST_F(PlantedTree, AnUpwardIncludeIsReportedWithFileAndLine) {
  write("agent/core/a.h", "// fine\n#include \"storage/s.h\"\n");
  const auto v = test::layering_violations(dir_.path(), floors());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0],
            "agent/core/a.h:2: agent/core (floor 1) includes storage/s.h of storage "
            "(floor 3)");
}

TEST_F(PlantedTree, AnIncludeAcrossOneFloorIsReported) {
  write("agent/model/m.h", "#include \"agent/decode/d.h\"\n");
  EXPECT_EQ(test::layering_violations(dir_.path(), floors()).size(), 1u);
}

TEST_F(PlantedTree, AFolderMissingFromTheTableIsReported) {
  write("agent/main.cpp", "#include \"storage/s.h\"\n");  // the root's own file: fine
  write("agent/newroom/x.cpp", "\n");
  const auto v = test::layering_violations(dir_.path(), floors());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "agent/newroom/x.cpp: in no folder of the floors table");
}

}  // namespace
}  // namespace bgpsentry
