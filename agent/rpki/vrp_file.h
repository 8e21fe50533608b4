// VRP files as validators export them: rpki-client / Routinator / StayRTR JSON
// ({"metadata": …, "roas": [...]}), BGPalerter's VRP JSON (a bare array; asn as a number,
// "AS…" or a numeric string) and CSV (ASN,IP Prefix,Max Length[,Trust Anchor…]).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/result.h"
#include "agent/rpki/vrp.h"

namespace bgpsentry {

struct VrpFile {
  std::vector<Vrp> vrps;
  std::optional<int64_t> generated;  // Unix seconds the validator built it, when it says
  const char* format = "";           // "rpki-client JSON", "BGPalerter JSON", "CSV"
};

// `name` is used in error messages, which say where: "vrps.json: roas[17].maxLength: …".
Result<VrpFile> parse_vrp_file(std::string_view text, const std::string& name);
Result<VrpFile> load_vrp_file(const std::string& path);

}  // namespace bgpsentry
