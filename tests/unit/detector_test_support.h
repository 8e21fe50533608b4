// What detector tests share: an emitter that keeps the alerts, and a prefixes.yml config.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/detect/detector.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"

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

// Every update of an MRT file through `detector`, in file order; the alerts it raised.
inline std::vector<Alert> run_mrt_file(Detector& detector, const std::string& path) {
  CollectAlerts out;
  auto stream = open_byte_stream(path);
  EXPECT_TRUE(stream);
  if (!stream) return {};
  MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
  std::vector<Update> updates;
  while (reader.next(updates)) {
    for (const auto& u : updates) detector.on_update(u, out);
    updates.clear();
  }
  for (const auto& u : updates) detector.on_update(u, out);
  return out.alerts;
}

}  // namespace bgpsentry::test
