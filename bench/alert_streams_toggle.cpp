// alert_streams_toggle SOCKET STREAMS TOTAL_UPDATES WINDOWS PATTERN [MAX_BATCH [BATCH_WAIT_MS]]:
// the pipeline's rate with and without STREAMS WatchAlerts streams, within one replay. The
// replay is cut into WINDOWS windows of TOTAL_UPDATES / WINDOWS updates each (by the agent's
// updates_processed, polled every 10 ms); the streams are open in every other window (in the
// first if PATTERN is 1, in the second if 0), and closed in the others; or, with a PATTERN of
// several 0s and 1s, in window k if its (k modulo its length)th is 1. Prints each window's updates,
// seconds, alerts raised (by last_alert_id) and alerts the reading streams received, all together.
//
// Why: whole replays with and without streams, one after the other, differ by +-25% on this
// VM for the same work, and whole sittings by +-15%; the streams' cost is a few percent. Here
// both states alternate within one run, every ~0.7 s, and the next run swaps them, so that
// each window of the archive is measured both ways (bench/alert_streams_toggle.sh pairs them).
//
// In a window with streams: STREAMS-1 reading streams (live, from_id unset; MAX_BATCH alerts
// per response, which may wait BATCH_WAIT_MS for more) on 8 connections, and one stuck
// stream that reads one response, then never again, on a connection of its own. They are
// opened when the window starts and cancelled when it ends, so their set-up and tear-down
// count in the windows with streams. A window with streams ends once its updates are through
// and every reading stream has received the alerts raised until then (a batch may wait
// BATCH_WAIT_MS), so that the window holds the whole work of delivering its alerts; the next
// window is that much shorter. The received / raised ratio tells how much of it was done. Each
// reading stream must receive consecutive ids; exits 1 if one missed, repeated or reordered an
// alert. Delivery from a resumed stream and the stuck stream's cut are bench/alert_streams's
// checks.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bgpsentry/v1/admin.grpc.pb.h"
#include "watch_alerts_client.h"

namespace {

namespace pb = bgpsentry::v1;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class LiveCall;

// The streams of the windows with streams, and what they received.
struct Streams {
  explicit Streams(const std::string& socket)
      : readers_connections(watch_alerts_connections(socket, 8, 0)),
        stuck_connection(alert_bench_channels(socket, 1, 1000).front()) {}

  std::vector<WatchAlertsConnection> readers_connections;  // 8, shared by the readers
  WatchAlertsConnection stuck_connection;                  // the stuck stream's own
  int count = 0;
  uint32_t max_batch = 0;
  uint32_t batch_wait_ms = 0;

  std::mutex mu;
  std::condition_variable closed;
  std::set<LiveCall*> open;
  std::atomic<uint64_t> opened{0}, alerts{0}, responses{0}, out_of_order{0};

  void open_all();
  void cancel_all();
  bool all_received(uint64_t id);  // every reading stream has received alert `id`
  void wait_closed() {
    std::unique_lock lock(mu);
    closed.wait(lock, [&] { return open.empty(); });
  }
};

// One live WatchAlerts call. A stuck one reads one response and then never again.
class LiveCall final : public grpc::ClientReadReactor<AlertIds> {
 public:
  LiveCall(Streams& s, WatchAlertsConnection& connection, bool stuck) : s_(s), stuck_(stuck) {
    request_.set_max_batch(s_.max_batch);
    request_.set_batch_wait_ms(s_.batch_wait_ms);
    {
      std::lock_guard lock(s_.mu);
      s_.open.insert(this);
    }
    ++s_.opened;
    connection.watch(&context_, &request_, this, &response_);
  }
  void cancel() {
    cancelled_ = true;
    context_.TryCancel();
  }
  // Whether it has received alert `id`, or is out of the count: stuck, or cancelled and still
  // closing.
  bool received(uint64_t id) const { return stuck_ || cancelled_ || last_ >= id; }
  void OnReadDone(bool ok) override {
    if (!ok || stuck_) return;  // OnDone follows (for the stuck one, once cancelled)
    ++s_.responses;
    for (uint64_t id : response_.ids) {
      if (last_ != 0 && id != last_ + 1) ++s_.out_of_order;
      last_ = id;
      ++s_.alerts;
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status&) override {
    {
      std::lock_guard lock(s_.mu);
      s_.open.erase(this);
      if (s_.open.empty()) s_.closed.notify_all();
    }
    delete this;
  }

 private:
  Streams& s_;
  bool stuck_;
  grpc::ClientContext context_;
  pb::WatchAlertsRequest request_;  // from_id unset: live alerts only
  AlertIds response_;
  std::atomic<uint64_t> last_{0};
  std::atomic<bool> cancelled_{false};
};

void Streams::open_all() {
  for (int i = 0; i + 1 < count; ++i)
    new LiveCall(*this, readers_connections[static_cast<size_t>(i) % readers_connections.size()],
                 false);
  new LiveCall(*this, stuck_connection, true);
}

bool Streams::all_received(uint64_t id) {
  std::lock_guard lock(mu);
  for (LiveCall* call : open)
    if (!call->received(id)) return false;
  return true;
}

void Streams::cancel_all() {
  std::lock_guard lock(mu);
  for (LiveCall* call : open) call->cancel();
}

bool all_finished(const pb::GetStatusResponse& status) {
  if (status.sources_size() == 0) return false;
  for (const auto& source : status.sources())
    if (source.state() != pb::FINISHED) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6 || argc > 8) {
    std::fprintf(stderr,
                 "usage: %s SOCKET STREAMS TOTAL_UPDATES WINDOWS PATTERN [MAX_BATCH "
                 "[BATCH_WAIT_MS]]\n",
                 argv[0]);
    return 64;
  }
  const std::string socket = argv[1];
  Streams streams(socket);
  streams.count = std::atoi(argv[2]);
  const uint64_t total = std::strtoull(argv[3], nullptr, 10);
  const int windows = std::atoi(argv[4]);
  const std::string pattern = std::strlen(argv[5]) > 1 ? argv[5] : argv[5][0] == '1' ? "10" : "01";
  const auto streams_in = [&](int window) {
    return pattern[static_cast<size_t>(window) % pattern.size()] == '1';
  };
  bool on = streams_in(0);
  streams.max_batch = static_cast<uint32_t>(argc >= 7 ? std::atoi(argv[6]) : 0);
  streams.batch_wait_ms = static_cast<uint32_t>(argc >= 8 ? std::atoi(argv[7]) : 0);
  if (streams.count < 2 || total == 0 || windows < 2) {
    std::fprintf(stderr, "need STREAMS >= 2, TOTAL_UPDATES > 0 and WINDOWS >= 2\n");
    return 64;
  }
  auto admin = pb::AdminService::NewStub(alert_bench_channels(socket, 1, 2000)[0]);

