#include "riskgrid/engine/incidents/history_csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/csv_reader.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::incidents {

namespace {

constexpr const char* kHeader = "id,created,closed,category,source,lon,lat,grid,town,department,status";

void append_field(fmt::memory_buffer& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_row(fmt::memory_buffer& out, const IncidentTable& t, std::size_t i, const spatial::District& district,
                const catalog::CategoryCatalog& catalog) {
  if (t.grid[i] >= district.grids.size() || t.category[i] >= catalog.size())
    throw InputError(fmt::format("incident {}: grid {} or category {} is not in the district/catalog", t.id[i],
                                 t.grid[i], t.category[i]));
  const spatial::Unit& grid = district.grids[t.grid[i]];
  const catalog::Category& category = catalog.categories[t.category[i]];
  append_field(out, t.id[i]);
  fmt::format_to(std::back_inserter(out), ",{},{},", time::format_iso(t.created[i]),
                 t.closed[i] < 0 ? std::string() : time::format_iso(t.closed[i]));
  append_field(out, category.id);
  out.push_back(',');
  append_field(out, t.source.empty() ? std::string_view() : t.source[i]);
  fmt::format_to(std::back_inserter(out), ",{:.6f},{:.6f},", t.lon[i], t.lat[i]);
  append_field(out, grid.id);
  out.push_back(',');
  append_field(out, grid.parent);
  out.push_back(',');
  append_field(out, category.department);
  out.push_back(',');
  append_field(out, !t.status.empty() ? t.status[i] : std::string_view(t.closed[i] < 0 ? "open" : "closed"));
  out.push_back('\n');
}

}  // namespace

void write_history_csv(const std::string& path, const IncidentTable& table, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog) {
  io::AtomicFile file(path, "the history");
  fmt::memory_buffer buffer;
  buffer.append(std::string_view(kHeader));
  buffer.push_back('\n');
  for (std::size_t i = 0; i < table.size(); ++i) {
    append_row(buffer, table, i, district, catalog);
    if (buffer.size() > (std::size_t{1} << 20)) {  // write in ~1 MiB pieces
      file.write(std::string_view(buffer.data(), buffer.size()));
      buffer.clear();
    }
  }
  file.write(std::string_view(buffer.data(), buffer.size()));
  file.commit();
}

namespace {

// Column positions by header name; -1 when the file has no such column.
struct Columns {
  int id = -1, created = -1, closed = -1, category = -1, source = -1, lon = -1, lat = -1, grid = -1, status = -1;
};

Columns map_columns(const io::CsvRecord& header, const std::string& path) {
  Columns c;
  const std::pair<const char*, int*> wanted[] = {
      {"id", &c.id},   {"created", &c.created}, {"closed", &c.closed}, {"category", &c.category}, {"source", &c.source},
      {"lon", &c.lon}, {"lat", &c.lat},         {"grid", &c.grid},     {"status", &c.status}};
  for (std::size_t i = 0; i < header.size(); ++i)
    for (const auto& [name, slot] : wanted) {
      if (header[i] != name) continue;
      if (*slot >= 0)  // the first would win silently
        throw InputError(fmt::format("{}:{}: column '{}' is in the header twice (columns {} and {})", path, header.line,
                                     name, *slot + 1, i + 1));
      *slot = static_cast<int>(i);
    }
  for (const auto& [name, slot] : {std::pair{"id", c.id},
                                   {"created", c.created},
                                   {"category", c.category},
                                   {"grid", c.grid},
                                   {"lon", c.lon},
                                   {"lat", c.lat}})
    if (slot < 0)
      throw InputError(fmt::format("{}:{}: missing column '{}' (the header has: {})", path, header.line, name,
                                   fmt::join(header.fields, ", ")));
  return c;
}

// Resolves ids (categories, grids) to indices, with a did-you-mean for a near miss.
class IdIndex {
 public:
  explicit IdIndex(std::vector<std::string> ids) : ids_(std::move(ids)) {
    for (std::size_t i = 0; i < ids_.size(); ++i) index_.emplace(ids_[i], i);
  }
  std::optional<std::size_t> find(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? std::nullopt : std::optional(it->second);
  }
  std::string hint(const std::string& id) const {
    const std::string best = io::closest_match(id, ids_);
    return io::did_you_mean(best);
  }

