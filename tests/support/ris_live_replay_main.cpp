// ris_live_replay_server FILE [SUBSCRIPTIONS] [--per-second N] [--stamp-now]: serves the RIS
// Live messages of FILE (JSON lines, e.g. `bgpctl mrt dump --ris-live` of an archive) on
// ws://127.0.0.1:PORT/v1/ws/ to one client after another (benches, manual runs); prints its
// URL, then serves until killed, saying nothing more. It reads the subscriptions first when
// told how many; paces the feed at N messages/s; stamps each message with the time it is
// sent (latency benches).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "tests/support/ris_live_replay_server.h"

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  bgpsentry::test::RisLiveReplayServer::Knobs knobs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--per-second" && i + 1 < argc)
      knobs.per_second = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--stamp-now")
      knobs.stamp_now = true;
    else
      positional.push_back(arg);
  }
  if (positional.empty() || positional.size() > 2) {
    std::fprintf(stderr, "usage: %s FILE [SUBSCRIPTIONS] [--per-second N] [--stamp-now]\n",
                 argv[0]);
    return 64;
  }
  std::ifstream in(positional[0]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", positional[0].c_str());
    return 66;
  }
  std::vector<std::string> messages;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) messages.push_back(std::move(line));
  if (positional.size() > 1)
    knobs.expect_subscriptions = std::strtoul(positional[1].c_str(), nullptr, 10);
  bgpsentry::test::RisLiveReplayServer server(std::move(messages), knobs);
  std::printf("%s\n", server.url().c_str());
  std::fflush(stdout);
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}
