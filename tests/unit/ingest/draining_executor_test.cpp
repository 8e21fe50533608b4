// The executor under the RIS Live streams: work posted from a handler it runs is run after
// that handler, in order, in the same scheduler round, up to a budget; never inside the call
// that posts it; and it carries real sockets and timers as an any_io_executor.
#include "agent/ingest/draining_executor.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bgpsentry {
namespace {

namespace asio = boost::asio;
using Executor = DrainingExecutor<asio::io_context::executor_type>;

TEST(DrainingExecutor, WorkPostedByItsHandlersRunsInTheSameRoundInOrderAndNeverInline) {
  asio::io_context io;
  const Executor ex(io.get_executor());
  std::vector<std::string> order;
  asio::post(ex, [&] {
    order.push_back("a");
    asio::post(ex, [&] {
      order.push_back("a1");
      asio::post(ex, [&] { order.push_back("a1x"); });
    });
    asio::post(ex, [&] { order.push_back("a2"); });
    order.push_back("a end");                        // before anything it posted
    asio::post(io, [&] { order.push_back("io"); });  // straight to the io_context
  });
  asio::post(io, [&] { order.push_back("other"); });
  EXPECT_TRUE(order.empty()) << "posting ran nothing";
  EXPECT_EQ(asio::query(ex, asio::execution::blocking), asio::execution::blocking.never);

  EXPECT_EQ(io.poll_one(), 1u);  // one scheduler round: the drain
  EXPECT_EQ(order, (std::vector<std::string>{"a", "a end", "a1", "a2", "a1x"}));
  io.poll();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "a end", "a1", "a2", "a1x", "other", "io"}));
}

TEST(DrainingExecutor, ALongChainYieldsToTheIoContextAfterItsBudget) {
  asio::io_context io;
  const Executor ex(io.get_executor());
  size_t links = 0, links_when_other_ran = 0;
  std::function<void()> link = [&] {
    if (++links < 3 * Executor::kBudget) asio::post(ex, link);
  };
  asio::post(ex, link);
  asio::post(io, [&] { links_when_other_ran = links; });
  io.run();
  EXPECT_EQ(links, 3 * Executor::kBudget);
  EXPECT_EQ(links_when_other_ran, Executor::kBudget) << "the rest waited behind other work";
}

TEST(DrainingExecutor, WorkLeftByAThrowingHandlerStillRunsInOrder) {
  asio::io_context io;
  const Executor ex(io.get_executor());
  std::vector<int> order;
  asio::post(ex, [&] {
    asio::post(ex, [&] { order.push_back(1); });
    asio::post(ex, [&] { order.push_back(2); });
    throw std::runtime_error("handler failed");
  });
  EXPECT_THROW(io.run(), std::runtime_error);
  // The drain is over: this goes through the io_context, after what the drain left.
  asio::post(ex, [&] { order.push_back(3); });
  io.restart();
  io.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// As the streams use it: behind any_io_executor, under a socket and a timer on loopback.
TEST(DrainingExecutor, CarriesSocketsAndTimers) {
  asio::io_context io;
  const asio::any_io_executor ex = Executor(io.get_executor());
  using tcp = asio::ip::tcp;
  tcp::acceptor acceptor(ex, {asio::ip::make_address("127.0.0.1"), 0});
  tcp::socket server(ex), client(ex);
  asio::steady_timer timer(ex, std::chrono::milliseconds(1));
  std::string sent(100000, 'x'), received(sent.size(), '\0');
  bool timer_fired = false;
  size_t written = 0, read = 0;
  acceptor.async_accept(server, [&](boost::system::error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    asio::async_write(server, asio::buffer(sent), [&](boost::system::error_code ec, size_t n) {
      ASSERT_FALSE(ec) << ec.message();
      written = n;
    });
  });
  client.async_connect(acceptor.local_endpoint(), [&](boost::system::error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    asio::async_read(client, asio::buffer(received), [&](boost::system::error_code ec, size_t n) {
      ASSERT_FALSE(ec) << ec.message();
      read = n;
    });
  });
  timer.async_wait([&](boost::system::error_code ec) { timer_fired = !ec; });
  io.run();
  EXPECT_EQ(written, sent.size());
  EXPECT_EQ(read, sent.size());
  EXPECT_EQ(received, sent);
  EXPECT_TRUE(timer_fired);
}

}  // namespace
}  // namespace bgpsentry
