#include "agent/detect/interned_paths.h"

#include <gtest/gtest.h>

namespace bgpsentry {
namespace {

// A confederation, a sequence and an AS_SET origin: every segment type the flat form keeps.
AsPath mixed() {
  return AsPath({AsPathSegment{SegmentType::kConfedSequence, {65001, 65002}},
                 AsPathSegment{SegmentType::kSequence, {701, 3356}},
                 AsPathSegment{SegmentType::kSet, {64512, 64513}}});
}

}  // namespace

TEST(InternedPaths, KeepsEverySegmentAndTellsPathsApart) {
  InternedPaths paths;
  const AsPath path = mixed();
  InternedPaths::Path* p = paths.acquire(path);
  EXPECT_TRUE(p->equals(path));
  EXPECT_EQ(p->to_as_path(), path);
  EXPECT_EQ(p->to_as_path().to_string(), "(65001 65002) 701 3356 {64512,64513}");

  // The same ASNs in other segments, or one ASN more or less, are other paths.
  const AsPath as_one_sequence = AsPath::sequence({65001, 65002, 701, 3356, 64512, 64513});
  const AsPath set_as_sequence({AsPathSegment{SegmentType::kConfedSequence, {65001, 65002}},
                                AsPathSegment{SegmentType::kSequence, {701, 3356}},
                                AsPathSegment{SegmentType::kSequence, {64512, 64513}}});
  const AsPath shorter = AsPath::sequence({701});
  const AsPath longer({AsPathSegment{SegmentType::kConfedSequence, {65001, 65002}},
                       AsPathSegment{SegmentType::kSequence, {701, 3356}},
                       AsPathSegment{SegmentType::kSet, {64512, 64513, 64514}}});
  for (const AsPath* other : {&as_one_sequence, &set_as_sequence, &shorter, &longer}) {
    EXPECT_FALSE(p->equals(*other)) << other->to_string();
    EXPECT_NE(paths.acquire(*other), p) << other->to_string();
  }
  EXPECT_FALSE(p->equals(AsPath()));
  EXPECT_TRUE(paths.acquire(AsPath())->equals(AsPath()));
  EXPECT_EQ(paths.size(), 6u);
}

TEST(InternedPaths, OneCopyPerPathFreedOnlyWhenUnusedAtASweep) {
  InternedPaths paths;
  const AsPath a = AsPath::sequence({701, 3356, 15169});
  InternedPaths::Path* p = paths.acquire(a);
  EXPECT_EQ(paths.acquire(AsPath::sequence({701, 3356, 15169})), p);
  EXPECT_EQ(p->references(), 2u);
  EXPECT_EQ(paths.size(), 1u);

  paths.release(p);
  paths.release(p);
  EXPECT_EQ(paths.in_use(), 0u);
  // Unused but not swept: acquiring it again finds the same copy.
  EXPECT_EQ(paths.acquire(a), p);
  EXPECT_EQ(paths.in_use(), 1u);

  InternedPaths::Path* q = paths.acquire(AsPath::sequence({174, 13335}));
  const size_t q_bytes = q->bytes();
  const size_t bytes_with_two = paths.bytes();
  paths.release(q);
  paths.sweep();  // 1 of 2 unused: more than a third
  EXPECT_EQ(paths.size(), 1u);
  EXPECT_EQ(paths.bytes(), bytes_with_two - q_bytes);
  EXPECT_TRUE(p->equals(a)) << "the path still referenced survives the sweep";
}

}  // namespace bgpsentry
