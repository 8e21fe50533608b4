// Shared helpers for tests: where the real data is, temp dirs, running commands.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bgpsentry::test {

// The real public test data (tests/data/test-data.manifest lists it): $BGPSENTRY_TEST_DATA,
// else ../shared/data beside the checkout, else the cache scripts/fetch-test-data.sh fills.
// Empty when none of them is there.
const std::string& test_data_root();
// Path of `relative` under test_data_root().
std::string shared_data(const std::string& relative);
// What a test that needs the data says when it is not there, and how to get it.
std::string missing_test_data_message();
// Under CI (CI=true) a test must not skip for want of data: the checkout is to have it.
bool skipping_data_tests_fails();
std::string source_dir();
std::string bin_dir();
std::string bgpdump_path();

// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// With openssl(1) in `dir`: a test CA (ca.pem, ca.key); a server certificate for 127.0.0.1
// and localhost it signed (server.pem, server.key); a client certificate it signed
// (client.pem, client.key); and a second CA that signed nothing (other.pem), with a client
// certificate of its own (other-client.pem, other-client.key).
void make_test_pki(const TempDir& dir);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs argv (no shell), capturing stdout; stderr passes through.
CommandResult run_command(const std::vector<std::string>& argv);

// A server the test runs (stayrtr, …): started with argv, output to `log`, killed (SIGKILL)
// and reaped when destroyed.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  bool running() const;

 private:
  int pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot bind port 0
// and report it).
int free_loopback_port();
// Whether something accepts connections on 127.0.0.1:port.
bool loopback_port_open(int port);

std::string stayrtr_path();
std::string tinyproxy_path();
std::string rsyslogd_path();
std::string python3_path();
// The raw bytes an RTR cache on host:port answers to a Reset Query of `version`, up to and
// including its End of Data; empty when it cannot be reached or does not answer in 2 s.
std::string rtr_reset_response(const std::string& host, int port, uint8_t version);

// Lines `bgpdump -m FILE` prints per prefix (field 6), and in all.
std::map<std::string, size_t> bgpdump_prefix_counts(const std::string& file,
                                                    size_t* total = nullptr);

// `bgpdump -m FILE`, each line split at '|'.
std::vector<std::vector<std::string>> bgpdump_fields(const std::string& file);

std::string read_file(const std::string& path);
std::vector<std::string> split_lines(const std::string& text);

}  // namespace bgpsentry::test

// First statement of a test (or fixture SetUp) that reads the real public data: without
// the data the test is skipped, and the suite's summary counts it (a failure under CI).
#define BGPSENTRY_NEEDS_TEST_DATA()                                   \
  do {                                                                \
    if (!::bgpsentry::test::test_data_root().empty()) break;          \
    if (::bgpsentry::test::skipping_data_tests_fails())               \
      GTEST_FAIL() << ::bgpsentry::test::missing_test_data_message(); \
    GTEST_SKIP() << ::bgpsentry::test::missing_test_data_message();   \
  } while (false)
