// bgpctl record [--duration D] -O FILE: records a RIS Live stream (no daemon needed) as JSON
// lines, one message per line as it came, which a `ris_live_file` source and the RIS Live
// replay server read back: a recorded day replays through the engine like an MRT archive.
// The agent's own WebSocket client does the work: the same TLS checks, reconnects and gaps.
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/config/config_error.h"
#include "agent/config/prefixes_config.h"
#include "agent/core/time_text.h"
#include "agent/ingest/ris_live/ris_live_source.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"

namespace bgpctl {
namespace {

struct RecordArgs {
  std::string url = "wss://ris-live.ripe.net/v1/ws/";
  std::string client = "bgpctl-record";
  std::string ca_file;
  std::string proxy;
  std::string output;
  std::string duration;
  std::vector<std::string> prefixes;
  std::vector<std::string> asns;
  std::string prefixes_file;
  bool all = false;
};

// One frame per line: a frame never spans lines, whatever it holds.
class LineWriter {
 public:
  explicit LineWriter(std::FILE* out) : out_(out) {}
  void write(std::string_view frame) {
    std::lock_guard lock(mu_);
    line_.assign(frame);
    for (char& c : line_)
      if (c == '\n' || c == '\r') c = ' ';
    line_ += '\n';
    if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) failed_ = true;
    ++messages_;
    bytes_ += line_.size();
  }
  uint64_t messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  uint64_t bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
  }
  bool failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }

 private:
  std::FILE* out_;
  mutable std::mutex mu_;
  std::string line_;
  uint64_t messages_ = 0, bytes_ = 0;
  bool failed_ = false;
};

// The subscriptions asked for: prefixes (with their more- and less-specifics) and origin
// ASNs, those of a prefixes.yml, or the whole feed. nullopt (after printing why) on an error.
std::optional<std::vector<std::string>> subscriptions(const RecordArgs& args) {
  std::vector<std::string> prefixes;
  std::vector<uint32_t> asns;
  for (const auto& text : args.prefixes) {
    auto p = bgpsentry::Prefix::parse(text);
    if (!p) {
      std::fprintf(stderr, "bgpctl: --prefix '%s' is not a prefix\n", text.c_str());
      return std::nullopt;
    }
    prefixes.push_back(p->to_string());
  }
  for (const auto& text : args.asns) {
    auto asn = parse_asn(text);
    if (!asn) {
      std::fprintf(stderr, "bgpctl: --asn '%s' is not an AS number\n", text.c_str());
      return std::nullopt;
    }
    asns.push_back(*asn);
  }
  if (!args.prefixes_file.empty()) {
    bgpsentry::ConfigErrors errors(args.prefixes_file);
    auto config = bgpsentry::load_prefixes_file(args.prefixes_file, errors);
    if (!errors.empty()) {
      std::fprintf(stderr, "bgpctl: %s\n", errors.to_string().c_str());
      return std::nullopt;
    }
    for (const auto& p : config.prefixes) prefixes.push_back(p.prefix.to_string());
    for (const auto& a : config.asns) asns.push_back(a.asn);
  }
  const bool everything = args.all || (prefixes.empty() && asns.empty());
  return bgpsentry::ris_live_subscriptions(prefixes, asns, everything);
}

// Waits for the duration, or until SIGINT/SIGTERM (blocked by the caller before any thread
// started, so that they come here). 0: until a signal.
void wait_for(int64_t seconds, const sigset_t& signals) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    timespec wait{1, 0};
    if (seconds > 0) {
      const auto left = end - std::chrono::steady_clock::now();
      if (left <= std::chrono::nanoseconds(0)) return;
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      wait = {static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    }
    const int sig = ::sigtimedwait(&signals, nullptr, &wait);
    if (sig > 0) return;
    if (sig < 0 && errno != EAGAIN && errno != EINTR) return;
  }
}

