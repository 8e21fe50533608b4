#include "agent/ingest/radar/radar_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"
#include "agent/decode/radar_response.h"
#include "agent/ingest/radar/radar_reports.h"

namespace bgpsentry {
namespace {

constexpr size_t kMaxFollowed = 1000;  // on-going events followed per endpoint
constexpr int64_t kMaxBackoffS = 3600;

SourceStatus initial_status(const std::string& name) {
  SourceStatus s;
  s.name = name;
  s.type = "radar";
  return s;
}

// "1,2,3": ids (or origins) as kept in the durable state.
template <typename Ids>
std::string join_ids(const Ids& ids) {
  std::string out;
  for (auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::set<uint64_t> split_ids(const std::string& text) {
  std::set<uint64_t> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (auto id = parse_u64(std::string_view(text).substr(start, comma - start))) out.insert(*id);
    start = comma + 1;
  }
  return out;
}

}  // namespace

struct RadarSource::Endpoint {
  std::string kind;  // "hijacks", "leaks" (the API's path) or "pfx2as"
  uint32_t asn = 0;
  Prefix prefix;                  // pfx2as
  std::vector<uint32_t> origins;  // pfx2as: expected
  std::set<uint32_t> unexpected;  // pfx2as: reported on-going at the last poll
  std::string key;                // in the durable state
  std::optional<uint64_t> last_id;
  std::set<uint64_t> ongoing;  // reported on-going: followed until Radar says over
  std::chrono::steady_clock::time_point next{};
  int failures = 0;
  SourceStatus::Endpoint status;
};

RadarSource::RadarSource(std::string name, RadarSettings settings, DurableState& state,
                         ReportObserver& reports, FeedObserver* observer,
                         std::function<std::vector<uint32_t>()> monitored_asns,
                         std::function<std::vector<RadarPrefix>()> monitored_prefixes,
                         const Clock& clock)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      state_(state),
      reports_(reports),
      observer_(observer),
      monitored_asns_(std::move(monitored_asns)),
      monitored_prefixes_(std::move(monitored_prefixes)),
      clock_(clock),
      http_(settings_.http),
      board_(initial_status(name_)) {}

RadarSource::~RadarSource() {
  stop();
}

void RadarSource::start() {
  thread_ = named_thread("bgps-radar", [this] { run(); });
}

void RadarSource::request_stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  http_.abort();
}

void RadarSource::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
  board_.update([](SourceStatus& s) { s.state = SourceState::kStopped; });
}

void RadarSource::publish_endpoints() {
  std::vector<SourceStatus::Endpoint> out;
  for (const auto& e : endpoints_) out.push_back(e->status);
  board_.update([&](SourceStatus& s) { s.endpoints = std::move(out); });
}

