// The files of an MRT archive (RIS, RouteViews) in time order: their names carry the time
// ("updates.20080224.1839.bz2", "bview.20000111.0032.gz", "rib.20080224.1800.bz2").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bgpsentry {

// Unix seconds from the "YYYYMMDD.HHMM" in a file name, if it has one.
std::optional<int64_t> archive_file_time(const std::string& path);

// Expands globs and directories (recursively) and orders the files by the time in their
// names, then by name. Hidden files are left out of directories.
std::vector<std::string> archive_files_in_time_order(const std::vector<std::string>& patterns);

// Keeps the files that can hold updates within [from, to]: a file holds the updates from
// its name's time until the next file's. Files without a time in their name are kept.
std::vector<std::string> archive_files_in_window(const std::vector<std::string>& ordered,
                                                 std::optional<int64_t> from,
                                                 std::optional<int64_t> to);

}  // namespace bgpsentry
