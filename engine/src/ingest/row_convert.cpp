#include "riskgrid/engine/ingest/row_convert.hpp"

#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/text_util.hpp"
#include "riskgrid/engine/io/input_file.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::ingest {

namespace {

int find_column(const HistorySource& s, const std::vector<std::string>& names, const ColumnRef& ref) {
  if (ref.empty()) return kNoColumn;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != ref.name) continue;
    // Two columns of one name: taking the first would be a guess (columns are mapped by name only).
    for (std::size_t j = i + 1; j < names.size(); ++j)
      if (names[j] == ref.name)
        throw InputError(
            fmt::format("{}: history column '{}' is in the header of {} twice (columns {} and {}): "
                        "rename one in the file",
                        ref.where, io::excerpt(ref.name), s.label(), i + 1, j + 1));
    return static_cast<int>(i);
  }
  const std::string near = io::closest_match(ref.name, names);
  throw ScenarioError(fmt::format("{}: history column '{}' is not in the header of {}{}", ref.where, ref.name,
                                  s.label(), io::did_you_mean(near)));
}

Layout::Time find_time(const HistorySource& s, const std::vector<std::string>& names, const TimeColumns& t) {
  return {find_column(s, names, t.column), find_column(s, names, t.year), find_column(s, names, t.month),
          find_column(s, names, t.day),    find_column(s, names, t.hour), find_column(s, names, t.minute),
          find_column(s, names, t.second)};
}

std::string_view at(const io::CsvFields& f, int column) {
  return column == kNoColumn ? std::string_view() : f[static_cast<std::size_t>(column)];
}

std::string shown(std::string_view text) {  // a value quoted in a message, cut when long
  return fmt::format("'{}'", text.size() > 80 ? std::string(text.substr(0, 77)) + "..." : std::string(text));
}

}  // namespace

Layout resolve_layout(const HistorySource& s, const io::CsvFields& header) {
  Layout l;
  l.width = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) l.names.emplace_back(trim(header[i]));
  l.id = find_column(s, l.names, s.id);
  l.lon = find_column(s, l.names, s.x.empty() ? s.lon : s.x);
  l.lat = find_column(s, l.names, s.y.empty() ? s.lat : s.y);
  l.location = find_column(s, l.names, s.location);
  l.category = find_column(s, l.names, s.category);
  l.source = find_column(s, l.names, s.source);
  l.department = find_column(s, l.names, s.department);
  l.created = find_time(s, l.names, s.created);
  l.closed = find_time(s, l.names, s.closed);
  return l;
}

void Converted::clear() {
  line.clear();
  span.clear();
  created.clear();
  closed.clear();
  category.clear();
  x.clear();
  y.clear();
  unit.clear();
  id.clear();
  source.clear();
  department.clear();
  quarantined.clear();
  closed_before_created = 0;
}

void Converted::compact(const std::vector<std::uint8_t>& keep) {
  std::size_t to = 0;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    if (to != i) {
      line[to] = line[i];
      span[to] = span[i];
      created[to] = created[i];
      closed[to] = closed[i];
      category[to] = category[i];
      x[to] = x[i];
      y[to] = y[i];
      if (!unit.empty()) unit[to] = unit[i];
      id[to] = std::move(id[i]);
      source[to] = std::move(source[i]);
      department[to] = std::move(department[i]);
    }
    ++to;
  }
  line.resize(to);
  span.resize(to);
  created.resize(to);
  closed.resize(to);
  category.resize(to);
  x.resize(to);
  y.resize(to);
  if (!unit.empty()) unit.resize(to);
  id.resize(to);
  source.resize(to);
  department.resize(to);
}

bool is_missing_marker(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.empty()) return true;
  if (t.size() > 4) return false;
  std::string lower;
  lower_into(t, lower);
  return lower == "na" || lower == "n/a" || lower == "nan" || lower == "null" || lower == "none";
}

RowConverter::RowConverter(const HistorySource& source, const Layout& layout, const CategoryMapper& categories)
    : source_(source),
      layout_(layout),
      categories_(categories),
      time_(source.time_format, source.ignore_zone, source.utc_offset_seconds),
      dialect_{source.delimiter, '"', io::CsvDialect{}.max_record_bytes} {}