void RadarSource::run() {
  const auto interval = std::chrono::seconds(settings_.interval_s);
  while (true) {
    // The endpoints for the ASNs polled now (a prefixes change may add some): new ones are
    // spread over the interval, so that a hundred ASNs are not asked for at once.
    std::vector<uint32_t> asns = settings_.asns.empty() ? monitored_asns_() : settings_.asns;
    std::sort(asns.begin(), asns.end());
    asns.erase(std::unique(asns.begin(), asns.end()), asns.end());
    const std::vector<RadarPrefix> prefixes =
        settings_.origin_check ? monitored_prefixes_() : std::vector<RadarPrefix>{};
    std::vector<std::unique_ptr<Endpoint>> kept;
    size_t fresh = 0;
    const size_t total = asns.size() * 2 + prefixes.size();
    for (uint32_t asn : asns)
      for (const char* kind : {"hijacks", "leaks"}) {
        auto found = std::find_if(endpoints_.begin(), endpoints_.end(), [&](const auto& e) {
          return e && e->asn == asn && e->kind == kind;
        });
        if (found != endpoints_.end()) {
          kept.push_back(std::move(*found));
          continue;
        }
        auto e = std::make_unique<Endpoint>();
        e->kind = kind;
        e->asn = asn;
        e->key = "radar/" + name_ + "/" + kind + "/" + std::to_string(asn);
        if (auto v = state_.get(e->key)) e->last_id = parse_u64(*v);
        if (auto v = state_.get(e->key + "/ongoing")) e->ongoing = split_ids(*v);
        e->next = clock_.steady() + interval * fresh++ / std::max<size_t>(total, 1);
        e->status.name = std::string(kind) + " AS" + std::to_string(asn);
        if (e->last_id) e->status.last_id = *e->last_id;
        kept.push_back(std::move(e));
      }
    for (const auto& p : prefixes) {
      auto found = std::find_if(endpoints_.begin(), endpoints_.end(), [&](const auto& e) {
        return e && e->kind == "pfx2as" && e->prefix == p.prefix;
      });
      if (found != endpoints_.end()) {
        (*found)->origins = p.origins;  // the prefixes file may have changed them
        kept.push_back(std::move(*found));
        continue;
      }
      auto e = std::make_unique<Endpoint>();
      e->kind = "pfx2as";
      e->prefix = p.prefix;
      e->origins = p.origins;
      e->key = "radar/" + name_ + "/pfx2as/" + p.prefix.to_string();
      if (auto v = state_.get(e->key))
        for (uint64_t origin : split_ids(*v)) e->unexpected.insert(static_cast<uint32_t>(origin));
      e->next = clock_.steady() + interval * fresh++ / std::max<size_t>(total, 1);
      e->status.name = "pfx2as " + p.prefix.to_string();
      kept.push_back(std::move(e));
    }
    endpoints_ = std::move(kept);
    publish_endpoints();
    if (endpoints_.empty()) {
      board_.update([](SourceStatus& s) {
        s.state = SourceState::kRunning;
        s.detail = "nothing to poll: name asns, or monitor ASNs or prefixes with origins";
      });
    }
    Endpoint* due = nullptr;
    for (auto& e : endpoints_)
      if (!due || e->next < due->next) due = e.get();
    {
      std::unique_lock lock(mu_);
      const auto until = due ? due->next : clock_.steady() + interval;
      if (clock_.wait_until(wake_, lock, until, [&] { return stopping_; })) return;
    }
    if (!due) continue;
    due->next = poll(*due);
    due->status.next_poll_us =
        clock_.wall_us() +
        std::chrono::duration_cast<std::chrono::microseconds>(due->next - clock_.steady()).count();
    publish_endpoints();
  }
}

std::chrono::steady_clock::time_point RadarSource::fail(Endpoint& e, const std::string& why,
                                                        bool degraded, std::chrono::seconds retry) {
  ++e.failures;
  ++e.status.errors;
  e.status.last_error = why;
  board_.update([&](SourceStatus& s) {
    s.last_error = e.status.name + ": " + why;
    if (degraded) {
      ++s.parse_errors;
      s.state = SourceState::kDegraded;
    }
  });
  spdlog::warn("source {}: {}: {}", name_, e.status.name, why);
  return clock_.steady() + retry;
}

