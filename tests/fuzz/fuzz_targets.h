// Fuzz entry points, callable from libFuzzer binaries and from the corpus-replay test.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bgpsentry::fuzz {

// Bytes as an (uncompressed) MRT stream through the real reader, resync included.
// Returns the number of updates decoded.
size_t mrt_stream(const uint8_t* data, size_t size);
// Bytes as one BGP message; the first byte picks the session options.
size_t bgp_message(const uint8_t* data, size_t size);
// Bytes as what the store reads back (values, dictionary entries, keys); the first byte
// picks which. Returns 1 if they decoded.
size_t stored_value(const uint8_t* data, size_t size);
// Bytes as a VRP file (JSON or CSV) or, first byte odd, a SLURM file. Returns the entries.
size_t vrp_file(const uint8_t* data, size_t size);
// Bytes as what an RTR cache sends: PDUs one after another. Returns the PDUs decoded.
size_t rtr_stream(const uint8_t* data, size_t size);
// Bytes as a CAIDA as-rel file. Returns the links parsed.
size_t as_relationships(const uint8_t* data, size_t size);
// Bytes as one RIS Live message (JSON). Returns the updates decoded.
size_t ris_message(const uint8_t* data, size_t size);
// Bytes as a prefixes.yml (BGPalerter's format). Returns the prefixes and ASNs loaded.
size_t prefixes_yaml(const uint8_t* data, size_t size);
// Bytes as what sinks read from outside; the first byte picks: a template, a syslog address,
// a Telegram answer, text quoted in a mail. Returns what was understood.
size_t sink_text(const uint8_t* data, size_t size);
// Bytes as an IRR dump in RPSL. Returns the route objects read.
size_t rpsl_routes(const uint8_t* data, size_t size);
// Bytes as an answer of Cloudflare Radar's API (hijacks, leaks, pfx2as). Returns the rows read.
size_t radar_response(const uint8_t* data, size_t size);

}  // namespace bgpsentry::fuzz
