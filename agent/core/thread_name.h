#pragma once

#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace bgpsentry {

// Names the calling thread as `top -H`, `ps -L` and perf show it (Linux keeps 15
// characters; longer names are cut). Operators see which stage is busy without a debugger.
void name_this_thread(std::string_view name);

// A thread that names itself `name`, then runs `fn`: how the daemon starts its threads.
template <typename Fn>
std::thread named_thread(std::string_view name, Fn&& fn) {
  return std::thread([name = std::string(name), fn = std::forward<Fn>(fn)]() mutable {
    name_this_thread(name);
    fn();
  });
}

}  // namespace bgpsentry
