#include "agent/ingest/ris_live/gap_backfill.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"
#include "agent/core/wall_clock.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/read_ahead_stream.h"

namespace bgpsentry {
namespace {

constexpr size_t kMaxOutcomesKept = 32;
constexpr int kMaxErrorsLogged = 20;
// Past a gap's end, the live feed's updates of its last second have surely arrived.
constexpr int64_t kEdgeSettleUs = 2'000'000;

bool is_route(const Update& u) {
  return u.kind != UpdateKind::kPeerState;
}

}  // namespace

std::string backfill_due_text(const std::vector<std::pair<int64_t, int64_t>>& gaps) {
  std::string out;
  for (const auto& [from, to] : gaps)
    out += (out.empty() ? "" : ",") + std::to_string(from) + "-" + std::to_string(to);
  return out;
}

std::vector<std::pair<int64_t, int64_t>> parse_backfill_due(std::string_view text) {
  std::vector<std::pair<int64_t, int64_t>> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t dash = item.find('-');
    if (dash == std::string_view::npos) continue;
    const auto from = parse_u64(item.substr(0, dash)), to = parse_u64(item.substr(dash + 1));
    if (from && to && *from < *to && *to <= uint64_t{INT64_MAX})
      out.emplace_back(static_cast<int64_t>(*from), static_cast<int64_t>(*to));
  }
  return out;
}

bool same_update(const Update& a, const Update& b) {
  if (a.kind != b.kind || a.prefix != b.prefix || a.peer_ip != b.peer_ip ||
      a.peer_asn != b.peer_asn || a.path_id != b.path_id || a.source != b.source)
    return false;
  if (!a.attrs || !b.attrs) return !a.attrs && !b.attrs;
  return a.attrs->as_path == b.attrs->as_path;
}

size_t GapBackfill::RouteKeyHash::operator()(const RouteKey& k) const {
  size_t h = PrefixHash()(k.prefix);
  uint64_t peer[2];
  std::memcpy(peer, k.peer.bytes.data(), sizeof peer);
  for (uint64_t v : {peer[0], peer[1], uint64_t{k.peer_asn} << 32 | k.path_id})
    h = (h ^ std::hash<uint64_t>()(v)) * 0x9e3779b97f4a7c15ULL;
  return h ^ std::hash<std::string>()(k.collector);
}

GapBackfill::GapBackfill(GapBackfillOptions options, UpdateSinkQueues out)
    : options_(std::move(options)), out_(out) {
  // Gaps a previous run left due come first; they are stored as they are.
  for (const auto& [from, to] : options_.due_at_start) {
    BackfillOutcome gap{from, to, "waiting", 0, "due since before the restart"};
    set_outcome(gap);
    due_.push_back({gap, std::chrono::steady_clock::now() + options_.wait});
    remembering_ = true;
  }
  persisted_ = due_text();
}

GapBackfill::~GapBackfill() {
  stop();
}

void GapBackfill::start() {
  thread_ = named_thread("bgps-backfill", [this] { run(); });
}

void GapBackfill::request_stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void GapBackfill::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void GapBackfill::gap_closed(int64_t from_us, int64_t to_us) {
  BackfillOutcome gap{from_us, to_us, "waiting", 0, ""};
  std::lock_guard lock(mu_);
  if (std::chrono::microseconds(to_us - from_us) > options_.max_gap) {
    gap.state = "skipped";
    gap.detail = "longer than backfill.max_gap";
    spdlog::warn("ris_live {}: the gap of {} s is longer than backfill.max_gap; not back-filled",
                 options_.source, (to_us - from_us) / 1000000);
    set_outcome(gap);
    return;
  }
  set_outcome(gap);
  due_.push_back({gap, std::chrono::steady_clock::now() + options_.wait});
  remembering_ = true;
  wake_.notify_all();
}

int GapBackfill::publish_live(const BatchPtr& batch) {
  std::lock_guard lock(mu_);
  if (remembering_ && !too_many_routes_) {
    for (const Update& u : batch->updates)
      if (is_route(u)) live_.insert_or_assign(key_of(u), u);
    if (live_.size() > options_.max_live_routes) {
      too_many_routes_ = true;
      live_.clear();
      spdlog::warn(
          "ris_live {}: more than {} routes changed since the gap; its back-fill goes to the "
          "store only (detection could not tell archived from current state)",
          options_.source, options_.max_live_routes);
    }
  }
  return out_.try_publish(batch);
}

