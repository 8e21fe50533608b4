// What detector tests share: an emitter that keeps the alerts, and a prefixes.yml config.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/detect/detector.h"

namespace bgpsentry::test {

class CollectAlerts : public AlertEmitter {
 public:
  void emit(Alert alert) override { alerts.push_back(std::move(alert)); }
  std::vector<Alert> alerts;
};

inline std::shared_ptr<const PrefixesConfig> prefixes_config(const std::string& yaml) {
  ConfigErrors errors("test");
  auto c = std::make_shared<PrefixesConfig>(parse_prefixes_yaml(yaml, errors));
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  return c;
}

}  // namespace bgpsentry::test
