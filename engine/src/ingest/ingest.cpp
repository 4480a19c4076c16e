#include "riskgrid/engine/ingest/ingest.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "ingest/append_point.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/time_resolution.hpp"
#include "riskgrid/engine/ingest/category_map.hpp"
#include "riskgrid/engine/ingest/history_input.hpp"
#include "riskgrid/engine/ingest/incident_store.hpp"
#include "riskgrid/engine/ingest/point_placer.hpp"
#include "riskgrid/engine/ingest/row_convert.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "riskgrid/engine/spatial/unit_locator.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

namespace {

/// The quarantine file: line,reason,field,detail,raw, written in file order as chunks complete.
class QuarantineFile {
 public:
  /// `earlier`: the file an ingest of the rows before wrote (header included), continued here.
  explicit QuarantineFile(const std::string& path, std::string earlier = {}) {
    if (path.empty()) return;
    file_ = std::make_unique<io::AtomicFile>(path, "the quarantine file");
    buffer_ = earlier.empty() ? std::string("line,reason,field,detail,raw\n") : std::move(earlier);
  }
  void add(const Quarantined& q) {
    if (!file_) return;
    buffer_ += fmt::format("{},{},{},{},{}\n", q.line, reason_name(q.reason), io::csv_quote(q.field),
                           io::csv_quote(q.detail), io::csv_quote(q.raw));
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void commit() {
    if (!file_) return;
    flush();
    file_->commit();
  }

 private:
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  void flush() {
    file_->write(buffer_);  // throws IoError with the cause (a full disk)
    buffer_.clear();
  }
  std::unique_ptr<io::AtomicFile> file_;
  std::string buffer_;
};

/// What one chunk goes through the pipeline as.
struct Work {
  io::CsvChunk chunk;
  Converted rows;
};

/// Per-thread tools: OGR transformations are not thread-safe, scratch buffers are reused.
struct ThreadTools {
  io::CsvFields fields;
  std::string scratch;
  std::unique_ptr<PointPlacer> placer;
};

// source and department only when mapped; status is derived from closed (IncidentTable).
void append(incidents::IncidentTable& t, Converted& rows, bool source, bool department) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    t.id.push_back(std::move(rows.id[i]));
    t.created.push_back(rows.created[i]);
    t.closed.push_back(rows.closed[i]);
    t.category.push_back(rows.category[i]);
    t.grid.push_back(rows.unit[i]);
    if (source) t.source.push_back(std::move(rows.source[i]));
    if (department) t.department.push_back(std::move(rows.department[i]));
    t.lon.push_back(rows.x[i]);
    t.lat.push_back(rows.y[i]);
  }
}

// Reserves the table for the rows the file will likely give (its size over the first chunk's bytes
// a record, plus 10%): growing by doubling would hold up to three times the table at the moment of a
// copy, and pages reserved but never written cost no memory.
void reserve_rows(incidents::IncidentTable& t, const io::CsvChunk& first, std::uintmax_t file_bytes, bool source,
                  bool department) {
  if (first.records.empty() || first.bytes.empty()) return;
  const double per_record = static_cast<double>(first.bytes.size()) / static_cast<double>(first.records.size());
  const auto rows = static_cast<std::size_t>(1.1 * static_cast<double>(file_bytes) / per_record) + 16;
  t.id.reserve(rows, 12);  // a line number or a city's case number: ~8-16 characters
  t.created.reserve(rows);
  t.closed.reserve(rows);
  t.category.reserve(rows);
  t.grid.reserve(rows);
  if (source) t.source.reserve(rows);
  if (department) t.department.reserve(rows);
  t.lon.reserve(rows);
  t.lat.reserve(rows);
}

/// The longest header line taken: a real header is a few hundred bytes; a longer first line is most
/// likely not the file meant (a binary, a JSON document), and would be quoted in messages.
constexpr std::size_t kMaxHeaderBytes = std::size_t{64} << 10;

