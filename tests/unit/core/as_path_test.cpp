#include "agent/core/as_path.h"

#include <gtest/gtest.h>

namespace bgpsentry {
namespace {
std::vector<uint32_t> origins(const AsPath& p) {
  const auto o = p.origins();
  return {o.begin(), o.end()};
}
}  // namespace

TEST(AsPath, OriginIsLastAsnOfSequence) {
  auto path = AsPath::sequence({1280, 6461, 3491, 17557});
  EXPECT_EQ(origins(path), std::vector<uint32_t>{17557});
  EXPECT_EQ(path.length(), 4u);
  EXPECT_EQ(path.to_string(), "1280 6461 3491 17557");
}

TEST(AsPath, AsSetOriginHasEveryMember) {
  AsPath path({{SegmentType::kSequence, {701, 3356}}, {SegmentType::kSet, {64512, 64513}}});
  EXPECT_EQ(origins(path), (std::vector<uint32_t>{64512, 64513}));
  EXPECT_EQ(path.length(), 3u);
  EXPECT_EQ(path.to_string(), "701 3356 {64512,64513}");
}

TEST(AsPath, ConfederationSegments) {
  AsPath path({{SegmentType::kConfedSequence, {65001, 65002}},
               {SegmentType::kConfedSet, {65003, 65004}},
               {SegmentType::kSequence, {3356, 15169}}});
  EXPECT_EQ(path.to_string(), "(65001 65002) [65003,65004] 3356 15169");
  EXPECT_EQ(path.length(), 2u);
  EXPECT_EQ(origins(path), std::vector<uint32_t>{15169});
  AsPath internal({{SegmentType::kConfedSequence, {65001}}});
  EXPECT_TRUE(internal.origins().empty());
}

TEST(AsPath, EmptyPathHasNoOrigin) {
  EXPECT_TRUE(AsPath().origins().empty());
  EXPECT_EQ(AsPath().to_string(), "");
}

}  // namespace bgpsentry
