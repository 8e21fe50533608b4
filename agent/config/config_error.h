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
  // Errors listed; past them one last entry counts the rest (a hostile file could make
  // millions, each a string).
  static constexpr size_t kMaxListed = 100;

  explicit ConfigErrors(std::string file) : file_(std::move(file)) {}
  // At the node (YAML::Node or YamlNode); an undefined node has no line.
  template <typename Node>
  void add(const Node& where, std::string field, std::string message) {
    add(where.IsDefined() ? where.Mark() : YAML::Mark::null_mark(), std::move(field),
        std::move(message));
  }
  void add(const YAML::Mark& mark, std::string field, std::string message);
  void add_file_error(std::string message);  // no line: the file itself
  bool empty() const { return errors_.empty(); }
  const std::vector<ConfigError>& errors() const { return errors_; }
  const std::string& file() const { return file_; }
  std::string to_string() const;  // one error per line

 private:
  void push(ConfigError error);

  std::string file_;
  std::vector<ConfigError> errors_;
  size_t omitted_ = 0;
};

}  // namespace bgpsentry
