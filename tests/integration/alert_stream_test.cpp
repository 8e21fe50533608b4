// AlertStream over real gRPC on a unix socket, with a real AlertStore on disk and the hub:
// a reader gets every alert once and in order — the stored ones, then live ones, also when
// it falls behind the hub's ring and catches up from the store — while a client that stops
// reading is cut once its writes have been held for the stall limit; past max_streams a
// stream is refused; at shutdown open streams end cleanly.
#include "agent/api/alert_stream.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <thread>

#include "bgpsentry/v1/alert.grpc.pb.h"
#include "storage/database.h"
#include "storage/revision_store.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;
namespace pb = bgpsentry::v1;

// WatchAlerts from id 1 (from_id 0), every alert, under the guard, batched as asked.
class StreamService final
    : public pb::AlertService::WithRawCallbackMethod_WatchAlerts<pb::AlertService::Service> {
 public:
  StreamService(StreamGuard& guard, const AlertStreamBackends& backends)
      : guard_(guard), backends_(backends) {}
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchAlerts(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* raw) override {
    pb::WatchAlertsRequest req;
    grpc::ByteBuffer copy(*raw);
    EXPECT_TRUE(
        (grpc::GenericDeserialize<grpc::ProtoBufferReader, pb::WatchAlertsRequest>(&copy, &req)
             .ok()));
    auto ticket = guard_.admit(*context);
    if (!ticket) return new RefusedStream({grpc::StatusCode::RESOURCE_EXHAUSTED, "too many"});
    return AlertStream::open(
        backends_, std::move(*ticket), AlertFilter{}, 0,
        AlertStream::Batching{req.max_batch(), std::chrono::milliseconds(req.batch_wait_ms())});
  }

 private:
  StreamGuard& guard_;
  const AlertStreamBackends backends_;
};

struct Server {
  Server(size_t max_streams, std::chrono::milliseconds stall, size_t hub_buffer)
      : db(open_db(dir)),
        store(*db),
        revisions(*db),
        prefixes(dir.path() + "/prefixes.yml", PrefixesConfig{}, "", revisions,
                 [](const auto&) { return ok_status(); }),
        hub(hub_buffer),
        guard(max_streams, stall),
        service(guard, {store, hub, protos, prefixes, pump, shutting_down}) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("unix:" + dir.path() + "/s.sock", grpc::InsecureServerCredentials());
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
    channel =
        grpc::CreateChannel("unix:" + dir.path() + "/s.sock", grpc::InsecureChannelCredentials());
  }
  ~Server() { server->Shutdown(std::chrono::system_clock::now() + 1s); }

  static std::unique_ptr<Database> open_db(const test::TempDir& dir) {
    auto db = Database::open(dir / "db");
    EXPECT_TRUE(db) << db.error();
    return std::move(*db);
  }
  // Stores and publishes n alerts of 10 kB each (far more than flow control lets through
  // unread), as the AlertRouter does.
  void raise(int n) {
    for (int i = 0; i < n; ++i) {
      Alert a;
      a.type = AlertType::kFeed;
      a.source = "test";
      a.description = std::string(10000, 'x');
      ASSERT_TRUE(store.append(a));
      hub.publish(a);
    }
  }

  test::TempDir dir;
  std::unique_ptr<Database> db;
  AlertStore store;
  RevisionStore revisions;
  PrefixesManager prefixes;
  AlertHub hub;
  AlertProtos protos;
  std::atomic<bool> shutting_down{false};
  StreamGuard guard;
  StreamPump pump;
  StreamService service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
};

