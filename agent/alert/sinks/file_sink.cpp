#include "agent/alert/sinks/file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "agent/config/yaml_fields.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {

FileSink::FileSink(std::string name, FileSinkSettings settings)
    : name_(std::move(name)), settings_(std::move(settings)) {}

FileSink::~FileSink() {
  close_file();
}

void FileSink::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status FileSink::open_file() {
  const std::string& path = settings_.path;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  // Created here: 0640 whatever the umask. Found: left as the operator set it.
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ >= 0) {
    if (::fchmod(fd_, 0640) != 0) {
      // The mode the umask left; the file is still written.
    }
  } else if (errno == EEXIST) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  }
  if (fd_ < 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  struct stat st {};
  size_ = ::fstat(fd_, &st) == 0 ? st.st_size : 0;
  return ok_status();
}

// path → path.1 → … → path.KEEP; what was path.KEEP is gone. Each step is one rename, so a
// crash in between loses no line (a number may be missing until the next rotation).
Status FileSink::rotate() {
  close_file();
  const std::string& path = settings_.path;
  for (int i = settings_.rotate_keep - 1; i >= 1; --i) {
    const std::string from = path + "." + std::to_string(i);
    if (::rename(from.c_str(), (path + "." + std::to_string(i + 1)).c_str()) != 0 &&
        errno != ENOENT)
      return Error{"cannot rotate " + from + ": " + std::strerror(errno)};
  }
  if (::rename(path.c_str(), (path + ".1").c_str()) != 0 && errno != ENOENT)
    return Error{"cannot rotate " + path + ": " + std::strerror(errno)};
  return open_file();
}

Status FileSink::deliver(const std::vector<Alert>& alerts) {
  if (reopen_.exchange(false)) close_file();
  if (fd_ < 0)
    if (auto st = open_file(); !st) return st;
  std::string text;
  for (const auto& a : alerts) text += wire::to_json(wire::to_proto(a)) + "\n";
  if (settings_.rotate_max_bytes && size_ > 0 &&
      static_cast<uint64_t>(size_) + text.size() > settings_.rotate_max_bytes)
    if (auto st = rotate(); !st) return st;
  // On a failed write or sync, the batch is cut off again: the retry writes it once, whole.
  const off_t start = ::lseek(fd_, 0, SEEK_END);
  auto undo = [&](const std::string& what) -> Status {
    const std::string reason = std::strerror(errno);
    if (start < 0 || ::ftruncate(fd_, start) != 0) {
      // Cannot cut it off: the retry appends after it (a duplicate, never a loss).
      close_file();
    }
    return Error{what + " " + settings_.path + ": " + reason};
  };
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return undo("cannot write");
    written += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return undo("cannot sync");
  size_ = start + static_cast<off_t>(text.size());
  return ok_status();
}

namespace {

// rotate: {max_bytes: N, keep: K}
void read_rotate(const YAML::Node& node, const std::string& field, FileSinkSettings& s,
                 ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, field, "expected a map with max_bytes (and optionally keep)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "max_bytes") {
      if (auto n = read_int(kv.second, field + ".max_bytes", 4096, int64_t{1} << 50, errors))
        s.rotate_max_bytes = static_cast<uint64_t>(*n);
    } else if (key == "keep") {
      if (auto n = read_int(kv.second, field + ".keep", 1, 1000, errors))
        s.rotate_keep = static_cast<int>(*n);
    } else {
      errors.add(kv.first, field + "." + key, "unknown key");
    }
  }
  if (!node["max_bytes"].IsDefined())
    errors.add(node, field + ".max_bytes", "missing: the size a file is rotated at");
}

std::any read_file_sink(const YAML::Node& section, const SectionContext& ctx,
                        ConfigErrors& errors) {
  FileSinkSettings s;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key)) continue;
    if (key == "path") {
      if (auto p = read_string(kv.second, ctx.where(key), errors)) s.path = ctx.resolve(*p);
    } else if (key == "rotate") {
      read_rotate(kv.second, ctx.where(key), s, errors);
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  if (s.path.empty()) errors.add(section, ctx.where("path"), "a file sink needs a path");
  return s;
}

}  // namespace

SinkType file_sink_type() {
  return {"file", read_file_sink,
          [](const SinkConfig& config, const SinkContext&) -> std::unique_ptr<AlertSink> {
            return std::make_unique<FileSink>(config.name, config.as<FileSinkSettings>());
          }};
}

}  // namespace bgpsentry
