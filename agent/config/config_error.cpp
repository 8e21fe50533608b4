#include "agent/config/config_error.h"

namespace bgpsentry {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

void ConfigErrors::push(ConfigError error) {
  if (errors_.size() < kMaxListed) {
    errors_.push_back(std::move(error));
    return;
  }
  if (!omitted_) errors_.push_back(ConfigError{file_, 0, 0, "", ""});
  ++omitted_;
  errors_.back().message = "... and " + std::to_string(omitted_) + " more errors not listed";
}

void ConfigErrors::add(const YAML::Mark& mark, std::string field, std::string message) {
  push(ConfigError{file_, mark.is_null() ? 0 : mark.line + 1, mark.is_null() ? 0 : mark.column + 1,
                   std::move(field), std::move(message)});
}

void ConfigErrors::add_file_error(std::string message) {
  push(ConfigError{file_, 0, 0, "", std::move(message)});
}

std::string ConfigErrors::to_string() const {
  std::string out;
  for (const auto& e : errors_) out += e.to_string() + "\n";
  return out;
}

}  // namespace bgpsentry
