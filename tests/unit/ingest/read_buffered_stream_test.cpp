// The ws:// read buffer under Beast's WebSocket client, over a real loopback connection to a
// Beast WebSocket server: messages around Beast's 1,536-byte frame buffer and this layer's
// 64 KiB arrive whole and in order, and a close goes through to the socket.
#include "agent/ingest/websocket/read_buffered_stream.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/ingest/draining_executor.h"

namespace bgpsentry {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::string message_of(size_t size, size_t seed) {
  std::string s(size, ' ');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + seed) % 26);
  return s;
}

// `draining`: the streams' work through a DrainingExecutor, as the RIS Live source runs them.
void expect_every_size_arrives_whole_and_in_order(bool draining) {
  std::vector<std::string> sent;
  for (size_t size : {1, 100, 1535, 1536, 1537, 3000, 65535, 65536, 65537, 200000})
    sent.push_back(message_of(size, sent.size()));
  for (size_t i = 0; i < 2000; ++i) sent.push_back(message_of(20 + i % 700, i));  // a burst

  asio::io_context server_io;
  tcp::acceptor acceptor(server_io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  // Error codes, not exceptions: a client that breaks the connection fails the checks below.
  std::thread server([&] {
    websocket::stream<beast::tcp_stream> ws(acceptor.accept());
    beast::error_code ec;
    ws.accept(ec);
    ws.text(true);
    for (const auto& m : sent)
      if (!ec) ws.write(asio::buffer(m), ec);
    if (!ec) ws.close(websocket::close_code::normal, ec);
    beast::flat_buffer rest;  // the client's close answer
    if (!ec) ws.read(rest, ec);
  });

  asio::io_context io;
  const asio::any_io_executor executor =
      draining ? asio::any_io_executor(DrainingExecutor(io.get_executor())) : io.get_executor();
  websocket::stream<ReadBufferedStream<beast::tcp_stream>> ws(executor);
  std::vector<std::string> received;
  beast::flat_buffer buffer;
  beast::error_code end;
  std::function<void()> read = [&] {
    ws.async_read(buffer, [&](beast::error_code ec, size_t) {
      if (ec) {
        end = ec;
        return;
      }
      received.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      read();
    });
  };
  beast::get_lowest_layer(ws).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        ASSERT_FALSE(ec) << ec.message();
        ws.read_message_max(1 << 20);
        ws.async_handshake("127.0.0.1", "/", [&](beast::error_code ec) {
          ASSERT_FALSE(ec) << ec.message();
          read();
        });
      });
  io.run();
  server.join();

  EXPECT_EQ(end, websocket::error::closed) << end.message();
  ASSERT_EQ(received.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) ASSERT_EQ(received[i], sent[i]) << "message " << i;
  EXPECT_FALSE(beast::get_lowest_layer(ws).socket().is_open());  // the close tore it down
}

TEST(ReadBufferedStream, WebSocketMessagesOfEverySizeArriveWholeAndInOrder) {
  expect_every_size_arrives_whole_and_in_order(false);
}

TEST(ReadBufferedStream, WebSocketMessagesOfEverySizeArriveWholeAndInOrderThroughDrains) {
  expect_every_size_arrives_whole_and_in_order(true);
}

// The agent drops a stream with a read pending (a stale feed, a reconnect): the refill
// completes afterwards and must touch neither the stream nor its buffers (ASan checks this
// in the sanitizer pass); Beast's read ends with an error.
TEST(ReadBufferedStream, AStreamDroppedWithAReadPendingEndsItsRead) {
  asio::io_context server_io;
  tcp::acceptor acceptor(server_io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  std::promise<void> client_done;
  std::thread server([&] {
    websocket::stream<beast::tcp_stream> ws(acceptor.accept());
    beast::error_code ec;
    ws.accept(ec);
    client_done.get_future().wait();  // sends nothing: the client's read stays pending
  });

  asio::io_context io;
  auto ws = std::make_unique<websocket::stream<ReadBufferedStream<beast::tcp_stream>>>(io);
  beast::flat_buffer buffer;
  std::optional<beast::error_code> read_end;
  beast::get_lowest_layer(*ws).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        ASSERT_FALSE(ec) << ec.message();
        ws->async_handshake("127.0.0.1", "/", [&](beast::error_code ec) {
          ASSERT_FALSE(ec) << ec.message();
          ws->async_read(buffer, [&](beast::error_code ec, size_t) { read_end = ec; });
          asio::post(io, [&] { ws.reset(); });  // while the read waits for bytes
        });
      });
  io.run();
  client_done.set_value();
  server.join();

  ASSERT_TRUE(read_end.has_value());
  EXPECT_TRUE(*read_end) << "a read on a dropped stream ends with an error";
}

}  // namespace
}  // namespace bgpsentry
