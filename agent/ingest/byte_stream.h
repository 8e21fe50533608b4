// Sequential byte input from plain, gzip or bzip2 files (detected by their magic bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agent/core/result.h"

namespace bgpsentry {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes; 0 at the end of input. An error names the file and what failed.
  virtual Result<size_t> read(uint8_t* buffer, size_t n) = 0;
};

// Reads `path` whole (decompressed), up to `max_bytes`.
Result<std::vector<uint8_t>> read_all_bytes(const std::string& path, size_t max_bytes = SIZE_MAX);

// Reads from memory (fuzzing, tests, payloads that arrive whole); `data` must outlive it.
std::unique_ptr<ByteStream> memory_byte_stream(const uint8_t* data, size_t size);

// Opens `path` ("-" for stdin), choosing the decompressor from the first bytes.
Result<std::unique_ptr<ByteStream>> open_byte_stream(const std::string& path);

}  // namespace bgpsentry
