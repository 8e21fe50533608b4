// The words of an alert for people and for templates: BGPalerter's placeholders
// (${summary}, ${earliest}, …, ${bgplay}) plus bgpsentry's (${event_id}, ${status},
// ${confidence}, ${tags}), filled from the alert, its event and prefixes.yml.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/model/alert.h"
#include "agent/model/event.h"

namespace bgpsentry {

// What a message may say beyond the alert itself.
struct AlertFacts {
  std::optional<Event> event;      // the alert's event as stored now (tags, peers, status)
  std::string prefix_description;  // prefixes.yml's description of the monitored prefix
};
using AlertFactsLookup = std::function<AlertFacts(const Alert&)>;

using Placeholders = std::map<std::string, std::string>;
Placeholders alert_placeholders(const Alert& alert, const AlertFacts& facts);

// Every placeholder name a template may use, in the order documented.
const std::vector<std::string>& placeholder_names();

// BGPalerter's channel of an alert type: hijack, newprefix, visibility, path,
// misconfiguration, rpki; bgpsentry's own: leak, feed.
const char* alert_channel(AlertType type);

// "2008-02-24 18:47:45" (UTC), as BGPalerter writes ${earliest} and ${latest}.
std::string utc_time(int64_t time_us);

enum class TemplateEscape {
  kNone,  // values as they are (plain text)
  kJson,  // values escaped for a JSON string (the template is JSON)
};

// ${name} replaced by its value; `$${` stands for a literal `${`.
std::string render_template(std::string_view text, const Placeholders& values,
                            TemplateEscape escape);

// Whether `text` uses a placeholder filled from AlertFacts (description, peers, status,
// tags): only then is the event looked up for it.
bool uses_facts(std::string_view text);

// Names in `text` that are not placeholders (a template's typos, caught by config).
std::vector<std::string> unknown_placeholders(std::string_view text);

// `text` as the contents of a JSON string (without the quotes).
std::string json_escape(std::string_view text);

}  // namespace bgpsentry
