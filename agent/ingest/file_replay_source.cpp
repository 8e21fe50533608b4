#include "agent/ingest/file_replay_source.h"

#include <glob.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/read_ahead_stream.h"

namespace bgpsentry {
namespace {

constexpr int kMaxErrorsLoggedPerFile = 100;
constexpr const char* kDone = "done";

SourceStatus initial_status(const FileReplayOptions& options) {
  SourceStatus s;
  s.name = options.name;
  s.type = options.type;
  return s;
}

}  // namespace

FileReplaySource::FileReplaySource(FileReplayOptions options, UpdateFileReaderFactory readers,
                                   UpdateSinkQueues out, const CursorReader& cursors)
    : options_(std::move(options)),
      readers_(std::move(readers)),
      out_(out),
      cursors_(cursors),
      board_(initial_status(options_)) {}

FileReplaySource::~FileReplaySource() {
  stop();
}

void FileReplaySource::start() {
  thread_ = named_thread("bgps-replay", [this] { run(); });
}

void FileReplaySource::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool FileReplaySource::publish(std::vector<Update>& updates, std::optional<SourceCursor> cursor,
                               std::shared_ptr<CompletionToken> completion) {
  auto batch = std::make_shared<UpdateBatch>();
  batch->updates.swap(updates);
  batch->cursor = std::move(cursor);
  batch->completion = std::move(completion);
  const size_t n = batch->updates.size();
  const int64_t last_time = n ? batch->updates.back().time_us : 0;
  if (!out_.publish(std::move(batch))) return false;
  board_.update([&](SourceStatus& s) {
    s.updates += n;
    if (last_time) s.last_update_time_us = last_time;
  });
  return true;
}

bool FileReplaySource::replay_file(const std::string& path) {
  const std::string cursor_key = options_.type + "/" + options_.name + "/" + path;
  const auto saved = cursors_.read_cursor(cursor_key);
  if (saved && *saved == kDone) {
    spdlog::info("{} source {}: {} already replayed, skipping", options_.type, options_.name, path);
    return true;
  }
  board_.update([&](SourceStatus& s) { s.detail = path; });
  auto stream = open_byte_stream(path);
  if (!stream) {
    spdlog::error("{} source {}: {}", options_.type, options_.name, stream.error());
    board_.update([&](SourceStatus& s) {
      ++s.parse_errors;
      s.last_error = stream.error();
    });
    return true;
  }
  int logged = 0;
  // Inflating on its own thread overlaps it with decoding (bzip2 costs as much as decoding).
  const auto owned = readers_(read_ahead_stream(std::move(*stream)), path, options_.name,
                              [&](const std::string& message) {
                                if (logged++ < kMaxErrorsLoggedPerFile)
                                  spdlog::warn("{} parse error: {}", options_.type, message);
                                board_.update([&](SourceStatus& s) { s.last_error = message; });
                              });
  UpdateFileReader& reader = *owned;
  if (saved) {
    const auto parsed = parse_u64(*saved);
    if (!parsed)
      spdlog::warn("{} source {}: saved cursor '{}' for {} is unreadable; reading it whole",
                   options_.type, options_.name, *saved, path);
    const uint64_t offset = parsed.value_or(0);
    spdlog::info("{} source {}: resuming {} at offset {}", options_.type, options_.name, path,
                 offset);
    if (!reader.skip_to(offset))
      spdlog::warn("{} source {}: {} is shorter than its saved cursor {}; it changed since",
                   options_.type, options_.name, path, offset);
  }

  reader.set_time_window(options_.filter.from_s, options_.filter.to_s);
  const bool filtering = !options_.filter.empty();
  std::vector<Update> updates, record;
  updates.reserve(options_.batch_size);
  FileReadStats reported;
  auto report_progress = [&] {
    const auto& now = reader.stats();
    board_.update([&](SourceStatus& s) {
      s.records += now.records - reported.records;
      s.parse_errors += now.parse_errors - reported.parse_errors;
      s.skipped += now.skipped - reported.skipped;
      s.warnings += now.warnings - reported.warnings;
    });
    reported = now;
  };
  while (!stopping_ && reader.next(filtering ? record : updates)) {
    if (filtering) {
      for (auto& u : record)
        if (options_.filter.matches(u)) updates.push_back(std::move(u));
      record.clear();
    }
    if (updates.size() >= options_.batch_size) {
      report_progress();
      if (!publish(updates, SourceCursor{cursor_key, std::to_string(reader.offset())}))
        return false;
      updates.reserve(options_.batch_size);
    }
  }
  report_progress();
  if (stopping_) return publish(updates, SourceCursor{cursor_key, std::to_string(reader.offset())});
  if (logged > kMaxErrorsLoggedPerFile)
    spdlog::warn("{} source {}: {}: {} parse errors in all ({} logged)", options_.type,
                 options_.name, path, logged, kMaxErrorsLoggedPerFile);
  return publish(updates, SourceCursor{cursor_key, kDone});
}

void FileReplaySource::run() {
  board_.update([](SourceStatus& s) { s.state = SourceState::kRunning; });
  const auto& filter = options_.filter;
  const auto files = archive_files_in_window(archive_files_in_time_order(options_.paths),
                                             filter.from_s, filter.to_s);
  if (files.empty()) spdlog::warn("{} source {}: no files match", options_.type, options_.name);
  for (const auto& path : files) {
    if (stopping_ || !replay_file(path)) {
      board_.update([](SourceStatus& s) { s.state = SourceState::kStopped; });
      return;
    }
  }
  // FINISHED only once the store and the engine have both processed everything published.
  auto token = std::make_shared<CompletionToken>([this] {
    board_.update([](SourceStatus& s) {
      if (s.state == SourceState::kRunning) s.state = SourceState::kFinished;
    });
    spdlog::info("{} source {}: finished", options_.type, options_.name);
  });
  std::vector<Update> none;
  publish(none, std::nullopt, std::move(token));
}

}  // namespace bgpsentry
