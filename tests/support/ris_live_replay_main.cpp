// ris_live_replay_server FILE [PORT]: serves the RIS Live messages of FILE (JSON lines, e.g.
// `bgpctl mrt dump --ris-live` of an archive) on ws://127.0.0.1:PORT/v1/ws/ to one client
// after another (benches, manual runs); prints its URL, then serves until killed, saying
// nothing more; it reads the subscriptions first when told how many (second argument).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "tests/support/ris_live_replay_server.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [SUBSCRIPTIONS]\n", argv[0]);
    return 64;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 66;
  }
  std::vector<std::string> messages;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) messages.push_back(std::move(line));
  bgpsentry::test::RisLiveReplayServer::Knobs knobs;
  if (argc > 2) knobs.expect_subscriptions = std::strtoul(argv[2], nullptr, 10);
  bgpsentry::test::RisLiveReplayServer server(std::move(messages), knobs);
  std::printf("%s\n", server.url().c_str());
  std::fflush(stdout);
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}