std::optional<std::string> RadarSource::fetch(Endpoint& e, const std::string& url,
                                              std::chrono::steady_clock::time_point& retry_at) {
  const auto interval = std::chrono::seconds(settings_.interval_s);
  // 0.5 min doubling to the interval (at most an hour): Radar's rate limit, or its outage.
  const auto backoff = std::chrono::seconds(
      std::min<int64_t>({int64_t{30} << std::min(e.failures, 10),
                         std::max<int64_t>(settings_.interval_s, 30), kMaxBackoffS}));
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers = {"Authorization: Bearer " + settings_.token, "Accept: application/json"};
  auto response = http_.send(request);
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      retry_at = clock_.steady();
      return std::nullopt;
    }
  }
  if (!response) {
    retry_at = fail(e, response.error(), false, backoff);
    return std::nullopt;
  }
  const long status = response->status;
  if (status == 401 || status == 403) {
    auto parsed = parse_radar_hijacks(response->body);
    const std::string why = "Radar refused the token (HTTP " + std::to_string(status) + ")" +
                            (parsed ? std::string() : ": " + parsed.error().substr(0, 200));
    if (!auth_failing_ && observer_)
      observer_->feed_problem_started(name_, FeedProblem::kOutage, clock_.wall_us(),
                                      why + "; check token_file or token_env");
    auth_failing_ = true;
    board_.update([](SourceStatus& s) { s.state = SourceState::kFailed; });
    retry_at = fail(e, why, false, interval);
    return std::nullopt;
  }
  if (status == 429 || status >= 500) {
    const auto wait =
        response->retry_after_seconds > 0
            ? std::chrono::seconds(std::min<int64_t>(response->retry_after_seconds, kMaxBackoffS))
            : backoff;
    retry_at = fail(
        e,
        "HTTP " + std::to_string(status) + "; retrying in " + std::to_string(wait.count()) + " s",
        false, wait);
    return std::nullopt;
  }
  if (status != 200) {
    retry_at = fail(e, "HTTP " + std::to_string(status), false, interval);
    return std::nullopt;
  }
  if (response->truncated) {
    retry_at = fail(
        e, "answer larger than " + std::to_string(settings_.http.max_response_bytes) + " bytes",
        true, interval);
    return std::nullopt;
  }
  // A working answer: a refused token is over.
  if (auth_failing_) {
    auth_failing_ = false;
    if (observer_)
      observer_->feed_problem_ended(name_, FeedProblem::kOutage, clock_.wall_us(),
                                    "Radar accepts the token again");
  }
  return std::move(response->body);
}

void RadarSource::succeeded(Endpoint& e, uint64_t read, size_t reported) {
  e.failures = 0;
  e.status.last_error.clear();
  board_.update([&](SourceStatus& s) {
    s.state = SourceState::kRunning;
    s.records += read;
    s.updates += reported;
    s.last_error.clear();
  });
}

std::chrono::steady_clock::time_point RadarSource::poll(Endpoint& e) {
  e.status.last_poll_us = clock_.wall_us();
  return e.kind == "pfx2as" ? poll_origins(e) : poll_events(e);
}

std::chrono::steady_clock::time_point RadarSource::poll_origins(Endpoint& e) {
  const auto interval = std::chrono::seconds(settings_.interval_s);
  std::chrono::steady_clock::time_point retry_at;
  auto body = fetch(e,
                    settings_.base_url + "/radar/bgp/routes/pfx2as?prefix=" + e.prefix.to_string() +
                        "&format=json",
                    retry_at);
  if (!body) return retry_at;
  auto rows = parse_radar_pfx2as(*body);
  if (!rows) return fail(e, rows.error(), true, interval);
  // What Radar sees originate the prefix (or a more specific) that the prefixes file does not
  // expect: reported while it lasts, reported over once Radar no longer sees it.
  auto origin_report = [&](uint32_t origin, bool ongoing) {
    return radar_origin_report(name_, e.prefix, origin, e.origins, ongoing, clock_.wall_us());
  };
  std::map<uint32_t, ExternalReport> now_unexpected;
  for (const auto& row : *rows) {
    if (!e.prefix.contains(row.prefix) && !row.prefix.contains(e.prefix)) continue;
    if (std::find(e.origins.begin(), e.origins.end(), row.origin) != e.origins.end()) continue;
    auto [it, added] = now_unexpected.try_emplace(row.origin, origin_report(row.origin, true));
    ExternalReport& r = it->second;
    if (added) r.tags = {{"pfx2as_unexpected_origin", 0}};
    if (std::find(r.prefixes.begin(), r.prefixes.end(), row.prefix) == r.prefixes.end())
      r.prefixes.push_back(row.prefix);
    r.peer_count += row.peer_count;
  }
  size_t reported = 0;
  for (auto& [origin, report] : now_unexpected) {
    reports_.report(report);
    ++reported;
  }
  for (uint32_t origin : e.unexpected)
    if (!now_unexpected.count(origin)) {
      ExternalReport over = origin_report(origin, false);
      over.prefixes = {e.prefix};
      reports_.report(over);
      ++reported;
    }
  e.unexpected.clear();
  for (const auto& [origin, report] : now_unexpected) e.unexpected.insert(origin);
  if (auto st = state_.put(e.key, join_ids(e.unexpected)); !st)
    spdlog::error("source {}: origins seen not saved: {}", name_, st.error());
  succeeded(e, rows->size(), reported);
  return clock_.steady() + interval;
}

