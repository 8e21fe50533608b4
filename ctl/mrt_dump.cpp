// bgpctl mrt dump [-m|-M] [-o json] [--ris-live] [filters] FILE...: reads MRT files offline (no
// daemon), like bgpdump, with BGPStream's filters.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "agent/core/update_filter.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/read_ahead_stream.h"
#include "agent/wire/bgpdump_format.h"
#include "agent/wire/proto_convert.h"
#include "agent/wire/ris_message_writer.h"
#include "ctl/arguments.h"
#include "ctl/commands.h"
#include "ctl/ordered_output.h"

namespace bgpctl {
namespace {

struct DumpArgs {
  std::vector<std::string> files;
  bool machine = false;  // -m, the default
  bool human = false;    // -M
  std::vector<std::string> prefixes;
  bool more_specific = false, less_specific = false;
  std::vector<uint32_t> peer_asns, origins;
  std::string types, from, to;
  bool verbose = false;
  bool ris_live = false;  // RIS Live JSON messages, one per line
  std::string host = "mrt";
};

constexpr size_t kChunkBytes = 1 << 20;

// Decodes one file and emits its lines; damage is reported on stderr and counted.
struct FileResult {
  bool opened = true;
  uint64_t errors = 0;
};

FileResult dump_file(const std::string& path, const DumpArgs& args,
                     const bgpsentry::UpdateFilter& filter, bool json, bool read_ahead,
                     const OrderedOutput::Emit& emit, std::mutex& stderr_mu) {
  using namespace bgpsentry;
  auto say = [&](const std::string& line) {
    std::lock_guard lock(stderr_mu);
    std::fprintf(stderr, "bgpctl: %s\n", line.c_str());
  };
  auto stream = open_byte_stream(path);
  if (!stream) {
    say(stream.error());
    return {false, 0};
  }
  if (read_ahead && path != "-") *stream = read_ahead_stream(std::move(*stream));
  MrtFileReader reader(std::move(*stream), path, path, say,
                       args.verbose ? MrtFileReader::Reporter(say) : nullptr);
  reader.set_time_window(filter.from_s, filter.to_s);
  const auto style = args.human ? wire::BgpdumpStyle::kHuman : wire::BgpdumpStyle::kMachine;
  std::vector<Update> updates, kept;
  uint64_t messages = 0;
  std::string out;
  out.reserve(kChunkBytes + 4096);
  while (true) {
    updates.clear();
    if (!reader.next(updates)) break;
    const MrtHeader& header = reader.record_header();
    std::span<const Update> lines = updates;
    if (!filter.empty()) {
      kept.clear();
      for (auto& u : updates)
        if (filter.matches(u)) kept.push_back(std::move(u));
      lines = kept;
    }
    if (args.ris_live) {
      wire::for_each_ris_message(lines, [&](std::span<const Update> message) {
        wire::append_ris_message(message, args.host, ++messages, out);
        out += '\n';
      });
    } else if (json) {
      for (const auto& u : lines) {
        out += wire::to_json(wire::to_proto(u));
        out += '\n';
      }
    } else {
      wire::append_bgpdump_lines(header, lines, style, out);
    }
    if (out.size() >= kChunkBytes) {
      emit(std::move(out));
      out = std::string();
      out.reserve(kChunkBytes + 4096);
    }
  }
  emit(std::move(out));
  return {true, reader.stats().parse_errors};
}

int run_dump(const Options& options, const DumpArgs& args) {
  using namespace bgpsentry;
  UpdateFilter filter;
  for (const auto& text : args.prefixes) {
    auto p = Prefix::parse(text);
    if (!p) {
      std::fprintf(stderr, "bgpctl: --prefix '%s' is not a prefix\n", text.c_str());
      return kExitUsage;
    }
    filter.prefixes.push_back(*p);
  }
  filter.more_specific = args.more_specific;
  filter.less_specific = args.less_specific;
  filter.peer_asns = args.peer_asns;
  filter.origins = args.origins;
  if (!args.types.empty()) {
    auto kinds = parse_update_kinds(args.types);
    if (!kinds) {
      std::fprintf(stderr, "bgpctl: --type: %s\n", kinds.error().c_str());
      return kExitUsage;
    }
    filter.kinds = *kinds;
  }
  for (auto [text, bound] : {std::pair{&args.from, &filter.from_s}, {&args.to, &filter.to_s}}) {
    if (text->empty()) continue;
    *bound = time_argument(*text);
    if (!*bound) return kExitUsage;
  }

  if (options.output == "yaml") {
    std::fprintf(stderr, "bgpctl: mrt dump: -o json, or bgpdump's -m / -M lines (no yaml)\n");
    return kExitUsage;
  }
  // Directories are archives: their files in time order. Files named on the command line
  // keep the order given, as bgpdump's users expect.
  std::vector<std::string> files;
  for (const auto& arg : args.files) {
    std::error_code ec;
    if (arg != "-" && std::filesystem::is_directory(arg, ec)) {
      for (auto& f :
           archive_files_in_window(archive_files_in_time_order({arg}), filter.from_s, filter.to_s))
        files.push_back(std::move(f));
    } else {
      files.push_back(arg);
    }
  }
  std::vector<FileResult> results(files.size());
  std::mutex stderr_mu;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  // With fewer files than cores, spare cores decompress ahead of the decoders.
  const bool read_ahead = files.size() < cores;
  OrderedOutput output(files.size(), cores, stdout);
  const bool written = output.run([&](size_t i, const OrderedOutput::Emit& emit) {
    results[i] =
        dump_file(files[i], args, filter, options.output == "json", read_ahead, emit, stderr_mu);
  });
  if (!written) {
    std::fprintf(stderr, "bgpctl: writing the output failed\n");
    return kExitFailure;
  }
  int rc = kExitOk;
  for (const auto& r : results) {
    if (!r.opened) return kExitNoInput;
    if (r.errors) rc = kExitDataErr;
  }
  return rc;
}

}  // namespace

void add_mrt_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* mrt = app.add_subcommand("mrt", "read MRT archives offline (no daemon needed)");
  mrt->require_subcommand(1);
  auto args = std::make_shared<DumpArgs>();
  auto* dump = mrt->add_subcommand(
      "dump",
      "print every update of MRT files (gzip, bzip2, plain, - for stdin): bgpdump's one-line "
      "format by default, -o json for one normalized update per line");
  dump->add_option("files", args->files,
                   "MRT files, printed in the order given; a directory stands for the archive "
                   "files under it, in the time order of their names")
      ->required();
  auto* machine = dump->add_flag("-m", args->machine,
                                 "bgpdump -m: one line per entry, Unix timestamps "
                                 "(the default)");
  dump->add_flag("-M", args->human,
                 "bgpdump -M: one line per entry, human-readable timestamps, fewer fields")
      ->excludes(machine);
  dump->add_option("--prefix", args->prefixes, "only this prefix (repeatable)");
  dump->add_flag("--more-specific", args->more_specific,
                 "with --prefix: also its more-specific prefixes");
  dump->add_flag("--less-specific", args->less_specific,
                 "with --prefix: also its less-specific (covering) prefixes");
  dump->add_option("--peer-asn", args->peer_asns, "only updates from this peer AS (repeatable)");
  dump->add_option("--origin", args->origins,
                   "only announcements originated by this AS (repeatable)");
  dump->add_option("--type", args->types,
                   "a (announcements and RIB entries), w (withdrawals), s (peer state); "
                   "letters combine: aw");
  dump->add_option("--from", args->from, "start time (UTC), inclusive");
  dump->add_option("--to", args->to, "end time (UTC), inclusive");
  dump->add_flag("--ris-live", args->ris_live,
                 "print RIS Live JSON messages, one per line (one per BGP message), as a "
                 "ris_live_file source and the RIS Live replay server read them")
      ->excludes(machine);
  dump->add_option("--host", args->host, "with --ris-live: the collector name in the messages")
      ->capture_default_str();
  dump->add_flag("-v,--verbose", args->verbose,
                 "also report repaired records and skipped record types (damaged records are "
                 "always reported)");
  dump->callback([&options, &exit_code, args] { exit_code = run_dump(options, *args); });
}

}  // namespace bgpctl