 private:
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::size_t> index_;
};

struct RowContext {
  const std::string& path;
  const Columns& columns;
  const IdIndex& categories;
  const IdIndex& grids;
};

[[noreturn]] void bad_field(const RowContext& ctx, const io::CsvRecord& row, const char* column,
                            const std::string& expected) {
  throw InputError(fmt::format("{}:{}: column '{}': {}", ctx.path, row.line, column, expected));
}

time::Seconds parse_time(const RowContext& ctx, const io::CsvRecord& row, int col, const char* name) {
  const std::string& text = row[static_cast<std::size_t>(col)];
  const auto t = time::parse_iso(text);
  if (!t) bad_field(ctx, row, name, fmt::format("expected a time like 2025-01-31 08:00:00, got '{}'", text));
  return *t;
}

double parse_coordinate(const RowContext& ctx, const io::CsvRecord& row, int col, const char* name, double limit) {
  const std::string& text = row[static_cast<std::size_t>(col)];
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || std::fabs(value) > limit)
    bad_field(ctx, row, name, fmt::format("expected degrees from -{0} to {0}, got '{1}'", limit, text));
  return value;
}

std::size_t parse_id(const RowContext& ctx, const io::CsvRecord& row, int col, const char* name, const IdIndex& ids,
                     const char* what) {
  const std::string& text = row[static_cast<std::size_t>(col)];
  const auto index = ids.find(text);
  if (!index) bad_field(ctx, row, name, fmt::format("unknown {} '{}'{}", what, text, ids.hint(text)));
  return *index;
}

void append_incident(IncidentTable& t, const RowContext& ctx, const io::CsvRecord& row) {
  const Columns& c = ctx.columns;
  const time::Seconds created = parse_time(ctx, row, c.created, "created");
  time::Seconds closed = -1;
  if (c.closed >= 0 && !row[static_cast<std::size_t>(c.closed)].empty()) {
    closed = parse_time(ctx, row, c.closed, "closed");
    if (closed < created)
      bad_field(
          ctx, row, "closed",
          fmt::format("closed at {} before it was created at {}", time::format_iso(closed), time::format_iso(created)));
  }
  const auto category = parse_id(ctx, row, c.category, "category", ctx.categories, "category");
  const auto grid = parse_id(ctx, row, c.grid, "grid", ctx.grids, "grid");
  t.lon.push_back(parse_coordinate(ctx, row, c.lon, "lon", 180));
  t.lat.push_back(parse_coordinate(ctx, row, c.lat, "lat", 90));
  t.id.push_back(row[static_cast<std::size_t>(c.id)]);
  t.created.push_back(created);
  t.closed.push_back(closed);
  t.category.push_back(static_cast<std::uint16_t>(category));
  t.grid.push_back(static_cast<std::uint32_t>(grid));
  t.source.push_back(c.source >= 0 ? row[static_cast<std::size_t>(c.source)] : std::string());
  t.status.push_back(c.status >= 0 ? row[static_cast<std::size_t>(c.status)]
                                   : std::string(closed < 0 ? "open" : "closed"));
}

std::vector<std::string> category_ids(const catalog::CategoryCatalog& catalog) {
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) ids.push_back(c.id);
  return ids;
}

std::vector<std::string> grid_ids(const spatial::District& district) {
  std::vector<std::string> ids;
  for (const auto& g : district.grids) ids.push_back(g.id);
  return ids;
}

}  // namespace

IncidentTable read_history_csv(const std::string& path, const spatial::District& district,
                               const catalog::CategoryCatalog& catalog) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open file", path));
  io::CsvReader reader(in, path);
  io::CsvRecord row;
  if (!reader.next(row)) throw InputError(fmt::format("{}: the file is empty (expected a header)", path));
  const Columns columns = map_columns(row, path);
  const IdIndex categories(category_ids(catalog));
  const IdIndex grids(grid_ids(district));
  const RowContext ctx{path, columns, categories, grids};
  IncidentTable table;
  while (reader.next(row)) append_incident(table, ctx, row);
  return table;
}

}  // namespace riskgrid::incidents
