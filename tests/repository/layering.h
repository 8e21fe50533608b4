// The floors of the house (docs/architecture.md) and the includes that break them: a file
// may include its own folder and lower floors only, so no folder includes one above it and
// no two folders include each other.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bgpsentry::test {

// Folder → floor (1 is the lowest), from the table between the markers
// "<!-- floors begin -->" and "<!-- floors end -->": rows "| N | `folder`, `folder` | ...".
// Empty when the markers are missing.
std::map<std::string, int> parse_floors(const std::string& markdown);

// Every include under `root`'s agent/, storage/ and ctl/ that breaks the floors, as
// "FILE:LINE: FOLDER (floor N) includes PATH of FOLDER (floor M)", and every file in no
// listed folder. A file belongs to the longest listed folder that holds it; "DIR/*" holds
// only the files directly in DIR (a composition root above its subfolders).
std::vector<std::string> layering_violations(const std::string& root,
                                             const std::map<std::string, int>& floors);

}  // namespace bgpsentry::test
