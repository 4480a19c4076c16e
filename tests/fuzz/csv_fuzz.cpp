// libFuzzer target: arbitrary bytes as a mapped incident CSV. Checks, beyond "no crash and no
// sanitizer report", the properties ingest relies on:
//   - the records (raw text, line, flags) do not depend on how the input is cut into blocks;
//   - every record is accepted or quarantined exactly once, and a quarantined row carries its raw text.
// The first input byte picks the options (delimiter, decimal mark, time format, block size).
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/category_map.hpp"
#include "riskgrid/engine/ingest/row_convert.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"

using namespace riskgrid;

namespace {

struct Split {
  std::vector<io::CsvChunk> chunks;
  std::string error;  ///< a line over max_line_bytes: the same error whatever the block size
};

Split split(const std::string& text, const io::CsvDialect& dialect, std::size_t block) {
  std::istringstream in(text);
  io::CsvSplitter splitter(in, "fuzz.csv", dialect, block);
  Split out;
  io::CsvChunk chunk;
  try {
    while (splitter.next(chunk)) out.chunks.push_back(chunk);
  } catch (const InputError& e) {
    out.error = e.what();
  }
  return out;
}

struct Flat {
  std::string raw;
  std::uint64_t line;
  int flags;
  bool operator==(const Flat&) const = default;
};

std::vector<Flat> flatten(const Split& s) {
  std::vector<Flat> out;
  for (const auto& c : s.chunks)
    for (const auto& r : c.records) out.push_back({std::string(c.text(r)), r.line, r.flags});
  return out;
}

const catalog::CategoryCatalog& fuzz_catalog() {
  static const catalog::CategoryCatalog c = [] {
    catalog::CategoryCatalog out;
    for (const char* id : {"violent", "property", "misc"}) {
      out.categories.emplace_back();
      out.categories.back().id = id;
    }
    return out;
  }();
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  ingest::HistorySource source;
  source.delimiter = (options & 1) ? ';' : ',';
  source.decimal = (options & 2) ? ',' : '.';
  if (source.decimal == source.delimiter) source.decimal = '.';
  static const char* kFormats[] = {"iso", "us", "date", "%d/%m/%Y %I:%M %p%z"};
  source.time_format = kFormats[(options >> 2) & 3];
  source.ignore_zone = options & 16;
  source.category_map = {{"violent", {"a*", "*b*c"}, "fuzz"}, {"property", {"theft"}, "fuzz"}};
  if (options & 32) source.category_other = "misc";
  const io::CsvDialect dialect{source.delimiter, '"', 256, 1024};

  const Split whole = split(text, dialect, 1 << 16);
  const std::size_t small_block = 4 + (options >> 6) * 3;
  const Split small = split(text, dialect, small_block);
  if (whole.error != small.error) std::abort();  // a too-long line is found however the input is cut
  if (!whole.error.empty()) return 0;
  if (flatten(whole) != flatten(small)) std::abort();  // cut-independent
  if (whole.chunks.empty()) return 0;

  // The header names the columns; use the first four as time, lon or location, lat, category.
  io::CsvFields fields;
  const io::CsvChunk& first = whole.chunks.front();
  io::split_fields(first.text(first.records.front()), dialect, fields);
  ingest::Layout layout;
  layout.width = fields.size();
  for (std::size_t i = 0; i < fields.size(); ++i) layout.names.emplace_back(fields[i]);
  if (layout.width < 4) return 0;
  layout.created.column = 0;
  if (options & 128) {
    layout.location = 1;
  } else {
    layout.lon = 1;
    layout.lat = 2;
  }
  layout.category = 3;
  const ingest::CategoryMapper mapper(source, fuzz_catalog());
  const ingest::RowConverter converter(source, layout, mapper);
  std::string scratch;
  for (const io::CsvChunk& chunk : whole.chunks) {
    ingest::Converted rows;
    for (std::uint32_t i = 0; i < chunk.records.size(); ++i) converter.convert(chunk, i, fields, scratch, rows);
    if (rows.size() + rows.quarantined.size() != chunk.records.size()) std::abort();
    for (const auto& q : rows.quarantined) {
      if (q.raw.empty()) std::abort();  // records are never empty (blank lines are skipped)
      if (std::string(ingest::reason_name(q.reason)) == "unknown") std::abort();
    }
  }
  return 0;
}
