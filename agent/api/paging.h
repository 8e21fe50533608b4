// The page arguments of the List* calls: page_size (0: the default) and page_token (the
// last id of the previous page, as text). Checked once here, so every list refuses hostile
// values with the same INVALID_ARGUMENT message.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <string>

#include "agent/core/parse_number.h"
#include "agent/core/result.h"

namespace bgpsentry {

struct Page {
  uint32_t size = 0;   // entries wanted
  uint64_t token = 0;  // 0: from the start (newest first: from the newest)
};

inline constexpr uint32_t kDefaultPageSize = 100;
inline constexpr uint32_t kMaxPageSize = 10000;

// `zero_token_ok`: an oldest-first list may resume after id 0; a newest-first one may not.
inline Result<Page> parse_page(uint32_t page_size, const std::string& page_token,
                               bool zero_token_ok = false) {
  if (page_size > kMaxPageSize)
    return Error{"page_size " + std::to_string(page_size) + " exceeds the maximum of " +
                 std::to_string(kMaxPageSize)};
  Page page{page_size ? page_size : kDefaultPageSize, 0};
  if (!page_token.empty()) {
    const auto token = parse_u64(page_token);
    if (!token || (*token == 0 && !zero_token_ok)) return Error{"invalid page_token"};
    page.token = *token;
  }
  return page;
}

inline grpc::Status invalid_argument(const std::string& message) {
  return {grpc::StatusCode::INVALID_ARGUMENT, message};
}

}  // namespace bgpsentry
