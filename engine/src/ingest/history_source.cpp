#include "riskgrid/engine/ingest/history_source.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/time_parse.hpp"
#include "riskgrid/engine/io/input_file.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

bool is_mapped_source(const io::Fields& history) { return history.has("columns"); }

namespace {
constexpr std::array<std::string_view, 7> kFormatNames = {"csv",       "xlsx",    "ods",       "gpkg",
                                                          "shapefile", "geojson", "postgresql"};
}

std::string_view format_name(HistoryFormat format) { return kFormatNames.at(static_cast<std::size_t>(format)); }

std::string HistorySource::label() const {
  if (format != HistoryFormat::postgresql) return path;
  return fmt::format("postgresql:{}", sql.empty() ? layer : sql);
}

std::optional<std::int32_t> parse_utc_offset(std::string_view t) {
  if (t == "Z" || t == "z") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  const int sign = t[0] == '-' ? -1 : 1;
  t.remove_prefix(1);
  auto digits2 = [](std::string_view s) -> int {
    if (s.size() < 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
  };
  const int h = digits2(t);
  if (h < 0 || h > 18) return std::nullopt;
  t.remove_prefix(2);
  if (!t.empty() && t[0] == ':') t.remove_prefix(1);
  int m = 0;
  if (!t.empty()) {
    m = digits2(t);
    if (m < 0 || m > 59 || t.size() != 2) return std::nullopt;
  }
  return sign * (h * 3600 + m * 60);
}

std::string expand_data_path(const std::string& text, const std::string& dir, const std::string& data_dir,
                             const std::string& where) {
  std::string out = text;
  static const std::string kData = "${data}";
  for (std::size_t at = out.find(kData); at != std::string::npos; at = out.find(kData, at)) {
    if (data_dir.empty())
      throw ScenarioError(
          fmt::format("{}: '{}' uses ${{data}} but no data folder is set (data_dir: in the district file, "
                      "RISKGRID_DATA_DIR or --data-dir)",
                      where, text));
    out.replace(at, kData.size(), data_dir);
    at += data_dir.size();
  }
  if (out.find("${") != std::string::npos)
    throw ScenarioError(fmt::format("{}: '{}': ${{data}} is the only variable", where, text));
  const fs::path p(out);
  return io::canonical_path((p.is_absolute() ? p : fs::path(dir) / p).string(), where);
}

namespace {

std::string where_of(const io::Fields& f, const std::string& key) { return io::where(f.file_of(key), f.node(key)); }

ColumnRef column_ref(const io::Fields& f, const std::string& key) {
  if (!f.has(key)) return {};
  ColumnRef c{f.text(key), where_of(f, key)};
  if (c.name.empty()) f.fail(key, "a column name from the file's header");
  return c;
}

TimeColumns time_columns(const io::Fields& cols, const std::string& key) {
  TimeColumns t;
  if (!cols.has(key)) return t;
  if (cols.node(key).IsScalar()) {
    t.column = column_ref(cols, key);
    return t;
  }
  if (!cols.node(key).IsMap())
    cols.fail(key, "a column name or {year: Y, month: M, day: D, hour: H, minute: MI, second: S}");
  const io::Fields parts = cols.child(key);
  t.year = column_ref(parts, "year");
  t.month = column_ref(parts, "month");
  t.day = column_ref(parts, "day");
  t.hour = column_ref(parts, "hour");
  t.minute = column_ref(parts, "minute");
  t.second = column_ref(parts, "second");
  for (const char* required : {"year", "month", "day"})
    if (!parts.has(required)) parts.fail(required, "a column name (year, month and day are required)");
  parts.reject_unknown();
  return t;
}

char one_byte(const io::Fields& h, const std::string& key, char fallback) {
  if (!h.has(key)) return fallback;
  const std::string s = h.text(key);
  if (s.size() != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
    h.fail(key, "one character (not a quote or line end)");
  return s[0];
}

void read_columns(const io::Fields& h, HistorySource& s) {
  const io::Fields cols = h.child("columns");
  s.id = column_ref(cols, "id");
  s.created = time_columns(cols, "created");
  if (s.created.empty()) cols.fail("created", "the column (or year/month/day columns) of the creation time");
  s.closed = time_columns(cols, "closed");
  s.lon = column_ref(cols, "lon");
  s.lat = column_ref(cols, "lat");
  s.x = column_ref(cols, "x");
  s.y = column_ref(cols, "y");
  s.location = column_ref(cols, "location");
  s.category = column_ref(cols, "category");
  s.source = column_ref(cols, "source");
  s.department = column_ref(cols, "department");
  if (s.lon.empty() != s.lat.empty()) cols.fail(s.lon.empty() ? "lon" : "lat", "lon and lat together");
  if (s.x.empty() != s.y.empty()) cols.fail(s.x.empty() ? "x" : "y", "x and y together");
  const int forms = int(!s.lon.empty()) + int(!s.x.empty()) + int(!s.location.empty());
  const bool gis = s.format == HistoryFormat::gpkg || s.format == HistoryFormat::shapefile ||
                   s.format == HistoryFormat::geojson || s.format == HistoryFormat::postgresql;
  if (forms == 0 && gis) {  // the feature's geometry is the location, in the layer's own CRS
    s.geometry = true;
    s.lon = {std::string(kGeometryLon), where_of(h, "columns")};
    s.lat = {std::string(kGeometryLat), where_of(h, "columns")};
    if (h.has("crs")) h.fail("crs", "no crs when the geometry is the location (the layer says its CRS)");
  }
  if (forms == 0 && !gis) h.fail("columns", "coordinates: lon + lat, x + y, or location");
  if (forms > 1) h.fail("columns", "one form of coordinates: lon + lat, x + y, or location");
  cols.reject_unknown();
}

/// `stages: {name: column, ...}`: each a time in the forms of `created`, in the order of the case.
void read_stages(const io::Fields& h, HistorySource& s) {
  if (!h.has("stages")) return;
  if (!h.node("stages").IsMap()) h.fail("stages", "a mapping: stage name -> time column, in order");
  const io::Fields stages = h.child("stages");
  for (const auto& entry : h.node("stages")) {
    const std::string name = entry.first.as<std::string>();
    s.stages.push_back({name, time_columns(stages, name)});
  }
}

void read_categories(const io::Fields& h, HistorySource& s) {
  if (h.has("categories")) {
    s.categories_where = where_of(h, "categories");
    const io::Fields c = h.child("categories");
    if (c.has("map")) {
      const YAML::Node map = c.node("map");
      if (!map.IsMap()) c.fail("map", "a mapping: catalog id -> list of raw values");
      const io::Fields m = c.child("map");
      for (const auto& entry : map) {
        const std::string id = entry.first.as<std::string>();
        CategoryRule rule{id, m.texts_or_empty(id), where_of(m, id)};
        if (rule.patterns.empty()) m.fail(id, "a raw value or a list of raw values");
        s.category_map.push_back(std::move(rule));
      }
    }
    s.category_other = c.text_or("other", "");
    s.category_fixed = c.text_or("fixed", "");
    if (!s.category_fixed.empty() && (!s.category_map.empty() || !s.category_other.empty()))
      c.fail("fixed", "either fixed or map/other, not both");
    c.reject_unknown();
  }
  if (!s.category_fixed.empty() && !s.category.empty())
    h.fail("categories", "no category column when categories.fixed is given");
  if (s.category_fixed.empty() && s.category.empty())
    h.fail("columns", "a category column (columns.category) or categories.fixed");
}

/// What the first bytes of a file say it is: "" for text (CSV, maybe), else "an XLSX workbook", ...
std::string sniff(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto starts = [&](std::string_view magic) { return head.compare(0, magic.size(), magic) == 0; };
  const auto has = [&](std::string_view text) { return head.find(text) != std::string::npos; };
  if (starts("PK\x03\x04")) {
    if (has("opendocument.spreadsheet")) return "an ODS spreadsheet";
    if (has("[Content_Types].xml") || has("xl/")) return "an XLSX workbook";
    return "a ZIP archive";
  }
  if (starts("\x1f\x8b")) return "a gzip file";
  if (starts(std::string_view("SQLite format 3\0", 16))) return "a GeoPackage (SQLite database)";
  if (starts("\xd0\xcf\x11\xe0")) return "an XLS (Excel 97-2003) workbook";
  if (starts(std::string_view("\x00\x00\x27\x0a", 4))) return "a Shapefile";
  if (starts("%PDF")) return "a PDF document";
  const std::size_t first = head.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (first != std::string::npos && (head[first] == '{' || head[first] == '['))
    return has("FeatureCollection") || has("\"Feature\"") ? "a GeoJSON file" : "a JSON document";
  return "";
}

HistoryFormat format_of_extension(std::string path) {
  std::transform(path.begin(), path.end(), path.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (path.ends_with(".gz")) path.resize(path.size() - 3);
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".xlsx") return HistoryFormat::xlsx;
  if (ext == ".ods") return HistoryFormat::ods;
  if (ext == ".gpkg") return HistoryFormat::gpkg;
  if (ext == ".shp") return HistoryFormat::shapefile;
  if (ext == ".geojson" || ext == ".json") return HistoryFormat::geojson;
  return HistoryFormat::csv;
}

/// The file must be what the mapping says: a workbook named .csv is refused naming what it is.
void check_content(const io::Fields& h, const HistorySource& s) {
  const std::string found = sniff(s.path);
  const std::string_view want = format_name(s.format);
  bool fits = false;
  switch (s.format) {
    case HistoryFormat::csv:
      fits = found.empty() || found == "a gzip file" || found == "a ZIP archive";
      break;
    case HistoryFormat::xlsx:
      fits = found == "an XLSX workbook";
      break;
    case HistoryFormat::ods:
      fits = found == "an ODS spreadsheet";
      break;
    case HistoryFormat::gpkg:
      fits = found.starts_with("a GeoPackage");
      break;
    case HistoryFormat::shapefile:
      fits = found == "a Shapefile";
      break;
    case HistoryFormat::geojson:
      fits = found == "a GeoJSON file";
      break;
    case HistoryFormat::postgresql:
      fits = true;
      break;
  }
  if (fits) return;
  std::string hint;
  if (found == "an XLSX workbook" || found == "an ODS spreadsheet")
    hint =
        fmt::format(": name the sheet with `sheet:` or use format: {}", found == "an XLSX workbook" ? "xlsx" : "ods");
  else if (found.starts_with("a GeoPackage"))
    hint = ": use format: gpkg (and `layer:` unless it is the first)";
  else if (found == "a Shapefile")
    hint = ": use format: shapefile";
  else if (found == "a GeoJSON file")
    hint = ": use format: geojson";
  else if (found.starts_with("an XLS "))
    hint = ": save it as XLSX (or CSV) first";
  else if (found.empty())
    hint = ": use format: csv, or the format it is";
  const std::string what = found.empty() ? "text" : found;
  throw ScenarioError(
      fmt::format("{}: {} is {}, not {}{}", where_of(h, h.has("path") ? "path" : "format"), s.path, what,
                  s.format == HistoryFormat::csv ? "CSV" : fmt::format("{} as format: says", want), hint));
}

/// format:, sheet:, layer:, table:, sql:, connection:, member: (docs/ingest.md, "Formats").
void read_format(const io::Fields& h, HistorySource& s, const std::string& dir, const std::string& data_dir) {
  if (h.has("format")) {
    const std::string f = h.choice_or("format", {kFormatNames.begin(), kFormatNames.end()}, "csv");
    s.format =
        static_cast<HistoryFormat>(std::find(kFormatNames.begin(), kFormatNames.end(), f) - kFormatNames.begin());
  }
  if (s.format == HistoryFormat::postgresql) {
    if (h.has("path")) h.fail("path", "no path for format: postgresql (connection: and table: or sql:)");
    s.connection = h.text_or("connection", "");
    std::string lower = s.connection;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("password") != std::string::npos)
      h.fail_at(h.node("connection"), "connection",  // not "got ...": the value holds the password
                "expected a connection without a password (put it in PGPASSWORD or ~/.pgpass)");
    s.layer = h.text_or("table", "");
    s.sql = h.text_or("sql", "");
    if (s.layer.empty() == s.sql.empty()) h.fail(s.sql.empty() ? "table" : "sql", "either table: or sql:");
    return;
  }
  s.path = expand_data_path(h.text("path"), dir, data_dir, where_of(h, "path"));
  io::check_input_file(s.path, fmt::format("{}: {}", where_of(h, "path"), h.child_path("path")));
  if (!h.has("format")) {
    s.format = format_of_extension(s.path);
    const std::string found = sniff(s.path);
    if (h.has("sheet") && found == "an XLSX workbook") s.format = HistoryFormat::xlsx;
    if (h.has("sheet") && found == "an ODS spreadsheet") s.format = HistoryFormat::ods;
  }
  const bool sheet = s.format == HistoryFormat::xlsx || s.format == HistoryFormat::ods;
  const bool gis =
      s.format == HistoryFormat::gpkg || s.format == HistoryFormat::shapefile || s.format == HistoryFormat::geojson;
  if (h.has("sheet") && !sheet) h.fail("sheet", "no sheet: for a file that is no workbook (format: xlsx or ods)");
  if (h.has("layer") && !gis) h.fail("layer", "no layer: outside a GIS file (format: gpkg, shapefile or geojson)");
  if (h.has("sql") && s.format != HistoryFormat::gpkg) h.fail("sql", "sql: only with format: gpkg or postgresql");
  if (h.has("member") && s.format != HistoryFormat::csv) h.fail("member", "member: only for a CSV in a .zip");
  s.layer = h.text_or(sheet ? "sheet" : "layer", "");
  s.sql = h.text_or("sql", "");
  s.member = h.text_or("member", "");
  check_content(h, s);
}

void check_crs(const io::Fields& h, const std::string& crs) {
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
    h.fail("crs", "a coordinate reference system such as EPSG:4326 or EPSG:26910");
}

}  // namespace

HistorySource parse_history_source(const io::Fields& h, const std::string& dir, const std::string& data_dir) {
  HistorySource s;
  s.where = h.yaml().Mark().is_null()
                ? h.file()
                : fmt::format("{}:{}:{}", h.file(), h.yaml().Mark().line + 1, h.yaml().Mark().column + 1);
  read_format(h, s, dir, data_dir);
  s.delimiter = one_byte(h, "delimiter", ',');
  s.decimal = one_byte(h, "decimal", '.');
  if (s.decimal != '.' && s.decimal != ',') h.fail("decimal", "\".\" or \",\"");
  if (s.decimal == s.delimiter) h.fail("decimal", "a decimal mark other than the delimiter");
  s.time_format = h.text_or("time_format", "iso");
  if (const std::string problem = check_time_format(s.time_format); !problem.empty())
    h.fail("time_format", "iso, us, date or a pattern like %d/%m/%Y %H:%M (" + problem + ")");
  s.ignore_zone = h.flag_or("ignore_zone", false);
  s.crs = h.text_or("crs", "EPSG:4326");
  check_crs(h, s.crs);
  read_columns(h, s);
  read_categories(h, s);
  read_stages(h, s);
  if (h.has("max_bad_fraction")) s.max_bad_fraction = h.fraction_or("max_bad_fraction", 0.25);
  h.reject_unknown();
  YAML::Emitter out;
  out << h.yaml();
  s.text = fmt::format("path: {}\n{}", s.label(), out.c_str());
  return s;
}

}  // namespace riskgrid::ingest
