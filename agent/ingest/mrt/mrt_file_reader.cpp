#include "agent/ingest/mrt/mrt_file_reader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

namespace bgpsentry {

MrtFileReader::MrtFileReader(std::unique_ptr<ByteStream> stream, std::string path,
                             std::string source, Reporter on_error, Reporter on_note)
    : stream_(std::move(stream)),
      path_(std::move(path)),
      source_(std::move(source)),
      on_error_(std::move(on_error)),
      on_note_(std::move(on_note)),
      buffer_(1 << 20) {}

bool MrtFileReader::ensure(size_t n) {
  while (end_ - begin_ < n && !eof_) {
    if (begin_ > 0) {  // compact: keep only the unread bytes
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      base_offset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() < n) buffer_.resize(std::max(n, buffer_.size() * 2));
    auto got = stream_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (!got) {
      error(base_offset_ + end_, got.error());
      eof_ = true;
    } else if (*got == 0) {
      eof_ = true;
    } else {
      end_ += *got;
    }
  }
  return end_ - begin_ >= n;
}

void MrtFileReader::error(uint64_t at, const std::string& what) {
  ++stats_.parse_errors;
  if (on_error_) on_error_(path_ + ": offset " + std::to_string(at) + ": " + what);
}

bool MrtFileReader::skip_to(uint64_t target) {
  while (offset() < target) {
    if (!ensure(1)) return false;
    consume(std::min<uint64_t>(end_ - begin_, target - offset()));
  }
  return true;
}

void MrtFileReader::resync() {
  const uint64_t from = offset();
  consume(1);
  // Look ahead far enough to see a BGP4MP record's marker.
  constexpr size_t kLookahead = kMrtHeaderSize + 4 + 8 + 4 + 32 + 16;
  while (true) {
    const bool have = ensure(kLookahead);
    const size_t available = end_ - begin_;
    if (available < kMrtHeaderSize) {
      consume(available);
      break;
    }
    if (plausible_mrt_record({buffer_.data() + begin_, have ? kLookahead : available},
                             last_timestamp_))
      break;
    consume(1);
  }
  if (on_note_)
    on_note_(path_ + ": skipped " + std::to_string(offset() - from) + " bytes from offset " +
             std::to_string(from) + " to resynchronise");
}

// The bytes a record occupies. Early Zebra TABLE_DUMP files declare each record four
// bytes shorter than written (the view and sequence numbers are not counted): accept the
// longer size when only it is followed by a plausible record or the end of input.
size_t MrtFileReader::record_size(const MrtHeader& header) {
  const size_t declared = kMrtHeaderSize + header.length;
  if (header.type != kMrtTableDump) return declared;
  constexpr size_t kLookahead = kMrtHeaderSize + 64;
  auto record_or_end_at = [&](size_t size) {
    ensure(size + kLookahead);
    const size_t available = end_ - begin_;
    if (available < size) return false;
    if (available == size) return true;
    return plausible_mrt_record({buffer_.data() + begin_ + size, available - size},
                                header.timestamp);
  };
  if (record_or_end_at(declared)) return declared;
  return record_or_end_at(declared + 4) ? declared + 4 : declared;
}

bool MrtFileReader::next(std::vector<Update>& out) {
  while (true) {
    if (!ensure(kMrtHeaderSize)) {
      if (end_ > begin_) {
        error(offset(),
              "truncated record header (" + std::to_string(end_ - begin_) + " trailing bytes)");
        consume(end_ - begin_);
      }
      return false;
    }
    const uint64_t at = offset();
    const MrtHeader header = parse_mrt_header(buffer_.data() + begin_);
    if (!valid_mrt_header(header)) {
      error(at, "invalid MRT header (type " + std::to_string(header.type) + ", subtype " +
                    std::to_string(header.subtype) + ", length " + std::to_string(header.length) +
                    ")");
      resync();
      continue;
    }
    const size_t total = record_size(header);
    if (!ensure(total)) {
      error(at, "truncated record: header declares " + std::to_string(header.length) + " bytes, " +
                    std::to_string(end_ - begin_ - kMrtHeaderSize) + " present");
      consume(end_ - begin_);
      return false;
    }
    // PEER_INDEX_TABLEs are always read: the RIB records after them need them.
    const bool peer_index = header.type == kMrtTableDumpV2 && header.subtype == 1;
    if (!peer_index && ((from_ && header.timestamp < *from_) || (to_ && header.timestamp > *to_))) {
      consume(total);
      last_timestamp_ = header.timestamp;
      ++stats_.outside_window;
      continue;
    }
    const ByteSpan body(buffer_.data() + begin_ + kMrtHeaderSize, total - kMrtHeaderSize);
    const size_t before = out.size();
    warnings_.items.clear();
    auto result = decode_mrt_record(header, body, source_, context_, out, &warnings_);
    if (!result) {
      error(at, "MRT type " + std::to_string(header.type) + " subtype " +
                    std::to_string(header.subtype) + ": " + result.error());
      // Trust the length only if the input ends there or a plausible record follows;
      // otherwise hunt for the next record from the byte after this header.
      ensure(total + kMrtHeaderSize + 64);
      const size_t after = end_ - begin_ - total;
      if (after == 0 ||
          plausible_mrt_record({buffer_.data() + begin_ + total, after}, last_timestamp_))
        consume(total);
      else
        resync();
      continue;
    }
    consume(total);
    last_timestamp_ = header.timestamp;
    header_ = header;
    if (result->kind == MrtRecordKind::kUnsupported) {
      ++stats_.skipped;
      if (on_note_ && std::find(unsupported_seen_.begin(), unsupported_seen_.end(), result->note) ==
                          unsupported_seen_.end()) {
        unsupported_seen_.push_back(result->note);
        on_note_(path_ + ": offset " + std::to_string(at) + ": " + result->note +
                 " (reported once per file)");
      }
      continue;
    }
    ++stats_.records;
    stats_.updates += out.size() - before;
    if (!warnings_.items.empty()) {
      // Reported, not fatal: the record was decoded; the first few per file are logged.
      constexpr uint64_t kWarningsNoted = 10;
      if (on_note_ && stats_.warnings < kWarningsNoted)
        on_note_(path_ + ": offset " + std::to_string(at) + ": " + warnings_.items.front() +
                 (stats_.warnings + 1 == kWarningsNoted ? " (further warnings counted only)" : ""));
      ++stats_.warnings;
    }
    return true;
  }
}

std::unique_ptr<UpdateFileReader> open_mrt_reader(
    std::unique_ptr<ByteStream> stream, const std::string& path, const std::string& source,
    std::function<void(const std::string&)> on_error) {
  return std::make_unique<MrtFileReader>(
      std::move(stream), path, source, std::move(on_error),
      [](const std::string& note) { spdlog::info("mrt: {}", note); });
}

}  // namespace bgpsentry
