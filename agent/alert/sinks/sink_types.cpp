#include "agent/alert/sinks/sink_types.h"

#include "agent/alert/sinks/email_sink.h"
#include "agent/alert/sinks/file_sink.h"
#include "agent/alert/sinks/syslog_sink.h"
#include "agent/alert/sinks/webhook_sink.h"
#include "agent/config/yaml_fields.h"

namespace bgpsentry {

std::optional<std::string> read_template(const YAML::Node& node, const std::string& field,
                                         ConfigErrors& errors) {
  auto text = read_string(node, field, errors);
  if (!text) return std::nullopt;
  const auto unknown = unknown_placeholders(*text);
  for (const auto& name : unknown) errors.add(node, field, "unknown placeholder ${" + name + "}");
  if (!unknown.empty()) return std::nullopt;
  return text;
}

const std::map<std::string, SinkType>& sink_types() {
  // A new sink type: its own file in this folder, and one line here.
  static const auto types =
      by_type({file_sink_type(), syslog_sink_type(), webhook_sink_type(), email_sink_type()});
  return types;
}

SectionReaders sink_section_readers() {
  return section_readers(sink_types());
}

}  // namespace bgpsentry
