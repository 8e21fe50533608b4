#include "agent/ingest/read_ahead_stream.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "agent/core/thread_name.h"

namespace bgpsentry {
namespace {

class ReadAheadStream : public ByteStream {
 public:
  ReadAheadStream(std::unique_ptr<ByteStream> inner, size_t block_size, size_t blocks)
      : inner_(std::move(inner)), block_size_(block_size), max_blocks_(blocks) {
    thread_ = named_thread("bgps-inflate", [this] { fill(); });
  }
  ~ReadAheadStream() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  Result<size_t> read(uint8_t* buffer, size_t n) override {
    if (pos_ == current_.size()) {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
      if (ready_.empty()) {
        if (!error_.empty()) return Error{error_};
        return size_t{0};
      }
      current_ = std::move(ready_.front());
      ready_.pop_front();
      pos_ = 0;
      changed_.notify_all();
    }
    const size_t take = std::min(n, current_.size() - pos_);
    std::memcpy(buffer, current_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  void fill() {
    while (true) {
      std::vector<uint8_t> block(block_size_);
      size_t filled = 0;
      std::string error;
      while (filled < block.size()) {
        auto got = inner_->read(block.data() + filled, block.size() - filled);
        if (!got) {
          error = got.error();
          break;
        }
        if (*got == 0) break;
        filled += *got;
      }
      block.resize(filled);
      const bool last = filled < block_size_;
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return ready_.size() < max_blocks_ || stop_; });
      if (stop_) return;
      if (!block.empty()) ready_.push_back(std::move(block));
      if (last) {
        error_ = std::move(error);
        finished_ = true;
      }
      changed_.notify_all();
      if (last) return;
    }
  }

  std::unique_ptr<ByteStream> inner_;
  const size_t block_size_, max_blocks_;
  std::vector<uint8_t> current_;
  size_t pos_ = 0;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<uint8_t>> ready_;
  bool finished_ = false, stop_ = false;
  std::string error_;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace

std::unique_ptr<ByteStream> read_ahead_stream(std::unique_ptr<ByteStream> inner, size_t block_size,
                                              size_t blocks) {
  return std::make_unique<ReadAheadStream>(std::move(inner), block_size, blocks);
}

}  // namespace bgpsentry
