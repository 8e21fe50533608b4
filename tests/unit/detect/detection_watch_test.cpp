// The engine's stages seen from another thread: shares of the busy samples, and a stage
// that holds the engine on one update for a second or more (issue 29: a detect thread
// stuck in a path rule looked healthy in status).
#include <gtest/gtest.h>

#include "agent/detect/detection_watch.h"

namespace bgpsentry {
namespace {

// Samples as the watcher takes them every DetectionWatch::kPeriod, without the waiting.
void sample_for(DetectionWatch& watch, std::chrono::milliseconds held) {
  for (auto t = std::chrono::milliseconds(0); t <= held; t += DetectionWatch::kPeriod)
    watch.sample();
}

TEST(DetectionWatch, AStageHoldingOneUpdateShowsWhileItLastsAndIsCountedAfter) {
  DetectionProgress progress({"hijack", "path", "route_table"});
  DetectionWatch watch(progress);
  // Many quick updates: a different piece of work at every sample.
  for (int i = 0; i < 30; ++i) {
    progress.begin();
    progress.enter(i % 3 ? 1 : 3);
    watch.sample();
  }
  auto load = watch.load();
  EXPECT_EQ(load.stalled_stage, "");
  ASSERT_EQ(load.stages.size(), 3u);
  EXPECT_NEAR(load.stages[0].busy_share, 20.0 / 30, 1e-9);
  EXPECT_NEAR(load.stages[2].busy_share, 10.0 / 30, 1e-9);
  EXPECT_EQ(load.stages[1].busy_share, 0);

  // One update held in "path": not slow before a second, stalled after.
  progress.begin();
  progress.enter(2);
  sample_for(watch, std::chrono::milliseconds(900));
  EXPECT_EQ(watch.load().stalled_stage, "");
  sample_for(watch, std::chrono::milliseconds(1500));
  load = watch.load();
  EXPECT_EQ(load.stalled_stage, "path");
  EXPECT_GE(load.stalled_ms, 2000u);
  EXPECT_EQ(load.stages[1].slow_updates, 0u) << "counted once it is over";

  // The next update: the stall is over, counted with its length.
  progress.begin();
  progress.enter(2);
  watch.sample();
  load = watch.load();
  EXPECT_EQ(load.stalled_stage, "");
  EXPECT_EQ(load.stages[1].slow_updates, 1u);
  EXPECT_GE(load.stages[1].longest_ms, 2000u);
  EXPECT_LE(load.stages[1].longest_ms, 2500u);
  EXPECT_GT(load.stages[1].busy_share, 0.5);

  // Idle for long is not a stall.
  progress.idle();
  sample_for(watch, std::chrono::milliseconds(3000));
  EXPECT_EQ(watch.load().stalled_stage, "");
  EXPECT_EQ(watch.load().stages[1].slow_updates, 1u);
}

// The watcher's own thread samples while the engine is held, and stops at once.
TEST(DetectionWatch, TheWatcherThreadSeesAStallAndStops) {
  DetectionProgress progress({"path"});
  DetectionWatch watch(progress);
  watch.start();
  progress.begin();
  progress.enter(1);
  std::string stalled;
  for (int i = 0; i < 100 && stalled.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stalled = watch.load().stalled_stage;
  }
  EXPECT_EQ(stalled, "path");
  const auto start = std::chrono::steady_clock::now();
  watch.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace bgpsentry
