// Shared helpers for tests: where the real data is, temp dirs, running commands.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bgpsentry::test {

// Path under ../shared/data (or $BGPSENTRY_SHARED_DATA).
std::string shared_data(const std::string& relative);
std::string source_dir();
std::string bin_dir();
std::string bgpdump_path();

// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
};
// Runs argv (no shell), capturing stdout; stderr passes through.
CommandResult run_command(const std::vector<std::string>& argv);

// Lines `bgpdump -m FILE` prints per prefix (field 6), and in all.
std::map<std::string, size_t> bgpdump_prefix_counts(const std::string& file,
                                                    size_t* total = nullptr);

// `bgpdump -m FILE`, each line split at '|'.
std::vector<std::vector<std::string>> bgpdump_fields(const std::string& file);

std::string read_file(const std::string& path);
std::vector<std::string> split_lines(const std::string& text);

}  // namespace bgpsentry::test
