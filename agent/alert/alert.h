// The alert model: what the engine reports, the store keeps and the sinks deliver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/core/as_path.h"
#include "agent/core/prefix.h"

namespace bgpsentry {

// Values are stored on disk: append new types, never renumber.
enum class AlertType : uint8_t {
  kOriginHijack = 1,
  kSubprefixHijack = 2,
  kNewPrefix = 3,
  kVisibilityLoss = 4,
  kPath = 5,
  kUnexpectedPrefix = 6,
  kRpkiInvalid = 7,
  kNeighborChange = 8,
  kRouteLeak = 9,
  kSquat = 10,
  kFeed = 11,
};

const char* to_string(AlertType type);  // the API's enum name, e.g. "SUBPREFIX_HIJACK"

struct Alert {
  uint64_t id = 0;  // assigned by the AlertStore, strictly increasing
  AlertType type = AlertType::kOriginHijack;
  Prefix prefix;            // the announced prefix
  Prefix monitored_prefix;  // the configured prefix it matched
  uint32_t observed_origin = 0;
  std::vector<uint32_t> expected_origins;
  AsPath as_path;
  IpAddress peer_ip;
  uint32_t peer_asn = 0;
  int64_t first_seen_us = 0;
  int64_t last_seen_us = 0;
  std::string description;
  std::string source;
};

}  // namespace bgpsentry
