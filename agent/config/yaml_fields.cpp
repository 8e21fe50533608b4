#include "agent/config/yaml_fields.h"

#include "agent/core/parse_number.h"

#include <charconv>

namespace bgpsentry {

std::optional<std::string> read_string(const YAML::Node& node, const std::string& field,
                                       ConfigErrors& errors) {
  if (!node.IsScalar()) {
    errors.add(node, field, "expected a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> read_bool(const YAML::Node& node, const std::string& field,
                              ConfigErrors& errors) {
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) {
    errors.add(node, field, "expected true or false");
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> read_int(const YAML::Node& node, const std::string& field, int64_t min,
                                int64_t max, ConfigErrors& errors) {
  int64_t v = 0;
  const std::string& s = node.IsScalar() ? node.Scalar() : std::string();
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (!node.IsScalar() || s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v < min ||
      v > max) {
    errors.add(node, field,
               "expected a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + (node.IsScalar() ? ", got '" + s + "'" : ""));
    return std::nullopt;
  }
  return v;
}

std::optional<uint32_t> read_asn(const YAML::Node& node, const std::string& field,
                                 ConfigErrors& errors) {
  if (!node.IsScalar()) {
    errors.add(node, field, "expected an AS number");
    return std::nullopt;
  }
  const auto asn = parse_asn(node.Scalar());
  if (!asn)
    errors.add(node, field, "'" + node.Scalar() + "' is not an AS number (0 to 4294967295)");
  return asn;
}

std::vector<std::string> read_string_list(const YAML::Node& node, const std::string& field,
                                          ConfigErrors& errors) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) {
    errors.add(node, field, "expected a string or a list of strings");
    return out;
  }
  for (const auto& item : node)
    if (auto s = read_string(item, field, errors)) out.push_back(*s);
  return out;
}

}  // namespace bgpsentry
