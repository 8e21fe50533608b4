#include "agent/config/yaml_fields.h"

#include <yaml-cpp/yaml.h>

#include <charconv>

namespace bgpsentry {

std::string resolve_path(const std::filesystem::path& base_dir, const std::string& path) {
  const std::filesystem::path p(path);
  return (p.is_absolute() ? p : base_dir / p).lexically_normal().string();
}

namespace yaml_fields {

std::optional<bool> parse_bool(const std::string& text) {
  // yaml-cpp's own reading (true/false, yes/no, on/off, y/n in their cases).
  bool v = false;
  if (!YAML::convert<bool>::decode(YAML::Node(text), v)) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_int(const std::string& text, int64_t min, int64_t max) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max)
    return std::nullopt;
  return v;
}

}  // namespace yaml_fields
}  // namespace bgpsentry
