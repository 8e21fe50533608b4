// Times as APIs and operators write them, always UTC.
#include <gtest/gtest.h>

#include "agent/core/time_text.h"

namespace bgpsentry {
namespace {

TEST(TimeText, FractionsOfASecondAsApisWriteThem) {
  EXPECT_EQ(parse_utc_time_us("2008-02-24T18:47:57"), 1203878877000000);
  EXPECT_EQ(parse_utc_time_us("2008-02-24T18:47:57Z"), 1203878877000000);
  EXPECT_EQ(parse_utc_time_us("2008-02-24T18:47:57.952"), 1203878877952000);
  EXPECT_EQ(parse_utc_time_us("2008-02-24T18:47:57.952Z"), 1203878877952000);
  EXPECT_EQ(parse_utc_time_us("2008-02-24T18:47:57.123456789"), 1203878877123456)
      << "digits past microseconds are dropped";
  for (const char* bad : {"2008-02-24T18:47:57.", "2008-02-24T18:47:57.x", "x.5",
                          "2008-02-24T18:47:57.1234567890", ""})
    EXPECT_FALSE(parse_utc_time_us(bad)) << bad;
}

}  // namespace
}  // namespace bgpsentry
