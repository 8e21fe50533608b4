// What the VRP and SLURM readers share (internal to agent/rpki): a parsed JSON document
// with the error naming the file, and a VRP built from its fields with range checks.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "agent/core/result.h"
#include "agent/rpki/vrp.h"

namespace bgpsentry::rpki_json {

// Parses `text` (kept alive in `padded`) with `parser`; the error says "NAME: not valid JSON".
inline Result<simdjson::dom::element> parse(simdjson::dom::parser& parser,
                                            simdjson::padded_string& padded, std::string_view text,
                                            const std::string& name) {
  padded = simdjson::padded_string(text);
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root))
    return Error{name + ": not valid JSON: " + simdjson::error_message(error)};
  return root;
}

// A VRP from its fields; no `max_length`: the prefix length. The error names the field
// that is wrong (`max_length_field`: "maxLength" in VRP files, "maxPrefixLength" in SLURM).
inline Result<Vrp> make_vrp(std::string_view prefix_text, uint32_t asn,
                            std::optional<int64_t> max_len,
                            std::string_view max_length_field = "maxLength") {
  auto prefix = Prefix::parse(prefix_text);
  if (!prefix) return Error{"prefix: '" + std::string(prefix_text) + "' is not a prefix"};
  Vrp vrp;
  vrp.prefix = *prefix;
  vrp.asn = asn;
  vrp.max_length = static_cast<int>(max_len.value_or(prefix->length()));
  if (!max_len) return vrp;
  if (*max_len < prefix->length() || *max_len > max_length(prefix->afi()))
    return Error{std::string(max_length_field) + ": " + std::to_string(*max_len) + " is outside " +
                 std::to_string(prefix->length()) + ".." +
                 std::to_string(max_length(prefix->afi())) + " for " + prefix->to_string()};
  return vrp;
}

}  // namespace bgpsentry::rpki_json
