// StreamGuard over real gRPC on a unix socket: a client that stops reading is cut once its
// stream's writes have been held for the stall limit, while a reading client on the same
// server gets every message in order; past max_streams a stream is refused.
#include "agent/api/stream_guard.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "bgpsentry/v1/alert.grpc.pb.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;
namespace pb = bgpsentry::v1;

constexpr int kMessages = 2000;  // 10 kB each: far more than flow control lets through unread

// Streams kMessages alerts as fast as the client takes them, under the guard.
class FloodService final : public pb::AlertService::Service {
 public:
  explicit FloodService(StreamGuard& guard) : guard_(guard) {}
  grpc::Status WatchAlerts(grpc::ServerContext* context, const pb::WatchAlertsRequest*,
                           grpc::ServerWriter<pb::WatchAlertsResponse>* writer) override {
    auto ticket = guard_.admit(*context);
    if (!ticket) return {grpc::StatusCode::RESOURCE_EXHAUSTED, "too many"};
    pb::WatchAlertsResponse r;
    r.mutable_alert()->set_description(std::string(10000, 'x'));
    for (int i = 1; i <= kMessages && !context->IsCancelled(); ++i) {
      r.mutable_alert()->set_id(i);
      ticket->writing();
      const bool ok = writer->Write(r);
      ticket->written();
      if (!ok) break;
    }
    return grpc::Status::OK;
  }

 private:
  StreamGuard& guard_;
};

struct Server {
  Server(size_t max_streams, std::chrono::milliseconds stall)
      : guard(max_streams, stall), service(guard) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("unix:" + dir.path() + "/s.sock", grpc::InsecureServerCredentials());
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
    channel =
        grpc::CreateChannel("unix:" + dir.path() + "/s.sock", grpc::InsecureChannelCredentials());
  }
  ~Server() { server->Shutdown(std::chrono::system_clock::now() + 1s); }
  test::TempDir dir;
  StreamGuard guard;
  FloodService service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
};

TEST(StreamGuard, AStuckClientIsCutAndAReadingOneGetsEverything) {
  Server s(10, 1s);
  grpc::ClientContext stuck_context;
  auto stuck = pb::AlertService::NewStub(s.channel)->WatchAlerts(&stuck_context, {});
  pb::WatchAlertsResponse first;
  ASSERT_TRUE(stuck->Read(&first));  // it is open; then it never reads again

  grpc::ClientContext context;
  auto reader = pb::AlertService::NewStub(s.channel)->WatchAlerts(&context, {});
  pb::WatchAlertsResponse r;
  uint64_t expected = 1;
  while (reader->Read(&r)) EXPECT_EQ(r.alert().id(), expected++);
  EXPECT_EQ(expected, static_cast<uint64_t>(kMessages + 1)) << "every message, in order";
  EXPECT_TRUE(reader->Finish().ok());

  for (int i = 0; i < 100 && s.guard.cut() == 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(s.guard.cut(), 1u) << "the stuck stream is cut";
  int more = 0;
  while (stuck->Read(&r)) ++more;
  EXPECT_LT(more, kMessages - 1) << "it ended before the end";
  EXPECT_EQ(stuck->Finish().error_code(), grpc::StatusCode::CANCELLED);
  for (int i = 0; i < 100 && s.guard.open() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(s.guard.open(), 0u);
}

TEST(StreamGuard, StreamsPastTheCapAreRefused) {
  Server s(2, 30s);
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

}  // namespace
}  // namespace bgpsentry
