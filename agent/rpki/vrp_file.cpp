#include "agent/rpki/vrp_file.h"

#include <algorithm>

#include "agent/core/parse_number.h"
#include "agent/core/text_file.h"
#include "agent/core/time_text.h"
#include "agent/rpki/json_document.h"

namespace bgpsentry {
namespace {

Result<uint32_t> json_asn(simdjson::dom::element value) {
  if (uint64_t n = 0; value.get_uint64().get(n) == simdjson::SUCCESS) {
    if (n > UINT32_MAX) return Error{"asn: " + std::to_string(n) + " is not an AS number"};
    return static_cast<uint32_t>(n);
  }
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS)
    if (auto asn = parse_asn(text)) return *asn;
  return Error{"asn: " + simdjson::to_string(value) + " is not an AS number"};
}

Result<Vrp> json_vrp(simdjson::dom::element roa) {
  simdjson::dom::object object;
  if (roa.get_object().get(object) != simdjson::SUCCESS) return Error{"not an object"};
  std::string_view prefix;
  if (object["prefix"].get_string().get(prefix) != simdjson::SUCCESS)
    return Error{"prefix: missing or not a string"};
  simdjson::dom::element asn_value;
  if (object["asn"].get(asn_value) != simdjson::SUCCESS) return Error{"asn: missing"};
  auto asn = json_asn(asn_value);
  if (!asn) return Error{asn.error()};
  std::optional<int64_t> max_length;
  simdjson::dom::element ml;
  if (object["maxLength"].get(ml) == simdjson::SUCCESS) {
    int64_t n = 0;
    if (ml.get_int64().get(n) != simdjson::SUCCESS)
      return Error{"maxLength: " + simdjson::to_string(ml) + " is not a number"};
    max_length = n;
  }
  auto vrp = rpki_json::make_vrp(prefix, *asn, max_length);
  if (!vrp) return vrp;
  std::string_view ta;
  if (object["ta"].get_string().get(ta) == simdjson::SUCCESS) vrp->ta = ta;
  return vrp;
}

std::optional<int64_t> json_generated(simdjson::dom::object metadata) {
  std::string_view text;
  if (metadata["buildtime"].get_string().get(text) == simdjson::SUCCESS ||
      metadata["generatedTime"].get_string().get(text) == simdjson::SUCCESS)
    return parse_utc_time(text);
  if (int64_t n = 0; metadata["generated"].get_int64().get(n) == simdjson::SUCCESS) return n;
  return std::nullopt;
}

Result<VrpFile> parse_json(std::string_view text, const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded;
  auto parsed = rpki_json::parse(parser, padded, text, name);
  if (!parsed) return Error{parsed.error()};
  const simdjson::dom::element root = *parsed;
  VrpFile file;
  simdjson::dom::array roas;
  std::string path;  // where in the document, for messages
  if (root.get_array().get(roas) == simdjson::SUCCESS) {
    file.format = "BGPalerter JSON";
  } else if (root["roas"].get_array().get(roas) == simdjson::SUCCESS) {
    file.format = "rpki-client JSON";
    path = "roas";
    simdjson::dom::object metadata;
    if (root["metadata"].get_object().get(metadata) == simdjson::SUCCESS)
      file.generated = json_generated(metadata);
  } else {
    return Error{name + ": neither a VRP array nor an object with a \"roas\" array"};
  }
  file.vrps.reserve(roas.size());
  size_t index = 0;
  for (simdjson::dom::element roa : roas) {
    auto vrp = json_vrp(roa);
    if (!vrp) return Error{name + ": " + path + "[" + std::to_string(index) + "]: " + vrp.error()};
    file.vrps.push_back(std::move(*vrp));
    ++index;
  }
  return file;
}

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Result<VrpFile> parse_csv(std::string_view text, const std::string& name) {
  VrpFile file;
  file.format = "CSV";
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split(line, ',');
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    if (line_no == 1 && trim(fields[0]) == "ASN") continue;  // the header
    if (fields.size() < 3) return Error{where + "expected ASN,IP Prefix,Max Length[,Trust Anchor]"};
    const auto asn = parse_asn(trim(fields[0]));
    if (!asn)
      return Error{where + "asn: '" + std::string(trim(fields[0])) + "' is not an AS number"};
    const auto max_length = parse_u64(trim(fields[2]));
    if (!max_length)
      return Error{where + "maxLength: '" + std::string(trim(fields[2])) + "' is not a number"};
    auto vrp = rpki_json::make_vrp(trim(fields[1]), *asn,
                                   static_cast<int64_t>(std::min<uint64_t>(*max_length, 255)));
    if (!vrp) return Error{where + vrp.error()};
    if (fields.size() > 3) vrp->ta = trim(fields[3]);
    file.vrps.push_back(std::move(*vrp));
  }
  return file;
}

}  // namespace

Result<VrpFile> parse_vrp_file(std::string_view text, const std::string& name) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '['))
    return parse_json(text, name);
  return parse_csv(text, name);
}

Result<VrpFile> load_vrp_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return Error{"cannot read VRP file " + path + ": " + text.error()};
  return parse_vrp_file(*text, path);
}

}  // namespace bgpsentry
