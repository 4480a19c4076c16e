#pragma once
// One CSV record of a mapped history to an incident candidate (times, category, raw coordinates) or a
// quarantine entry. Pure and thread-safe given a Scratch per thread: ingest runs it on many chunks at
// once, and the fuzz target runs it on arbitrary bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/ingest/category_map.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"
#include "riskgrid/engine/ingest/ingest_summary.hpp"
#include "riskgrid/engine/ingest/time_parse.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::ingest {

inline constexpr int kNoColumn = -1;

/// Positions of the mapped columns in the header (kNoColumn when not mapped).
struct Layout {
  std::size_t width = 0;
  int id = kNoColumn, lon = kNoColumn, lat = kNoColumn, location = kNoColumn, category = kNoColumn;
  int source = kNoColumn, department = kNoColumn;
  struct Time {
    int column = kNoColumn, year = kNoColumn, month = kNoColumn, day = kNoColumn, hour = kNoColumn, minute = kNoColumn,
        second = kNoColumn;
  } created, closed;
  std::vector<std::string> names;  ///< the header
};

/// Finds every mapped column in `header`. Throws ScenarioError "district.yaml:l:c: history column
/// 'Foo' is not in the header of x.csv (did you mean 'foo'?)".
Layout resolve_layout(const HistorySource& source, const io::CsvFields& header);

struct Quarantined {
  std::uint64_t line = 0;
  QuarantineReason reason{};
  std::string field;   ///< the raw column name, empty for whole-row problems
  std::string detail;  ///< what was expected and what was there
  std::string raw;     ///< the record's text
};

/// Accepted rows before location (columns), and the rows quarantined so far, of one chunk.
struct Converted {
  std::vector<std::uint64_t> line;
  std::vector<std::uint32_t> span;  ///< index of the record in its chunk (for the raw text)
  std::vector<time::Seconds> created, closed;
  std::vector<std::uint16_t> category;
  std::vector<double> x, y;         ///< lon/lat or x/y in the source CRS (axis order lon, lat)
  std::vector<std::uint32_t> unit;  ///< filled when the points are placed
  std::vector<std::string> id, source, department;
  std::vector<Quarantined> quarantined;
  std::uint64_t closed_before_created = 0;

  std::size_t size() const { return created.size(); }
  void clear();
  /// Drops the accepted rows whose `keep` is 0 (quarantined by a later step), keeping the order.
  void compact(const std::vector<std::uint8_t>& keep);
};

class RowConverter {
 public:
  RowConverter(const HistorySource& source, const Layout& layout, const CategoryMapper& categories);

  /// Converts record `index` of `chunk`, appending to `out`. `fields` is scratch storage.
  void convert(const io::CsvChunk& chunk, std::uint32_t index, io::CsvFields& fields, std::string& scratch,
               Converted& out) const;

 private:
  bool read_time(const Layout::Time& at, const io::CsvFields& f, time::Seconds& out, std::string& problem_field,
                 std::string& detail) const;
  bool read_point(const io::CsvFields& f, double& x, double& y, QuarantineReason& reason, std::string& field,
                  std::string& detail) const;

  const HistorySource& source_;
  const Layout& layout_;
  const CategoryMapper& categories_;
  TimeParser time_;
  io::CsvDialect dialect_;
};

/// True for the texts cities write for "no value": empty, NA, N/A, NaN, null, None (any case).
bool is_missing_marker(std::string_view text);

}  // namespace riskgrid::ingest
