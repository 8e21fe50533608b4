#include "agent/alert/silences.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace bgpsentry {

Silences::Silences(Database& db, const Clock& clock) : store_(db) {
  const int64_t now = clock.wall_us();
  auto st = store_.for_each([&](const Silence& s) {
    if (s.until_us > now) silences_.insert(silences_.begin(), s);  // read newest first
  });
  if (!st) spdlog::error("silences: {}", st.error());
}

Result<uint64_t> Silences::add(Silence silence) {
  std::lock_guard lock(mu_);
  auto id = store_.append(silence);
  if (!id) return id;
  std::erase_if(silences_, [&](const Silence& s) { return s.until_us <= silence.created_us; });
  silence.id = *id;
  silences_.push_back(std::move(silence));
  return id;
}

Result<bool> Silences::remove(uint64_t id, int64_t now_us) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(silences_.begin(), silences_.end(),
                         [&](const Silence& s) { return s.id == id && s.until_us > now_us; });
  if (it == silences_.end()) return false;
  Silence ended = *it;
  ended.until_us = now_us;
  if (auto st = store_.put(ended); !st) return Error{st.error()};
  silences_.erase(it);
  return true;
}

std::vector<Silence> Silences::active(int64_t now_us) const {
  std::lock_guard lock(mu_);
  std::vector<Silence> out;
  for (const auto& s : silences_)
    if (s.until_us > now_us) out.push_back(s);
  return out;
}

bool Silences::silenced(const Alert& alert, int64_t now_us) const {
  std::lock_guard lock(mu_);
  return std::any_of(silences_.begin(), silences_.end(),
                     [&](const Silence& s) { return s.matches(alert, now_us); });
}

}  // namespace bgpsentry