int run_record(const RecordArgs& args) {
  std::optional<int64_t> seconds = 0;
  if (!args.duration.empty() && !(seconds = duration_argument(args.duration))) return kExitUsage;
  auto subs = subscriptions(args);
  if (!subs) return kExitUsage;

  std::FILE* out = args.output == "-" ? stdout : std::fopen(args.output.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "bgpctl: cannot write %s: %s\n", args.output.c_str(),
                 std::strerror(errno));
    return kExitFailure;
  }
  LineWriter writer(out);
  // The client's log lines go to stderr: stdout may be the recording.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("record"));

  // SIGINT and SIGTERM end the recording cleanly; blocked before the client's thread starts
  // so that only wait_for() receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  bgpsentry::RisLiveOptions live;
  live.name = "record";
  live.connection.url = args.url;
  live.connection.client = args.client;
  live.connection.ca_file = args.ca_file;
  live.connection.proxy = args.proxy;
  live.subscriptions = std::move(*subs);
  live.publish = false;
  live.tap = [&writer](std::string_view frame) { writer.write(frame); };
  // Nothing is published: the queues are never used.
  bgpsentry::BatchQueue unused_store(1), unused_engine(1);
  bgpsentry::RisLiveSource source(std::move(live),
                                  bgpsentry::UpdateSinkQueues(unused_store, unused_engine));
  const auto started = std::chrono::steady_clock::now();
  source.start();
  wait_for(*seconds, signals);
  source.stop();
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
  const auto status = source.status();
  std::fprintf(stderr,
               "bgpctl: recorded %llu messages (%llu bytes) from %s in %.1f s to %s; %llu "
               "reconnects, %zu gaps\n",
               static_cast<unsigned long long>(writer.messages()),
               static_cast<unsigned long long>(writer.bytes()), args.url.c_str(), took,
               args.output.c_str(), static_cast<unsigned long long>(status.reconnects),
               status.gaps.size());
  if (!status.last_error.empty())
    std::fprintf(stderr, "bgpctl: last error: %s\n", status.last_error.c_str());
  if (writer.failed() || !closed) {
    std::fprintf(stderr, "bgpctl: writing %s failed\n", args.output.c_str());
    return kExitFailure;
  }
  // Nothing recorded because the feed could not be reached: not a success for a script.
  if (writer.messages() == 0 && status.state != bgpsentry::SourceState::kConnected &&
      status.state != bgpsentry::SourceState::kStale)
    return kExitUnavailable;
  return kExitOk;
}

}  // namespace

void add_record_commands(CLI::App& app, const Options& options, int& exit_code) {
  (void)options;
  auto args = std::make_shared<RecordArgs>();
  auto* record = app.add_subcommand(
      "record",
      "record a RIS Live stream (no daemon needed) as JSON lines, one message per line, that a "
      "ris_live_file source replays");
  record->add_option("-O,--output", args->output, "the file to write (- for stdout)")->required();
  record->add_option("--duration", args->duration,
                     "how long to record: 90 or 90s, 10m, 2h, 1d (default: until Ctrl-C)");
  record->add_option("--url", args->url, "the RIS Live endpoint (ws:// or wss://)")
      ->capture_default_str();
  record->add_option("--client", args->client, "the client name sent as ?client=")
      ->capture_default_str();
  record->add_option("--ca-file", args->ca_file,
                     "wss://: trust the CAs in this PEM file instead of the system's");
  record->add_option("--proxy", args->proxy,
                     "reach the feed through this HTTP proxy (http://host:port, CONNECT)");
  record->add_option("--prefix", args->prefixes,
                     "subscribe to this prefix with its more- and less-specifics (repeatable)");
  record->add_option("--asn", args->asns, "subscribe to paths originated by this AS (repeatable)");
  record->add_option("--prefixes-file", args->prefixes_file,
                     "subscribe to what this prefixes.yml monitors, as the agent does");
  record->add_flag("--all", args->all,
                   "the whole feed (the default when no prefix, AS or file is given)");
  record->callback([args, &exit_code] { exit_code = run_record(*args); });
}

}  // namespace bgpctl
