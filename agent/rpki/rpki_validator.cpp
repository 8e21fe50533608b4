#include "agent/rpki/rpki_validator.h"

#include "agent/core/wall_clock.h"

#include <spdlog/spdlog.h>

#include "agent/core/thread_name.h"
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"

namespace bgpsentry {

RpkiValidator::RpkiValidator(RpkiOptions options)
    : options_(std::move(options)), vrps_(std::make_shared<const VrpSet>()) {}

RpkiValidator::~RpkiValidator() {
  stop();
}

Status RpkiValidator::load() {
  // Stamps first: a file rewritten while we read it is read again at the next check.
  const auto vrp_stamp = file_stamp(options_.vrp_file);
  const auto slurm_stamp = file_stamp(options_.slurm_file);
  std::vector<Vrp> vrps;
  std::optional<int64_t> generated;
  const char* format = "";
  if (!options_.vrp_file.empty()) {
    auto file = load_vrp_file(options_.vrp_file);
    if (!file) return Error{file.error()};
    vrps = std::move(file->vrps);
    format = file->format;
    // Files without a generation time (CSV, BGPalerter's JSON) age from their last write.
    generated = file->generated;
    if (!generated && vrp_stamp) generated = vrp_stamp->mtime_ns / 1000000000;
  }
  std::optional<Slurm> slurm;
  if (!options_.slurm_file.empty()) {
    auto loaded = load_slurm_file(options_.slurm_file);
    if (!loaded) return Error{loaded.error()};
    slurm = std::move(*loaded);
  }
  {
    std::lock_guard lock(sources_mu_);
    file_vrps_ = std::move(vrps);
    slurm_ = std::move(slurm);
  }
  if (!options_.vrp_file.empty())
    spdlog::info("rpki: {} VRPs from {} ({})", file_vrps_.size(), options_.vrp_file, format);
  generated_ = generated.value_or(INT64_MIN);
  vrp_stamp_ = vrp_stamp;
  slurm_stamp_ = slurm_stamp;
  publish("files loaded");
  return ok_status();
}

void RpkiValidator::publish(const char* why) {
  std::vector<Vrp> vrps;
  bool slurm = false;
  {
    std::lock_guard lock(sources_mu_);
    vrps = file_vrps_;
    if (rtr_vrps_) vrps.insert(vrps.end(), rtr_vrps_->begin(), rtr_vrps_->end());
    if (slurm_) vrps = slurm_->apply(std::move(vrps));
    slurm = slurm_.has_value();
  }
  auto set = std::make_shared<const VrpSet>(std::move(vrps));  // a VRP in both is kept once
  spdlog::info("rpki: {} VRPs in force ({}{})", set->size(), why,
               slurm ? ", SLURM " + options_.slurm_file + " applied" : "");
  vrps_.store(std::move(set));
  ++loads_;
}

std::optional<int64_t> RpkiValidator::generated() const {
  const int64_t g = std::max(generated_.load(), rtr_updated_.load());
  return g == INT64_MIN ? std::nullopt : std::optional<int64_t>(g);
}

void RpkiValidator::start(std::chrono::milliseconds interval) {
  if (!options_.vrp_file.empty() || !options_.slurm_file.empty())
    thread_ = named_thread("bgps-vrp-reload", [this, interval] { run(interval); });
  if (options_.rtr) {
    rtr_ = std::make_unique<RtrClient>(*options_.rtr,
                                       [this](std::shared_ptr<const std::vector<Vrp>> vrps) {
                                         {
                                           std::lock_guard lock(sources_mu_);
                                           rtr_vrps_ = vrps;
                                         }
                                         if (vrps) rtr_updated_ = wall_clock_s();
                                         publish(vrps ? "RTR update" : "RTR data expired");
                                         std::lock_guard lock(mutex_);
                                         wake_.notify_all();
                                       });
    rtr_->start();
  }
}

void RpkiValidator::stop() {
  if (rtr_) rtr_->stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool RpkiValidator::wait_for_rtr(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return wake_.wait_for(lock, timeout, [this] { return rtr_updated_ != INT64_MIN || stopping_; }) &&
         rtr_updated_ != INT64_MIN;
}

std::optional<RtrStatus> RpkiValidator::rtr_status() const {
  if (!rtr_) return std::nullopt;
  return rtr_->status();
}

void RpkiValidator::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    const auto vrp_stamp = file_stamp(options_.vrp_file);
    const auto slurm_stamp = file_stamp(options_.slurm_file);
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
