// Request arguments every service checks the same way — pages, alert types, prefix filters,
// minimum confidence — so that hostile values get the same INVALID_ARGUMENT message
// wherever they are sent.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "agent/core/parse_number.h"
#include "agent/core/prefix.h"
#include "agent/core/result.h"
#include "agent/model/alert.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {

inline grpc::Status invalid_argument(const std::string& message) {
  return {grpc::StatusCode::INVALID_ARGUMENT, message};
}

// page_size (0: the default) and page_token (the last id of the previous page, as text).
struct Page {
  uint32_t size = 0;   // entries wanted
  uint64_t token = 0;  // 0: from the start (newest first: from the newest)
};

inline constexpr uint32_t kDefaultPageSize = 100;
inline constexpr uint32_t kMaxPageSize = 10000;

// The longest a WatchAlerts response may wait for more alerts (batch_wait_ms).
inline constexpr uint32_t kMaxBatchWaitMs = 10000;

// A value asked for against its maximum: what is wrong with it, or "".
inline std::string limit_error(const char* field, uint32_t value, uint32_t max) {
  if (value <= max) return {};
  return std::string(field) + " " + std::to_string(value) + " exceeds the maximum of " +
         std::to_string(max);
}

// A count of entries asked for (page_size, max_batch): what is wrong with it, or "".
inline std::string count_error(const char* field, uint32_t count) {
  return limit_error(field, count, kMaxPageSize);
}

// `zero_token_ok`: an oldest-first list may resume after id 0; a newest-first one may not.
inline Result<Page> parse_page(uint32_t page_size, const std::string& page_token,
                               bool zero_token_ok = false) {
  if (auto error = count_error("page_size", page_size); !error.empty()) return Error{error};
  Page page{page_size ? page_size : kDefaultPageSize, 0};
  if (!page_token.empty()) {
    const auto token = parse_u64(page_token);
    if (!token || (*token == 0 && !zero_token_ok)) return Error{"invalid page_token"};
    page.token = *token;
  }
  return page;
}

// An alert type filter: unspecified is any type (nullopt); an unknown value is refused.
inline grpc::Status alert_type_argument(int type, std::optional<AlertType>& out) {
  if (!v1::AlertType_IsValid(type))
    return invalid_argument("unknown alert type " + std::to_string(type));
  out.reset();
  if (type != v1::ALERT_TYPE_UNSPECIFIED) out = wire::from_proto(static_cast<v1::AlertType>(type));
  return grpc::Status::OK;
}

// A prefix filter: empty is none (nullopt); anything but a prefix is refused.
inline grpc::Status prefix_argument(const std::string& text, std::optional<Prefix>& out) {
  out.reset();
  if (text.empty()) return grpc::Status::OK;
  out = text.size() <= 64 ? Prefix::parse(text) : std::nullopt;
  if (!out) return invalid_argument("prefix: '" + text.substr(0, 64) + "' is not a prefix");
  return grpc::Status::OK;
}

inline grpc::Status confidence_argument(uint32_t min_confidence) {
  if (min_confidence > 10) return invalid_argument("min_confidence is 0..10");
  return grpc::Status::OK;
}

}  // namespace bgpsentry
