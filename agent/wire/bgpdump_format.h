// bgpdump's one-line output (`bgpdump -m` / `-M`), the format operators' scripts parse.
#pragma once

#include <span>
#include <string>

#include "agent/core/update.h"
#include "agent/decode/mrt_record.h"

namespace bgpsentry::wire {

enum class BgpdumpStyle {
  kMachine,  // -m: Unix timestamps, every field
  kHuman,    // -M: "MM/DD/YY HH:MM:SS", lines end after the ORIGIN field
};

// Appends one line per update of one MRT record (as bgpdump prints it) to `out`. The
// record's header gives the line's type label and the timestamp's form.
//
// Where bgpdump is wrong this prints what the record holds: host bits are masked,
// deprecated type 5 (BGP) lines keep the community field and show the withdrawn prefix
// (bgpdump prints the peer address there), ADD-PATH identifiers found under a plain
// subtype are shown as such. docs/mrt.md lists the differences.
void append_bgpdump_lines(const MrtHeader& header, std::span<const Update> updates,
                          BgpdumpStyle style, std::string& out);

}  // namespace bgpsentry::wire
