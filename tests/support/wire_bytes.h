// Builders for synthetic BGP and MRT bytes, for cases the real files do not hold.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace bgpsentry::test {

using Bytes = std::vector<uint8_t>;

inline void u16(Bytes& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void u32(Bytes& b, uint32_t v) {
  u16(b, static_cast<uint16_t>(v >> 16));
  u16(b, static_cast<uint16_t>(v));
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
inline Bytes attr(uint8_t flags, uint8_t type, const Bytes& value) {
  Bytes b{flags, type, static_cast<uint8_t>(value.size())};
  b.insert(b.end(), value.begin(), value.end());
  return b;
}
// An UPDATE body: withdrawn routes, attributes, NLRI, with their length fields.
inline Bytes update_body(const Bytes& withdrawn, const Bytes& attrs, const Bytes& nlri) {
  Bytes body;
  u16(body, static_cast<uint16_t>(withdrawn.size()));
  body.insert(body.end(), withdrawn.begin(), withdrawn.end());
  u16(body, static_cast<uint16_t>(attrs.size()));
  body.insert(body.end(), attrs.begin(), attrs.end());
  body.insert(body.end(), nlri.begin(), nlri.end());
  return body;
}
// A whole UPDATE message (marker, length, type).
inline Bytes message(const Bytes& withdrawn, const Bytes& attrs, const Bytes& nlri) {
  const Bytes body = update_body(withdrawn, attrs, nlri);
  Bytes m(16, 0xFF);
  u16(m, static_cast<uint16_t>(19 + body.size()));
  m.push_back(2);
  m.insert(m.end(), body.begin(), body.end());
  return m;
}
inline Bytes as_path2(std::initializer_list<uint16_t> asns, uint8_t type = 2) {
  Bytes v{type, static_cast<uint8_t>(asns.size())};
  for (auto a : asns) u16(v, a);
  return v;
}
inline Bytes as_path4(std::initializer_list<uint32_t> asns, uint8_t type = 2) {
  Bytes v{type, static_cast<uint8_t>(asns.size())};
  for (auto a : asns) u32(v, a);
  return v;
}
// An MRT record: 12-byte header and body.
inline Bytes mrt_record(uint32_t time, uint16_t type, uint16_t subtype, const Bytes& body) {
  Bytes r;
  u32(r, time);
  u16(r, type);
  u16(r, subtype);
  u32(r, static_cast<uint32_t>(body.size()));
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

}  // namespace bgpsentry::test
