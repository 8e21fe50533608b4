#include "ctl/ordered_output.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace bgpctl {

OrderedOutput::OrderedOutput(size_t jobs, unsigned threads, FILE* out, size_t max_held_bytes)
    : slots_(jobs), threads_(std::max(1u, threads)), out_(out), max_held_(max_held_bytes) {}

void OrderedOutput::emit(size_t index, std::string&& chunk) {
  if (chunk.empty()) return;
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return index == head_ || held_ + chunk.size() <= max_held_; });
  held_ += chunk.size();
  slots_[index].chunks.push_back(std::move(chunk));
  changed_.notify_all();
}

bool OrderedOutput::run(const Job& job) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  const size_t n = std::min<size_t>(threads_, slots_.size());
  for (size_t t = 0; t < n; ++t)
    workers.emplace_back([&] {
      // Jobs are taken in order, so the head job is always running or finished.
      for (size_t i = next++; i < slots_.size(); i = next++) {
        job(i, [this, i](std::string&& chunk) { emit(i, std::move(chunk)); });
        std::lock_guard lock(mu_);
        slots_[i].done = true;
        changed_.notify_all();
      }
    });
  bool ok = true;
  std::unique_lock lock(mu_);
  while (head_ < slots_.size()) {
    changed_.wait(lock, [&] { return !slots_[head_].chunks.empty() || slots_[head_].done; });
    Slot& slot = slots_[head_];
    if (slot.chunks.empty()) {  // done and drained
      ++head_;
      changed_.notify_all();
      continue;
    }
    std::string chunk = std::move(slot.chunks.front());
    slot.chunks.pop_front();
    held_ -= chunk.size();
    changed_.notify_all();
    lock.unlock();
    if (ok && std::fwrite(chunk.data(), 1, chunk.size(), out_) != chunk.size()) ok = false;
    lock.lock();
  }
  lock.unlock();
  for (auto& w : workers) w.join();
  return std::fflush(out_) == 0 && ok;
}

}  // namespace bgpctl
