#include "ctl/client.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "agent/core/text_file.h"

namespace bgpctl {
namespace {

// A file an option names, or why it cannot be read.
bool read_option_file(const std::string& option, const std::string& path, std::string& text,
                      std::string& error) {
  if (path.empty()) return true;
  auto read = bgpsentry::read_text_file(path);
  if (!read) {
    error = "cannot read " + option + " " + path + ": " + read.error();
    return false;
  }
  text = std::move(*read);
  return true;
}

}  // namespace

Client::Client(const Options& options) : token_(options.token) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (!options.token_file.empty()) {
    std::string text;
    if (read_option_file("--token-file", options.token_file, text, setup_error_))
      token_ = text.substr(0, text.find_first_of("\r\n"));
  }
  if (options.server.empty()) {
    target_ = options.socket;
    channel_ =
        grpc::CreateCustomChannel("unix:" + target_, grpc::InsecureChannelCredentials(), args);
    return;
  }
  // TCP is TLS only: the agent serves nothing else there.
  tcp_ = true;
  target_ = options.server;
  grpc::SslCredentialsOptions tls;
  if (read_option_file("--tls-ca", options.tls_ca, tls.pem_root_certs, setup_error_) &&
      read_option_file("--cert", options.cert, tls.pem_cert_chain, setup_error_))
    read_option_file("--key", options.key, tls.pem_private_key, setup_error_);
  channel_ = grpc::CreateCustomChannel(target_, grpc::SslCredentials(tls), args);
}

std::string Client::precheck() const {
  if (!setup_error_.empty()) return setup_error_;
  if (tcp_) return "";
  struct stat st {};
  if (::stat(target_.c_str(), &st) != 0) {
    if (errno == EACCES)
      return "cannot connect to " + target_ +
             ": permission denied — is your user in group bgpsentry?";
    return "cannot connect to " + target_ + ": " + std::strerror(errno) +
           " — is bgpsentryd running? (--socket PATH chooses another socket)";
  }
  if (!S_ISSOCK(st.st_mode)) return "cannot connect to " + target_ + ": not a socket";
  if (::access(target_.c_str(), R_OK | W_OK) != 0)
    return "cannot connect to " + target_ +
           ": permission denied — is your user in group bgpsentry?";
  return "";
}

std::optional<int> Client::unusable() const {
  const std::string problem = precheck();
  if (problem.empty()) return std::nullopt;
  std::fprintf(stderr, "bgpctl: %s\n", problem.c_str());
  return setup_error_.empty() ? kExitUnavailable : kExitNoInput;
}

int Client::report(const grpc::Status& status, const std::string& what) const {
  const std::string message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      std::fprintf(stderr, "bgpctl: cannot connect to %s: %s — is bgpsentryd running%s?\n",
                   target_.c_str(), message.c_str(),
                   tcp_ ? " and is --tls-ca the CA of its certificate" : "");
      return kExitUnavailable;
    case grpc::StatusCode::UNAUTHENTICATED:
      std::fprintf(stderr, "bgpctl: %s: %s (--token-file F or $BGPCTL_TOKEN)\n", what.c_str(),
                   message.c_str());
      return kExitNoPermission;
    case grpc::StatusCode::PERMISSION_DENIED:
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), message.c_str());
      return kExitNoPermission;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::ALREADY_EXISTS:
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), message.c_str());
      return kExitDataErr;
    case grpc::StatusCode::FAILED_PRECONDITION:  // a reload of a config with errors
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), message.c_str());
      return kExitConfig;
    case grpc::StatusCode::NOT_FOUND:  // an answer, not a failure: like grep, exit 1
      std::fprintf(stderr, "bgpctl: %s: %s\n", what.c_str(), message.c_str());
      return kExitFailure;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      std::fprintf(stderr, "bgpctl: %s: the daemon did not answer in time\n", what.c_str());
      return kExitUnavailable;
    default:
      std::fprintf(stderr, "bgpctl: %s failed: %s\n", what.c_str(), message.c_str());
      return kExitFailure;
  }
}

void Client::prepare_stream(grpc::ClientContext& context) const {
  if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name)
    context.AddMetadata("x-bgpsentry-user", pw->pw_name);
}

void Client::prepare(grpc::ClientContext& context, int seconds) const {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  prepare_stream(context);
}

}  // namespace bgpctl
