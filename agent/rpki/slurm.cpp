#include "agent/rpki/slurm.h"

#include <algorithm>

#include "agent/core/text_file.h"
#include "agent/rpki/json_document.h"

namespace bgpsentry {
namespace {

Result<uint32_t> asn_of(simdjson::dom::element value) {
  uint64_t n = 0;
  if (value.get_uint64().get(n) != simdjson::SUCCESS || n > UINT32_MAX)
    return Error{"asn: " + simdjson::to_string(value) + " is not an AS number"};
  return static_cast<uint32_t>(n);
}

Result<Prefix> prefix_of(simdjson::dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    return Error{"prefix: " + simdjson::to_string(value) + " is not a string"};
  auto prefix = Prefix::parse(text);
  if (!prefix) return Error{"prefix: '" + std::string(text) + "' is not a prefix"};
  return *prefix;
}

Result<Slurm::PrefixFilter> filter_of(simdjson::dom::object object) {
  Slurm::PrefixFilter filter;
  simdjson::dom::element value;
  if (object["prefix"].get(value) == simdjson::SUCCESS) {
    auto prefix = prefix_of(value);
    if (!prefix) return Error{prefix.error()};
    filter.prefix = *prefix;
  }
  if (object["asn"].get(value) == simdjson::SUCCESS) {
    auto asn = asn_of(value);
    if (!asn) return Error{asn.error()};
    filter.asn = *asn;
  }
  if (!filter.prefix && !filter.asn) return Error{"needs a prefix, an asn or both"};
  return filter;
}

Result<Vrp> assertion_of(simdjson::dom::object object) {
  std::string_view prefix;
  simdjson::dom::element value;
  if (object["prefix"].get(value) != simdjson::SUCCESS) return Error{"prefix: missing"};
  if (value.get_string().get(prefix) != simdjson::SUCCESS)
    return Error{"prefix: " + simdjson::to_string(value) + " is not a string"};
  if (object["asn"].get(value) != simdjson::SUCCESS) return Error{"asn: missing"};
  auto asn = asn_of(value);
  if (!asn) return Error{asn.error()};
  std::optional<int64_t> max_length;
  if (object["maxPrefixLength"].get(value) == simdjson::SUCCESS) {
    int64_t n = 0;
    if (value.get_int64().get(n) != simdjson::SUCCESS)
      return Error{"maxPrefixLength: " + simdjson::to_string(value) + " is not a number"};
    max_length = n;
  }
  auto vrp = rpki_json::make_vrp(prefix, *asn, max_length, "maxPrefixLength");
  if (vrp) vrp->ta = "slurm";
  return vrp;
}

// Calls fn(object) for each object of the array at `section`.`key`; missing is empty.
template <typename Fn>
Status each_entry(simdjson::dom::element root, const char* section, const char* key,
                  const std::string& name, Fn&& fn) {
  simdjson::dom::element array_value;
  if (root[section][key].get(array_value) != simdjson::SUCCESS) return ok_status();
  const std::string where = name + ": " + section + "." + key;
  simdjson::dom::array array;
  if (array_value.get_array().get(array) != simdjson::SUCCESS)
    return Error{where + ": not an array"};
  size_t index = 0;
  for (simdjson::dom::element entry : array) {
    simdjson::dom::object object;
    const std::string here = where + "[" + std::to_string(index++) + "]: ";
    if (entry.get_object().get(object) != simdjson::SUCCESS) return Error{here + "not an object"};
    if (auto st = fn(object); !st) return Error{here + st.error()};
  }
  return ok_status();
}

}  // namespace

std::vector<Vrp> Slurm::apply(std::vector<Vrp> vrps) const {
  std::erase_if(vrps, [&](const Vrp& vrp) {
    return std::any_of(filters.begin(), filters.end(), [&](const PrefixFilter& f) {
      return (!f.prefix || f.prefix->contains(vrp.prefix)) && (!f.asn || *f.asn == vrp.asn);
    });
  });
  vrps.insert(vrps.end(), assertions.begin(), assertions.end());
  return vrps;
}

Result<Slurm> parse_slurm(std::string_view text, const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded;
  auto parsed = rpki_json::parse(parser, padded, text, name);
  if (!parsed) return Error{parsed.error()};
  const simdjson::dom::element root = *parsed;
  int64_t version = 0;
  if (root["slurmVersion"].get_int64().get(version) != simdjson::SUCCESS ||
      (version != 1 && version != 2))
    return Error{name + ": slurmVersion: expected 1 (RFC 8416) or 2"};
  Slurm slurm;
  auto st = each_entry(root, "validationOutputFilters", "prefixFilters", name,
                       [&](simdjson::dom::object o) -> Status {
                         auto filter = filter_of(o);
                         if (!filter) return Error{filter.error()};
                         slurm.filters.push_back(*filter);
                         return ok_status();
                       });
  if (!st) return Error{st.error()};
  st = each_entry(root, "locallyAddedAssertions", "prefixAssertions", name,
                  [&](simdjson::dom::object o) -> Status {
                    auto vrp = assertion_of(o);
                    if (!vrp) return Error{vrp.error()};
                    slurm.assertions.push_back(*vrp);
                    return ok_status();
                  });
  if (!st) return Error{st.error()};
  return slurm;
}

Result<Slurm> load_slurm_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return Error{"cannot read SLURM file " + path + ": " + text.error()};
  return parse_slurm(*text, path);
}

}  // namespace bgpsentry
