#include "agent/detect/engine.h"

namespace bgpsentry {

Engine::Engine(BatchQueue& in, DetectionPipeline& pipeline) : in_(in), pipeline_(pipeline) {}

Engine::~Engine() {
  join();
}

void Engine::start() {
  thread_ = std::thread([this] { run(); });
}

void Engine::join() {
  if (thread_.joinable()) thread_.join();
}

void Engine::run() {
  while (auto batch = in_.pop()) {
    for (const Update& u : (*batch)->updates) pipeline_.process(u);
    pipeline_.end_batch();
    processed_.fetch_add((*batch)->updates.size(), std::memory_order_relaxed);
  }
}

}  // namespace bgpsentry
