#include "agent/sources/filter_section.h"

#include "agent/config/yaml_fields.h"

namespace bgpsentry {
namespace {

// BGPStream-style filter: prefixes (with more_specific/less_specific), peer_asns, origins,
// types ("aws").
void read_filter(const YAML::Node& node, const std::string& field, UpdateFilter& filter,
                 ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, field,
               "expected a map (prefixes, more_specific, less_specific, "
               "peer_asns, origins, types)");
    return;
  }
  auto asns = [&](const YAML::Node& list, const std::string& where) {
    std::vector<uint32_t> out;
    if (list.IsScalar()) {
      if (auto a = read_asn(list, where, errors)) out.push_back(*a);
    } else if (list.IsSequence()) {
      for (size_t i = 0; i < list.size(); ++i)
        if (auto a = read_asn(list[i], where + "[" + std::to_string(i) + "]", errors))
          out.push_back(*a);
    } else {
      errors.add(list, where, "expected an ASN or a list of ASNs");
    }
    return out;
  };
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string where = field + "." + key;
    if (key == "prefixes") {
      for (const auto& text : read_string_list(kv.second, where, errors)) {
        if (auto p = Prefix::parse(text))
          filter.prefixes.push_back(*p);
        else
          errors.add(kv.second, where, "'" + text + "' is not a prefix");
      }
    } else if (key == "more_specific") {
      filter.more_specific = read_bool(kv.second, where, errors).value_or(false);
    } else if (key == "less_specific") {
      filter.less_specific = read_bool(kv.second, where, errors).value_or(false);
    } else if (key == "peer_asns") {
      filter.peer_asns = asns(kv.second, where);
    } else if (key == "origins") {
      filter.origins = asns(kv.second, where);
    } else if (key == "types") {
      if (auto text = read_string(kv.second, where, errors)) {
        auto kinds = parse_update_kinds(*text);
        if (kinds)
          filter.kinds = *kinds;
        else
          errors.add(kv.second, where, kinds.error());
      }
    } else {
      errors.add(kv.first, where, "unknown key");
    }
  }
}

}  // namespace

bool read_filter_key(const std::string& key, const YAML::Node& value, const SectionContext& ctx,
                     UpdateFilter& filter, ConfigErrors& errors) {
  if (key == "from")
    filter.from_s = read_time(value, ctx.where(key), errors);
  else if (key == "to")
    filter.to_s = read_time(value, ctx.where(key), errors);
  else if (key == "filter")
    read_filter(value, ctx.where(key), filter, errors);
  else
    return false;
  return true;
}

void check_filter_window(const YAML::Node& section, const SectionContext& ctx,
                         const UpdateFilter& filter, ConfigErrors& errors) {
  if (filter.from_s && filter.to_s && *filter.from_s > *filter.to_s)
    errors.add(section["to"], ctx.where("to"), "is before from");
}

}  // namespace bgpsentry
