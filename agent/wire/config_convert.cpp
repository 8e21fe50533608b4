#include "agent/wire/config_convert.h"

#include <algorithm>

#include "agent/config/prefixes_edit.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry::wire {
namespace {

template <typename T>
google::protobuf::RepeatedPtrField<std::string> strings(const T& list) {
  return {list.begin(), list.end()};
}

}  // namespace

v1::MonitoredPrefix to_proto(const MonitoredPrefix& p) {
  v1::MonitoredPrefix out;
  out.set_prefix(p.prefix.to_string());
  out.set_description(p.description);
  out.mutable_asns()->Add(p.asns.begin(), p.asns.end());
  out.set_ignore_more_specifics(p.ignore_more_specifics);
  out.set_ignore(p.ignore);
  *out.mutable_groups() = strings(p.groups);
  out.set_squat(p.squat);
  for (const auto& rule : p.path_rules) {
    auto* r = out.add_path_rules();
    if (rule.match) r->set_match(*rule.match);
    if (rule.not_match) r->set_not_match(*rule.not_match);
    r->set_match_description(rule.match_description);
    if (rule.min_length) r->set_min_length(static_cast<uint32_t>(*rule.min_length));
    if (rule.max_length) r->set_max_length(static_cast<uint32_t>(*rule.max_length));
  }
  *out.mutable_include_monitors() = strings(p.include_monitors);
  *out.mutable_exclude_monitors() = strings(p.exclude_monitors);
  return out;
}

v1::MonitoredAsn to_proto(const MonitoredAsn& a) {
  v1::MonitoredAsn out;
  out.set_asn(a.asn);
  *out.mutable_groups() = strings(a.groups);
  if (a.upstreams)
    out.mutable_upstreams()->mutable_asns()->Add(a.upstreams->begin(), a.upstreams->end());
  if (a.downstreams)
    out.mutable_downstreams()->mutable_asns()->Add(a.downstreams->begin(), a.downstreams->end());
  return out;
}

v1::ConfigRevision to_proto(const ConfigRevision& r) {
  v1::ConfigRevision out;
  out.set_id(r.id);
  *out.mutable_time() = to_timestamp(r.time_us);
  out.set_who(r.who);
  out.set_action(r.action);
  out.set_diff(r.diff);
  return out;
}

v1::ConfigIssue to_proto(const ConfigError& e) {
  v1::ConfigIssue out;
  out.set_file(e.file);
  out.set_line(static_cast<uint32_t>(e.line));
  out.set_column(static_cast<uint32_t>(e.column));
  out.set_field(e.field);
  out.set_message(e.message);
  return out;
}

Result<MonitoredPrefix> from_proto(const v1::MonitoredPrefix& p) {
  auto prefix = parse_api_prefix(p.prefix());
  if (!prefix) return Error{prefix.error()};
  MonitoredPrefix out;
  out.prefix = *prefix;
  out.description = p.description();
  out.asns.assign(p.asns().begin(), p.asns().end());
  out.ignore_more_specifics = p.ignore_more_specifics();
  out.ignore = p.ignore();
  out.groups.assign(p.groups().begin(), p.groups().end());
  out.squat = p.squat();
  for (const auto& r : p.path_rules()) {
    PathRule rule;
    if (r.has_match()) rule.match = r.match();
    if (r.has_not_match()) rule.not_match = r.not_match();
    rule.match_description = r.match_description();
    // Beyond any AS path; the loader then names the field.
    if (r.has_min_length()) rule.min_length = static_cast<int>(std::min(r.min_length(), 1001u));
    if (r.has_max_length()) rule.max_length = static_cast<int>(std::min(r.max_length(), 1001u));
    out.path_rules.push_back(std::move(rule));
  }
  out.include_monitors.assign(p.include_monitors().begin(), p.include_monitors().end());
  out.exclude_monitors.assign(p.exclude_monitors().begin(), p.exclude_monitors().end());
  return out;
}

MonitoredAsn from_proto(const v1::MonitoredAsn& a) {
  MonitoredAsn out;
  out.asn = a.asn();
  out.groups.assign(a.groups().begin(), a.groups().end());
  if (a.has_upstreams())
    out.upstreams.emplace(a.upstreams().asns().begin(), a.upstreams().asns().end());
  if (a.has_downstreams())
    out.downstreams.emplace(a.downstreams().asns().begin(), a.downstreams().asns().end());
  return out;
}

}  // namespace bgpsentry::wire
