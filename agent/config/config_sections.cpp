#include "agent/config/config_sections.h"

#include <algorithm>

#include "agent/config/yaml_fields.h"

namespace bgpsentry {

bool SectionContext::common(const std::string& key) const {
  return std::find(common_keys.begin(), common_keys.end(), key) != common_keys.end();
}

std::string SectionContext::resolve(const std::string& path) const {
  return resolve_path(base, path);
}

void SectionContext::unknown(const YAML::Node& key, ConfigErrors& errors) const {
  errors.add(key, where(key.Scalar()), "unknown key for type " + type);
}

}  // namespace bgpsentry
