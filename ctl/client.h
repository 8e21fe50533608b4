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
inline constexpr int kExitUsage = 64;         // EX_USAGE
inline constexpr int kExitDataErr = 65;       // EX_DATAERR: refused argument, damaged input
inline constexpr int kExitNoInput = 66;       // EX_NOINPUT: an input file cannot be opened
inline constexpr int kExitUnavailable = 69;   // EX_UNAVAILABLE: cannot reach the daemon
inline constexpr int kExitCantCreat = 73;     // EX_CANTCREAT: an output file cannot be made
inline constexpr int kExitNoPermission = 77;  // EX_NOPERM: no or unknown token, role too low
inline constexpr int kExitConfig = 78;        // EX_CONFIG: the config has errors

struct Options {
  std::string socket = "/run/bgpsentry/bgpsentry.sock";
  // TCP with TLS instead of the socket: host:port, the CA that signed the agent's
  // certificate, and for mTLS a client certificate and key.
  std::string server, tls_ca, cert, key;
  std::string token;             // $BGPCTL_TOKEN, or read from token_file
  std::string token_file;        // its first line is the token
  std::string output = "table";  // table | json | yaml
  // One record per API message (json: a line each; yaml: a document each), not a table.
  bool structured() const { return output != "table"; }
};

class Client {
 public:
  explicit Client(const Options& options);
  // Non-empty when the socket cannot be used, with the likely reason.
  std::string precheck() const;
  // Prints precheck()'s reason and returns the exit code when the socket is unusable.
  std::optional<int> unusable() const;
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A unary call's context: a deadline, so a hung daemon never hangs a script; the token;
  // and the caller's login name for the agent's record of changes.
  void prepare(grpc::ClientContext& context, int seconds = 30) const;
  // The same without a deadline (streams).
  void prepare_stream(grpc::ClientContext& context) const;
  // Prints a clear message for a failed call and returns the exit code to use.
  int report(const grpc::Status& status, const std::string& what) const;

 private:
  std::string target_;  // the socket path or host:port, for messages
  bool tcp_ = false;
  std::string token_;
  std::string setup_error_;  // a file named in the options could not be read
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace bgpctl
