#include "agent/core/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bgpsentry {

Result<std::string> read_text_file(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{errno ? std::strerror(errno) : "cannot open"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{errno ? std::strerror(errno) : "read error"};
  return text.str();
}

}  // namespace bgpsentry
