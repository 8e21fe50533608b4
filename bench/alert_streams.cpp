// alert_streams SOCKET STREAMS TARGET_FILE [MAX_BATCH [BATCH_WAIT_MS]]: STREAMS WatchAlerts
// clients of bgpsentryd at once (each asking for MAX_BATCH alerts per response, default 0:
// one each, and letting a response wait BATCH_WAIT_MS for more, default 0),
// as orchestration systems run them: STREAMS-2 read everything from id 1 (from_id 0: the
// stored alerts, then live), one reads 50 alerts, hangs up and resumes with from_id, and one
// reads one alert and then never again (a stuck client, on a connection of its own as
// another process's would be). A stream the agent cuts (api.stalled_stream_seconds) resumes
// with from_id, as the API asks of clients. When TARGET_FILE appears it holds the last
// alert id of the run; every reading client must then have received 1..that id, each
// exactly once and in order. Prints what the clients got, how many streams were cut and
// resumed, and the alerts per response; exits 1 if a reading client missed, repeated or
// reordered an alert.
//
// The reading clients decode only the alerts' ids from the wire (watch_alerts_client.h).
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bgpsentry/v1/alert.grpc.pb.h"
#include "watch_alerts_client.h"

namespace {

namespace pb = bgpsentry::v1;
using namespace std::chrono_literals;

// One reading client. Its calls run on gRPC's callback API, as an efficient client's would:
// the clients share the 2-core machine with the agent they measure.
struct Reader {
  std::atomic<uint64_t> last{0};  // the last id in order; stays short of the target on error
  std::atomic<bool> broken{false};
  std::atomic<uint64_t> resumed{0};  // times it hung up or was cut, and came back
  std::atomic<uint64_t> responses{0};
  int hang_up_after = 0;  // > 0: hangs up after that many, once, and resumes
  uint32_t max_batch = 0;
  uint32_t batch_wait_ms = 0;
  WatchAlertsConnection* connection = nullptr;
  const std::atomic<bool>* done = nullptr;
  std::atomic<int>* calls_open = nullptr;
  std::mutex mu;
  grpc::ClientContext* context = nullptr;  // the open call's, to end it

  void start(uint64_t from);
  void cancel() {
    std::lock_guard lock(mu);
    if (context) context->TryCancel();
  }
};

// One WatchAlerts call of a reader, from `from` on.
class Call final : public grpc::ClientReadReactor<AlertIds> {
 public:
  Call(Reader& r, uint64_t from) : r_(r) {
    request_.set_from_id(from);
    request_.set_max_batch(r_.max_batch);
    request_.set_batch_wait_ms(r_.batch_wait_ms);
    {
      std::lock_guard lock(r_.mu);
      r_.context = &context_;
    }
    r_.connection->watch(&context_, &request_, this, &response_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    ++r_.responses;
    for (uint64_t id : response_.ids) take(id);
    if (r_.hang_up_after && read_ >= r_.hang_up_after && r_.resumed == 0 && !hung_up_) {
      hung_up_ = true;
      context_.TryCancel();
    }
    StartRead(&response_);
  }
  void take(uint64_t id) {
    if (id != r_.last + 1) r_.broken = true;  // missed, repeated or reordered
    if (!r_.broken) r_.last = id;
    ++read_;
  }
  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard lock(r_.mu);
      r_.context = nullptr;
    }
    const bool cut = status.error_code() == grpc::StatusCode::CANCELLED && !*r_.done;
    if ((hung_up_ || cut) && !*r_.done) {
      ++r_.resumed;
      r_.start(r_.last);
    }
    --*r_.calls_open;
    delete this;
  }

 private:
  Reader& r_;
  grpc::ClientContext context_;
  pb::WatchAlertsRequest request_;
  AlertIds response_;
  int read_ = 0;
  bool hung_up_ = false;
};

void Reader::start(uint64_t from) {
  ++*calls_open;
  new Call(*this, from);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    std::fprintf(stderr, "usage: %s SOCKET STREAMS TARGET_FILE [MAX_BATCH [BATCH_WAIT_MS]]\n",
                 argv[0]);
    return 64;
  }
  const int streams = std::atoi(argv[2]);
  const auto max_batch = static_cast<uint32_t>(argc >= 5 ? std::atoi(argv[4]) : 0);
  const auto batch_wait_ms = static_cast<uint32_t>(argc >= 6 ? std::atoi(argv[5]) : 0);
  auto connections = watch_alerts_connections(argv[1], 8, 0);  // a few, as clients open
  std::atomic<bool> done{false};
  std::atomic<int> calls_open{0};
  std::vector<Reader> readers(static_cast<size_t>(streams - 1));
  for (size_t i = 0; i < readers.size(); ++i) {
    readers[i].connection = &connections[i % connections.size()];
    readers[i].hang_up_after = i == 0 ? 50 : 0;
    readers[i].max_batch = max_batch;
    readers[i].batch_wait_ms = batch_wait_ms;
    readers[i].done = &done;
    readers[i].calls_open = &calls_open;
    readers[i].start(0);
  }

  // The stuck client: one alert, then it never reads again.
  grpc::ClientContext stuck_context;
  auto stuck_stub = pb::AlertService::NewStub(alert_bench_channels(argv[1], 1, 1000)[0]);
  pb::WatchAlertsRequest from_start;
  from_start.set_from_id(0);
  auto stuck = stuck_stub->WatchAlerts(&stuck_context, from_start);
  pb::WatchAlertsResponse first;
  const bool stuck_opened = stuck->Read(&first);
  std::printf("%d streams open (stuck one %s)\n", streams, stuck_opened ? "reading" : "FAILED");
  std::fflush(stdout);

  uint64_t target = 0;
  while (!(std::ifstream(argv[3]) >> target)) std::this_thread::sleep_for(100ms);
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  auto all_there = [&] {
    for (auto& r : readers)
      if (!r.broken && r.last < target) return false;
    return true;
  };
  while (!all_there() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  done = true;
  while (calls_open > 0) {  // again and again: a call may have been resuming just then
    for (auto& r : readers) r.cancel();
    std::this_thread::sleep_for(10ms);
  }

  size_t complete = 0, broken = 0, resumed = 0;
  uint64_t responses = 0, alerts = 0;
  for (auto& r : readers) {
    resumed += r.resumed;
    responses += r.responses;
    alerts += r.last;
    if (r.broken)
      ++broken;
    else if (r.last == target)
      ++complete;
  }
  // The stuck stream: what it holds, then how it ended (CANCELLED: the agent cut it).
  pb::WatchAlertsResponse resp;
  size_t buffered = 0;
  stuck_context.TryCancel();  // if the agent has not cut it, end it here
  while (stuck->Read(&resp)) ++buffered;
  const auto status = stuck->Finish();
  std::printf(
      "alerts: %llu; reading streams with every alert once, in order: %zu of %zu (resumed one: "
      "%s); broken: %zu; resumed after a hang-up or a cut: %zu; alerts per response: %.1f; "
      "stuck stream: %zu alerts taken before it stopped, ended %s\n",
      static_cast<unsigned long long>(target), complete, readers.size(),
      readers[0].last == target && readers[0].resumed >= 1 ? "complete" : "INCOMPLETE", broken,
      resumed, responses ? static_cast<double>(alerts) / static_cast<double>(responses) : 0.0,
      buffered + 1, status.error_code() == grpc::StatusCode::CANCELLED ? "CANCELLED" : "otherwise");
  return complete == readers.size() ? 0 : 1;
}
