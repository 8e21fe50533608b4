// Times as operators type them on the command line and in config files (always UTC), and
// as messages write them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bgpsentry {

// Parses "1203878877", "2008-02-24T18:47:57Z", "2008-02-24 18:47:57", "2008-02-24T18:47"
// or "2008-02-24" into Unix seconds.
std::optional<int64_t> parse_utc_time(std::string_view text);
// The same in microseconds, with an optional fraction of a second as APIs write it:
// "2023-04-27T14:01:55.952", "2023-04-27T14:01:55.952Z" (at most 6 digits counted).
std::optional<int64_t> parse_utc_time_us(std::string_view text);

// `time_us` through strftime's `format`, in UTC or in the host's local time.
std::string format_utc_time(int64_t time_us, const char* format);
std::string format_local_time(int64_t time_us, const char* format);

}  // namespace bgpsentry