/// The header's fields, checked: valid CSV, UTF-8, not absurdly long.
io::CsvFields header_fields(const io::CsvChunk& chunk, const HistorySource& source) {
  const io::CsvSpan& header = chunk.records.front();
  if (header.end - header.begin > kMaxHeaderBytes)
    throw InputError(fmt::format("{}:{}: the header line is {} bytes long (at most {}): is this the history file?",
                                 source.label(), header.line, header.end - header.begin, kMaxHeaderBytes));
  if (header.flags != 0 || !io::valid_utf8(chunk.text(header)))
    throw InputError(fmt::format("{}:{}: the header line is not valid CSV in UTF-8", source.label(), header.line));
  io::CsvFields fields;
  io::split_fields(chunk.text(header), {source.delimiter, '"', 0}, fields);
  return fields;
}

class Ingest {
 public:
  Ingest(const HistorySource& s, const spatial::District& d, const catalog::CategoryCatalog& c, const IngestOptions& o)
      : source_(s), district_(d), options_(o), mapper_(s, c), locator_(d) {}

  IngestResult run(std::istream& in, std::uintmax_t bytes, const std::string& quarantine_path) {
    io::CsvSplitter splitter(in, source_.label(), dialect(), options_.chunk_bytes);
    auto first = std::make_shared<Work>();
    if (!splitter.next(first->chunk))
      throw InputError(fmt::format("{}: the file is empty (expected a header line)", source_.label()));
    read_header(first->chunk);
    IngestResult result;
    reserve_rows(result.table, first->chunk, bytes, !source_.source.empty(), !source_.department.empty());
    first->chunk.records.erase(first->chunk.records.begin());
    QuarantineFile quarantine(quarantine_path);
    run_pipeline(splitter, first, quarantine, result);
    return result;
  }

  /// The rows after `point` in the file `in` reads, appended to `earlier` (the store of the rows
  /// before it); the quarantine file continues `earlier_quarantine`.
  IngestResult run_from(std::istream& in, const AppendPoint& point, IngestResult earlier,
                        std::string earlier_quarantine, const std::string& quarantine_path) {
    io::CsvSplitter head(in, source_.label(), dialect(), std::size_t{1} << 16);
    io::CsvChunk chunk;
    if (!head.next(chunk)) throw InputError(fmt::format("{}: the file lost its header line", source_.label()));
    read_header(chunk);
    in.clear();
    in.seekg(static_cast<std::streamoff>(point.bytes));
    io::CsvSplitter splitter(in, source_.label(), dialect(), options_.chunk_bytes);
    splitter.resume_at_line(point.next_line);
    QuarantineFile quarantine(quarantine_path, std::move(earlier_quarantine));
    earlier.summary.read_before = earlier.summary.read;
    run_pipeline(splitter, nullptr, quarantine, earlier);
    bytes_read_ += point.bytes;
    return earlier;
  }

  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t next_line() const { return next_line_; }

 private:
  io::CsvDialect dialect() const { return {source_.delimiter, '"', io::CsvDialect{}.max_record_bytes}; }

  void run_pipeline(io::CsvSplitter& splitter, std::shared_ptr<Work> first, QuarantineFile& quarantine,
                    IngestResult& result) {
    const int threads = options_.threads > 0 ? options_.threads : tbb::info::default_concurrency();
    tbb::task_arena arena(threads);
    arena.execute([&] { pipeline(splitter, std::move(first), quarantine, result, threads); });
    quarantine.commit();
    result.summary.accepted = result.table.size();
    bytes_read_ = splitter.bytes_read();
    next_line_ = splitter.line();
  }

  void read_header(const io::CsvChunk& chunk) {
    const io::CsvFields fields = header_fields(chunk, source_);
    layout_ = resolve_layout(source_, fields);
    converter_ = std::make_unique<RowConverter>(source_, layout_, mapper_);
  }

  void convert(Work& work, ThreadTools& tools) {
    work.rows.clear();
    for (std::uint32_t i = 0; i < work.chunk.records.size(); ++i)
      converter_->convert(work.chunk, i, tools.fields, tools.scratch, work.rows);
    if (!tools.placer) tools.placer = std::make_unique<PointPlacer>(source_.crs, district_.projection, locator_);
    tools.placer->place(work.chunk, work.rows);
  }

