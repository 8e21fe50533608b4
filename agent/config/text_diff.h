// A unified diff of two texts by lines (`diff -u`'s format, 3 lines of context), for
// config revisions.
#pragma once

#include <string>

namespace bgpsentry {

// Empty when the texts are equal. `from`/`to` name the two sides in the header.
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from, const std::string& to);

}  // namespace bgpsentry
