#include "agent/sources/file_replay_sources.h"

#include "agent/config/yaml_fields.h"
#include "agent/ingest/file_replay_source.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/ris_live/ris_live_file_reader.h"
#include "agent/sources/filter_section.h"

namespace bgpsentry {
namespace {

std::any read_file_replay(const YAML::Node& section, const SectionContext& ctx,
                          ConfigErrors& errors) {
  FileReplaySettings s;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key)) continue;
    if (key == "paths") {
      for (const auto& p : read_string_list(kv.second, ctx.where(key), errors))
        s.paths.push_back(ctx.resolve(p));
    } else if (!read_filter_key(key, kv.second, ctx, s.filter, errors)) {
      ctx.unknown(kv.first, errors);
    }
  }
  if (s.paths.empty())
    errors.add(section, ctx.where("paths"), "an " + ctx.type + " source needs files or globs");
  check_filter_window(section, ctx, s.filter, errors);
  return s;
}

SourceType file_replay_type(const std::string& type, UpdateFileReaderFactory readers) {
  return {type, false, read_file_replay,
          [type, readers](const SourceConfig& config, const SourceContext& ctx) {
            const auto& settings = config.as<FileReplaySettings>();
            FileReplayOptions options;
            options.type = type;
            options.name = config.name;
            options.paths = settings.paths;
            options.filter = settings.filter;
            return BuiltSource{std::make_unique<FileReplaySource>(options, readers, ctx.queues,
                                                                  ctx.cursors, ctx.judged),
                               nullptr};
          }};
}

}  // namespace

SourceType mrt_source_type() {
  return file_replay_type("mrt", open_mrt_reader);
}

SourceType ris_live_file_source_type() {
  return file_replay_type("ris_live_file", open_ris_live_reader);
}

}  // namespace bgpsentry
