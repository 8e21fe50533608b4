#include "agent/events/irr_consistency.h"

#include <spdlog/spdlog.h>

namespace bgpsentry {
namespace {

constexpr const char* kStateKey = "irr/disagreements";

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// "AS3549 (RADB), AS36561 (RADB)": what the covering objects say instead.
std::string registered_origins(const std::vector<IrrRoute>& covering) {
  std::string out;
  size_t listed = 0;
  for (const auto& r : covering) {
    if (listed == 5) {
      out += ", …";
      break;
    }
    if (!out.empty()) out += ", ";
    out += "AS" + std::to_string(r.origin) + " (" + r.prefix.to_string() + " " +
           std::string(r.source) + ")";
    ++listed;
  }
  return out;
}

}  // namespace

std::vector<std::string> irr_disagreements(const IrrDatabase& irr, const PrefixesConfig& prefixes) {
  std::vector<std::string> out;
  for (const auto& p : prefixes.prefixes) {
    if (p.ignore || p.asns.empty()) continue;
    const auto covering = irr.covering(p.prefix);
    if (covering.empty()) {
      out.push_back(p.prefix.to_string() + ": no IRR route object covers it");
      continue;
    }
    std::string missing;
    for (uint32_t asn : p.asns) {
      bool named = false;
      for (const auto& r : covering) named = named || r.origin == asn;
      if (!named) missing += (missing.empty() ? "AS" : ", AS") + std::to_string(asn);
    }
    if (!missing.empty())
      out.push_back(p.prefix.to_string() + ": configured origin " + missing +
                    " is in no covering IRR object; they name " + registered_origins(covering));
  }
  return out;
}

void IrrConsistency::check(const IrrDatabase& irr, const PrefixesConfig& prefixes, int64_t now_us) {
  auto found = irr_disagreements(irr, prefixes);
  std::lock_guard lock(mu_);
  current_ = found;
  const std::string text = join_lines(found);
  if (state_.get(kStateKey).value_or("") == text) return;  // said before, perhaps before a restart
  Alert a;
  a.type = AlertType::kFeed;
  a.source = "irr";
  a.first_seen_us = a.last_seen_us = now_us;
  if (found.empty()) {
    a.description = "irr: every monitored prefix's configured origins agree with its IRR objects";
  } else {
    a.description = "irr: " + std::to_string(found.size()) +
                    " monitored prefixes disagree with their IRR route objects (fix the "
                    "objects or the prefixes file):";
    for (size_t i = 0; i < found.size() && i < kMaxListed; ++i) a.description += "\n" + found[i];
    if (found.size() > kMaxListed)
      a.description += "\n… and " + std::to_string(found.size() - kMaxListed) + " more";
  }
  spdlog::info("{}", a.description.substr(0, a.description.find('\n')));
  notices_.emit(std::move(a));
  // After the notice is stored: a crash in between says it again rather than never.
  if (auto st = state_.put(kStateKey, text); !st)
    spdlog::error("irr: the agreement state not saved ({}); the notice may repeat", st.error());
}

std::vector<std::string> IrrConsistency::disagreements() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace bgpsentry