  void pipeline(io::CsvSplitter& splitter, std::shared_ptr<Work> first, QuarantineFile& quarantine,
                IngestResult& result, int threads) {
    tbb::enumerable_thread_specific<ThreadTools> tools;
    IngestSummary& summary = result.summary;
    tbb::parallel_pipeline(
        static_cast<std::size_t>(2 * threads),
        tbb::make_filter<void, std::shared_ptr<Work>>(tbb::filter_mode::serial_in_order,
                                                      [&](tbb::flow_control& flow) -> std::shared_ptr<Work> {
                                                        if (first) return std::exchange(first, nullptr);
                                                        auto work = std::make_shared<Work>();
                                                        if (!splitter.next(work->chunk)) {
                                                          flow.stop();
                                                          return nullptr;
                                                        }
                                                        return work;
                                                      }) &
            tbb::make_filter<std::shared_ptr<Work>, std::shared_ptr<Work>>(tbb::filter_mode::parallel,
                                                                           [&](std::shared_ptr<Work> work) {
                                                                             convert(*work, tools.local());
                                                                             return work;
                                                                           }) &
            tbb::make_filter<std::shared_ptr<Work>, void>(
                tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<Work>& work) {
                  summary.read += work->chunk.records.size();
                  summary.closed_before_created += work->rows.closed_before_created;
                  for (const Quarantined& q : work->rows.quarantined) {
                    ++summary.quarantined[q.reason];
                    quarantine.add(q);
                  }
                  append(result.table, work->rows, !source_.source.empty(), !source_.department.empty());
                }));
  }

  const HistorySource& source_;
  const spatial::District& district_;
  const IngestOptions& options_;
  CategoryMapper mapper_;
  spatial::UnitLocator locator_;
  Layout layout_;
  std::unique_ptr<RowConverter> converter_;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t next_line_ = 0;
};

std::string side_file(const std::string& store) {  // the store's quarantine rows
  return fs::path(store).replace_extension(".quarantine.csv").string();
}

void copy_file(const std::string& from, const std::string& to) {
  if (to.empty() || from == to) return;
  io::copy_file(from, to, "the quarantine file");
}

/// What an ingest of the file's first rows left: its store (table included) and quarantine file, when
/// the file has only grown since (the lineage's append point still holds); nullopt otherwise.
struct Earlier {
  AppendPoint point;
  IngestResult result;
  std::string quarantine;
};
std::optional<Earlier> earlier_ingest(const std::string& point_path, const std::string& cache_dir,
                                      const std::string& file) {
  std::optional<AppendPoint> point = read_append_point(point_path);
  if (!point || !extends(file, *point)) return std::nullopt;
  const std::string store = store_path(cache_dir, point->key);
  std::optional<IngestResult> stored = read_incident_store(store, point->key);
  std::ifstream side(side_file(store), std::ios::binary);
  if (!stored || !side) return std::nullopt;
  std::string quarantine{std::istreambuf_iterator<char>(side), std::istreambuf_iterator<char>()};
  stored->summary.from_cache = false;
  return Earlier{*point, std::move(*stored), std::move(quarantine)};
}

/// Ingests the file: only its new rows when an earlier ingest of its first rows is at hand.
IngestResult ingest_rows(Ingest& ingest, HistoryInput& input, const std::string& point_path,
                         const std::string& cache_dir, const std::string& quarantine_path,
                         std::optional<AppendPoint>& resumed) {
  if (!point_path.empty()) {
    if (std::optional<Earlier> earlier = earlier_ingest(point_path, cache_dir, input.source.path)) {
      resumed = earlier->point;
      return ingest.run_from(*input.stream, earlier->point, std::move(earlier->result), std::move(earlier->quarantine),
                             quarantine_path);
    }
  }
  return ingest.run(*input.stream, input.bytes, quarantine_path);
}

/// Records where this ingest stopped, so that tomorrow's appended rows are read alone, and removes
/// the store it superseded (its file no longer exists as it was).
void advance_append_point(const std::string& point_path, const std::string& cache_dir, const Ingest& ingest,
                          const HistoryInput& input, const IngestResult& result,
                          const std::optional<AppendPoint>& resumed) {
  if (point_path.empty()) return;
  if (ingest.bytes_read() != input.bytes) return;  // the file changed while read: no point to trust
  write_append_point(point_path, {result.key, input.sha256, ingest.bytes_read(), ingest.next_line()});
  if (!resumed || resumed->key == result.key) return;
  const std::string old = store_path(cache_dir, resumed->key);
  std::error_code ec;
  fs::remove(old, ec);
  fs::remove(side_file(old), ec);
}

}  // namespace

