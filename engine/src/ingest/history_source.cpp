#include "riskgrid/engine/ingest/history_source.hpp"

#include <ogr_spatialref.h>

#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/time_parse.hpp"
#include "riskgrid/engine/io/input_file.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

bool is_mapped_source(const io::Fields& history) { return history.has("columns"); }

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
  if (forms == 0) h.fail("columns", "coordinates: lon + lat, x + y, or location");
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
  s.path = expand_data_path(h.text("path"), dir, data_dir, where_of(h, "path"));
  io::check_input_file(s.path, fmt::format("{}: {}", where_of(h, "path"), h.child_path("path")));
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
  s.text = fmt::format("path: {}\n{}", s.path, out.c_str());
  return s;
}

}  // namespace riskgrid::ingest
