#pragma once

#include <string_view>

namespace bgpsentry {

// Names the calling thread as `top -H`, `ps -L` and perf show it (Linux keeps 15
// characters; longer names are cut). Operators see which stage is busy without a debugger.
void name_this_thread(std::string_view name);

}  // namespace bgpsentry
