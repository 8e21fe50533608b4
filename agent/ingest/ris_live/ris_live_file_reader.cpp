#include "agent/ingest/ris_live/ris_live_file_reader.h"

#include <algorithm>
#include <cstring>

namespace bgpsentry {
namespace {

constexpr size_t kChunk = 1 << 20;
// RIS Live frames are a few hundred bytes; a "line" of many megabytes is not one.
constexpr size_t kMaxLine = 16 << 20;

}  // namespace

RisLiveFileReader::RisLiveFileReader(std::unique_ptr<ByteStream> stream, std::string path,
                                     std::string source, Reporter on_error)
    : stream_(std::move(stream)),
      path_(std::move(path)),
      source_(std::move(source)),
      on_error_(std::move(on_error)) {}

std::string RisLiveFileReader::where() const {
  return path_ + (lines_known_ ? ":" + std::to_string(line_)
                               : " (line at byte " + std::to_string(line_start_) + ")");
}

void RisLiveFileReader::error(const std::string& what) {
  ++stats_.parse_errors;
  if (on_error_) on_error_(where() + ": " + what);
}

bool RisLiveFileReader::next_line(std::string_view& line) {
  while (true) {
    const char* start = buffer_.data() + begin_;
    // (Nothing buffered yet: no memchr over a null buffer.)
    const void* nl = end_ > begin_ ? std::memchr(start, '\n', end_ - begin_) : nullptr;
    if (nl) {
      const size_t n = static_cast<const char*>(nl) - start;
      begin_ += n + 1;
      if (discarding_) {  // the end of an overlong line
        discarding_ = false;
        continue;
      }
      line_start_ = base_offset_ + (start - buffer_.data());
      line = std::string_view(start, n);
      ++line_;
      return true;
    }
    if (eof_) {
      if (begin_ == end_ || discarding_) return false;
      line_start_ = base_offset_ + begin_;
      line = std::string_view(start, end_ - begin_);  // a last line without its newline
      begin_ = end_;
      ++line_;
      return true;
    }
    if (end_ - begin_ > kMaxLine && !discarding_) {
      line_start_ = base_offset_ + begin_;
      ++line_;
      error("a line longer than " + std::to_string(kMaxLine) + " bytes; skipped");
      discarding_ = true;
    }
    if (discarding_) {  // nothing of it is kept
      base_offset_ += end_;
      begin_ = end_ = 0;
    } else if (begin_ > 0) {  // keep the unread part, then read more after it
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      base_offset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() < end_ + kChunk) buffer_.resize(end_ + kChunk);
    auto got = stream_->read(reinterpret_cast<uint8_t*>(buffer_.data() + end_), kChunk);
    if (!got) {
      error(got.error());
      eof_ = true;
      continue;
    }
    if (*got == 0) eof_ = true;
    end_ += *got;
  }
}

bool RisLiveFileReader::skip_to(uint64_t target) {
  lines_known_ = false;
  while (offset() < target) {
    if (begin_ == end_) {
      if (eof_) return false;
      base_offset_ += end_;
      begin_ = end_ = 0;
      if (buffer_.size() < kChunk) buffer_.resize(kChunk);
      auto got = stream_->read(reinterpret_cast<uint8_t*>(buffer_.data()), kChunk);
      if (!got || *got == 0) {
        eof_ = true;
        return false;
      }
      end_ = *got;
    }
    begin_ += static_cast<size_t>(std::min<uint64_t>(target - offset(), end_ - begin_));
  }
  return true;
}

bool RisLiveFileReader::next(std::vector<Update>& out) {
  std::string_view line;
  if (!next_line(line)) return false;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return true;
  auto m = decoder_.decode(line, source_);
  if (!m) {
    error(m.error());
    return true;
  }
  ++stats_.records;
  if (!m->warnings.empty()) {
    ++stats_.warnings;
    if (on_error_)
      for (const auto& w : m->warnings) on_error_(where() + ": " + w);
  }
  if (m->kind == RisMessageKind::kError) {
    ++stats_.warnings;
    if (on_error_) on_error_(where() + ": ris_error: " + m->error);
  }
  if (m->kind == RisMessageKind::kOther) ++stats_.skipped;
  if (m->updates.empty()) return true;
  const int64_t seconds = m->time_us / 1000000;
  if ((from_ && seconds < *from_) || (to_ && seconds > *to_)) {
    ++stats_.outside_window;
    return true;
  }
  stats_.updates += m->updates.size();
  for (auto& u : m->updates) out.push_back(std::move(u));
  return true;
}

std::unique_ptr<UpdateFileReader> open_ris_live_reader(
    std::unique_ptr<ByteStream> stream, const std::string& path, const std::string& source,
    std::function<void(const std::string&)> on_error) {
  return std::make_unique<RisLiveFileReader>(std::move(stream), path, source, std::move(on_error));
}

}  // namespace bgpsentry
