// The data files bgpsentry.yml names (VRP exports, SLURM, CAIDA relationships) are read by
// the modules that use them (rpki/, asrel/), which sit below config's users but not below
// config. So config checks the paths and where each is written, and hands each file to the
// check registered for its field; the composition root registers the modules' loaders.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "agent/core/result.h"

namespace bgpsentry {

using DatasetCheck = std::function<Status(const std::string& path)>;
// By field as written in bgpsentry.yml: "rpki.vrpFile", "rpki.slurmFile",
// "as_relationships_file". A field without a check is only checked to be a readable file.
using DatasetChecks = std::map<std::string, DatasetCheck>;

// A check made of a module's loader (whatever returns a Result): its error, or fine.
template <typename Load>
DatasetCheck check_by_loading(Load load) {
  return [load](const std::string& path) -> Status {
    auto loaded = load(path);
    return loaded ? ok_status() : Status{Error{loaded.error()}};
  };
}

// `check` for `field` from `checks`, else whether the file can be read.
Status check_dataset(const DatasetChecks& checks, const std::string& field,
                     const std::string& path);

}  // namespace bgpsentry
