// Command-line values shared by the verbs: times and AS numbers, with the error message
// printed where they are refused.
#pragma once

#include "agent/core/parse_number.h"

#include <google/protobuf/timestamp.pb.h>

#include "bgpsentry/v1/types.pb.h"

#include <cstdint>
#include <optional>
#include <string>

namespace bgpctl {

// "1203878877", "2008-02-24T18:47:57Z", "2008-02-24 18:47:57", "2008-02-24" (UTC), as Unix
// seconds; on failure prints why to stderr and returns nullopt.
std::optional<int64_t> time_argument(const std::string& text);
// The same into a Timestamp; false (after printing why) when unreadable.
bool time_argument(const std::string& text, google::protobuf::Timestamp* out);

// "90" or "90s", "10m", "2h", "1d": a positive duration in seconds; on failure prints why
// to stderr and returns nullopt.
std::optional<int64_t> duration_argument(const std::string& text);

using bgpsentry::parse_asn;

// "SUBPREFIX_HIJACK", "subprefix-hijack"; "" is every type. False (after printing why) when
// unknown.
bool alert_type_argument(const std::string& text,
                         bgpsentry::v1::AlertType& type);  // "3356", "AS3356" or "as3356"

}  // namespace bgpctl
