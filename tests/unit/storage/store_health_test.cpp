// A failing store on a clock the test moves: writes retried with backoff, the spell stamped
// and announced, and after stop() given up only once the grace is over.
#include "storage/store_health.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace bgpsentry {
namespace {

template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 1000 && !pred(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return pred();
}

// Ends a retry still going when a test fails early (the future of std::async waits for
// it): the store works again, the agent stops, the clock moves past every wait.
struct Unblock {
  ManualClock& clock;
  StoreHealth& health;
  std::atomic<bool>& store_fails;
  ~Unblock() {
    store_fails = false;
    health.stop();
    clock.advance(std::chrono::hours(1));
  }
};

}  // namespace

TEST(StoreHealth, AFailingWriteIsRetriedWithBackoffAndItsSpellAnnounced) {
  ManualClock clock;
  StoreHealth health(clock);
  std::vector<std::pair<StoreFailure, bool>> heard;
  health.add_listener(
      [&](const StoreFailure& f, bool recovered) { heard.emplace_back(f, recovered); });
  const int64_t started = clock.wall_us();
  std::atomic<int> attempts{0};
  std::atomic<bool> disk_full{true};
  auto write = std::async(std::launch::async, [&] {
    return health.retry("history write", [&]() -> Status {
      ++attempts;
      if (disk_full) return Error{"No space left on device"};
      return ok_status();
    });
  });
  const Unblock unblock{clock, health, disk_full};  // declared after `write`: ends first
  ASSERT_TRUE(eventually([&] { return attempts == 1; }));
  ASSERT_TRUE(health.failing());
  EXPECT_EQ(health.failing()->since_us, started);
  EXPECT_EQ(health.failing()->what, "history write");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(attempts, 1) << "the next try waits 10 ms of the clock";
  clock.advance(std::chrono::milliseconds(10));
  ASSERT_TRUE(eventually([&] { return attempts == 2; }));
  clock.advance(std::chrono::milliseconds(19));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(attempts, 2) << "then 20 ms";
  disk_full = false;
  clock.advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(write.get());
  EXPECT_EQ(attempts, 3);
  EXPECT_FALSE(health.failing());
  EXPECT_EQ(health.failed_writes(), 2u);
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_FALSE(heard[0].second);
  EXPECT_TRUE(heard[1].second);
  EXPECT_EQ(heard[1].first.failures, 2u);
  EXPECT_EQ(heard[1].first.until_us - heard[1].first.since_us, 30'000) << "30 ms of the clock";
}

TEST(StoreHealth, AfterStopAWriteThatStillFailsIsGivenUpWhenTheGraceIsOver) {
  ManualClock clock;
  StoreHealth health(clock);
  std::atomic<int> attempts{0};
  std::atomic<bool> store_fails{true};
  auto write = std::async(std::launch::async, [&] {
    return health.retry("alert", [&]() -> Status {
      ++attempts;
      if (store_fails) return Error{"No space left on device"};
      return ok_status();
    });
  });
  const Unblock unblock{clock, health, store_fails};  // declared after `write`: ends first
  ASSERT_TRUE(eventually([&] { return attempts == 1; }));
  health.stop();
  ASSERT_TRUE(eventually([&] { return attempts == 2; })) << "stop() cuts the backoff short";
  // Retried on, with backoff, until three seconds of the clock have passed since stop().
  for (int ms = 0; ms < 3000; ms += 100) {
    ASSERT_EQ(write.wait_for(std::chrono::milliseconds(5)), std::future_status::timeout) << ms;
    clock.advance(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(write.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const Status given_up = write.get();
  ASSERT_FALSE(given_up);
  EXPECT_EQ(given_up.error(), "No space left on device");
  EXPECT_GE(attempts, 6) << "backoffs of 10 ms doubling to 640 ms in 3 s";
}

}  // namespace bgpsentry
