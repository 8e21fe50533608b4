#include "agent/irr/rpsl_routes.h"

#include <cstring>
#include <optional>
#include <vector>

#include "agent/core/parse_number.h"

namespace bgpsentry {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != b[i]) return false;  // b is lower case letters and '-', '6'
  return true;
}

// "AS3333" (any case; the AS is required, unlike parse_asn's), or asdot "AS1.10" (RFC
// 5396), as RPSL writes an aut-num.
std::optional<uint32_t> parse_as_number(std::string_view s) {
  if (s.size() < 3 || (s[0] | 0x20) != 'a' || (s[1] | 0x20) != 's') return std::nullopt;
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    auto high = parse_u64(s.substr(2, dot - 2)), low = parse_u64(s.substr(dot + 1));
    if (!high || !low || *high > 0xFFFF || *low > 0xFFFF) return std::nullopt;
    return static_cast<uint32_t>(*high << 16 | *low);
  }
  return parse_asn(s);
}

// What one object has said so far. Values are copied: the read buffer moves under them.
struct ObjectState {
  enum class Kind { kNone, kRoute, kRoute6, kOther } kind = Kind::kNone;
  size_t line = 0;
  size_t bytes = 0;
  std::string prefix_text;
  std::optional<uint32_t> origin;
  std::string origin_text;
  int origins = 0;
  std::string mnt_by;
  std::string source;
  bool too_large = false;

  void reset() {
    kind = Kind::kNone;
    bytes = 0;
    prefix_text.clear();
    origin.reset();
    origin_text.clear();
    origins = 0;
    mnt_by.clear();
    source.clear();
    too_large = false;
  }
};

class RouteReader {
 public:
  RouteReader(const std::function<void(const RouteObject&)>& on_route,
              const std::function<void(const RpslProblem&)>& on_problem)
      : on_route_(on_route), on_problem_(on_problem) {}

  void line(std::string_view text, size_t number) {
    if (text.empty() || text == "\r" || trim(text).empty()) {
      finish();
      return;
    }
    const char first = text.front();
    if (first == '%' || first == '#') return;  // a dump's comments (RIPE's header)
    if (object_.kind == ObjectState::Kind::kOther) return;
    object_.bytes += text.size() + 1;
    if (object_.bytes > kMaxRpslObjectBytes) object_.too_large = true;
    if (first == ' ' || first == '\t' || first == '+') return;  // continues a value we skip
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      if (object_.kind == ObjectState::Kind::kNone) object_.kind = ObjectState::Kind::kOther;
      return;  // not an attribute: the object is judged by what it has
    }
    const std::string_view name = text.substr(0, colon);
    std::string_view value = text.substr(colon + 1);
    if (auto hash = value.find('#'); hash != std::string_view::npos) value = value.substr(0, hash);
    value = trim(value);
    if (object_.kind == ObjectState::Kind::kNone) {
      object_.line = number;
      if (iequals(name, "route")) {
        object_.kind = ObjectState::Kind::kRoute;
      } else if (iequals(name, "route6")) {
        object_.kind = ObjectState::Kind::kRoute6;
      } else {
        object_.kind = ObjectState::Kind::kOther;
        return;
      }
      object_.prefix_text.assign(value);
      return;
    }
    if (iequals(name, "origin")) {
      ++object_.origins;
      object_.origin_text.assign(value);
      object_.origin = parse_as_number(value);
    } else if (iequals(name, "mnt-by")) {
      if (object_.mnt_by.empty()) {
        // "mnt-by: A, B" or "mnt-by: A B": the first one.
        const size_t end = value.find_first_of(", \t");
        object_.mnt_by.assign(value.substr(0, end));
      }
    } else if (iequals(name, "source")) {
      object_.source.assign(value.substr(0, value.find_first_of(" \t")));
      for (char& c : object_.source)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 0x20);
    }
  }

  // End of input: the last object needs no blank line after it.
  void finish() {
    if (object_.kind == ObjectState::Kind::kRoute || object_.kind == ObjectState::Kind::kRoute6)
      emit();
    object_.reset();
  }

 private:
  void problem(std::string what) { on_problem_(RpslProblem{object_.line, std::move(what)}); }

  void emit() {
    const bool v6 = object_.kind == ObjectState::Kind::kRoute6;
    const char* attr = v6 ? "route6" : "route";
    if (object_.too_large) {
      problem(std::string(attr) + " " + object_.prefix_text + ": object larger than " +
              std::to_string(kMaxRpslObjectBytes) + " bytes");
      return;
    }
    const size_t slash = object_.prefix_text.find('/');
    const auto address = IpAddress::parse(std::string_view(object_.prefix_text).substr(0, slash));
    const auto length = slash == std::string::npos
                            ? std::nullopt
                            : parse_u64(std::string_view(object_.prefix_text).substr(slash + 1));
    if (!address || !length || *length > static_cast<uint64_t>(max_length(address->afi))) {
      problem(std::string(attr) + ": '" + object_.prefix_text + "' is not a prefix");
      return;
    }
    if ((address->afi == Afi::kIpv6) != v6) {
      problem(std::string(attr) + ": '" + object_.prefix_text + "' is an IPv" + (v6 ? "4" : "6") +
              " prefix");
      return;
    }
    RouteObject route;
    route.prefix = Prefix(*address, static_cast<int>(*length));
    if (!(route.prefix.address() == *address)) {
      problem(std::string(attr) + ": '" + object_.prefix_text + "' has host bits set");
      return;
    }
    if (object_.origins == 0) {
      problem(std::string(attr) + " " + object_.prefix_text + ": no origin");
      return;
    }
    if (object_.origins > 1) {
      problem(std::string(attr) + " " + object_.prefix_text + ": more than one origin");
      return;
    }
    if (!object_.origin) {
      problem(std::string(attr) + " " + object_.prefix_text + ": origin '" + object_.origin_text +
              "' is not an AS number");
      return;
    }
    route.origin = *object_.origin;
    route.mnt_by = object_.mnt_by;
    route.source = object_.source;
    route.line = object_.line;
    on_route_(route);
  }

  const std::function<void(const RouteObject&)>& on_route_;
  const std::function<void(const RpslProblem&)>& on_problem_;
  ObjectState object_;
};

}  // namespace

