// alert_latency SOCKET SECONDS: streams alerts from bgpsentryd (AlertService.WatchAlerts on its
// unix socket) like any client, and for each EVENT_STARTED alert measures the wall time from
// its last_seen — the time of the update that raised it, which the RIS Live replay server
// stamps as the time it sent the message (--stamp-now) — to its arrival here. Watches for
// SECONDS, then prints the median, p90, p99 and max in ms.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bgpsentry/v1/alert.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SOCKET SECONDS\n", argv[0]);
    return 64;
  }
  auto channel =
      grpc::CreateChannel(std::string("unix:") + argv[1], grpc::InsecureChannelCredentials());
  auto stub = bgpsentry::v1::AlertService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(std::strtol(argv[2], nullptr, 10)));
  bgpsentry::v1::WatchAlertsRequest req;
  auto reader = stub->WatchAlerts(&context, req);
  std::printf("watching\n");
  std::fflush(stdout);

  std::vector<double> ms;
  bgpsentry::v1::WatchAlertsResponse resp;
  while (reader->Read(&resp)) {
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto& a = resp.alert();
    if (a.notice() != bgpsentry::v1::EVENT_STARTED) continue;
    const int64_t seen = a.last_seen().seconds() * 1000000 + a.last_seen().nanos() / 1000;
    ms.push_back(static_cast<double>(now - seen) / 1000.0);
  }
  if (ms.empty()) {
    std::fprintf(stderr, "no EVENT_STARTED alert\n");
    return 1;
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  std::printf("alerts: %zu, latency ms: median %.2f, p90 %.2f, p99 %.2f, max %.2f\n", ms.size(),
              at(0.5), at(0.9), at(0.99), ms.back());
  return 0;
}
