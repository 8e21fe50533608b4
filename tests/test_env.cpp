#include "tests/test_env.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bgpsentry::test {

namespace {
std::string data_cache_dir() {
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
    return std::string(cache) + "/bgpsentry/test-data";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "/nonexistent") + "/.cache/bgpsentry/test-data";
}
}  // namespace

const std::string& test_data_root() {
  static const std::string root = [] {
    // An explicit choice is taken as given: a wrong one shows as skipped tests, not as a
    // silent fall-back to other data.
    // BGPSENTRY_SHARED_DATA: the name it had before, still honoured.
    for (const char* name : {"BGPSENTRY_TEST_DATA", "BGPSENTRY_SHARED_DATA"})
      if (const char* env = std::getenv(name); env && *env)
        return std::filesystem::is_directory(env) ? std::string(env) : std::string();
    for (const std::string& dir : {std::string(BGPSENTRY_SHARED_DATA), data_cache_dir()})
      if (std::filesystem::is_directory(dir + "/mrt")) return dir;
    return std::string();
  }();
  return root;
}

std::string shared_data(const std::string& relative) {
  const auto& root = test_data_root();
  return (root.empty() ? std::string("/nonexistent/bgpsentry-test-data") : root) + "/" + relative;
}

std::string missing_test_data_message() {
  return "needs the real public test data: none at $BGPSENTRY_TEST_DATA, " +
         std::string(BGPSENTRY_SHARED_DATA) + " or " + data_cache_dir() +
         "; scripts/fetch-test-data.sh fetches it";
}

bool skipping_data_tests_fails() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}
std::string source_dir() {
  return BGPSENTRY_SOURCE_DIR;
}
std::string bin_dir() {
  return BGPSENTRY_BIN_DIR;
}
std::string bgpdump_path() {
  return BGPDUMP_PATH;
}
std::string stayrtr_path() {
  return STAYRTR_PATH;
}

std::string tinyproxy_path() {
  return TINYPROXY_PATH;
}

std::string rsyslogd_path() {
  return RSYSLOGD_PATH;
}

std::string python3_path() {
  return PYTHON3_PATH;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log) {
  pid_ = ::fork();
  if (pid_ == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

bool ChildProcess::running() const {
  return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0;
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("no free loopback port");
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string rtr_reset_response(const std::string& host, int port, uint8_t version) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  const char query[8] = {static_cast<char>(version), 2, 0, 0, 0, 0, 0, 8};
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::write(fd, query, sizeof query) != static_cast<ssize_t>(sizeof query)) {
    ::close(fd);
    return out;
  }
  // Walks the PDUs as they arrive: done after End of Data (type 7).
  size_t at = 0;
  char buf[4096];
  while (true) {
    while (out.size() - at >= 8) {
      const auto* h = reinterpret_cast<const uint8_t*>(out.data() + at);
      const uint32_t length =
          uint32_t{h[4]} << 24 | uint32_t{h[5]} << 16 | uint32_t{h[6]} << 8 | h[7];
      if (length < 8 || out.size() - at < length) break;
      at += length;
      if (h[1] == 7) {
        ::close(fd);
        out.resize(at);
        return out;
      }
    }
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return {};
}

bool loopback_port_open(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return open;
}

TempDir::TempDir() {
  // Short paths: unix socket paths are limited to 107 bytes.
  std::string tmpl = "/tmp/bgps-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult run_command(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  // stderr to a file: two pipes read in turn could deadlock.
  char err_path[] = "/tmp/bgpsentry-test-stderr-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  if (err_fd < 0) throw std::runtime_error("mkstemp failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::dup2(err_fd, 2);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  CommandResult result;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) result.out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::close(err_fd);
  result.err = read_file(err_path);
  ::unlink(err_path);
  return result;
}

std::vector<std::vector<std::string>> bgpdump_fields(const std::string& file) {
  auto result = run_command({bgpdump_path(), "-m", file});
  if (result.exit_code != 0) throw std::runtime_error("bgpdump failed on " + file);
  std::vector<std::vector<std::string>> lines;
  for (const auto& line : split_lines(result.out)) {
    auto& f = lines.emplace_back();
    std::stringstream ss(line);
    for (std::string part; std::getline(ss, part, '|');) f.push_back(part);
  }
  return lines;
}

std::map<std::string, size_t> bgpdump_prefix_counts(const std::string& file, size_t* total) {
  std::map<std::string, size_t> counts;
  size_t lines = 0;
  for (const auto& f : bgpdump_fields(file)) {
    // BGP4MP|time|A|peer|peer_as|prefix|...  (STATE lines have no prefix)
    if (f.size() >= 6 && (f[2] == "A" || f[2] == "W")) {
      ++counts[f[5]];
      ++lines;
    }
  }
  if (total) *total = lines;
  return counts;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

void make_test_pki(const TempDir& dir) {
  auto openssl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    const auto r = run_command(args);
    if (r.exit_code != 0) throw std::runtime_error("openssl " + args[1] + ": " + r.err);
  };
  for (const char* ca : {"ca", "other"})
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
             dir / (std::string(ca) + ".key"), "-out", dir / (std::string(ca) + ".pem"), "-days",
             "2", "-subj", std::string("/CN=bgpsentry test ") + ca});
  std::ofstream(dir / "server.cnf") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  std::ofstream(dir / "client.cnf") << "extendedKeyUsage=clientAuth\n";
  struct Leaf {
    const char *name, *ca, *subject, *ext;
  };
  for (const Leaf& leaf : {Leaf{"server", "ca", "/CN=127.0.0.1", "server.cnf"},
                           Leaf{"client", "ca", "/CN=bgpsentry test client", "client.cnf"},
                           Leaf{"other-client", "other", "/CN=other client", "client.cnf"}}) {
    const std::string name = leaf.name, ca = leaf.ca;
    openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir / (name + ".key"), "-out",
             dir / (name + ".csr"), "-subj", leaf.subject});
    openssl({"x509", "-req", "-in", dir / (name + ".csr"), "-CA", dir / (ca + ".pem"), "-CAkey",
             dir / (ca + ".key"), "-CAcreateserial", "-out", dir / (name + ".pem"), "-days", "2",
             "-extfile", dir / leaf.ext});
  }
}

}  // namespace bgpsentry::test
