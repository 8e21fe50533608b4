// The URLs the agent dials: RIS Live's WebSocket endpoint and an HTTP proxy.
#include "agent/core/url.h"

#include <gtest/gtest.h>

namespace bgpsentry {

TEST(Url, WebSocketUrls) {
  auto u = parse_websocket_url("wss://ris-live.ripe.net/v1/ws/", "noc-example");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "ris-live.ripe.net");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/v1/ws/?client=noc-example");

  u = parse_websocket_url("ws://127.0.0.1:8080/v1/ws/?x=1", "c");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/v1/ws/?x=1&client=c");

  u = parse_websocket_url("ws://[2001:db8::1]:9000");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, "9000");
  EXPECT_EQ(u->target, "/");

  u = parse_websocket_url("ws://host?client=a");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "host");
  EXPECT_EQ(u->target, "/?client=a");

  for (const char* bad :
       {"http://host/", "ws://", "ws://:80/", "ws://host:/", "ws://host:0/", "ws://host:65536/",
        "ws://host:http/", "ws://[::1/", "ws://[::1]x/", "ws://2001:db8::1/", "wss//host"})
    EXPECT_FALSE(parse_websocket_url(bad)) << bad;
}

TEST(Url, ProxyUrls) {
  auto u = parse_proxy_url("http://proxy.example.net:3128");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "proxy.example.net");
  EXPECT_EQ(u->port, "3128");
  u = parse_proxy_url("127.0.0.1:8888/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, "8888");
  u = parse_proxy_url("http://[::1]");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "80");
  for (const char* bad : {"", "http://", "https://proxy:443", "socks5://proxy:1080",
                          "http://user:pw@proxy:3128", "http://proxy:3128/path", "proxy:99999"})
    EXPECT_FALSE(parse_proxy_url(bad)) << bad;
}

}  // namespace bgpsentry
