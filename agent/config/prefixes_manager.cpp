#include "agent/config/prefixes_manager.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "agent/config/text_diff.h"
#include "agent/core/text_file.h"

namespace bgpsentry {
namespace {

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string revision_name(uint64_t id) {
  return id == 0 ? "(none)" : "revision " + std::to_string(id);
}

}  // namespace

PrefixesManager::PrefixesManager(std::string path, PrefixesConfig config, std::string text,
                                 RevisionLog& log, Apply apply)
    : path_(std::move(path)),
      log_(log),
      apply_(std::move(apply)),
      current_(std::make_shared<const PrefixesConfig>(std::move(config))),
      text_(std::move(text)) {}

Status PrefixesManager::start() {
  std::lock_guard lock(mu_);
  auto last = log_.last();
  if (last && last->text == text_) {
    revision_ = last->id;
    return ok_status();
  }
  ConfigRevision r;
  r.time_us = now_us();
  r.who = "bgpsentryd";
  r.action = last ? "start: the prefixes file changed while the agent was stopped" : "start";
  r.diff = unified_diff(last ? last->text : "", text_, revision_name(last ? last->id : 0), path_);
  r.text = text_;
  auto id = log_.append(std::move(r));
  if (!id) return Error{"cannot record the config revision: " + id.error()};
  revision_ = *id;
  return ok_status();
}

std::shared_ptr<const PrefixesConfig> PrefixesManager::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

uint64_t PrefixesManager::revision() const {
  std::lock_guard lock(mu_);
  return revision_;
}

PrefixesManager::ChangeResult PrefixesManager::change(
    const std::string& who, const std::string& action,
    const std::function<EditStatus(PrefixesConfig&)>& edit) {
  std::lock_guard lock(mu_);
  PrefixesConfig edited = *current_;
  edited.warnings.clear();
  if (auto error = edit(edited)) return *error;
  auto canonical = canonical_prefixes(edited, path_);
  if (!canonical) return EditError{EditError::kInvalid, canonical.error()};
  return commit(who, action, std::move(canonical->config), std::move(canonical->text), true);
}

PrefixesManager::ChangeResult PrefixesManager::adopt(const std::string& who, PrefixesConfig config,
                                                     std::string text) {
  std::lock_guard lock(mu_);
  return commit(who, "reload", std::move(config), std::move(text), false);
}

PrefixesManager::ChangeResult PrefixesManager::commit(const std::string& who,
                                                      const std::string& action,
                                                      PrefixesConfig config, std::string text,
                                                      bool write_file) {
  if (text == text_) return Change{revision_, false};
  // The file first: a crash before the revision is recorded is noticed at the next start
  // (start() records the file as it finds it).
  if (write_file)
    if (auto st = write_text_file_atomically(path_, text); !st)
      return EditError{EditError::kFailed, st.error()};
  ConfigRevision r;
  r.time_us = now_us();
  r.who = who;
  r.action = action;
  r.diff = unified_diff(text_, text, revision_name(revision_), path_);
  r.text = text;
  auto id = log_.append(std::move(r));
  if (!id) return EditError{EditError::kFailed, "cannot record the config revision: " + id.error()};
  // Recorded is current, applied or not: the file and the log say so, and the next
  // change is a diff against it.
  current_ = std::make_shared<const PrefixesConfig>(std::move(config));
  text_ = std::move(text);
  revision_ = *id;
  if (auto st = apply_(current_); !st)
    return EditError{EditError::kFailed, "written, but not applied: " + st.error()};
  spdlog::info("config revision {} by {}: {} ({} prefixes, {} ASNs)", revision_, who, action,
               current_->prefixes.size(), current_->asns.size());
  return Change{revision_, true};
}

}  // namespace bgpsentry