std::vector<BackfillOutcome> GapBackfill::outcomes() const {
  std::lock_guard lock(mu_);
  return {outcomes_.begin(), outcomes_.end()};
}

void GapBackfill::set_outcome(const BackfillOutcome& gap) {
  for (auto& o : outcomes_)
    if (o.from_us == gap.from_us && o.to_us == gap.to_us) {
      o = gap;
      return;
    }
  outcomes_.push_back(gap);
  if (outcomes_.size() > kMaxOutcomesKept) outcomes_.pop_front();
}

bool GapBackfill::archives_cover(int64_t to_us) const {
  const int64_t to_s = to_us / 1000000;
  for (const auto& archive : options_.archives) {
    const auto files = archive_files_in_time_order(archive.paths);
    const bool later = std::any_of(files.begin(), files.end(), [&](const std::string& f) {
      const auto t = archive_file_time(f);
      return t && *t > to_s;
    });
    if (!later) return false;
  }
  return true;
}

std::string GapBackfill::due_text() const {
  std::vector<std::pair<int64_t, int64_t>> gaps;
  if (filling_) gaps.emplace_back(filling_->from_us, filling_->to_us);
  for (const auto& d : due_) gaps.emplace_back(d.gap.from_us, d.gap.to_us);
  return backfill_due_text(gaps);
}

// Stores the gaps due when they changed (with the live feed's batches, in the store's order).
void GapBackfill::persist_due(std::unique_lock<std::mutex>& lock) {
  const std::string now = due_text();
  if (options_.due_cursor_key.empty() || now == persisted_) return;
  persisted_ = now;
  lock.unlock();
  auto batch = std::make_shared<UpdateBatch>();
  batch->cursor = SourceCursor{options_.due_cursor_key, now};
  out_.publish_to_store(std::move(batch));
  lock.lock();
}

