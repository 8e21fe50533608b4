#include "ctl/client.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace bgpctl {

Client::Client(const Options& options) : socket_(options.socket) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  channel_ = grpc::CreateCustomChannel("unix:" + socket_, grpc::InsecureChannelCredentials(), args);
}

std::string Client::precheck() const {
  struct stat st {};
  if (::stat(socket_.c_str(), &st) != 0) {
    if (errno == EACCES)
      return "cannot connect to " + socket_ +
             ": permission denied — is your user in group bgpsentry?";
    return "cannot connect to " + socket_ + ": " + std::strerror(errno) +
           " — is bgpsentryd running? (--socket PATH chooses another socket)";
  }
  if (!S_ISSOCK(st.st_mode)) return "cannot connect to " + socket_ + ": not a socket";
  if (::access(socket_.c_str(), R_OK | W_OK) != 0)
    return "cannot connect to " + socket_ +
           ": permission denied — is your user in group bgpsentry?";
  return "";
}

std::optional<int> Client::unusable() const {
  const std::string problem = precheck();
  if (problem.empty()) return std::nullopt;
  std::fprintf(stderr, "bgpctl: %s\n", problem.c_str());
  return kExitUnavailable;
}

int Client::report(const grpc::Status& status, const std::string& what) const {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      std::fprintf(stderr, "bgpctl: cannot connect to %s: %s — is bgpsentryd running?\n",
                   socket_.c_str(), status.error_message().c_str());
      return kExitUnavailable;
    case grpc::StatusCode::INVALID_ARGUMENT:
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), status.error_message().c_str());
      return kExitDataErr;
    case grpc::StatusCode::ALREADY_EXISTS:
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), status.error_message().c_str());
      return kExitDataErr;
    case grpc::StatusCode::FAILED_PRECONDITION:  // a reload of a config with errors
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), status.error_message().c_str());
      return kExitConfig;
    case grpc::StatusCode::NOT_FOUND:  // an answer, not a failure: like grep, exit 1
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), status.error_message().c_str());
      return kExitFailure;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      std::fprintf(stderr, "bgpctl: %s: the daemon did not answer in time\n", what.c_str());
      return kExitUnavailable;
    default:
      std::fprintf(stderr, "bgpctl: %s failed: %s\n", what.c_str(), status.error_message().c_str());
      return kExitFailure;
  }
}

void prepare_call(grpc::ClientContext& context, int seconds) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
}

}  // namespace bgpctl
