// What prefixes.yml says of an alert (BGPalerter's user groups and descriptions): the
// `group` and `description` of the monitored prefix it matched, else those of the monitored
// ASN that originated it. Groups default to "default"; FEED and agent notices belong to
// "default" and have no description. Follows the prefixes file as it is edited or
// reloaded; read by the sink runners' threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/model/alert.h"

namespace bgpsentry {

class AlertLabels {
 public:
  static constexpr const char* kDefault = "default";

  void set(const PrefixesConfig& config);
  std::vector<std::string> groups(const Alert& alert) const;
  std::string description(const Alert& alert) const;  // empty when none is given

 private:
  struct Labels {
    std::vector<std::string> groups;
    std::string description;
  };
  struct Index {
    std::map<Prefix, Labels> by_prefix;
    std::unordered_map<uint32_t, Labels> by_asn;
  };
  const Labels* find(const Index& index, const Alert& alert) const;
  std::shared_ptr<const Index> current() const;

  mutable std::mutex mu_;
  std::shared_ptr<const Index> index_ = std::make_shared<Index>();
};

}  // namespace bgpsentry
