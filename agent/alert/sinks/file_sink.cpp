#include "agent/alert/sinks/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "agent/config/yaml_fields.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {

FileSink::FileSink(std::string name, std::string path)
    : name_(std::move(name)), path_(std::move(path)) {}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileSink::deliver(const std::vector<Alert>& alerts) {
  if (fd_ < 0) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd_ < 0) return Error{"cannot open " + path_ + ": " + std::strerror(errno)};
  }
  std::string text;
  for (const auto& a : alerts) text += wire::to_json(wire::to_proto(a)) + "\n";
  // On a failed write, cut the partial line off so the retry leaves valid JSON lines.
  const off_t start = ::lseek(fd_, 0, SEEK_END);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      if (start >= 0 && ::ftruncate(fd_, start) != 0) {
        // Nothing more we can do: the retry appends after the partial line.
      }
      return Error{"cannot write " + path_ + ": " + reason};
    }
    written += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return Error{"cannot sync " + path_ + ": " + std::strerror(errno)};
  return ok_status();
}

namespace {

std::any read_file_sink(const YAML::Node& section, const SectionContext& ctx,
                        ConfigErrors& errors) {
  FileSinkSettings s;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key)) continue;
    if (key == "path") {
      if (auto p = read_string(kv.second, ctx.where(key), errors)) s.path = ctx.resolve(*p);
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  if (s.path.empty()) errors.add(section, ctx.where("path"), "a file sink needs a path");
  return s;
}

}  // namespace

SinkType file_sink_type() {
  return {"file", read_file_sink, [](const SinkConfig& config) -> std::unique_ptr<AlertSink> {
            return std::make_unique<FileSink>(config.name, config.as<FileSinkSettings>().path);
          }};
}

}  // namespace bgpsentry
