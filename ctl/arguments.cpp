#include "ctl/arguments.h"

#include <cctype>
#include <cstdio>

#include "agent/core/parse_number.h"
#include "agent/core/time_text.h"

namespace bgpctl {

std::optional<int64_t> time_argument(const std::string& text) {
  auto seconds = bgpsentry::parse_utc_time(text);
  if (!seconds)
    std::fprintf(stderr,
                 "bgpctl: cannot read time '%s' (use 2008-02-24T18:47:57Z, "
                 "'2008-02-24 18:47', or Unix seconds)\n",
                 text.c_str());
  return seconds;
}

bool time_argument(const std::string& text, google::protobuf::Timestamp* out) {
  const auto seconds = time_argument(text);
  if (!seconds) return false;
  out->set_seconds(*seconds);
  return true;
}

std::optional<int64_t> duration_argument(const std::string& text) {
  std::string_view digits = text;
  int64_t unit = 1;
  if (!digits.empty()) switch (digits.back()) {
      case 's':
        digits.remove_suffix(1);
        break;
      case 'm':
        unit = 60, digits.remove_suffix(1);
        break;
      case 'h':
        unit = 3600, digits.remove_suffix(1);
        break;
      case 'd':
        unit = 86400, digits.remove_suffix(1);
        break;
    }
  const auto n = bgpsentry::parse_u64(digits);
  if (!n || *n == 0 || *n > static_cast<uint64_t>(INT64_MAX / 86400 / unit)) {
    std::fprintf(stderr, "bgpctl: cannot read duration '%s' (use 90, 90s, 10m, 2h or 1d)\n",
                 text.c_str());
    return std::nullopt;
  }
  return static_cast<int64_t>(*n) * unit;
}

bool alert_type_argument(const std::string& text, bgpsentry::v1::AlertType& type) {
  if (text.empty()) {
    type = bgpsentry::v1::ALERT_TYPE_UNSPECIFIED;
    return true;
  }
  std::string upper;
  for (char c : text) upper += static_cast<char>(c == '-' ? '_' : std::toupper(c));
  if (bgpsentry::v1::AlertType_Parse(upper, &type)) return true;
  std::fprintf(stderr, "bgpctl: unknown alert type '%s'\n", text.c_str());
  return false;
}

}  // namespace bgpctl
