// Changes to the monitored prefixes and ASNs as the API makes them, on a copy the caller
// then checks with canonical_prefixes(): what an edit may produce is exactly what the
// prefixes file loader accepts, and the file written always loads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "agent/config/prefixes_config.h"
#include "agent/core/result.h"

namespace bgpsentry {

struct EditError {
  enum Code { kInvalid, kNotFound, kExists, kFailed } code = kInvalid;
  std::string message;
};
using EditStatus = std::optional<EditError>;  // nullopt: done

// Parses an API prefix: unlike the file loader, host bits are refused ("10.0.0.1/8"),
// since the caller can be told at once.
Result<Prefix> parse_api_prefix(const std::string& text);

EditStatus add_prefix(PrefixesConfig& config, MonitoredPrefix prefix);
EditStatus update_prefix(PrefixesConfig& config, MonitoredPrefix prefix);
EditStatus remove_prefix(PrefixesConfig& config, const Prefix& prefix);
EditStatus add_asn(PrefixesConfig& config, MonitoredAsn asn);
EditStatus remove_asn(PrefixesConfig& config, uint32_t asn);

struct ImportCounts {
  size_t prefixes_added = 0, prefixes_replaced = 0, asns_added = 0, asns_replaced = 0;
};
// BGPalerter's prefixes.yml merged in: its entries replace ours of the same prefix or ASN,
// the others are added (`replace`: it becomes the whole config).
ImportCounts import_prefixes(PrefixesConfig& config, const PrefixesConfig& imported, bool replace);

// The config as it is written (prefixes.yml text) and as that text loads. An error lists
// the loader's complaints, e.g. "asn: empty: list the expected origins…".
struct CanonicalPrefixes {
  std::string text;
  PrefixesConfig config;
};
Result<CanonicalPrefixes> canonical_prefixes(const PrefixesConfig& config, const std::string& file);

}  // namespace bgpsentry
