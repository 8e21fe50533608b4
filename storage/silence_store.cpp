#include "storage/silence_store.h"

#include <spdlog/spdlog.h>

#include "storage/codec.h"

namespace bgpsentry {

Result<uint64_t> SilenceStore::append(const Silence& silence) {
  return log_.append([&](uint64_t) { return codec::encode_silence(silence); });
}

Status SilenceStore::put(const Silence& silence) {
  return log_.put(silence.id, codec::encode_silence(silence));
}

Status SilenceStore::for_each(const std::function<void(const Silence&)>& fn) const {
  return log_.for_each_before(0, 0, [&](uint64_t id, std::string_view value) {
    Silence s;
    if (!codec::decode_silence(value, s)) {
      spdlog::error("silence {} in the store is damaged; ignored", id);
      return true;
    }
    s.id = id;
    fn(s);
    return true;
  });
}

}  // namespace bgpsentry
