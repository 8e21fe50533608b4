#include "agent/config/secret_file.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "agent/config/yaml_fields.h"
#include "agent/core/text_file.h"

namespace bgpsentry {

namespace {

constexpr size_t kMaxSecret = 64 * 1024;

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

}  // namespace

std::string read_secret_file(const std::string& path, const YAML::Node& node,
                             const std::string& field, ConfigErrors& errors) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    errors.add(node, field, "cannot read " + path + ": " + std::strerror(errno));
    return {};
  }
  if (st.st_mode & 0007) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    errors.add(node, field,
               path + " is open to others (mode " + mode +
                   "): it holds a secret; chmod 0640 (or 0600) it");
    return {};
  }
  auto text = read_text_file(path, kMaxSecret);
  if (!text) {
    errors.add(node, field, "cannot read " + path + ": " + text.error());
    return {};
  }
  std::string secret = trimmed(std::move(*text));
  if (secret.empty()) errors.add(node, field, path + " is empty");
  return secret;
}

std::string read_secret_env(const std::string& name, const YAML::Node& node,
                            const std::string& field, ConfigErrors& errors) {
  const char* value = std::getenv(name.c_str());
  std::string secret = value ? trimmed(value) : std::string();
  if (secret.empty()) errors.add(node, field, "the environment variable " + name + " is not set");
  return secret;
}

bool read_secret_keys(const YAML::Node& section, const SectionContext& ctx, const std::string& key,
                      std::string& out, ConfigErrors& errors) {
  int given = 0;
  if (const auto node = section[key]) {
    ++given;
    if (auto v = read_string(node, ctx.where(key), errors)) out = *v;
  }
  if (const auto node = section[key + "_file"]) {
    ++given;
    if (auto p = read_string(node, ctx.where(key + "_file"), errors))
      out = read_secret_file(ctx.resolve(*p), node, ctx.where(key + "_file"), errors);
  }
  if (const auto node = section[key + "_env"]) {
    ++given;
    if (auto name = read_string(node, ctx.where(key + "_env"), errors))
      out = read_secret_env(*name, node, ctx.where(key + "_env"), errors);
  }
  if (given > 1)
    errors.add(section, ctx.where(key),
               "give one of " + key + ", " + key + "_file and " + key + "_env");
  return given > 0;
}

}  // namespace bgpsentry
