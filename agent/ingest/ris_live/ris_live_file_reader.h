// Reads a RIS Live recording: one JSON message per line, as the WebSocket delivers them
// (`bgpctl record` writes them; plain, gzip or bzip2). A line that does not decode is a
// counted parse error naming the file and line; the rest goes on.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "agent/decode/ris_message.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/update_file_reader.h"

namespace bgpsentry {

class RisLiveFileReader : public UpdateFileReader {
 public:
  using Reporter = std::function<void(const std::string& message)>;
  RisLiveFileReader(std::unique_ptr<ByteStream> stream, std::string path, std::string source,
                    Reporter on_error);

  void set_time_window(std::optional<int64_t> from, std::optional<int64_t> to) override {
    from_ = from;
    to_ = to;
  }
  bool skip_to(uint64_t offset) override;
  // One message per call: its updates (none for a KEEPALIVE, an error line, …).
  bool next(std::vector<Update>& out) override;
  uint64_t offset() const override { return base_offset_ + begin_; }
  const FileReadStats& stats() const override { return stats_; }

 private:
  // The next line (without its newline) in `line`; false at the end of input.
  bool next_line(std::string_view& line);
  void error(const std::string& what);
  std::string where() const;  // "FILE:LINE", or the line's byte offset after a resume

  std::unique_ptr<ByteStream> stream_;
  std::string path_, source_;
  Reporter on_error_;
  RisMessageDecoder decoder_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  uint64_t base_offset_ = 0;  // absolute offset of buffer_[0]
  bool eof_ = false;
  bool discarding_ = false;  // inside an overlong line, up to its newline
  uint64_t line_ = 0;        // of the line last read; counted from the file's start
  uint64_t line_start_ = 0;  // its byte offset
  bool lines_known_ = true;  // false after skip_to: say byte offsets instead
  std::optional<int64_t> from_, to_;
  FileReadStats stats_;
};

// A FileReplaySource's reader for RIS Live recordings (an UpdateFileReaderFactory).
std::unique_ptr<UpdateFileReader> open_ris_live_reader(
    std::unique_ptr<ByteStream> stream, const std::string& path, const std::string& source,
    std::function<void(const std::string&)> on_error);

}  // namespace bgpsentry
