// Which user groups an alert belongs to (BGPalerter's `group` in prefixes.yml): those of the
// monitored prefix it matched, else those of the monitored ASN that originated it, else
// "default". FEED and agent notices belong to "default". Follows the prefixes file as it is
// edited or reloaded; read by the sink runners' threads.
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

class AlertGroups {
 public:
  static constexpr const char* kDefault = "default";

  void set(const PrefixesConfig& config);
  std::vector<std::string> of(const Alert& alert) const;

 private:
  struct Index {
    std::map<Prefix, std::vector<std::string>> by_prefix;
    std::unordered_map<uint32_t, std::vector<std::string>> by_asn;
  };
  mutable std::mutex mu_;
  std::shared_ptr<const Index> index_ = std::make_shared<Index>();
};

}  // namespace bgpsentry
