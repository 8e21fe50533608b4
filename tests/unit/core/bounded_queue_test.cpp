// The queues between modules: a producer that can wait (push) stops at the blocking
// capacity; one that cannot (try_push, a live feed) may fill the room above it, and what
// does not fit is refused and counted.
#include "agent/core/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace bgpsentry {
namespace {

TEST(BoundedQueue, PushWaitsAtTheBlockingCapacityTryPushFillsTheRest) {
  BoundedQueue<int> queue(6, 3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(queue.push(i));
  std::atomic<bool> pushed{false};
  std::thread producer([&] { pushed = queue.push(3); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed) << "push went past the blocking capacity";

  // A live feed's burst takes the room above it, up to the capacity.
  EXPECT_TRUE(queue.try_push(10));
  EXPECT_TRUE(queue.try_push(11));
  EXPECT_TRUE(queue.try_push(12));
  EXPECT_FALSE(queue.try_push(13));
  EXPECT_EQ(queue.refused(), 1u);
  EXPECT_EQ(queue.depth(), 6u);

  // The waiting push goes once the queue is below its level again.
  for (int expected : {0, 1, 2, 10}) EXPECT_EQ(queue.pop(), expected);
  producer.join();
  EXPECT_TRUE(pushed);
  for (int expected : {11, 12, 3}) EXPECT_EQ(queue.pop(), expected);
}

struct Heavy {
  size_t operator()(size_t w) const { return w; }
};

TEST(BoundedQueue, AnItemHeavierThanTheBlockingCapacityPassesAnEmptyQueue) {
  BoundedQueue<size_t, Heavy> queue(100, 10);
  EXPECT_TRUE(queue.push(50));  // would wait forever otherwise
  EXPECT_TRUE(queue.try_push(50));
  EXPECT_FALSE(queue.try_push(1));
  EXPECT_EQ(queue.pop_up_to(1000).size(), 2u);
}

}  // namespace
}  // namespace bgpsentry
