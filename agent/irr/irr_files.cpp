#include "agent/irr/irr_files.h"

#include <spdlog/spdlog.h>

#include "agent/core/thread_name.h"

namespace bgpsentry {

IrrFiles::IrrFiles(std::vector<std::string> files) : files_(std::move(files)) {}

IrrFiles::~IrrFiles() {
  stop();
}

std::vector<std::optional<FileStamp>> IrrFiles::stamps() const {
  std::vector<std::optional<FileStamp>> out;
  for (const auto& f : files_) out.push_back(file_stamp(f));
  return out;
}

Status IrrFiles::load() {
  // Stamps first: a file rewritten while it is read is read again at the next check.
  auto stamps_now = stamps();
  auto loaded = IrrDatabase::load(files_);
  std::lock_guard lock(mu_);
  stamps_ = std::move(stamps_now);
  if (!loaded) {
    last_error_ = loaded.error();
    return Error{loaded.error()};
  }
  const IrrLoadStats& s = loaded->stats();
  spdlog::info("irr: {} route objects from {} files in {:.2f} s ({} MB){}", s.objects, s.files,
               s.seconds, s.memory_bytes >> 20,
               s.malformed ? ", " + std::to_string(s.malformed) + " malformed" : std::string());
  for (const auto& p : s.problems) spdlog::warn("irr: {}", p);
  if (s.malformed > s.problems.size())
    spdlog::warn("irr: and {} more malformed objects", s.malformed - s.problems.size());
  db_.store(std::make_shared<const IrrDatabase>(std::move(*loaded)));
  ++loads_;
  last_error_.clear();
  return ok_status();
}

void IrrFiles::start(std::chrono::milliseconds interval,
                     std::function<void(std::shared_ptr<const IrrDatabase>)> on_change) {
  on_change_ = std::move(on_change);
  thread_ = named_thread("bgps-irr-reload", [this, interval] { run(interval); });
}

void IrrFiles::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

IrrStatus IrrFiles::status() const {
  IrrStatus s;
  s.files = files_;
  if (auto db = current()) s.loaded = db->stats();
  std::lock_guard lock(mu_);
  s.loads = loads_;
  s.last_error = last_error_;
  return s;
}

void IrrFiles::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    if (stamps() == stamps_) continue;
    lock.unlock();  // status() answers while a large dump loads
    const auto before = current();
    if (auto st = load(); !st) {
      // Said once per change of the files, not at every check.
      spdlog::error("irr: reload failed, keeping the {} objects loaded before: {}",
                    before ? before->size() : 0, st.error());
    } else if (on_change_) {
      on_change_(current());
    }
    lock.lock();
  }
}

}  // namespace bgpsentry
