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
                                   UpdateSinkQueues out, const CursorReader& cursors,
                                   const CursorReader* judged)
    : options_(std::move(options)),
      readers_(std::move(readers)),
      out_(out),
      cursors_(cursors),
      judged_(judged),
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
                               std::shared_ptr<CompletionToken> completion, Route route) {
  auto batch = std::make_shared<UpdateBatch>();
  batch->updates.swap(updates);
  batch->cursor = std::move(cursor);
  batch->completion = std::move(completion);
  batch->table_only = !route.judge;
  const size_t n = batch->updates.size();
  const int64_t last_time = n ? batch->updates.back().time_us : 0;
  if (!out_.publish(std::move(batch), route.store, route.engine)) return false;
  board_.update([&](SourceStatus& s) {
    s.updates += n;
    if (last_time) s.last_update_time_us = last_time;
  });
  return true;
}

namespace {

// How far into a file a consumer is, by its cursor: 0 none of it, kWhole all of it.
constexpr uint64_t kWhole = UINT64_MAX;
uint64_t position_of(const std::optional<std::string>& cursor, const std::string& what) {
  if (!cursor) return 0;
  if (*cursor == kDone) return kWhole;
  const auto offset = parse_u64(*cursor);
  if (!offset) spdlog::warn("{} cursor '{}' is unreadable; reading the file whole", what, *cursor);
  return offset.value_or(0);
}

}  // namespace

bool FileReplaySource::replay_file(const std::string& path) {
  const std::string cursor_key = options_.type + "/" + options_.name + "/" + path;
  // The store and the engine each resume where they are: after a crash one may be ahead
  // (the engine outruns the store; a stalled engine falls behind it). What the store has
  // goes to the engine only; what the engine judged goes to the store, and to the engine's
  // route table only: nothing is stored twice, nothing judged twice, the table is current.
  const uint64_t stored = position_of(cursors_.read_cursor(cursor_key), "stored");
  const uint64_t judged =
      judged_ ? position_of(judged_->read_cursor(cursor_key), "judged") : stored;
  if (stored == kWhole && judged == kWhole) {
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
  if (const uint64_t start = std::min(stored, judged); start > 0) {
    spdlog::info("{} source {}: resuming {} at offset {}", options_.type, options_.name, path,
                 start);
    if (stored != judged)
      spdlog::info("{} source {}: {}: stored to {}, judged to {}; up to the other, to the {} only",
                   options_.type, options_.name, path,
                   stored == kWhole ? "the end" : std::to_string(stored),
                   judged == kWhole ? "the end" : std::to_string(judged),
                   stored < judged ? "store (and the engine's route table)" : "engine");
    if (!reader.skip_to(start))
      spdlog::warn("{} source {}: {} is shorter than its saved cursor {}; it changed since",
                   options_.type, options_.name, path, start);
  }
  // Where the next record goes: a cursor is the end of a record, so a record lies wholly on
  // one side of each consumer's position.
  auto route_at = [&](uint64_t offset) {
    return Route{offset >= stored, offset >= stored || offset >= judged, offset >= judged};
  };
  Route route = route_at(reader.offset());

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
  auto cursor_here = [&] { return SourceCursor{cursor_key, std::to_string(reader.offset())}; };
  for (;;) {
    if (const Route next = route_at(reader.offset()); next != route) {
      if (!publish(updates, cursor_here(), nullptr, route)) return false;
      route = next;
    }
    if (stopping_ || !reader.next(filtering ? record : updates)) break;
    if (filtering) {
      for (auto& u : record)
        if (options_.filter.matches(u)) updates.push_back(std::move(u));
      record.clear();
    }
    if (updates.size() >= options_.batch_size) {
      report_progress();
      if (!publish(updates, cursor_here(), nullptr, route)) return false;
      updates.reserve(options_.batch_size);
    }
  }
  report_progress();
  if (stopping_) return publish(updates, cursor_here(), nullptr, route);
  if (logged > kMaxErrorsLoggedPerFile)
    spdlog::warn("{} source {}: {}: {} parse errors in all ({} logged)", options_.type,
                 options_.name, path, logged, kMaxErrorsLoggedPerFile);
  return publish(updates, SourceCursor{cursor_key, kDone}, nullptr, route);
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
