// A whole file as text (config files, VRP exports): one place for the read and its errors.
#pragma once

#include <string>

#include "agent/core/result.h"

namespace bgpsentry {

// The file's bytes; the error is strerror's text ("No such file or directory").
Result<std::string> read_text_file(const std::string& path);

}  // namespace bgpsentry
