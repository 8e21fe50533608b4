// Decompression on a thread of its own, a few blocks ahead of the reader: with a spare
// core, inflating and decoding overlap instead of taking turns.
#pragma once

#include <memory>

#include "agent/ingest/byte_stream.h"

namespace bgpsentry {

// Not for inputs whose reads can block forever (stdin): the destructor waits for the
// current read of `inner` to return.
std::unique_ptr<ByteStream> read_ahead_stream(std::unique_ptr<ByteStream> inner,
                                              size_t block_size = 1 << 20, size_t blocks = 4);

}  // namespace bgpsentry