TEST(AlertStream, AStuckClientIsCutAndAReaderGetsEverythingOnceInOrder) {
  Server s(10, 1s, 8);  // a hub buffer of 8: the reader falls behind it and reads the store
  s.raise(500);
  grpc::ClientContext stuck_context;
  auto stuck = pb::AlertService::NewStub(s.channel)->WatchAlerts(&stuck_context, {});
  pb::WatchAlertsResponse first;
  ASSERT_TRUE(stuck->Read(&first));  // it is open; then it never reads again

  grpc::ClientContext context;
  auto reader = pb::AlertService::NewStub(s.channel)->WatchAlerts(&context, {});
  std::thread live([&] { s.raise(1500); });  // while the reader replays the stored ones
  pb::WatchAlertsResponse r;
  uint64_t expected = 1;
  while (expected <= 2000 && reader->Read(&r)) {
    ASSERT_EQ(r.alert().id(), expected) << "missed, repeated or reordered";
    ++expected;
  }
  live.join();
  EXPECT_EQ(expected, 2001u) << "every alert, stored and live";
  context.TryCancel();
  EXPECT_FALSE(reader->Read(&r)) << "nothing after the last";
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  for (int i = 0; i < 100 && s.guard.cut() == 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(s.guard.cut(), 1u) << "the stuck stream is cut";
  int more = 0;
  while (stuck->Read(&r)) ++more;
  EXPECT_LT(more, 1999) << "it ended before the end";
  EXPECT_EQ(stuck->Finish().error_code(), grpc::StatusCode::CANCELLED);
  for (int i = 0; i < 100 && s.guard.open() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(s.guard.open(), 0u);
  EXPECT_EQ(s.hub.subscribers(), 0u) << "ended streams leave the hub";
}

// A client asking for batches gets the same alerts, once and in order, in fewer responses:
// each holds what waited (never more than max_batch, nor much over 1 MiB), so one catching
// up from the store or falling behind the live alerts takes many per message.
TEST(AlertStream, BatchesCarryEveryAlertOnceInOrderWithinTheLimits) {
  Server s(10, 30s, 8);
  s.raise(500);
  for (const uint32_t max_batch : {50u, 1000u}) {
    grpc::ClientContext context;
    pb::WatchAlertsRequest req;
    req.set_max_batch(max_batch);
    auto reader = pb::AlertService::NewStub(s.channel)->WatchAlerts(&context, req);
    pb::WatchAlertsResponse r;
    uint64_t expected = 1;
    size_t responses = 0, largest = 0;
    while (expected <= 500 && reader->Read(&r)) {
      ++responses;
      EXPECT_FALSE(r.has_alert()) << "batched alerts are in `alerts` only";
      ASSERT_GE(r.alerts_size(), 1);
      EXPECT_LE(static_cast<uint32_t>(r.alerts_size()), max_batch);
      EXPECT_LE(r.ByteSizeLong(), (1u << 20) + 10100) << "at most one alert past 1 MiB";
      largest = std::max(largest, static_cast<size_t>(r.alerts_size()));
      for (const auto& a : r.alerts()) {
        ASSERT_EQ(a.id(), expected) << "missed, repeated or reordered";
        ++expected;
      }
    }
    EXPECT_EQ(expected, 501u);
    EXPECT_LT(responses, 500u / 10) << "stored alerts go many to a response";
    EXPECT_EQ(largest, max_batch == 50 ? 50u : 104u) << "1 MiB holds 104 alerts of 10 kB";
    context.TryCancel();
    reader->Finish();
  }
}

// With batch_wait_ms, live alerts raised within the wait share one response, sent when the
// wait is over; a batch that is full goes at once.
TEST(AlertStream, ABatchWaitsForMoreAlertsUntilItsWaitIsOverOrItIsFull) {
  Server s(10, 30s, 64);
  auto open = [&](grpc::ClientContext& context, uint32_t max_batch, uint32_t wait_ms) {
    pb::WatchAlertsRequest req;
    req.set_max_batch(max_batch);
    req.set_batch_wait_ms(wait_ms);
    return pb::AlertService::NewStub(s.channel)->WatchAlerts(&context, req);
  };
  using Clock = std::chrono::steady_clock;
  pb::WatchAlertsResponse r;
  {
    grpc::ClientContext context;
    auto reader = open(context, 100, 1000);
    for (int i = 0; i < 50 && s.hub.subscribers() == 0; ++i) std::this_thread::sleep_for(10ms);
    const auto first = Clock::now();
    s.raise(1);
    std::this_thread::sleep_for(100ms);
    s.raise(4);
    ASSERT_TRUE(reader->Read(&r));
    const auto waited = Clock::now() - first;
    ASSERT_EQ(r.alerts_size(), 5) << "the alerts raised within the wait, in one response";
    for (int i = 0; i < 5; ++i) EXPECT_EQ(r.alerts(i).id(), static_cast<uint64_t>(i + 1));
    EXPECT_GE(waited, 1000ms) << "sent when the wait was over";
    EXPECT_LT(waited, 10s);
    context.TryCancel();
    reader->Finish();
  }
  {
    grpc::ClientContext context;
    auto reader = open(context, 3, 10000);  // caught up with the 5 stored, then waits
    ASSERT_TRUE(reader->Read(&r));
    ASSERT_EQ(r.alerts_size(), 3);
    auto start = Clock::now();
    ASSERT_TRUE(reader->Read(&r));
    ASSERT_EQ(r.alerts_size(), 2);
    EXPECT_LT(Clock::now() - start, 5s) << "what is left of the stored alerts does not wait";
    start = Clock::now();
    for (int i = 0; i < 3; ++i) {  // the batch starts waiting, gets one more, and is full
      s.raise(1);
      std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(reader->Read(&r));
    EXPECT_EQ(r.alerts_size(), 3);
    EXPECT_EQ(r.alerts(0).id(), 6u);
    EXPECT_LT(Clock::now() - start, 5s) << "a full batch does not wait its 10 s";
    context.TryCancel();
    reader->Finish();
  }
}

TEST(AlertStream, StreamsPastTheCapAreRefused) {
  Server s(2, 30s, 64);
  s.raise(1);
  grpc::ClientContext c1, c2, c3;
  auto stub = pb::AlertService::NewStub(s.channel);
  auto r1 = stub->WatchAlerts(&c1, {});
  auto r2 = stub->WatchAlerts(&c2, {});
  pb::WatchAlertsResponse r;
  ASSERT_TRUE(r1->Read(&r));
  ASSERT_TRUE(r2->Read(&r));
  auto r3 = stub->WatchAlerts(&c3, {});
  EXPECT_FALSE(r3->Read(&r));
  EXPECT_EQ(r3->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(s.guard.open(), 2u);
  c1.TryCancel();
  c2.TryCancel();
  EXPECT_EQ(r1->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(r2->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST(AlertStream, AtShutdownOpenStreamsEndCleanly) {
  Server s(10, 30s, 64);
  s.raise(3);
  grpc::ClientContext c1, c2;
  auto stub = pb::AlertService::NewStub(s.channel);
  auto idle = stub->WatchAlerts(&c1, {});
  auto busy = stub->WatchAlerts(&c2, {});
  pb::WatchAlertsResponse r;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(idle->Read(&r));  // all read: nothing in flight
  ASSERT_TRUE(busy->Read(&r));
  s.shutting_down = true;
  s.hub.wake_all();
  while (idle->Read(&r)) ADD_FAILURE() << "an alert after all were read";
  EXPECT_TRUE(idle->Finish().ok());
  while (busy->Read(&r)) {
  }
  EXPECT_TRUE(busy->Finish().ok());
}

}  // namespace
}  // namespace bgpsentry
