#include "agent/detect/path_detector.h"

#include "agent/detect/monitored_match.h"

namespace bgpsentry {
namespace {

std::string rule_text(const PathRule& rule) {
  if (!rule.match_description.empty()) return rule.match_description;
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (rule.match) add("match " + *rule.match);
  if (rule.not_match) add("notMatch " + *rule.not_match);
  if (rule.max_length) add("longer than " + std::to_string(*rule.max_length));
  if (rule.min_length) add("shorter than " + std::to_string(*rule.min_length));
  return "path rule (" + out + ")";
}

// The path as a description shows it: whole up to 64 ASNs, else its first and last 24 (a
// hostile 20,000-ASN path would make a 120 KB message for every sink).
std::string shown_path(const std::string& path, size_t length) {
  constexpr size_t kWhole = 64, kEnds = 24;
  if (length <= kWhole) return path;
  size_t head = 0, tail = path.size();
  for (size_t i = 0; i < kEnds; ++i) head = path.find(',', head) + 1;
  for (size_t i = 0; i < kEnds; ++i) tail = path.rfind(',', tail - 1);
  return path.substr(0, head) + "...(" + std::to_string(length - 2 * kEnds) + " more)" +
         path.substr(tail);
}

}  // namespace

PathDetector::PathDetector(MonitoredIndexRef monitored) : PrefixMonitor(std::move(monitored)) {}

std::string PathDetector::comma_path(const AsPath& path, size_t* length) {
  std::string out;
  size_t n = 0;
  for (const auto& segment : path.segments())
    for (uint32_t asn : segment.asns) {
      if (n++) out += ',';
      out += std::to_string(asn);
    }
  if (length) *length = n;
  return out;
}

bool PathDetector::holds(const PathRule& rule, const std::string& path, size_t length) {
  if (!rule.match_pattern && !rule.not_match_pattern && !rule.min_length && !rule.max_length)
    return false;
  if (rule.match_pattern && !rule.match_pattern->found_in(path)) return false;
  if (rule.not_match_pattern && rule.not_match_pattern->found_in(path)) return false;
  if (rule.max_length && !(length > static_cast<size_t>(*rule.max_length))) return false;
  if (rule.min_length && !(length < static_cast<size_t>(*rule.min_length))) return false;
  return true;
}

void PathDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!is_announcement(u)) return;
  const auto match = monitored_match(u.prefix);
  if (!match || match->monitored->path_rules.empty()) return;
  size_t length = 0;
  const std::string path = comma_path(u.attrs->as_path, &length);
  for (const PathRule& rule : match->monitored->path_rules) {
    if (!holds(rule, path, length)) continue;
    const std::string text = rule_text(rule);
    const auto origins = u.attrs->as_path.origins();
    emit_finding(
        out, u, AlertType::kPath, match->monitored->prefix, origins.empty() ? 0 : origins.front(),
        [&](Alert& alert) {
          alert.expected_origins = match->monitored->asns;
          alert.description = "Matched " + text + " on prefix " + u.prefix.to_string() + " (path " +
                              shown_path(path, length) + ", length " + std::to_string(length) + ")";
        },
        text);  // each rule is its own event
  }
}

}  // namespace bgpsentry
