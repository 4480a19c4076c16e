#pragma once
// The `history:` block of a district file that maps a city's own CSV export onto riskgrid's incidents
// (docs/ingest.md): which file, how it is written (delimiter, decimal mark, time format, CRS) and which
// columns hold what, plus how raw categories map onto the catalog.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::ingest {

/// A column named in the district file, with where it was named (for "no such column" messages).
struct ColumnRef {
  std::string name;   ///< raw header name; empty = not mapped
  std::string where;  ///< "file:line:col"
  bool empty() const { return name.empty(); }
};

/// A time: one column, or separate year/month/day[/hour/minute/second] columns.
struct TimeColumns {
  ColumnRef column;
  ColumnRef year, month, day, hour, minute, second;
  bool empty() const { return column.empty() && year.empty(); }
  bool split() const { return !year.empty(); }
};

/// Raw values that map onto one catalog id (case-insensitive, trimmed; `*` matches any run of text).
struct CategoryRule {
  std::string category;
  std::vector<std::string> patterns;
  std::string where;
};

/// A named stage time of a case (`history.stages:`, e.g. dispatch, on_scene): not ingested, read by
/// `riskgrid calibrate` for the time between stages (docs/calibration.md).
struct StageColumns {
  std::string name;
  TimeColumns time;
};

/// What holds the rows (docs/ingest.md, "Formats"): CSV goes through the fast reader (plain, .gz or a
/// member of a .zip); every other table is read through GDAL/OGR and handed to it as CSV text.
enum class HistoryFormat { csv, xlsx, ods, gpkg, shapefile, geojson, postgresql };

/// "csv", "xlsx", ... as written in `format:`.
std::string_view format_name(HistoryFormat format);

struct HistorySource {
  std::string path;  ///< absolute; empty for a PostgreSQL source
  HistoryFormat format = HistoryFormat::csv;
  std::string layer;       ///< the sheet (xlsx, ods), layer or table to read; empty = the first
  std::string sql;         ///< a query in place of `layer` (postgresql, gpkg)
  std::string connection;  ///< PostgreSQL connection string without a password; empty = libpq's environment
  std::string member;      ///< the CSV inside a .zip; empty = its only CSV
  bool geometry = false;   ///< the location is the feature's geometry (GIS layers with no coordinate columns)
  char delimiter = ',';
  char decimal = '.';
  std::string time_format = "iso";  ///< iso | us | date | a strptime-like pattern
  bool ignore_zone = false;
  std::string crs = "EPSG:4326";
  std::int32_t utc_offset_seconds = 0;  ///< the district's local civil time (set from utc_offset)

  TimeColumns created, closed;
  ColumnRef id, lon, lat, x, y, location, category, source, department;
  std::vector<StageColumns> stages;  ///< in the order written; used by calibrate only

  std::vector<CategoryRule> category_map;
  std::string category_other;  ///< catch-all catalog id; empty = unmatched rows are quarantined
  std::string category_fixed;  ///< every row gets this catalog id
  std::string categories_where;
  std::optional<double> max_bad_fraction;  ///< default 0.25

  std::string where;  ///< "file:line:col" of the history: key, for messages
  std::string text;   ///< the block as YAML (paths resolved), hashed into the incident store's key

  /// What messages and results call the source: the path, or "postgresql:<table or query>" (never a
  /// password: the connection string holds none).
  std::string label() const;
};

/// The column names of a feature's geometry when it is the location (HistorySource::geometry).
inline constexpr std::string_view kGeometryLon = "geometry.x";
inline constexpr std::string_view kGeometryLat = "geometry.y";

/// True for a `history:` block with `columns:` (a mapped city export); without it the history is
/// riskgrid's own CSV format (incidents/history_csv.hpp).
bool is_mapped_source(const io::Fields& history);

/// Reads and validates a mapped history block. `dir` resolves relative paths; `data_dir` replaces
/// `${data}`. Throws ScenarioError "file:line:col: history.key: expected ...".
HistorySource parse_history_source(const io::Fields& history, const std::string& dir, const std::string& data_dir);

/// "+05:30", "-06:00", "Z", "+0000" -> seconds east of UTC; nullopt when not an offset.
std::optional<std::int32_t> parse_utc_offset(std::string_view text);

/// Replaces `${data}` by `data_dir` and resolves the result against `dir` (unless absolute).
/// Throws ScenarioError (naming `where`) when `${data}` is used but no data folder is known, or when
/// the text holds another `${...}` variable.
std::string expand_data_path(const std::string& text, const std::string& dir, const std::string& data_dir,
                             const std::string& where);

}  // namespace riskgrid::ingest
