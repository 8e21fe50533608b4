// What the daemon tests share: the real bgpsentryd on a temp dir, driven and read through
// `bgpctl -o json`.
#pragma once

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bgpsentry/v1/admin.pb.h"
#include "bgpsentry/v1/alert.pb.h"
#include "bgpsentry/v1/query.pb.h"
#include "tests/test_env.h"

namespace bgpsentry::test {

using namespace std::chrono_literals;
namespace v1 = bgpsentry::v1;

inline const std::string kYoutube = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";
// YouTube's prefixes of the time: the file holds its own announcements of the /19 and /20.
inline const std::string kYoutubePrefixes =
    "208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n"
    "208.117.224.0/19:\n  description: YouTube\n  asn: 36561\n"
    "64.15.112.0/20:\n  description: YouTube\n  asn: 36561\n";

// Polls `pred` every 50 ms until it holds or `limit` passes; its last answer.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 60s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

inline std::string bgpsentryd() {
  return bin_dir() + "/agent/bgpsentryd";
}
inline std::string bgpctl() {
  return bin_dir() + "/ctl/bgpctl";
}

template <typename Message>
Message parse_json(const std::string& line) {
  Message m;
  auto st = google::protobuf::util::JsonStringToMessage(line, &m);
  EXPECT_TRUE(st.ok()) << st.ToString() << ": " << line;
  return m;
}

// A daemon on its own temp dir; killed at the end of the test if still running.
class Daemon {
 public:
  // `source_extra`: more keys of the source (YAML indented by four spaces);
  // `config_extra`: more top-level keys of bgpsentry.yml; `api_extra`: more keys of api:
  // (indented by two).
  Daemon(const TempDir& dir, const std::vector<std::string>& mrt_paths,
         const std::string& prefixes = kYoutubePrefixes, const std::string& source_extra = "",
         const std::string& config_extra = "", const std::string& source_type = "mrt",
         const std::string& api_extra = "")
      : dir_(dir.path()) {
    std::ofstream(dir_ + "/prefixes.yml") << prefixes;
    std::ofstream config(dir_ + "/bgpsentry.yml");
    config << "data_dir: ./var\nprefixes_file: prefixes.yml\napi:\n  unix_socket: ./var/api.sock\n"
           << api_extra << "sources:\n  - type: " << source_type << "\n"
           << source_extra;
    if (!mrt_paths.empty()) config << "    paths:\n";
    for (const auto& p : mrt_paths) config << "      - \"" << p << "\"\n";
    config << "sinks:\n  - type: file\n    path: ./var/alerts.jsonl\n" << config_extra;
  }
  ~Daemon() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int log = ::open((dir_ + "/daemon.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(log, 1);
      ::dup2(log, 2);
      ::execl(bgpsentryd().c_str(), "bgpsentryd", "--config", (dir_ + "/bgpsentry.yml").c_str(),
              nullptr);
      ::_exit(127);
    }
    // Ready when it answers (a socket file may be left over from a killed daemon).
    for (int i = 0; i < 200; ++i) {
      ASSERT_EQ(::waitpid(pid_, nullptr, WNOHANG), 0) << "daemon exited:\n" << log();
      if (::access(socket().c_str(), F_OK) == 0 && ctl({"status"}).exit_code == 0) return;
      std::this_thread::sleep_for(50ms);
    }
    FAIL() << "daemon did not answer on its socket:\n" << log();
  }

  // SIGTERM and wait; returns the exit code.
  int terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  void kill9() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  CommandResult ctl(std::vector<std::string> args) const {
    args.insert(args.begin(), {bgpctl(), "--socket", socket()});
    return run_command(args);
  }
  v1::GetStatusResponse status() const {
    auto r = ctl({"status", "-o", "json"});
    EXPECT_EQ(r.exit_code, 0);
    return parse_json<v1::GetStatusResponse>(r.out);
  }
  bool wait_finished(std::chrono::seconds timeout = 120s) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto s = status();
      if (s.sources_size() > 0 && s.sources(0).state() == v1::FINISHED) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
  std::vector<v1::Alert> alerts() const {
    auto r = ctl({"alerts", "list", "-o", "json"});
    EXPECT_EQ(r.exit_code, 0);
    std::vector<v1::Alert> out;
    for (const auto& line : split_lines(r.out)) out.push_back(parse_json<v1::Alert>(line));
    return out;
  }
  // `bgpctl events list --type TYPE`, newest first.
  std::vector<v1::Event> events(const std::string& type) const {
    auto r = ctl({"events", "list", "--type", type, "-o", "json"});
    EXPECT_EQ(r.exit_code, 0);
    std::vector<v1::Event> out;
    for (const auto& line : split_lines(r.out)) out.push_back(parse_json<v1::Event>(line));
    return out;
  }
  size_t history_count(const std::string& prefix) const {
    auto r = ctl({"history", prefix, "-o", "json"});
    EXPECT_EQ(r.exit_code, 0);
    const auto lines = split_lines(r.out);
    for (const auto& line : lines) {
      auto u = parse_json<v1::Update>(line);
      EXPECT_EQ(u.prefix(), prefix);
    }
    return lines.size();
  }
  std::string socket() const { return dir_ + "/var/api.sock"; }
  std::string log() const { return read_file(dir_ + "/daemon.log"); }
  pid_t pid() const { return pid_; }

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace bgpsentry::test
