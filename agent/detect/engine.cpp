#include "agent/detect/engine.h"

#include "agent/core/thread_name.h"

namespace bgpsentry {

Engine::Engine(BatchQueue& in, DetectionPipeline& pipeline,
               std::function<void(const UpdateBatch&)> on_judged)
    : in_(in), pipeline_(pipeline), on_judged_(std::move(on_judged)), watch_(pipeline.progress()) {}

Engine::~Engine() {
  join();
}

void Engine::start() {
  thread_ = named_thread("bgps-detect", [this] { run(); });
  watch_.start();
}

void Engine::join() {
  if (thread_.joinable()) thread_.join();
  watch_.stop();
}

bool Engine::post(std::function<void()> task) {
  auto batch = std::make_shared<UpdateBatch>();
  batch->engine_task = std::move(task);
  return in_.push(std::move(batch));
}

void Engine::run() {
  while (auto batch = in_.pop()) {
    if ((*batch)->engine_task) {
      (*batch)->engine_task();
      continue;
    }
    if ((*batch)->table_only)
      for (const Update& u : (*batch)->updates) pipeline_.apply_only(u);
    else
      for (const Update& u : (*batch)->updates) pipeline_.process(u);
    pipeline_.end_batch();  // the batch's events stored
    if (on_judged_) on_judged_(**batch);
    processed_.fetch_add((*batch)->updates.size(), std::memory_order_relaxed);
  }
}

}  // namespace bgpsentry
