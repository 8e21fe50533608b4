#include "agent/decode/radar_response.h"

#include <simdjson.h>

#include <optional>

#include "agent/core/time_text.h"

namespace bgpsentry {
namespace {

namespace dom = simdjson::dom;

// Answers larger than this are refused: a page of 100 events is tens of kB.
constexpr size_t kMaxBody = 16 << 20;

std::string missing(const std::string& path) {
  return path + ": missing";
}

Result<dom::element> field(dom::object o, const char* name, const std::string& path) {
  dom::element e;
  if (o[name].get(e)) return Error{missing(path + "." + name)};
  return e;
}

// A JSON number that is a non-negative integer (simdjson gives small ones as int64).
std::optional<uint64_t> non_negative(dom::element e) {
  uint64_t v = 0;
  int64_t s = 0;
  if (!e.get(v)) return v;
  if (!e.get(s) && s >= 0) return static_cast<uint64_t>(s);
  return std::nullopt;
}

Result<uint64_t> u64_field(dom::object o, const char* name, const std::string& path) {
  auto e = field(o, name, path);
  if (!e) return Error{e.error()};
  if (auto v = non_negative(*e)) return *v;
  return Error{path + "." + name + ": expected a non-negative integer"};
}

Result<uint32_t> asn_field(dom::object o, const char* name, const std::string& path) {
  auto v = u64_field(o, name, path);
  if (!v) return Error{v.error()};
  if (*v > 0xFFFFFFFFull) return Error{path + "." + name + ": not an AS number"};
  return static_cast<uint32_t>(*v);
}

Result<uint32_t> asn_of(dom::element e, const std::string& path) {
  auto v = non_negative(e);
  if (!v || *v > 0xFFFFFFFFull) return Error{path + ": not an AS number"};
  return static_cast<uint32_t>(*v);
}

Result<std::vector<uint32_t>> asn_list(dom::object o, const char* name, const std::string& path) {
  auto e = field(o, name, path);
  if (!e) return Error{e.error()};
  dom::array a;
  if (e->get(a)) return Error{path + "." + name + ": expected an array"};
  std::vector<uint32_t> out;
  size_t i = 0;
  for (dom::element x : a) {
    auto asn = asn_of(x, path + "." + name + "[" + std::to_string(i++) + "]");
    if (!asn) return Error{asn.error()};
    out.push_back(*asn);
  }
  return out;
}

Result<bool> bool_field(dom::object o, const char* name, const std::string& path) {
  auto e = field(o, name, path);
  if (!e) return Error{e.error()};
  bool b = false;
  if (e->get(b)) return Error{path + "." + name + ": expected true or false"};
  return b;
}

Result<int64_t> time_field(dom::object o, const char* name, const std::string& path) {
  auto e = field(o, name, path);
  if (!e) return Error{e.error()};
  std::string_view text;
  if (e->get(text)) return Error{path + "." + name + ": expected a time"};
  auto us = parse_utc_time_us(text);
  if (!us)
    return Error{path + "." + name + ": '" + std::string(text.substr(0, 40)) + "' is not a time"};
  return *us;
}

// The envelope: {success, errors, result, result_info}. `result` is returned.
Result<dom::object> envelope(dom::parser& parser, simdjson::padded_string& padded,
                             std::string_view body, RadarPageInfo* info) {
  if (body.size() > kMaxBody)
    return Error{"answer of " + std::to_string(body.size()) + " bytes (at most " +
                 std::to_string(kMaxBody) + ")"};
  padded = simdjson::padded_string(body);
  dom::element root;
  if (auto error = parser.parse(padded).get(root))
    return Error{std::string("not valid JSON: ") + simdjson::error_message(error)};
  dom::object top;
  if (root.get(top)) return Error{"expected a JSON object"};
  bool success = false;
  if (top["success"].get(success)) return Error{missing("success")};
  if (!success) {
    std::string why;
    dom::array errors;
    if (!top["errors"].get(errors))
      for (dom::element e : errors) {
        std::string_view message;
        if (!e["message"].get(message)) why += (why.empty() ? "" : "; ") + std::string(message);
      }
    return Error{"Radar answered success: false" + (why.empty() ? std::string() : ": " + why)};
  }
  dom::object result;
  if (top["result"].get(result)) return Error{"result: missing or not an object"};
  if (info) {
    dom::object ri;
    if (!top["result_info"].get(ri)) {
      auto get = [&](const char* name, uint64_t& out) {
        uint64_t v = 0;
        if (!ri[name].get(v)) out = v;
      };
      get("page", info->page);
      get("per_page", info->per_page);
      get("count", info->count);
      get("total_count", info->total_count);
    }
  }
  return result;
}

Result<dom::array> events_of(dom::object result) {
  dom::array events;
  if (result["events"].get(events)) return Error{"result.events: missing or not an array"};
  return events;
}

Result<RadarHijack> hijack_of(dom::element e, const std::string& path) {
  dom::object o;
  if (e.get(o)) return Error{path + ": expected an object"};
  RadarHijack h;
  auto id = u64_field(o, "id", path);
  if (!id) return Error{id.error()};
  h.id = *id;
  auto confidence = u64_field(o, "confidence_score", path);
  if (!confidence) return Error{confidence.error()};
  h.confidence_score = static_cast<uint32_t>(std::min<uint64_t>(*confidence, 1000));
  auto hijacker = asn_field(o, "hijacker_asn", path);
  if (!hijacker) return Error{hijacker.error()};
  h.hijacker_asn = *hijacker;
  auto victims = asn_list(o, "victim_asns", path);
  if (!victims) return Error{victims.error()};
  h.victim_asns = std::move(*victims);
  dom::array prefixes;
  if (o["prefixes"].get(prefixes)) return Error{path + ".prefixes: missing or not an array"};
  size_t i = 0;
  for (dom::element p : prefixes) {
    std::string_view text;
    std::optional<Prefix> prefix;
    if (!p.get(text)) prefix = Prefix::parse(text);
    if (!prefix) return Error{path + ".prefixes[" + std::to_string(i) + "]: not a prefix"};
    h.prefixes.push_back(*prefix);
    ++i;
  }
  if (h.prefixes.empty()) return Error{path + ".prefixes: empty"};
  dom::array tags;
  if (!o["tags"].get(tags)) {
    i = 0;
    for (dom::element t : tags) {
      const std::string where = path + ".tags[" + std::to_string(i++) + "]";
      std::string_view name;
      int64_t score = 0;
      if (t["name"].get(name) || t["score"].get(score))
        return Error{where + ": expected {name, score}"};
      h.tags.push_back({std::string(name.substr(0, 64)),
                        static_cast<int>(std::clamp<int64_t>(score, -100, 100))});
    }
  }
  if (auto peers = asn_list(o, "peer_asns", path)) h.peer_asns = std::move(*peers);
  if (auto n = u64_field(o, "peer_ip_count", path)) h.peer_ip_count = *n;
  if (auto n = u64_field(o, "hijack_msgs_count", path)) h.hijack_msgs_count = *n;
  auto ongoing = u64_field(o, "on_going_count", path);
  if (!ongoing) return Error{ongoing.error()};
  h.on_going_count = *ongoing;
  if (auto stale = bool_field(o, "is_stale", path)) h.is_stale = *stale;
  auto min = time_field(o, "min_hijack_ts", path);
  if (!min) return Error{min.error()};
  h.min_hijack_us = *min;
  auto max = time_field(o, "max_hijack_ts", path);
  if (!max) return Error{max.error()};
  h.max_hijack_us = *max;
  return h;
}

Result<RadarLeak> leak_of(dom::element e, const std::string& path) {
  dom::object o;
  if (e.get(o)) return Error{path + ": expected an object"};
  RadarLeak l;
  auto id = u64_field(o, "id", path);
  if (!id) return Error{id.error()};
  l.id = *id;
  auto leaker = asn_field(o, "leak_asn", path);
  if (!leaker) return Error{leaker.error()};
  l.leak_asn = *leaker;
  auto seg = asn_list(o, "leak_seg", path);
  if (!seg) return Error{seg.error()};
  l.leak_seg = std::move(*seg);
  auto finished = bool_field(o, "finished", path);
  if (!finished) return Error{finished.error()};
  l.finished = *finished;
  auto min = time_field(o, "min_ts", path);
  if (!min) return Error{min.error()};
  l.min_us = *min;
  auto max = time_field(o, "max_ts", path);
  if (!max) return Error{max.error()};
  l.max_us = *max;
  if (auto t = time_field(o, "detected_ts", path)) l.detected_us = *t;
  if (auto n = u64_field(o, "leak_type", path)) l.leak_type = static_cast<uint32_t>(*n);
  if (auto n = u64_field(o, "leak_count", path)) l.leak_count = *n;
  if (auto n = u64_field(o, "peer_count", path)) l.peer_count = *n;
  if (auto n = u64_field(o, "prefix_count", path)) l.prefix_count = *n;
  if (auto n = u64_field(o, "origin_count", path)) l.origin_count = *n;
  return l;
}

template <typename T, typename Read>
Result<RadarEventsPage<T>> parse_events(std::string_view body, Read read) {
  dom::parser parser;
  simdjson::padded_string padded;
  RadarEventsPage<T> page;
  auto result = envelope(parser, padded, body, &page.info);
  if (!result) return Error{result.error()};
  auto events = events_of(*result);
  if (!events) return Error{events.error()};
  size_t i = 0;
  for (dom::element e : *events) {
    auto event = read(e, "result.events[" + std::to_string(i++) + "]");
    if (!event) return Error{event.error()};
    page.events.push_back(std::move(*event));
  }
  return page;
}

}  // namespace

Result<RadarEventsPage<RadarHijack>> parse_radar_hijacks(std::string_view body) {
  return parse_events<RadarHijack>(body, hijack_of);
}

Result<RadarEventsPage<RadarLeak>> parse_radar_leaks(std::string_view body) {
  return parse_events<RadarLeak>(body, leak_of);
}

Result<std::vector<RadarOrigin>> parse_radar_pfx2as(std::string_view body) {
  dom::parser parser;
  simdjson::padded_string padded;
  auto result = envelope(parser, padded, body, nullptr);
  if (!result) return Error{result.error()};
  dom::array rows;
  if ((*result)["prefix_origins"].get(rows))
    return Error{"result.prefix_origins: missing or not an array"};
  std::vector<RadarOrigin> out;
  size_t i = 0;
  for (dom::element e : rows) {
    const std::string path = "result.prefix_origins[" + std::to_string(i++) + "]";
    dom::object o;
    if (e.get(o)) return Error{path + ": expected an object"};
    RadarOrigin r;
    std::string_view text;
    std::optional<Prefix> prefix;
    if (!o["prefix"].get(text)) prefix = Prefix::parse(text);
    if (!prefix) return Error{path + ".prefix: missing or not a prefix"};
    r.prefix = *prefix;
    auto origin = asn_field(o, "origin", path);
    if (!origin) return Error{origin.error()};
    r.origin = *origin;
    if (auto n = u64_field(o, "peer_count", path)) r.peer_count = *n;
    std::string_view rpki;
    if (!o["rpki_validation"].get(rpki)) r.rpki_validation = std::string(rpki.substr(0, 32));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace bgpsentry
