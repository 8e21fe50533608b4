// Bounds-checked reading of the store's encodings (varints, addresses, prefixes, AS paths);
// private to storage/'s codecs.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/update.h"

namespace bgpsentry::codec {

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool u32(uint32_t& v) {
    uint64_t x = 0;
    if (!varint(x) || x > UINT32_MAX) return false;
    v = static_cast<uint32_t>(x);
    return true;
  }
  bool u8(uint8_t& v) {
    if (pos_ >= data_.size()) return false;
    v = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  bool string(std::string& s) {
    uint64_t n = 0;
    if (!varint(n) || n > data_.size() - pos_) return false;
    s.assign(data_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool ip(IpAddress& a) {
    uint8_t afi = 0;
    if (!u8(afi) || (afi != 4 && afi != 6)) return false;
    a.afi = static_cast<Afi>(afi);
    const size_t n = static_cast<size_t>(a.size());
    if (data_.size() - pos_ < n) return false;
    std::memcpy(a.bytes.data(), data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool prefix(Prefix& p) {
    IpAddress a;
    uint8_t len = 0;
    if (!ip(a) || !u8(len) || len > max_length(a.afi)) return false;
    p = Prefix(a, len);
    return true;
  }
  bool as_path(AsPath& path) {
    uint64_t n = 0;
    if (!varint(n) || n > data_.size()) return false;
    std::vector<AsPathSegment> segments(n);
    for (auto& s : segments) {
      uint8_t type = 0;
      uint64_t count = 0;
      if (!u8(type) || type < 1 || type > 4 || !varint(count) || count > data_.size()) return false;
      s.type = static_cast<SegmentType>(type);
      s.asns.resize(count);
      for (auto& asn : s.asns)
        if (!u32(asn)) return false;
    }
    path = AsPath(std::move(segments));
    return true;
  }
  bool bytes(std::vector<uint8_t>& out) {
    uint64_t n = 0;
    if (!varint(n) || n > data_.size() - pos_) return false;
    out.assign(data_.begin() + static_cast<long>(pos_),
               data_.begin() + static_cast<long>(pos_ + n));
    pos_ += n;
    return true;
  }
  // A count of items that each take at least one byte: bounded by what is left.
  bool count(uint64_t& n) { return varint(n) && n <= data_.size() - pos_; }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace bgpsentry::codec