Status read_rpsl_routes(ByteStream& in, const std::function<void(const RouteObject&)>& on_route,
                        const std::function<void(const RpslProblem&)>& on_problem) {
  RouteReader reader(on_route, on_problem);
  constexpr size_t kChunk = 1 << 20;
  std::vector<char> buffer(kChunk * 2);
  size_t held = 0;        // bytes of a line not yet ended, at the buffer's start
  size_t line = 1;        // of the buffer's first byte
  bool skipping = false;  // inside a line too long to hold: until its end
  while (true) {
    if (buffer.size() - held < kChunk) buffer.resize(held + kChunk);
    auto n = in.read(reinterpret_cast<uint8_t*>(buffer.data() + held), kChunk);
    if (!n) return Error{n.error()};
    const bool end = *n == 0;
    const size_t size = held + *n;
    size_t pos = 0;
    while (pos < size) {
      const char* nl = static_cast<const char*>(std::memchr(buffer.data() + pos, '\n', size - pos));
      if (!nl) break;
      const size_t len = static_cast<size_t>(nl - (buffer.data() + pos));
      if (skipping)
        skipping = false;  // the tail of an over-long line: the object is refused already
      else
        reader.line(std::string_view(buffer.data() + pos, len), line);
      ++line;
      pos += len + 1;
    }
    if (end) {
      if (pos < size && !skipping)
        reader.line(std::string_view(buffer.data() + pos, size - pos), line);
      reader.finish();
      return ok_status();
    }
    held = size - pos;
    if (held > kMaxRpslObjectBytes) {
      // One line longer than any object may be: what it belongs to is refused, the line's
      // end is looked for without keeping it.
      reader.line(std::string_view(buffer.data() + pos, kMaxRpslObjectBytes + 1), line);
      held = 0;
      skipping = true;
      continue;
    }
    std::memmove(buffer.data(), buffer.data() + pos, held);
  }
}

}  // namespace bgpsentry
