// Validated ROA Payloads and the outcome of route origin validation (RFC 6811).
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

#include "agent/core/prefix.h"

namespace bgpsentry {

struct Vrp {
  Prefix prefix;
  int max_length = 0;
  uint32_t asn = 0;  // AS0 (RFC 7607): the prefix must not be announced; matches no route
  std::string ta;    // trust anchor, when the file says

  auto operator<=>(const Vrp& other) const {
    return std::tie(prefix, max_length, asn) <=>
           std::tie(other.prefix, other.max_length, other.asn);
  }
  bool operator==(const Vrp& other) const { return (*this <=> other) == 0; }
};

enum class RovState : uint8_t { kNotFound, kValid, kInvalid };

// Why an invalid route is invalid: no covering VRP names its origin (kAsn), or one does
// but the route is longer than that VRP's maxLength (kLength).
enum class RovReason : uint8_t { kNone, kAsn, kLength };

struct RovResult {
  RovState state = RovState::kNotFound;
  RovReason reason = RovReason::kNone;
  size_t covering = 0;  // VRPs covering the route's prefix
};

const char* to_string(RovState state);    // "valid", "invalid", "not-found"
const char* to_string(RovReason reason);  // "", "origin", "length"

}  // namespace bgpsentry
