#include "agent/alert/sinks/sink_types.h"

#include "agent/alert/sinks/file_sink.h"

namespace bgpsentry {

const std::map<std::string, SinkType>& sink_types() {
  static const std::map<std::string, SinkType> types = [] {
    std::map<std::string, SinkType> out;
    // A new sink type: its own file in this folder, and one line here.
    for (auto type : {file_sink_type()}) out.emplace(type.type, std::move(type));
    return out;
  }();
  return types;
}

SectionReaders sink_section_readers() {
  SectionReaders readers;
  for (const auto& [name, type] : sink_types()) readers.emplace(name, type.read);
  return readers;
}

}  // namespace bgpsentry
