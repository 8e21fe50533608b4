// A file's modification time and size: what data-file watchers (VRP exports, IRR dumps)
// compare to tell that a file was replaced, without reading it.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>

namespace bgpsentry {

struct FileStamp {
  int64_t mtime_ns = 0;
  uintmax_t size = 0;
  bool operator==(const FileStamp&) const = default;
};

// Nullopt when `path` is empty or cannot be stat'ed.
inline std::optional<FileStamp> file_stamp(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                   static_cast<uintmax_t>(st.st_size)};
}

}  // namespace bgpsentry
