// Connection to bgpsentryd and the error messages an operator can act on.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

namespace bgpctl {

// Exit codes (sysexits.h): scripts tell "daemon down" from "bad argument".
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;        // EX_USAGE
inline constexpr int kExitDataErr = 65;      // EX_DATAERR: refused argument, damaged input
inline constexpr int kExitNoInput = 66;      // EX_NOINPUT: an input file cannot be opened
inline constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE: cannot reach the daemon
inline constexpr int kExitConfig = 78;       // EX_CONFIG: the config has errors

struct Options {
  std::string socket = "/run/bgpsentry/bgpsentry.sock";
  std::string output = "table";  // table | json
  bool json() const { return output == "json"; }
};

class Client {
 public:
  explicit Client(const Options& options);
  // Non-empty when the socket cannot be used, with the likely reason.
  std::string precheck() const;
  // Prints precheck()'s reason and returns the exit code when the socket is unusable.
  std::optional<int> unusable() const;
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // Prints a clear message for a failed call and returns the exit code to use.
  int report(const grpc::Status& status, const std::string& what) const;

 private:
  std::string socket_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A unary call's context: a deadline, so a hung daemon never hangs a script, and the
// caller's login name for the daemon's record of changes.
void prepare_call(grpc::ClientContext& context, int seconds = 30);

}  // namespace bgpctl
