#include "ctl/output.h"

#include <yaml-cpp/yaml.h>

#include "agent/core/time_text.h"
#include "agent/wire/proto_convert.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace bgpctl {

void Table::print() const {
  std::vector<size_t> width;
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

namespace {

bool yaml_records = false;

}  // namespace

void set_record_format(const std::string& output) {
  yaml_records = output == "yaml";
}

void print_record(const google::protobuf::Message& message) {
  const std::string json = bgpsentry::wire::to_json(message);
  if (!yaml_records) {
    std::printf("%s\n", json.c_str());
    return;
  }
  // JSON is YAML: the same record, in block style.
  YAML::Emitter out;
  out << YAML::BeginDoc << YAML::Load(json);
  std::printf("%s\n", out.c_str());
}

std::string format_time(const google::protobuf::Timestamp& ts) {
  std::string out = bgpsentry::format_utc_time(ts.seconds() * 1000000, "%Y-%m-%d %H:%M:%S");
  if (ts.nanos()) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06d", ts.nanos() / 1000);
    out += frac;
  }
  return out + "Z";
}

std::string join_asns(const google::protobuf::RepeatedField<uint32_t>& asns) {
  std::string out;
  for (uint32_t asn : asns) out += (out.empty() ? "" : ",") + std::to_string(asn);
  return out;
}

}  // namespace bgpctl
