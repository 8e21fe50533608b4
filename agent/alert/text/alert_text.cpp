#include "agent/alert/text/alert_text.h"

#include <algorithm>
#include <cstdio>

#include "agent/core/time_text.h"

namespace bgpsentry {

namespace {

std::string as_name(uint32_t asn) {
  return "AS" + std::to_string(asn);
}

std::string joined(const std::vector<uint32_t>& asns) {
  std::string out;
  for (uint32_t a : asns) out += (out.empty() ? "" : ", ") + as_name(a);
  return out;
}

// RIPEstat's BGPlay around the alert: five minutes either side.
std::string bgplay_link(const Alert& alert) {
  if (alert.type == AlertType::kFeed) return {};
  const int64_t start = alert.first_seen_us / 1000000 - 300;
  const int64_t end = std::max(alert.last_seen_us, alert.first_seen_us) / 1000000 + 300;
  return "https://stat.ripe.net/bgplay/" + alert.prefix.to_string() +
         "#starttime=" + std::to_string(start) + "&endtime=" + std::to_string(end);
}

std::string status_of(const Alert& alert, const AlertFacts& facts) {
  if (alert.notice == EventNotice::kEnded) return to_string(EventStatus::kEnded);
  if (facts.event) return to_string(facts.event->status);
  return alert.event_id ? to_string(EventStatus::kOngoing) : "";
}

}  // namespace

const char* alert_channel(AlertType type) {
  switch (type) {
    case AlertType::kOriginHijack:
    case AlertType::kSubprefixHijack:
    case AlertType::kSquat:
      return "hijack";
    case AlertType::kNewPrefix:
      return "newprefix";
    case AlertType::kVisibilityLoss:
      return "visibility";
    case AlertType::kPath:
    case AlertType::kNeighborChange:
      return "path";
    case AlertType::kUnexpectedPrefix:
      return "misconfiguration";
    case AlertType::kRpkiInvalid:
      return "rpki";
    case AlertType::kRouteLeak:
      return "leak";
    case AlertType::kFeed:
      return "feed";
  }
  return "unknown";
}

std::string utc_time(int64_t time_us) {
  return format_utc_time(time_us, "%Y-%m-%d %H:%M:%S");
}

const std::vector<std::string>& placeholder_names() {
  static const std::vector<std::string> names = {
      "summary",     "earliest", "latest", "channel",    "type",      "prefix",
      "description", "asn",      "paths",  "peers",      "neworigin", "newprefix",
      "bgplay",      "event_id", "status", "confidence", "tags"};
  return names;
}

Placeholders alert_placeholders(const Alert& alert, const AlertFacts& facts) {
  const bool route = alert.type != AlertType::kFeed;
  // Neighbour and leak events span prefixes: the prefix is the one announced.
  const Prefix& monitored =
      has_monitored_prefix(alert.type) ? alert.monitored_prefix : alert.prefix;
  std::string tags;
  if (facts.event)
    for (const auto& t : facts.event->tags) tags += (tags.empty() ? "" : ",") + t.name;
  std::string summary = alert.description;
  if (summary.empty())
    summary = std::string(to_string(alert.type)) + " " +
              (route ? alert.prefix.to_string() + " origin " + as_name(alert.observed_origin)
                     : alert.source);
  return {
      {"summary", summary},
      {"earliest", utc_time(alert.first_seen_us)},
      {"latest", utc_time(std::max(alert.last_seen_us, alert.first_seen_us))},
      {"channel", alert_channel(alert.type)},
      {"type", to_string(alert.type)},
      {"prefix", route ? monitored.to_string() : ""},
      {"description", facts.prefix_description},
      {"asn", joined(alert.expected_origins)},
      {"paths", alert.as_path.empty() ? "" : alert.as_path.to_string()},
      {"peers", std::to_string(facts.event ? facts.event->peers.size()
                               : route     ? 1
                                           : 0)},
      {"neworigin", route && alert.observed_origin ? as_name(alert.observed_origin) : ""},
      {"newprefix", route ? alert.prefix.to_string() : ""},
      {"bgplay", bgplay_link(alert)},
      {"event_id", alert.event_id ? std::to_string(alert.event_id) : ""},
      {"status", status_of(alert, facts)},
      {"confidence", alert.notice == EventNotice::kNone ? "" : std::to_string(alert.confidence)},
      {"tags", tags},
  };
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

namespace {

// Calls `literal` for text and `name` for each ${name}, in order.
template <typename Literal, typename Name>
void scan_template(std::string_view text, Literal&& literal, Name&& name) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('$', i);
    if (open == std::string_view::npos) {
      literal(text.substr(i));
      return;
    }
    literal(text.substr(i, open - i));
    if (text.substr(open, 3) == "$${") {  // an escaped "${"
      literal("${");
      i = open + 3;
      continue;
    }
    const size_t close =
        text.substr(open, 2) == "${" ? text.find('}', open + 2) : std::string_view::npos;
    if (close == std::string_view::npos) {
      literal(text.substr(open, 1));
      i = open + 1;
      continue;
    }
    name(text.substr(open + 2, close - open - 2), text.substr(open, close - open + 1));
    i = close + 1;
  }
}

}  // namespace

std::string render_template(std::string_view text, const Placeholders& values,
                            TemplateEscape escape) {
  std::string out;
  out.reserve(text.size() + 128);
  scan_template(
      text, [&](std::string_view s) { out += s; },
      [&](std::string_view name, std::string_view written) {
        auto it = values.find(std::string(name));
        if (it == values.end()) {
          out += written;  // not ours: left as written
          return;
        }
        out += escape == TemplateEscape::kJson ? json_escape(it->second) : it->second;
      });
  return out;
}

bool uses_facts(std::string_view text) {
  bool uses = false;
  scan_template(
      text, [](std::string_view) {},
      [&](std::string_view name, std::string_view) {
        uses |= name == "description" || name == "peers" || name == "status" || name == "tags";
      });
  return uses;
}

std::vector<std::string> unknown_placeholders(std::string_view text) {
  std::vector<std::string> unknown;
  const auto& names = placeholder_names();
  scan_template(
      text, [](std::string_view) {},
      [&](std::string_view name, std::string_view) {
        if (std::find(names.begin(), names.end(), name) == names.end()) unknown.emplace_back(name);
      });
  return unknown;
}

}  // namespace bgpsentry
