// Configuration errors that name the file, the line and the field.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace bgpsentry {

struct ConfigError {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string field;
  std::string message;

  std::string to_string() const;
};

class ConfigErrors {
 public:
  explicit ConfigErrors(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Node& where, std::string field, std::string message);
  void add(const YAML::Mark& mark, std::string field, std::string message);
  void add_file_error(std::string message);  // no line: the file itself
  bool empty() const { return errors_.empty(); }
  const std::vector<ConfigError>& errors() const { return errors_; }
  const std::string& file() const { return file_; }
  std::string to_string() const;  // one error per line

 private:
  std::string file_;
  std::vector<ConfigError> errors_;
};

}  // namespace bgpsentry
