// Reads MRT records from a (decompressed) byte stream, decodes them, and resynchronises
// after damaged records so that the rest of the file is still read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/update.h"
#include "agent/decode/bgp_message.h"
#include "agent/decode/mrt_record.h"
#include "agent/ingest/byte_stream.h"

namespace bgpsentry {

struct MrtReadStats {
  uint64_t records = 0;       // records decoded
  uint64_t parse_errors = 0;  // damaged records and stretches of garbage
  uint64_t skipped = 0;       // records of types not decoded
  uint64_t warnings = 0;      // records decoded with a repair (RFC 7606 style)
  uint64_t updates = 0;
  uint64_t outside_window = 0;  // records outside the time window, not decoded
};

class MrtFileReader {
 public:
  using Reporter = std::function<void(const std::string& message)>;

  // `path` is used in messages; `source` is stamped on every update.
  MrtFileReader(std::unique_ptr<ByteStream> stream, std::string path, std::string source,
                Reporter on_error, Reporter on_note);

  // Records stamped outside [from, to] (Unix seconds) are passed over undecoded.
  void set_time_window(std::optional<int64_t> from, std::optional<int64_t> to) {
    from_ = from;
    to_ = to;
  }

  // Discards input up to the decompressed byte `offset` (resuming from a cursor).
  bool skip_to(uint64_t offset);

  // Appends the updates of the next decoded record to `out` (possibly none: a KEEPALIVE,
  // a peer index). False at the end of input.
  bool next(std::vector<Update>& out);
  // The header of the record the last successful next() decoded.
  const MrtHeader& record_header() const { return header_; }

  // Decompressed offset just past the last record consumed: the resume point.
  uint64_t offset() const { return base_offset_ + begin_; }
  const MrtReadStats& stats() const { return stats_; }

 private:
  bool ensure(size_t n);  // at least n unread bytes buffered (false at end of input)
  void consume(size_t n) { begin_ += n; }
  void resync();
  size_t record_size(const MrtHeader& header);
  void error(uint64_t at, const std::string& what);

  std::unique_ptr<ByteStream> stream_;
  std::string path_, source_;
  Reporter on_error_, on_note_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0, end_ = 0;
  uint64_t base_offset_ = 0;  // absolute offset of buffer_[0]
  bool eof_ = false;
  uint32_t last_timestamp_ = 0;
  MrtHeader header_;
  std::optional<int64_t> from_, to_;
  MrtDecodeContext context_;
  MrtReadStats stats_;
  std::vector<std::string> unsupported_seen_;
  DecodeWarnings warnings_;
};

}  // namespace bgpsentry
