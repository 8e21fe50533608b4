// An executor for a network stream served by one io_context thread: work posted while a
// handler it runs is running (the next WebSocket read's completion, which Beast posts even
// when the message is already buffered) is queued and run right after that handler returns,
// in the same scheduler round, instead of going back through the io_context's queue.
//
// Why: a RIS Live flood cost one scheduler round per message through the io_context, and
// each round with other work pending polled the reactor (epoll_wait, 13% of the feed
// thread; with the scheduler's locking and wake-ups, the feed thread's CPU fell by a third
// without them). Drained here, the reactor is polled once per drain (a read buffer's worth
// of messages, at most kBudget handlers), and timers, pings and the socket are still served.
//
// It keeps asio's rule that a handler never runs inside the call that starts its operation:
// execute() never runs the work it is given; it only defers it. Order is kept: the queue is
// first in, first out, and what is left when the budget runs out goes back to the io_context
// as one piece, behind what waits there.
#pragma once

#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <cstddef>
#include <deque>
#include <memory>
#include <type_traits>
#include <utility>

namespace bgpsentry {
namespace draining_detail {

// A queued piece of work: move-only, as asio's handlers are.
class Work {
 public:
  template <typename F>
  explicit Work(F&& f) : impl_(new Impl<std::decay_t<F>>(std::forward<F>(f))) {}
  void operator()() { impl_->run(); }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void run() = 0;
  };
  template <typename F>
  struct Impl final : Base {
    explicit Impl(F&& f) : f(std::move(f)) {}
    explicit Impl(const F& f) : f(f) {}
    void run() override { std::move(f)(); }
    F f;
  };
  std::unique_ptr<Base> impl_;
};

// The drain running on this thread, for the io_context (execution context) it serves.
struct Frame {
  const void* context;
  std::deque<Work> queue;
  Frame* outer;
};
inline thread_local Frame* current_frame = nullptr;

}  // namespace draining_detail

template <typename Inner>
class DrainingExecutor {
 public:
  // Handlers run per scheduler round at most, so that the reactor (the socket, timers) and
  // work posted to the io_context directly are not kept waiting behind a long chain.
  static constexpr size_t kBudget = 256;

  explicit DrainingExecutor(const Inner& inner) noexcept : inner_(inner) {}

  // Never blocking: execute() defers, whatever is asked.
  static constexpr boost::asio::execution::blocking_t query(
      boost::asio::execution::blocking_t) noexcept {
    return boost::asio::execution::blocking.never;
  }
  DrainingExecutor require(boost::asio::execution::blocking_t::never_t) const noexcept {
    return *this;
  }
  DrainingExecutor prefer(boost::asio::execution::blocking_t::possibly_t) const noexcept {
    return *this;
  }
  // Every other property (the context, outstanding work, allocator, relationship) is the
  // inner executor's.
  template <typename Property>
  requires boost::asio::can_query<const Inner&, Property>::value decltype(auto) query(
      const Property& p) const
      noexcept(boost::asio::is_nothrow_query<const Inner&, Property>::value) {
    return boost::asio::query(inner_, p);
  }
  template <typename Property>
  requires boost::asio::can_require<const Inner&, Property>::value auto require(const Property& p)
      const noexcept(boost::asio::is_nothrow_require<const Inner&, Property>::value) {
    return rewrap(boost::asio::require(inner_, p));
  }
  template <typename Property>
  requires boost::asio::can_prefer<const Inner&, Property>::value auto prefer(const Property& p)
      const noexcept(boost::asio::is_nothrow_prefer<const Inner&, Property>::value) {
    return rewrap(boost::asio::prefer(inner_, p));
  }

  template <typename F>
  void execute(F&& f) const {
    using draining_detail::current_frame;
    if (current_frame && current_frame->context == context()) {
      current_frame->queue.emplace_back(std::forward<F>(f));
      return;
    }
    std::deque<draining_detail::Work> queue;
    queue.emplace_back(std::forward<F>(f));
    post_drain(std::move(queue));
  }

  friend bool operator==(const DrainingExecutor& a, const DrainingExecutor& b) noexcept {
    return a.inner_ == b.inner_;
  }

 private:
  template <typename Other>
  static DrainingExecutor<std::decay_t<Other>> rewrap(Other&& inner) {
    return DrainingExecutor<std::decay_t<Other>>(std::forward<Other>(inner));
  }

  const void* context() const noexcept {
    return &boost::asio::query(inner_, boost::asio::execution::context);
  }

  void post_drain(std::deque<draining_detail::Work> queue) const {
    boost::asio::execution::execute(
        boost::asio::require(inner_, boost::asio::execution::blocking.never),
        [self = *this, queue = std::move(queue)]() mutable { self.drain(std::move(queue)); });
  }

  // Runs the queue, and what its work posts, up to the budget; the rest goes back to the
  // io_context (also when a handler throws: the exception leaves run() as asio's would).
  void drain(std::deque<draining_detail::Work> queue) const {
    using draining_detail::current_frame;
    draining_detail::Frame frame{context(), std::move(queue), current_frame};
    current_frame = &frame;
    struct Exit {
      const DrainingExecutor& self;
      draining_detail::Frame& frame;
      ~Exit() {
        current_frame = frame.outer;
        if (!frame.queue.empty()) self.post_drain(std::move(frame.queue));
      }
    } exit{*this, frame};
    for (size_t n = 0; n < kBudget && !frame.queue.empty(); ++n) {
      draining_detail::Work work = std::move(frame.queue.front());
      frame.queue.pop_front();
      work();
    }
  }

  Inner inner_;
};

}  // namespace bgpsentry
