#include "agent/detect/engine.h"

namespace bgpsentry {

Engine::Engine(BatchQueue& in, std::vector<std::unique_ptr<Detector>> detectors, AlertEmitter& out)
    : in_(in), detectors_(std::move(detectors)), out_(out) {}

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
    for (const Update& u : (*batch)->updates)
      for (auto& d : detectors_) d->on_update(u, out_);
    processed_.fetch_add((*batch)->updates.size(), std::memory_order_relaxed);
  }
}

}  // namespace bgpsentry
