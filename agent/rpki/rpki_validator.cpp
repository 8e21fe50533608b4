#include "agent/rpki/rpki_validator.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"

namespace bgpsentry {

RpkiValidator::RpkiValidator(RpkiOptions options)
    : options_(std::move(options)), vrps_(std::make_shared<const VrpSet>()) {}

RpkiValidator::~RpkiValidator() {
  stop();
}

std::optional<RpkiValidator::Stamp> RpkiValidator::stamp_of(const std::string& path) const {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return Stamp{static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
               static_cast<uintmax_t>(st.st_size)};
}

Status RpkiValidator::load() {
  // Stamps first: a file rewritten while we read it is read again at the next check.
  const auto vrp_stamp = stamp_of(options_.vrp_file);
  const auto slurm_stamp = stamp_of(options_.slurm_file);
  auto file = load_vrp_file(options_.vrp_file);
  if (!file) return Error{file.error()};
  std::vector<Vrp> vrps = std::move(file->vrps);
  if (!options_.slurm_file.empty()) {
    auto slurm = load_slurm_file(options_.slurm_file);
    if (!slurm) return Error{slurm.error()};
    vrps = slurm->apply(std::move(vrps));
  }
  auto set = std::make_shared<const VrpSet>(std::move(vrps));
  spdlog::info("rpki: {} VRPs from {} ({}){}", set->size(), options_.vrp_file, file->format,
               options_.slurm_file.empty() ? "" : ", SLURM " + options_.slurm_file + " applied");
  vrps_.store(std::move(set));
  // Files without a generation time (CSV, BGPalerter's JSON) age from their last write.
  generated_ = file->generated.value_or(vrp_stamp ? vrp_stamp->mtime_ns / 1000000000 : INT64_MIN);
  vrp_stamp_ = vrp_stamp;
  slurm_stamp_ = slurm_stamp;
  ++loads_;
  return ok_status();
}

std::optional<int64_t> RpkiValidator::generated() const {
  const int64_t g = generated_.load();
  return g == INT64_MIN ? std::nullopt : std::optional<int64_t>(g);
}

void RpkiValidator::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] { run(interval); });
}

void RpkiValidator::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RpkiValidator::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    const auto vrp_stamp = stamp_of(options_.vrp_file);
    const auto slurm_stamp = stamp_of(options_.slurm_file);
    if (vrp_stamp == vrp_stamp_ && slurm_stamp == slurm_stamp_) continue;
    if (auto st = load(); !st) {
      // Said once per change of the files, not at every check.
      vrp_stamp_ = vrp_stamp;
      slurm_stamp_ = slurm_stamp;
      spdlog::error("rpki: reload failed, keeping the {} VRPs loaded before: {}", vrps()->size(),
                    st.error());
    }
  }
}

}  // namespace bgpsentry