bool RowConverter::read_time(const Layout::Time& t, const io::CsvFields& f, time::Seconds& out, std::string& field,
                             std::string& detail) const {
  if (t.column != kNoColumn) {
    const std::string_view text = f[static_cast<std::size_t>(t.column)];
    if (const auto v = time_.parse(text)) {
      out = *v;
      return true;
    }
    field = layout_.names[static_cast<std::size_t>(t.column)];
    detail = fmt::format("expected a time ({}), got {}", source_.time_format, shown(text));
    return false;
  }
  int parts[6] = {0, 0, 0, 0, 0, 0};
  const int columns[6] = {t.year, t.month, t.day, t.hour, t.minute, t.second};
  for (int k = 0; k < 6; ++k) {
    if (columns[k] == kNoColumn) continue;
    const std::string_view text = f[static_cast<std::size_t>(columns[k])];
    const auto v = parse_integer(text);
    if (!v || *v < 0 || *v > 9999) {
      field = layout_.names[static_cast<std::size_t>(columns[k])];
      detail = fmt::format("expected a whole number, got {}", shown(text));
      return false;
    }
    parts[k] = static_cast<int>(*v);
  }
  const auto v = civil_seconds(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  if (!v) {
    field = layout_.names[static_cast<std::size_t>(t.year)];
    detail = fmt::format("no such time: {:04}-{:02}-{:02} {:02}:{:02}:{:02}", parts[0], parts[1], parts[2], parts[3],
                         parts[4], parts[5]);
    return false;
  }
  out = *v;
  return true;
}

// "(lat, lon)" text, or two number columns (lon/lat or x/y).
bool RowConverter::read_point(const io::CsvFields& f, double& x, double& y, QuarantineReason& reason,
                              std::string& field, std::string& detail) const {
  std::string_view a, b;
  char decimal = source_.decimal;
  if (layout_.location != kNoColumn) {
    field = layout_.names[static_cast<std::size_t>(layout_.location)];
    std::string_view t = trim(f[static_cast<std::size_t>(layout_.location)]);
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') t = t.substr(1, t.size() - 2);
    const std::size_t comma = t.find(',');
    if (is_missing_marker(t) || comma == std::string_view::npos) {
      reason = is_missing_marker(t) ? QuarantineReason::missing_coordinates : QuarantineReason::bad_coordinates;
      detail = fmt::format("expected \"(lat, lon)\", got {}", shown(t));
      return false;
    }
    b = t.substr(0, comma);   // lat
    a = t.substr(comma + 1);  // lon
    decimal = '.';
  } else {
    a = f[static_cast<std::size_t>(layout_.lon)];
    b = f[static_cast<std::size_t>(layout_.lat)];
  }
  // The column to blame: the first of the two that fails the check (the location column if one).
  const auto blame = [&](bool first) {
    if (layout_.location == kNoColumn)
      field = layout_.names[static_cast<std::size_t>(first ? layout_.lon : layout_.lat)];
  };
  if (is_missing_marker(a) || is_missing_marker(b)) {
    blame(is_missing_marker(a));
    reason = QuarantineReason::missing_coordinates;
    detail = fmt::format("no coordinates: {}, {}", shown(a), shown(b));
    return false;
  }
  const auto va = parse_number(a, decimal);
  const auto vb = parse_number(b, decimal);
  if (!va || !vb) {
    blame(!va);
    reason = QuarantineReason::bad_coordinates;
    detail = fmt::format("expected two numbers (decimal mark '{}'), got {}, {}", decimal, shown(a), shown(b));
    return false;
  }
  if (*va == 0 || *vb == 0) {  // cities write 0 for "not geocoded"
    blame(*va == 0);
    reason = QuarantineReason::missing_coordinates;
    detail = fmt::format("zero coordinates: {}, {}", shown(a), shown(b));
    return false;
  }
  x = *va;
  y = *vb;
  return true;
}

void RowConverter::convert(const io::CsvChunk& chunk, std::uint32_t index, io::CsvFields& f, std::string& scratch,
                           Converted& out) const {
  const io::CsvSpan& span = chunk.records[index];
  const std::string_view raw = chunk.text(span);
  auto quarantine = [&](QuarantineReason reason, std::string field, std::string detail) {
    out.quarantined.push_back({span.line, reason, std::move(field), std::move(detail), std::string(raw)});
  };
  if (span.flags & io::kCsvUnclosedQuote)
    return quarantine(QuarantineReason::malformed_row, "", "a quote opened on this line is never closed");
  if (span.flags & io::kCsvTextAfterQuote)
    return quarantine(QuarantineReason::malformed_row, "",
                      "text after a closing quote (a quote inside a quoted field is written twice)");
  if (!io::valid_utf8(raw)) return quarantine(QuarantineReason::invalid_utf8, "", "bytes that are not UTF-8");
  io::split_fields(raw, dialect_, f);
  if (f.size() != layout_.width)
    return quarantine(QuarantineReason::malformed_row, "",
                      fmt::format("expected {} fields (as in the header), got {}", layout_.width, f.size()));
  std::string field, detail;
  time::Seconds created = 0, closed = -1;
  if (!read_time(layout_.created, f, created, field, detail))
    return quarantine(QuarantineReason::bad_time, std::move(field), std::move(detail));
  const bool has_closed = layout_.closed.column != kNoColumn
                              ? !is_missing_marker(f[static_cast<std::size_t>(layout_.closed.column)])
                              : layout_.closed.year != kNoColumn;
  if (has_closed && !read_time(layout_.closed, f, closed, field, detail))
    return quarantine(QuarantineReason::bad_time, std::move(field), std::move(detail));
  const auto category = categories_.map(at(f, layout_.category), scratch);
  if (!category)
    return quarantine(
        QuarantineReason::unknown_category, layout_.names[static_cast<std::size_t>(layout_.category)],
        fmt::format("no mapping for {} and no catch-all (categories.other)", shown(at(f, layout_.category))));
  double x = 0, y = 0;
  QuarantineReason reason{};
  if (!read_point(f, x, y, reason, field, detail)) return quarantine(reason, std::move(field), std::move(detail));
  if (closed >= 0 && closed < created) {
    closed = -1;
    ++out.closed_before_created;
  }
  out.line.push_back(span.line);
  out.span.push_back(index);
  out.created.push_back(created);
  out.closed.push_back(closed);
  out.category.push_back(*category);
  out.x.push_back(x);
  out.y.push_back(y);
  out.id.emplace_back(layout_.id == kNoColumn ? std::to_string(span.line) : std::string(trim(at(f, layout_.id))));
  out.source.emplace_back(trim(at(f, layout_.source)));
  out.department.emplace_back(trim(at(f, layout_.department)));
}

}  // namespace riskgrid::ingest
