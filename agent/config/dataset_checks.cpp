#include "agent/config/dataset_checks.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace bgpsentry {

Status check_dataset(const DatasetChecks& checks, const std::string& field,
                     const std::string& path) {
  if (auto it = checks.find(field); it != checks.end() && it->second) return it->second(path);
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    return Error{"cannot read " + path + ": a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path + ": " + std::strerror(errno)};
  return ok_status();
}

}  // namespace bgpsentry
