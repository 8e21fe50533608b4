#include "tests/repository/layering.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace bgpsentry::test {
namespace {

namespace fs = std::filesystem;

// Whether `path` is in listed `folder`: under it, or for "DIR/*" directly in DIR.
bool in_folder(const std::string& path, const std::string& folder) {
  if (folder.ends_with("/*")) {
    const auto dir = folder.substr(0, folder.size() - 1);  // with the slash
    return path.starts_with(dir) && path.find('/', dir.size()) == std::string::npos;
  }
  return path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
}

// The listed folder `path` belongs to: the longest one that holds it ("" when none).
std::string folder_of(const std::string& path, const std::map<std::string, int>& floors) {
  std::string best;
  for (const auto& [folder, floor] : floors) {
    (void)floor;
    if (in_folder(path, folder) && folder.size() > best.size()) best = folder;
  }
  return best;
}

}  // namespace

std::map<std::string, int> parse_floors(const std::string& markdown) {
  std::map<std::string, int> floors;
  const auto begin = markdown.find("<!-- floors begin -->");
  const auto end = markdown.find("<!-- floors end -->");
  if (begin == std::string::npos || end == std::string::npos || end < begin) return floors;
  std::istringstream table(markdown.substr(begin, end - begin));
  static const std::regex row(R"(^\|\s*(\d+)\s*\|([^|]*)\|)");
  static const std::regex folder("`([^`]+)`");
  for (std::string line; std::getline(table, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const int floor = std::stoi(m[1]);
    const std::string cell = m[2];
    for (std::sregex_iterator it(cell.begin(), cell.end(), folder), last; it != last; ++it) {
      std::string name = (*it)[1];
      while (!name.empty() && name.back() == '/') name.pop_back();
      floors[name] = floor;
    }
  }
  return floors;
}

std::vector<std::string> layering_violations(const std::string& root,
                                             const std::map<std::string, int>& floors) {
  std::vector<std::string> out;
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  for (const char* top : {"agent", "storage", "ctl"}) {
    if (!fs::is_directory(fs::path(root) / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(root) / top)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      const std::string file = fs::relative(entry.path(), root).string();
      const std::string from = folder_of(file, floors);
      if (from.empty()) {
        out.push_back(file + ": in no folder of the floors table");
        continue;
      }
      std::ifstream in(entry.path());
      int line_no = 0;
      for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::smatch m;
        if (!std::regex_search(line, m, include)) continue;
        const std::string target = m[1];
        const std::string to = folder_of(target, floors);
        if (to.empty() || to == from) continue;  // system, third-party or own folder
        const int from_floor = floors.at(from), to_floor = floors.at(to);
        if (to_floor < from_floor) continue;
        out.push_back(file + ":" + std::to_string(line_no) + ": " + from + " (floor " +
                      std::to_string(from_floor) + ") includes " + target + " of " + to +
                      " (floor " + std::to_string(to_floor) + ")");
      }
    }
  }
  return out;
}

}  // namespace bgpsentry::test
