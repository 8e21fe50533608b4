#include "agent/ingest/mrt/archive_files.h"

#include <glob.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <regex>

namespace bgpsentry {
namespace {

namespace fs = std::filesystem;

// "20080224.1839" or "20080224-1839" in a file name → sortable "200802241839".
std::string time_key(const std::string& path) {
  static const std::regex re(R"((\d{8})[.\-_]?(\d{4}))");
  const auto name = path.substr(path.find_last_of('/') + 1);
  std::smatch m;
  if (std::regex_search(name, m, re)) return m[1].str() + m[2].str();
  return "";
}

void add_directory(const std::string& dir, std::vector<std::string>& files) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
}

}  // namespace

std::optional<int64_t> archive_file_time(const std::string& path) {
  const std::string key = time_key(path);
  if (key.empty()) return std::nullopt;
  std::tm tm{};
  if (!strptime(key.c_str(), "%Y%m%d%H%M", &tm)) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

std::vector<std::string> archive_files_in_time_order(const std::vector<std::string>& patterns) {
  std::vector<std::string> files;
  for (const auto& pattern : patterns) {
    glob_t g{};
    if (glob(pattern.c_str(), GLOB_NOCHECK, nullptr, &g) == 0)
      for (size_t i = 0; i < g.gl_pathc; ++i) {
        const std::string path = g.gl_pathv[i];
        std::error_code ec;
        if (fs::is_directory(path, ec))
          add_directory(path, files);
        else
          files.push_back(path);
      }
    globfree(&g);
  }
  std::stable_sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    return std::pair(time_key(a), a) < std::pair(time_key(b), b);
  });
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<std::string> archive_files_in_window(const std::vector<std::string>& ordered,
                                                 std::optional<int64_t> from,
                                                 std::optional<int64_t> to) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const auto start = archive_file_time(ordered[i]);
    if (start && to && *start > *to) continue;
    if (start && from && i + 1 < ordered.size()) {
      // Ends where the next file of the same kind starts (updates.* vs bview.* differ).
      const auto name = [](const std::string& p) { return p.substr(p.find_last_of('/') + 1); };
      const std::string kind = name(ordered[i]).substr(0, name(ordered[i]).find('.'));
      std::optional<int64_t> end;
      for (size_t j = i + 1; j < ordered.size() && !end; ++j)
        if (name(ordered[j]).substr(0, name(ordered[j]).find('.')) == kind)
          end = archive_file_time(ordered[j]);
      if (end && *end <= *from) continue;
    }
    kept.push_back(ordered[i]);
  }
  return kept;
}

}  // namespace bgpsentry
