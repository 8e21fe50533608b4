// A read buffer between Beast's WebSocket stream and a plain TCP stream (ws://). Beast reads
// frames through a fixed 1,536-byte buffer, so a feed of small messages cost one recvmsg
// (and its reactor round) per ~4 messages; through this layer, one per 64 KiB. TLS streams
// need none: the TLS layer reads whole records into its own buffer.
//
// Asio's buffered_read_stream does not fit: with data buffered it still starts a zero-byte
// read on the layer below, which on beast::tcp_stream is a full timed operation per read.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace bgpsentry {

template <typename NextLayer>
class ReadBufferedStream {
 public:
  using executor_type = typename NextLayer::executor_type;
  static constexpr size_t kBufferBytes = 64 * 1024;

  template <typename... Args>
  explicit ReadBufferedStream(Args&&... args)
      : next_(std::forward<Args>(args)...), state_(std::make_shared<State>()) {}
  // A refill still pending completes after this, with the socket closed: it must find the
  // buffer, and must not copy into a WebSocket stream that is gone (Beast's operations see
  // that the stream went; the copy happens before they are called).
  ~ReadBufferedStream() { state_->alive = false; }
  ReadBufferedStream(const ReadBufferedStream&) = delete;
  ReadBufferedStream& operator=(const ReadBufferedStream&) = delete;

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  // Completes from the buffer when it holds bytes (posted, never inline: Beast's composed
  // operations rely on that); otherwise refills it with one read of the layer below.
  template <typename MutableBuffers, typename ReadHandler>
  auto async_read_some(const MutableBuffers& buffers, ReadHandler&& handler) {
    return boost::asio::async_initiate<ReadHandler, void(boost::beast::error_code, size_t)>(
        [this](auto handler, const MutableBuffers& buffers) {
          State& s = *state_;
          if (s.begin < s.end || boost::asio::buffer_size(buffers) == 0) {
            const size_t n = s.take(buffers);
            boost::asio::post(get_executor(),
                              boost::beast::bind_front_handler(std::move(handler),
                                                               boost::beast::error_code(), n));
            return;
          }
          next_.async_read_some(
              boost::asio::buffer(s.bytes), [state = state_, buffers, handler = std::move(handler)](
                                                boost::beast::error_code ec, size_t n) mutable {
                state->begin = 0;
                state->end = n;
                if (!state->alive)
                  return std::move(handler)(boost::asio::error::operation_aborted, 0);
                std::move(handler)(ec, state->take(buffers));
              });
        },
        handler, buffers);
  }

  template <typename ConstBuffers, typename WriteHandler>
  auto async_write_some(const ConstBuffers& buffers, WriteHandler&& handler) {
    return next_.async_write_some(buffers, std::forward<WriteHandler>(handler));
  }

 private:
  struct State {
    std::vector<char> bytes = std::vector<char>(kBufferBytes);
    size_t begin = 0, end = 0;  // the buffered bytes not yet taken
    bool alive = true;          // the stream is still there
    template <typename MutableBuffers>
    size_t take(const MutableBuffers& buffers) {
      const size_t n =
          boost::asio::buffer_copy(buffers, boost::asio::buffer(bytes.data() + begin, end - begin));
      begin += n;
      return n;
    }
  };

  NextLayer next_;
  std::shared_ptr<State> state_;
};

// Closing a WebSocket closes the layer below (Beast finds these by argument-dependent lookup).
template <typename NextLayer>
void teardown(boost::beast::role_type role, ReadBufferedStream<NextLayer>& stream,
              boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <typename NextLayer, typename TeardownHandler>
void async_teardown(boost::beast::role_type role, ReadBufferedStream<NextLayer>& stream,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace bgpsentry
