// The few URLs the agent dials or listens on: a WebSocket feed (ws://, wss://), an HTTP
// proxy, the API's TCP address.
#pragma once

#include <optional>
#include <string>

namespace bgpsentry {

struct Url {
  bool tls = false;
  std::string host;    // without brackets for IPv6
  std::string port;    // digits, 1..65535; the scheme's default when not given
  std::string target;  // path and query, at least "/"
};

// ws[s]://host[:port][/path][?query]; `client` non-empty adds client=NAME to the query (as
// RIS Live asks of every client). nullopt for anything else.
std::optional<Url> parse_websocket_url(const std::string& text, const std::string& client = "");

// http://host[:port][/] or host[:port]: an HTTP proxy (CONNECT); port 80 by default.
std::optional<Url> parse_proxy_url(const std::string& text);

// host:port or [IPv6]:port, the port required: an address to listen on or dial.
std::optional<Url> parse_host_port(const std::string& text);

// Whether `url` starts with http:// or https:// (what libcurl is asked to fetch).
inline bool is_http_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

}  // namespace bgpsentry
