#include "agent/config/config_error.h"

namespace bgpsentry {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

void ConfigErrors::add(const YAML::Mark& mark, std::string field, std::string message) {
  errors_.push_back(ConfigError{file_, mark.is_null() ? 0 : mark.line + 1,
                                mark.is_null() ? 0 : mark.column + 1, std::move(field),
                                std::move(message)});
}

void ConfigErrors::add(const YAML::Node& where, std::string field, std::string message) {
  add(where.IsDefined() ? where.Mark() : YAML::Mark::null_mark(), std::move(field),
      std::move(message));
}

void ConfigErrors::add_file_error(std::string message) {
  errors_.push_back(ConfigError{file_, 0, 0, "", std::move(message)});
}

std::string ConfigErrors::to_string() const {
  std::string out;
  for (const auto& e : errors_) out += e.to_string() + "\n";
  return out;
}

}  // namespace bgpsentry
