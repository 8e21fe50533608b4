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
#include "agent/ingest/update_file_reader.h"

namespace bgpsentry {

class MrtFileReader : public UpdateFileReader {
 public:
  using Reporter = std::function<void(const std::string& message)>;

  // `path` is used in messages; `source` is stamped on every update.
  MrtFileReader(std::unique_ptr<ByteStream> stream, std::string path, std::string source,
                Reporter on_error, Reporter on_note);

  // Records stamped outside [from, to] (Unix seconds) are passed over undecoded.
  void set_time_window(std::optional<int64_t> from, std::optional<int64_t> to) override {
    from_ = from;
    to_ = to;
  }

  // Discards input up to the decompressed byte `offset` (resuming from a cursor).
  bool skip_to(uint64_t offset) override;

  // Appends the updates of the next decoded record to `out` (possibly none: a KEEPALIVE,
  // a peer index). False at the end of input.
  bool next(std::vector<Update>& out) override;
  // The header of the record the last successful next() decoded.
  const MrtHeader& record_header() const { return header_; }

  // Decompressed offset just past the last record consumed: the resume point.
  uint64_t offset() const override { return base_offset_ + begin_; }
  const FileReadStats& stats() const override { return stats_; }

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
  FileReadStats stats_;
  std::vector<std::string> unsupported_seen_;
  DecodeWarnings warnings_;
};

// A FileReplaySource's reader for MRT files (an UpdateFileReaderFactory); notes (record
// types skipped) go to the log.
std::unique_ptr<UpdateFileReader> open_mrt_reader(std::unique_ptr<ByteStream> stream,
                                                  const std::string& path,
                                                  const std::string& source,
                                                  std::function<void(const std::string&)> on_error);

}  // namespace bgpsentry