  // The streams of the first window open before the replay starts; later ones at the poll
  // that sees the window start, up to 10 ms after it.
  if (on) streams.open_all();
  const Clock::time_point origin = Clock::now();
  bool started = false;
  int window = 0;
  uint64_t window_updates = 0, window_alerts = 0, window_received = 0;
  Clock::time_point window_start;
  uint64_t drain_to = 0;  // a window with streams past its updates: the alert they wait for
  Clock::time_point drain_start;
  for (;; std::this_thread::sleep_for(10ms)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 2s);
    pb::GetStatusResponse status;
    if (!admin->GetStatus(&context, {}, &status).ok()) {
      if (Clock::now() - origin > 60s) {
        std::fprintf(stderr, "the agent's status did not answer for 60 s\n");
        return 2;
      }
      continue;  // still starting
    }
    const auto now = Clock::now();
    const uint64_t updates = status.updates_processed();
    const bool finished = all_finished(status);
    if (!started) {
      if (updates == 0 && !finished) continue;
      started = true;  // the first window counts from the first update seen
      window_updates = updates;
      window_alerts = status.last_alert_id();
      window_received = streams.alerts;
      window_start = now;
    }
    const uint64_t end = total * static_cast<uint64_t>(window + 1) / static_cast<uint64_t>(windows);
    if (!finished && updates < end) continue;
    if (on && !finished && !streams_in(window + 1)) {  // the streams close after it
      if (!drain_to) {
        drain_to = status.last_alert_id();
        drain_start = now;
      }
      if (drain_to > window_alerts && !streams.all_received(drain_to) && now - drain_start < 2s)
        continue;
    }
    const uint64_t received = streams.alerts;
    std::printf(
        "window %d %s updates %llu seconds %.4f alerts %llu received %llu drain_ms %.0f%s\n",
        window, on ? "streams" : "alone", static_cast<unsigned long long>(updates - window_updates),
        std::chrono::duration<double>(now - window_start).count(),
        static_cast<unsigned long long>(status.last_alert_id() - window_alerts),
        static_cast<unsigned long long>(received - window_received),
        drain_to ? std::chrono::duration<double, std::milli>(now - drain_start).count() : 0.0,
        finished ? " finished" : "");
    drain_to = 0;
    if (finished) break;
    ++window;
    if (streams_in(window) != on) {  // the window's streams open (or close) on its time
      on = !on;
      if (on)
        streams.open_all();
      else
        streams.cancel_all();
    }
    window_updates = updates;
    window_alerts = status.last_alert_id();
    window_received = received;
    window_start = now;
  }
  streams.cancel_all();
  streams.wait_closed();
  std::printf(
      "streams opened: %llu; alerts received: %llu in %llu responses; out of order or missed: "
      "%llu\n",
      static_cast<unsigned long long>(streams.opened.load()),
      static_cast<unsigned long long>(streams.alerts.load()),
      static_cast<unsigned long long>(streams.responses.load()),
      static_cast<unsigned long long>(streams.out_of_order.load()));
  return streams.out_of_order == 0 ? 0 : 1;
}
