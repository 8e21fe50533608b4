// sources: and sinks: are lists of sections, each with a `type`. Config reads the keys every
// section has; the rest belongs to the type, which reads and checks it itself (a source type
// in agent/sources/, a sink type in agent/alert/sinks/), so a new type touches no list here.
#pragma once

#include <yaml-cpp/yaml.h>

#include <any>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/config/config_error.h"
#include "agent/model/alert.h"

namespace bgpsentry {

// One section as read: the common keys, and what the type's reader returned for the rest.
struct SectionConfig {
  std::string type;
  std::string name;  // unique among its list; default: the type (then type + index)
  std::any settings;
  // The type's settings, as its reader made them (the type's own struct).
  template <typename Settings>
  const Settings& as() const {
    return std::any_cast<const Settings&>(settings);
  }
};

struct SourceConfig : SectionConfig {};

// At most `max_messages` messages to one sink in any `per_seconds`; past it, notices are
// held and sent as digests (agent/alert/storm_gate.h). 0 messages: no limit.
struct StormLimit {
  uint32_t max_messages = 0;
  uint32_t per_seconds = 0;
  bool on() const { return max_messages > 0; }
  bool operator==(const StormLimit&) const = default;
};

struct SinkConfig : SectionConfig {
  uint32_t min_confidence = 0;      // alerts of events scored below this are not sent (0..10)
  std::vector<AlertType> types;     // empty: every type
  std::vector<std::string> groups;  // prefixes.yml's user groups; empty: every group
  // Alerts that waited this long on a sink that keeps failing are given up there.
  std::chrono::seconds give_up_after{86400};
  std::optional<StormLimit> storm;  // unset: the sink type's default; `storm: off` is {0, 0}
};

// What a type's reader is told about the section it reads.
struct SectionContext {
  std::string field;           // "sources[1]": errors name it
  std::filesystem::path base;  // the config file's folder: relative paths start there
  std::string type;
  std::vector<std::string> common_keys;  // read by config; the type skips them

  bool common(const std::string& key) const;
  std::string where(const std::string& key) const { return field + "." + key; }
  // `path` made absolute against `base`.
  std::string resolve(const std::string& path) const;
  // A key this type does not have, reported as such.
  void unknown(const YAML::Node& key, ConfigErrors& errors) const;
};

// Reads a section's own keys (every key of `section` but the common ones) into the type's
// settings; reports what is wrong in `errors`.
using SectionReader =
    std::function<std::any(const YAML::Node& section, const SectionContext&, ConfigErrors&)>;
using SectionReaders = std::map<std::string, SectionReader>;  // by type

// A table of types by their `type` name.
template <typename Type>
std::map<std::string, Type> by_type(std::initializer_list<Type> types) {
  std::map<std::string, Type> out;
  for (const auto& t : types) out.emplace(t.type, t);
  return out;
}

// The readers of a table of types by name (source types, sink types: each has `read`).
template <typename Types>
SectionReaders section_readers(const Types& types) {
  SectionReaders readers;
  for (const auto& [name, type] : types) readers.emplace(name, type.read);
  return readers;
}

}  // namespace bgpsentry