void GapBackfill::run() {
  // How often to look for the archive files; a few times per `wait`.
  const auto poll = std::clamp<std::chrono::milliseconds>(
      options_.wait / 20, std::chrono::milliseconds(100), std::chrono::seconds(30));
  std::unique_lock lock(mu_);
  while (!stopping_) {
    persist_due(lock);
    if (stopping_) break;
    if (due_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const Due due = due_.front();
    lock.unlock();
    const bool covered = archives_cover(due.gap.to_us);
    lock.lock();
    if (stopping_) break;
    if (!covered && std::chrono::steady_clock::now() < due.deadline) {
      wake_.wait_for(lock, poll);
      continue;
    }
    due_.pop_front();
    BackfillOutcome gap = due.gap;
    gap.state = "running";
    set_outcome(gap);
    filling_ = gap;
    lock.unlock();
    fill(gap, covered);
    lock.lock();
    set_outcome(gap);
    // Stopped halfway: still due after the restart.
    if (gap.state != "failed") filling_.reset();
    if (due_.empty()) {
      remembering_ = false;
      too_many_routes_ = false;
      live_.clear();
    }
  }
  if (filling_) due_.push_front({*filling_, {}});
  filling_.reset();
  persist_due(lock);
}

bool GapBackfill::received_live_before(const Update& u, const BackfillOutcome& gap,
                                       std::vector<Update>& left_out) const {
  const int64_t second = u.time_us - u.time_us % 1000000;
  const bool edge = second <= gap.from_us || second + 1000000 > gap.to_us;
  if (!edge || !options_.stored) return false;
  size_t already = 0;  // like it, in this second, left out before
  for (const auto& v : left_out)
    already += v.time_us - v.time_us % 1000000 == second && same_update(u, v);
  if (options_.stored(u, second, second + 999999) <= already) return false;
  left_out.push_back(u);
  return true;
}

void GapBackfill::fill(BackfillOutcome& gap, bool covered) {
  // Archives stamp whole seconds: the seconds the gap touches, from the one it starts in to
  // the one it ends in (not the next: that one would reach into the next gap's time).
  const int64_t from_s = gap.from_us / 1000000;
  const int64_t to_s = gap.to_us / 1000000;
  spdlog::info("ris_live {}: back-filling the gap {}..{} from {} archive(s){}", options_.source,
               from_s, to_s, options_.archives.size(),
               covered ? "" : " (they do not cover all of it yet)");
  size_t files_read = 0, failures = 0, received_live = 0;
  uint64_t to_engine = 0;
  int logged = 0;
  std::string last_error;
  std::vector<Update> batch, record, left_out;
  // The edge seconds are judged against the store: the live feed's updates of the gap's last
  // second must have arrived, and everything queued before them been written.
  bool running =
      !options_.stored || (settle_until(gap.to_us + kEdgeSettleUs) && wait_until_stored());
  for (const auto& archive : options_.archives) {
    const auto files =
        archive_files_in_window(archive_files_in_time_order(archive.paths), from_s, to_s);
    for (const auto& path : files) {
      auto stream = open_byte_stream(path);
      if (!stream) {
        ++failures;
        last_error = stream.error();
        spdlog::error("ris_live {}: back-fill: {}", options_.source, stream.error());
        continue;
      }
      ++files_read;
      auto reader =
          open_mrt_reader(read_ahead_stream(std::move(*stream)), path, archive.collector,
                          [&](const std::string& message) {
                            last_error = message;
                            if (logged++ < kMaxErrorsLogged)
                              spdlog::warn("ris_live {}: back-fill: {}", options_.source, message);
                          });
      reader->set_time_window(from_s, to_s);
      while (running && reader->next(record)) {
        for (auto& u : record) {
          if (options_.wanted && !options_.wanted(u)) continue;
          if (received_live_before(u, gap, left_out)) {
            ++received_live;
            continue;
          }
          batch.push_back(std::move(u));
        }
        record.clear();
        if (batch.size() >= options_.batch_size) {
          gap.updates += batch.size();
          running = publish_archived(batch, to_engine);
        }
        std::lock_guard lock(mu_);
        if (stopping_) running = false;
      }
      failures += reader->stats().parse_errors;
    }
  }
  if (running && !batch.empty()) {
    gap.updates += batch.size();
    running = publish_archived(batch, to_engine);
  }
  if (running) running = wait_until_stored();
  gap.state = !running ? "failed" : covered && failures == 0 ? "done" : "partial";
  gap.detail = std::to_string(files_read) + " files, " + std::to_string(gap.updates) +
               " updates stored, " + std::to_string(to_engine) + " to detection, " +
               std::to_string(received_live) + " left out (the live feed brought them)";
  if (!running) gap.detail += "; stopped before the end";
  if (!covered) gap.detail += "; the archives did not cover the whole gap within backfill.wait";
  if (failures) gap.detail += "; " + std::to_string(failures) + " errors, last: " + last_error;
  spdlog::info("ris_live {}: back-fill of the gap {}..{}: {}: {}", options_.source, from_s, to_s,
               gap.state, gap.detail);
}

bool GapBackfill::settle_until(int64_t wall_us) {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const int64_t now = wall_clock_us();
    if (now >= wall_us) return true;
    wake_.wait_for(lock, std::chrono::microseconds(wall_us - now));
  }
  return false;
}

bool GapBackfill::wait_until_stored() {
  // Shared: the store writer may let the marker go after this has given up waiting.
  struct Done {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
  };
  auto state = std::make_shared<Done>();
  auto marker = std::make_shared<UpdateBatch>();
  marker->completion = std::make_shared<CompletionToken>([state] {
    std::lock_guard lock(state->mu);
    state->done = true;
    state->cv.notify_all();
  });
  if (!out_.publish_to_store(std::move(marker))) return false;
  for (;;) {
    {
      std::unique_lock lock(state->mu);
      if (state->cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return state->done; }))
        return true;
    }
    std::lock_guard lock(mu_);
    if (stopping_) return false;
  }
}

bool GapBackfill::publish_archived(std::vector<Update>& updates, uint64_t& to_engine) {
  auto stored = std::make_shared<UpdateBatch>();
  stored->updates.swap(updates);
  if (!out_.publish_to_store(stored)) return false;
  for (;;) {
    if (!out_.wait_for_engine_room()) return false;
    std::lock_guard lock(mu_);
    if (too_many_routes_) return true;
    auto judged = std::make_shared<UpdateBatch>();
    size_t archived = 0;
    for (const Update& u : stored->updates) {
      if (!is_route(u)) continue;
      ++archived;
      judged->updates.push_back(u);
      // The live feed changed this route since: detection ends on its current state.
      const auto live = live_.find(key_of(u));
      if (live != live_.end() && live->second.time_us >= u.time_us)
        judged->updates.push_back(live->second);
    }
    if (judged->updates.empty()) return true;
    if (out_.try_publish_to_engine(std::move(judged))) {
      to_engine += archived;
      return true;
    }
  }
}

}  // namespace bgpsentry
