#include "storage/alert_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "agent/core/thread_name.h"
#include "storage/codec.h"

namespace bgpsentry {

namespace {

constexpr const char* kReservedKey = "alerts/reserved_id";
constexpr uint64_t kReserveAhead = 1000;

}  // namespace

AlertStore::AlertStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.alerts()));
  it->SeekToLast();
  uint64_t last = 0;
  if (it->Valid() && it->key().size() == 8) last = codec::get_be64(it->key().data());
  std::string reserved;
  if (db_.db().Get(rocksdb::ReadOptions(), db_.meta(), kReservedKey, &reserved).ok())
    reserved_ = std::strtoull(reserved.c_str(), nullptr, 10);
  last_id_ = last;
  // After an unclean stop, ids up to the reservation may have reached a client.
  next_id_ = std::max(last, reserved_) + 1;
  syncer_ = named_thread("bgps-alert-sync", [this] { sync_loop(); });
}

AlertStore::~AlertStore() {
  {
    std::lock_guard lock(sync_mu_);
    stopping_ = true;
  }
  sync_cv_.notify_one();
  syncer_.join();
  std::lock_guard lock(append_mu_);
  if (auto st = reserve_through(next_id_ - 1); !st) spdlog::error("{}", st.error());
}

Status AlertStore::reserve_through(uint64_t id) {
  rocksdb::WriteOptions options;
  options.sync = true;  // also syncs every alert appended before it
  auto status = db_.db().Put(options, db_.meta(), kReservedKey, std::to_string(id));
  if (!status.ok()) return Error{"cannot reserve alert ids: " + status.ToString()};
  reserved_ = id;
  return ok_status();
}

Status AlertStore::append(Alert& alert) {
  std::lock_guard lock(append_mu_);
  const uint64_t id = next_id_;
  if (id > reserved_)
    if (auto st = reserve_through(id + kReserveAhead - 1); !st) return st;
  // In the log at once (a crash loses nothing); on disk by the syncer.
  alert.id = id;
  alert.raised_us = clock_.wall_us();
  auto status = db_.db().Put(rocksdb::WriteOptions(), db_.alerts(), codec::alert_key(id),
                             codec::encode_alert(alert));
  if (!status.ok()) {
    alert.id = 0;
    return Error{"cannot store alert: " + status.ToString()};
  }
  next_id_ = id + 1;
  last_id_ = id;
  {
    std::lock_guard sync_lock(sync_mu_);
    unsynced_ = true;
  }
  sync_cv_.notify_one();
  return ok_status();
}

void AlertStore::sync_loop() {
  std::unique_lock lock(sync_mu_);
  for (;;) {
    sync_cv_.wait(lock, [&] { return unsynced_ || stopping_; });
    if (!unsynced_ && stopping_) return;
    unsynced_ = false;
    lock.unlock();
    // Alerts appended while this runs are synced by the next round: one fsync for many.
    if (auto status = db_.sync_log(); !status)
      spdlog::error("cannot sync the alert log to disk: {}", status.error());
    lock.lock();
  }
}

std::optional<Alert> AlertStore::get(uint64_t id) const {
  std::string value;
  if (!db_.db().Get(rocksdb::ReadOptions(), db_.alerts(), codec::alert_key(id), &value).ok())
    return std::nullopt;
  Alert alert;
  if (!codec::decode_alert(value, alert)) return std::nullopt;
  return alert;
}

Status AlertStore::for_each_after(uint64_t after_id, size_t limit,
                                  const std::function<bool(const Alert&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.alerts()));
  size_t n = 0;
  for (it->Seek(codec::alert_key(after_id + 1)); it->Valid(); it->Next()) {
    if (limit && n == limit) break;
    Alert alert;
    if (!codec::decode_alert(it->value().ToStringView(), alert))
      return Error{"damaged alert record " + std::to_string(codec::get_be64(it->key().data()))};
    ++n;
    if (!fn(alert)) break;
  }
  if (!it->status().ok()) return Error{"alert scan failed: " + it->status().ToString()};
  return ok_status();
}

}  // namespace bgpsentry