std::chrono::steady_clock::time_point RadarSource::poll_events(Endpoint& e) {
  const auto now = clock_.steady();
  const auto interval = std::chrono::seconds(settings_.interval_s);
  const bool hijacks = e.kind == "hijacks";
  const uint64_t floor =
      std::min(e.last_id.value_or(0), e.ongoing.empty() ? UINT64_MAX : *e.ongoing.begin() - 1);
  std::map<uint64_t, ExternalReport> found;  // by id: new events and changes of followed ones
  uint64_t newest = e.last_id.value_or(0);
  uint64_t read = 0;
  for (uint32_t page = 1; page <= settings_.max_pages; ++page) {
    std::string url = settings_.base_url + "/radar/bgp/" + e.kind +
                      "/events?involvedAsn=" + std::to_string(e.asn) +
                      "&sortBy=ID&sortOrder=DESC&per_page=" + std::to_string(settings_.per_page) +
                      "&page=" + std::to_string(page) + "&format=json";
    if (hijacks && settings_.min_confidence)
      url += "&minConfidence=" + std::to_string(settings_.min_confidence);
    std::chrono::steady_clock::time_point retry_at;
    auto body = fetch(e, url, retry_at);
    if (!body) return retry_at;
    size_t events = 0;
    bool reached = false;
    auto take = [&](uint64_t id, ExternalReport report) {
      ++events;
      newest = std::max(newest, id);
      const bool known = e.last_id && id <= *e.last_id;
      if (!known || e.ongoing.count(id)) found[id] = std::move(report);
      if (known && id <= floor) reached = true;
    };
    if (hijacks) {
      auto parsed = parse_radar_hijacks(*body);
      if (!parsed) return fail(e, parsed.error(), true, interval);
      for (auto& h : parsed->events) take(h.id, radar_report(name_, h));
    } else {
      auto parsed = parse_radar_leaks(*body);
      if (!parsed) return fail(e, parsed.error(), true, interval);
      for (auto& l : parsed->events) take(l.id, radar_report(name_, l));
    }
    read += events;
    if (reached || events < settings_.per_page) break;
  }
  const bool first = !e.last_id;
  size_t reported = 0;
  if (!first || settings_.backfill) {
    // Oldest first: the order Radar saw them in. Handed on before the id is saved, so a crash
    // in between reports them again (the event book takes a repeat as an update).
    for (auto& [id, report] : found) {
      if (report.ongoing)
        e.ongoing.insert(id);
      else
        e.ongoing.erase(id);
      reports_.report(report);
      ++reported;
    }
  }
  while (e.ongoing.size() > kMaxFollowed) e.ongoing.erase(e.ongoing.begin());
  e.last_id = newest;
  if (auto st = state_.put(e.key, std::to_string(newest)); !st)
    spdlog::error("source {}: last id not saved: {}", name_, st.error());
  if (auto st = state_.put(e.key + "/ongoing", join_ids(e.ongoing)); !st)
    spdlog::error("source {}: followed events not saved: {}", name_, st.error());
  e.status.last_id = newest;
  succeeded(e, read, reported);
  if (first && !settings_.backfill && !found.empty())
    board_.update([&](SourceStatus& st) {
      st.detail = e.status.name + ": " + std::to_string(found.size()) +
                  " earlier events recorded, not reported (backfill: false)";
    });
  return now + interval;
}

}  // namespace bgpsentry