void check_mapping(const HistorySource& given, const catalog::CategoryCatalog& catalog) {
  const CategoryMapper mapper(given, catalog);
  HistoryInput input = open_history(given);
  const HistorySource& source = input.source;
  io::CsvSplitter splitter(*input.stream, source.label(), {source.delimiter, '"', io::CsvDialect{}.max_record_bytes},
                           std::size_t{1} << 16);
  io::CsvChunk chunk;
  if (!splitter.next(chunk))
    throw InputError(fmt::format("{}: the file is empty (expected a header line)", source.label()));
  const io::CsvFields header = header_fields(chunk, source);
  resolve_layout(source, header);
  for (const StageColumns& stage : source.stages) {  // calibrate's stage columns must exist too
    HistorySource with_stage = source;
    with_stage.closed = stage.time;
    resolve_layout(with_stage, header);
  }
}

void check_bad_fraction(const IngestSummary& s, double max_bad_fraction, const std::string& quarantine_csv) {
  const std::uint64_t bad = s.quarantined_total();
  if (s.read == 0 || static_cast<double>(bad) <= max_bad_fraction * static_cast<double>(s.read)) return;
  std::string counts;
  for (const auto& [reason, n] : s.quarantined)
    if (n > 0) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", reason_name(reason), n);
  throw InputError(fmt::format(
      "{}: {} of {} rows ({:.1f}%) could not be used, more than max_bad_fraction {} allows ({}){}", s.source, bad,
      s.read, 100.0 * static_cast<double>(bad) / static_cast<double>(s.read), max_bad_fraction, counts,
      quarantine_csv.empty() ? "" : fmt::format("; the rows are in {}", quarantine_csv)));
}

IngestResult ingest_history(const HistorySource& source, const spatial::District& district,
                            const catalog::CategoryCatalog& catalog, const IngestOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const double max_bad = options.max_bad_fraction.value_or(source.max_bad_fraction.value_or(kDefaultMaxBadFraction));
  const CategoryMapper mapping(source, catalog);  // a wrong catalog id fails before any reading
  HistoryInput input = open_history(source);
  const std::string sha = input.sha256;
  const std::string key = store_key(sha, source, district, catalog);
  const std::string store = options.cache_dir.empty() ? std::string() : store_path(options.cache_dir, key);
  io::remove_stale_temporaries(options.cache_dir);  // what an ingest killed mid-write left
  if (!store.empty() && fs::exists(side_file(store))) {
    if (auto cached = read_incident_store(store, key, options.load_table)) {
      copy_file(side_file(store), options.quarantine_csv);
      cached->summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      cached->store = store;
      check_bad_fraction(cached->summary, max_bad, options.quarantine_csv);
      return std::move(*cached);
    }
  }
  const std::string quarantine_path =
      !options.quarantine_csv.empty() ? options.quarantine_csv : (store.empty() ? "" : side_file(store));
  const std::string point_path =
      store.empty() || !input.plain_file ? "" : append_point_path(options.cache_dir, source, district, catalog);
  Ingest ingest(input.source, district, catalog, options);
  std::optional<AppendPoint> resumed;
  IngestResult result = ingest_rows(ingest, input, point_path, options.cache_dir, quarantine_path, resumed);
  result.summary.source = source.label();
  result.summary.time_resolution = incidents::describe_resolution(incidents::detect_resolution(result.table.created));
  result.summary.source_sha256 = sha;
  result.key = key;
  result.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!store.empty()) {
    write_incident_store(store, result, district, catalog);
    if (quarantine_path != side_file(store)) copy_file(quarantine_path, side_file(store));
    result.store = store;
    advance_append_point(point_path, options.cache_dir, ingest, input, result, resumed);
  }
  check_bad_fraction(result.summary, max_bad, options.quarantine_csv);
  return result;
}

}  // namespace riskgrid::ingest
