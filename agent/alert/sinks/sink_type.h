// A kind of sink (`type:` in sinks:): how its section is read and how it is made from it.
// One file per type in this folder defines one (beside the sink); sink_types.cpp lists them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "agent/alert/alert_sink.h"
#include "agent/alert/text/alert_text.h"
#include "agent/config/config_sections.h"
#include "storage/meta_store.h"

namespace bgpsentry {

// What the agent gives every sink it builds.
struct SinkContext {
  AlertFactsLookup facts;      // an alert's event and prefixes.yml labels, for messages
  MetaStore* state = nullptr;  // a sink's own durable state, under "sink/<name>/"
};

// A template key of a sink's section (syslog's, a webhook's, email's subject and body): its
// text, or nullopt with every unknown ${placeholder} reported.
std::optional<std::string> read_template(const YAML::Node& node, const std::string& field,
                                         ConfigErrors& errors);

struct SinkType {
  std::string type;  // as written in `type:`
  SectionReader read;
  std::function<std::unique_ptr<AlertSink>(const SinkConfig&, const SinkContext&)> build;
};

}  // namespace bgpsentry
