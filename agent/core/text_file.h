// A whole file as text (config files, VRP exports): one place for the read and its errors.
#pragma once

#include <cstdint>
#include <string>

#include "agent/core/result.h"

namespace bgpsentry {

// The file's bytes; the error is strerror's text ("No such file or directory"), or says the
// file holds more than `max_bytes` (read no further).
Result<std::string> read_text_file(const std::string& path, size_t max_bytes = SIZE_MAX);

// Replaces `path` with `text` durably and atomically: a temporary file beside it, synced,
// renamed over it, the directory synced. A reader sees the old file or the new one, and a
// crash leaves one of them. An existing file's permissions are kept.
Status write_text_file_atomically(const std::string& path, const std::string& text);

}  // namespace bgpsentry
