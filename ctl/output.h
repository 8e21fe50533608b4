// Output helpers: aligned tables for people, one JSON object per line for scripts.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>
#include <vector>

namespace bgpctl {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// Structured output: `-o json` prints one JSON object per line (protobuf's JSON mapping,
// the proto field names), `-o yaml` the same as one YAML document each ("---" between).
void set_record_format(const std::string& output);  // from -o, before any command runs
void print_record(const google::protobuf::Message& message);
std::string format_time(const google::protobuf::Timestamp& ts);  // "2008-02-24 18:47:57Z"
std::string join_asns(const google::protobuf::RepeatedField<uint32_t>& asns);

}  // namespace bgpctl
