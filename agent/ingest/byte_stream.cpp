#include "agent/ingest/byte_stream.h"

#include <bzlib.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace bgpsentry {
namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdin) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

// A file plus the few magic bytes already read from it (stdin cannot be rewound).
class RawFile {
 public:
  RawFile(FilePtr file, std::vector<uint8_t> head)
      : file_(std::move(file)), head_(std::move(head)) {}
  size_t read(uint8_t* buffer, size_t n) {
    size_t got = 0;
    while (head_pos_ < head_.size() && got < n) buffer[got++] = head_[head_pos_++];
    if (got < n) got += std::fread(buffer + got, 1, n - got, file_.get());
    return got;
  }
  bool failed() const { return std::ferror(file_.get()) != 0; }

 private:
  FilePtr file_;
  std::vector<uint8_t> head_;
  size_t head_pos_ = 0;
};

class PlainStream : public ByteStream {
 public:
  PlainStream(RawFile file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}
  Result<size_t> read(uint8_t* buffer, size_t n) override {
    const size_t got = file_.read(buffer, n);
    if (got == 0 && file_.failed()) return Error{path_ + ": read failed: " + std::strerror(errno)};
    return got;
  }

 private:
  RawFile file_;
  std::string path_;
};

// zlib's inflate with gzip framing; concatenated members are read as one stream.
class GzipStream : public ByteStream {
 public:
  GzipStream(RawFile file, std::string path) : file_(std::move(file)), path_(std::move(path)) {
    zs_.zalloc = Z_NULL;
    zs_.zfree = Z_NULL;
    inflateInit2(&zs_, 15 + 32);
    in_.resize(1 << 17);
  }
  ~GzipStream() override { inflateEnd(&zs_); }

  Result<size_t> read(uint8_t* buffer, size_t n) override {
    zs_.next_out = buffer;
    zs_.avail_out = static_cast<uInt>(n);
    while (zs_.avail_out == n && !done_) {
      if (zs_.avail_in == 0) {
        const size_t got = file_.read(in_.data(), in_.size());
        if (got == 0) {
          if (file_.failed()) return Error{path_ + ": read failed: " + std::strerror(errno)};
          if (!member_ended_)
            return Error{path_ + ": gzip stream truncated (unexpected end of file)"};
          done_ = true;
          break;
        }
        zs_.next_in = in_.data();
        zs_.avail_in = static_cast<uInt>(got);
      }
      member_ended_ = false;
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
        inflateReset(&zs_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Error{path_ + ": gzip data corrupt: " + (zs_.msg ? zs_.msg : "inflate failed")};
      }
    }
    return n - zs_.avail_out;
  }

 private:
  RawFile file_;
  std::string path_;
  z_stream zs_{};
  std::vector<uint8_t> in_;
  bool member_ended_ = true;
  bool done_ = false;
};

// libbz2's low-level API, so that multi-stream files (pbzip2, concatenations) are read whole.
class Bzip2Stream : public ByteStream {
 public:
  Bzip2Stream(RawFile file, std::string path) : file_(std::move(file)), path_(std::move(path)) {
    BZ2_bzDecompressInit(&bz_, 0, 0);
    in_.resize(1 << 17);
  }
  ~Bzip2Stream() override { BZ2_bzDecompressEnd(&bz_); }

  Result<size_t> read(uint8_t* buffer, size_t n) override {
    bz_.next_out = reinterpret_cast<char*>(buffer);
    bz_.avail_out = static_cast<unsigned>(n);
    while (bz_.avail_out == n && !done_) {
      if (bz_.avail_in == 0) {
        const size_t got = file_.read(in_.data(), in_.size());
        if (got == 0) {
          if (file_.failed()) return Error{path_ + ": read failed: " + std::strerror(errno)};
          if (!stream_ended_)
            return Error{path_ + ": bzip2 stream truncated (unexpected end of file)"};
          done_ = true;
          break;
        }
        bz_.next_in = reinterpret_cast<char*>(in_.data());
        bz_.avail_in = static_cast<unsigned>(got);
      }
      stream_ended_ = false;
      const int rc = BZ2_bzDecompress(&bz_);
      if (rc == BZ_STREAM_END) {
        stream_ended_ = true;
        BZ2_bzDecompressEnd(&bz_);
        BZ2_bzDecompressInit(&bz_, 0, 0);
      } else if (rc != BZ_OK) {
        return Error{path_ + ": bzip2 data corrupt (libbz2 error " + std::to_string(rc) + ")"};
      }
    }
    return n - bz_.avail_out;
  }

 private:
  RawFile file_;
  std::string path_;
  bz_stream bz_{};
  std::vector<uint8_t> in_;
  bool stream_ended_ = true;
  bool done_ = false;
};

class MemoryStream : public ByteStream {
 public:
  MemoryStream(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  Result<size_t> read(uint8_t* buffer, size_t n) override {
    n = std::min(n, size_ - pos_);
    if (n) std::memcpy(buffer, data_ + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

}  // namespace

Result<std::vector<uint8_t>> read_all_bytes(const std::string& path, size_t max_bytes) {
  auto stream = open_byte_stream(path);
  if (!stream) return Error{stream.error()};
  std::vector<uint8_t> data(std::min<size_t>(max_bytes, 1 << 20));
  size_t size = 0;
  while (size < max_bytes) {
    if (size == data.size()) data.resize(std::min(max_bytes, data.size() * 2));
    auto got = (*stream)->read(data.data() + size, data.size() - size);
    if (!got) return Error{got.error()};
    if (*got == 0) break;
    size += *got;
  }
  data.resize(size);
  return data;
}

std::unique_ptr<ByteStream> memory_byte_stream(const uint8_t* data, size_t size) {
  return std::make_unique<MemoryStream>(data, size);
}

Result<std::unique_ptr<ByteStream>> open_byte_stream(const std::string& path) {
  FilePtr file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
  if (!file) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  std::vector<uint8_t> head(3);
  head.resize(std::fread(head.data(), 1, head.size(), file.get()));
  const bool gzip = head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b;
  const bool bzip2 = head.size() >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h';
  RawFile raw(std::move(file), std::move(head));
  std::unique_ptr<ByteStream> stream;
  if (gzip)
    stream = std::make_unique<GzipStream>(std::move(raw), path);
  else if (bzip2)
    stream = std::make_unique<Bzip2Stream>(std::move(raw), path);
  else
    stream = std::make_unique<PlainStream>(std::move(raw), path);
  return stream;
}

}  // namespace bgpsentry
