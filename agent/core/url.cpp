#include "agent/core/url.h"

#include "agent/core/parse_number.h"

namespace bgpsentry {
namespace {

// host[:port] or [IPv6][:port] into u; false when malformed.
bool parse_authority(const std::string& authority, Url& u) {
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      u.port = authority.substr(close + 2);
      if (u.port.empty()) return false;
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
    if (u.port.empty() || u.host.find(':') != std::string::npos) return false;
  } else {
    u.host = authority;
  }
  if (u.host.empty()) return false;
  if (!u.port.empty()) {
    const auto n = parse_u64(u.port);
    if (!n || *n == 0 || *n > 65535) return false;
  }
  return true;
}

}  // namespace

std::optional<Url> parse_websocket_url(const std::string& text, const std::string& client) {
  Url u;
  std::string rest;
  if (text.starts_with("wss://")) {
    u.tls = true;
    rest = text.substr(6);
  } else if (text.starts_with("ws://")) {
    rest = text.substr(5);
  } else {
    return std::nullopt;
  }
  const size_t slash = rest.find_first_of("/?");
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.target.starts_with('?')) u.target.insert(0, "/");
  if (!parse_authority(rest.substr(0, slash), u)) return std::nullopt;
  if (u.port.empty()) u.port = u.tls ? "443" : "80";
  if (!client.empty())
    u.target += (u.target.find('?') == std::string::npos ? "?client=" : "&client=") + client;
  return u;
}

std::optional<Url> parse_proxy_url(const std::string& text) {
  std::string rest = text.starts_with("http://") ? text.substr(7) : text;
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("/?@") != std::string::npos) return std::nullopt;
  Url u;
  u.target = "/";
  if (!parse_authority(rest, u)) return std::nullopt;
  if (u.port.empty()) u.port = "80";
  return u;
}

std::optional<Url> parse_host_port(const std::string& text) {
  if (text.find_first_of("/?@") != std::string::npos) return std::nullopt;
  Url u;
  if (!parse_authority(text, u) || u.port.empty()) return std::nullopt;
  return u;
}

}  // namespace bgpsentry
