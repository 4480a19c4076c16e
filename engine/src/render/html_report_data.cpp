// The report's data block. Layout (all names short, since the file carries every bin):
//   meta:      {title, district, footnote, created, seed (or null), version}
//   view:      {w, h}                     SVG viewBox "0 0 w h", metres, y pointing down
//   outline:   SVG path of the district outline
//   towns:     [{id, name, local, d, x, y}]  (x, y: label position = centroid)
//   grids:     [{id, name, local, town (index into towns or -1), d}]
//   categories:[{id, name, local}]
//   scenarios: [{name, title, start, end, binText, bins, replicas, labels[bin],
//                levels[{name, label, color}], mean/p05/p95/exc/level [bin][unit], thr[unit],
//                h{mean, p05, p95, exc, thr, index, level}[unit],
//                top[unit][[category, share of the index]...3], drills[name],
//                added[unit][[drill, incidents]...3, positive only]}]
#include "html_report_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/io/json_writer.hpp"

namespace riskgrid::render::detail {

namespace {

using io::JsonWriter;

/// Where metric coordinates land in the SVG: x right from min_x, y down from max_y, with a margin.
struct Frame {
  double min_x = 0, max_y = 0, width = 0, height = 0, pad = 0;
  int decimals = 0;

  double x(double metric_x) const { return metric_x - min_x + pad; }
  double y(double metric_y) const { return max_y - metric_y + pad; }
};

Frame frame_of(const spatial::District& d) {
  double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  const auto add = [&](const geo::MultiPolygon& shape) {
    for (const auto& polygon : shape)
      for (const auto& p : polygon.outer()) {
        x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
      }
  };
  add(d.outline);
  for (const auto& u : d.towns) add(u.shape);
  for (const auto& u : d.grids) add(u.shape);
  if (!(x1 > x0) || !(y1 > y0)) throw std::invalid_argument("html report: the district has no geometry");
  Frame f;
  f.pad = 0.02 * std::max(x1 - x0, y1 - y0);
  f.min_x = x0, f.max_y = y1;
  f.width = x1 - x0 + 2 * f.pad, f.height = y1 - y0 + 2 * f.pad;
  f.decimals = std::max(f.width, f.height) > 2000 ? 0 : 1;
  return f;
}

/// "M x y x y ... Z" per ring (even-odd fill makes holes), consecutive repeats after rounding dropped.
std::string svg_path(const geo::MultiPolygon& shape, const Frame& f) {
  std::string d;
  const auto ring = [&](const geo::Ring& r) {
    std::string last;
    bool first = true;
    for (const auto& p : r) {
      std::string xy = fmt::format("{:.{}f} {:.{}f}", f.x(p.x()), f.decimals, f.y(p.y()), f.decimals);
      if (xy == last) continue;
      d += first ? "M" : " ";
      d += xy;
      last = std::move(xy);
      first = false;
    }
    if (!first) d += "Z";
  };
  for (const auto& polygon : shape) {
    ring(polygon.outer());
    for (const auto& inner : polygon.inners()) ring(inner);
  }
  return d;
}

void write_units(JsonWriter& w, const spatial::District& d, const Frame& f) {
  w.key("towns").begin_array();
  for (const auto& t : d.towns) {
    w.begin_object().key("id").value(t.id).key("name").value(t.name).key("local").value(t.name_local);
    w.key("d").value(svg_path(t.shape, f)).key("x").value(f.x(t.centroid.x())).key("y").value(f.y(t.centroid.y()));
    w.end_object();
  }
  w.end_array().key("grids").begin_array();
  for (const auto& g : d.grids) {
    const auto town = d.town_index(g.parent);
    w.begin_object().key("id").value(g.id).key("name").value(g.name).key("local").value(g.name_local);
    w.key("town").value(town ? static_cast<std::int64_t>(*town) : std::int64_t{-1});
    w.key("parent").value(g.parent).key("d").value(svg_path(g.shape, f)).end_object();
  }
  w.end_array();
}

std::string bin_label(time::Seconds start, time::Seconds length) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const std::string iso = time::format_iso(start);
  const bool whole_days = length % time::kDay == 0 && time::hour_of_day(start) == 0;
  return fmt::format("{} {}", kDays[time::weekday(start)], whole_days ? iso.substr(0, 10) : iso.substr(0, 16));
}

std::string bin_text(time::Seconds length) {
  if (length % time::kDay == 0) return length == time::kDay ? "1 day" : fmt::format("{} days", length / time::kDay);
  if (length % time::kHour == 0) return fmt::format("{} h", length / time::kHour);
  return fmt::format("{} min", length / 60);
}

/// values[bin][unit] as nested arrays.
template <class T>
void per_bin(JsonWriter& w, const char* name, const std::vector<T>& values, std::size_t units) {
  w.key(name).begin_array();
  for (std::size_t start = 0; start < values.size(); start += units) {
    w.begin_array();
    for (std::size_t u = 0; u < units; ++u) w.value(static_cast<double>(values[start + u]));
    w.end_array();
  }
  w.end_array();
}

template <class T>
std::vector<double> as_doubles(const std::vector<T>& values) {
  return {values.begin(), values.end()};
}

/// For each unit, the `keep` largest positive entries of row [unit][*] as [[column, value]...],
/// largest first; with `as_share`, values are divided by the row's sum.
void top_entries(JsonWriter& w, const char* name, const std::vector<double>& table, std::size_t units,
                 std::size_t columns, bool as_share) {
  constexpr std::size_t keep = 3;
  w.key(name).begin_array();
  for (std::size_t u = 0; u < units && columns > 0; ++u) {
    const auto row = table.begin() + static_cast<std::ptrdiff_t>(u * columns);
    std::vector<std::size_t> order(columns);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return row[a] > row[b]; });
    const double sum = std::accumulate(row, row + static_cast<std::ptrdiff_t>(columns), 0.0);
    w.begin_array();
    for (std::size_t k = 0; k < std::min(keep, columns) && row[order[k]] > 0; ++k) {
      const double v = row[order[k]];
      w.begin_array().value(static_cast<std::int64_t>(order[k])).value(as_share ? v / sum : v).end_array();
    }
    w.end_array();
  }
  if (columns == 0)
    for (std::size_t u = 0; u < units; ++u) w.begin_array().end_array();
  w.end_array();
}

void write_levels(JsonWriter& w, const std::vector<results::LevelBand>& levels) {
  w.key("levels").begin_array();
  for (const auto& l : levels)
    w.begin_object()
        .key("name")
        .value(l.name)
        .key("label")
        .value(l.label)
        .key("color")
        .value(fmt::format("#{:06x}", l.rgb & 0xFFFFFFu))
        .end_object();
  w.end_array();
}

void write_horizon(JsonWriter& w, const results::ScenarioResults& s) {
  w.key("h").begin_object();
  w.key("mean").numbers(s.horizon.mean).key("p05").numbers(s.horizon.p05).key("p95").numbers(s.horizon.p95);
  w.key("exc").numbers(s.horizon.exceedance).key("thr").numbers(s.horizon_threshold);
  w.key("normal").numbers(s.horizon_normal).key("ratio").numbers(s.horizon_ratio_to_normal);
  w.key("excess").numbers(s.horizon_excess).key("p2x").numbers(s.horizon.above_double_normal);
  w.key("level").numbers(as_doubles(s.horizon_risk_level)).key("reason").strings(s.level_reason);
  std::vector<std::int64_t> order(s.units);  // grids by rank: order[0] is rank 1
  for (std::size_t u = 0; u < s.units && u < s.rank.size(); ++u)
    if (s.rank[u] >= 1 && static_cast<std::size_t>(s.rank[u]) <= s.units)
      order[std::size_t(s.rank[u] - 1)] = std::int64_t(u);
  w.key("order").begin_array();
  for (const std::int64_t u : order) w.value(u);
  w.end_array();
  w.end_object();
}

/// Case handling, when the run had it: the district's on-time share, and per grid the on-time share and
/// the open and overdue cases at the end of the horizon.
void write_handling(JsonWriter& w, const results::ScenarioResults& s) {
  const results::ResponseResults& h = s.response;
  if (!h.present || s.time.bins == 0) return;
  const auto at_end = [&](const std::vector<double>& per_bin) {
    const auto last = per_bin.begin() + static_cast<std::ptrdiff_t>((s.time.bins - 1) * s.units);
    return std::vector<double>(last, last + static_cast<std::ptrdiff_t>(s.units));
  };
  w.key("handling").begin_object().key("district").value(h.district_on_time_share);
  w.key("onTime").numbers(h.on_time_share).key("openEnd").numbers(at_end(h.backlog_mean));
  w.key("overdueEnd").numbers(at_end(h.overdue_mean)).end_object();
}

void write_scenario(JsonWriter& w, const results::ScenarioResults& s, std::size_t categories) {
  const auto& t = s.time;
  w.begin_object().key("name").value(s.name).key("title").value(s.title.empty() ? s.name : s.title);
  w.key("start").value(time::format_iso(t.start).substr(0, 16));
  w.key("end").value(time::format_iso(t.end()).substr(0, 16));
  w.key("binText").value(bin_text(t.bin_length)).key("bins").value(static_cast<std::int64_t>(t.bins));
  w.key("replicas").value(static_cast<std::int64_t>(s.replicas));
  w.key("labels").begin_array();
  for (std::size_t b = 0; b < t.bins; ++b) w.value(bin_label(t.bin_start(b), t.bin_length));
  w.end_array();
  write_levels(w, s.levels);
  per_bin(w, "mean", s.per_bin.mean, s.units);
  per_bin(w, "p05", s.per_bin.p05, s.units);
  per_bin(w, "p95", s.per_bin.p95, s.units);
  per_bin(w, "exc", s.per_bin.exceedance, s.units);
  per_bin(w, "level", s.risk_level, s.units);
  per_bin(w, "ratio", s.ratio_to_normal, s.units);
  w.key("thr").numbers(s.exceedance_threshold);
  w.key("normalSource").value(s.normal_source).key("rankMeasure").value(s.rank_measure);
  write_horizon(w, s);
  write_handling(w, s);
  top_entries(w, "top", s.category_excess, s.units, categories, false);
  w.key("drills").strings(s.drill_names);
  top_entries(w, "added", s.drill_added, s.units, s.drill_names.size(), false);
  w.end_object();
}

void expect_size(std::size_t actual, std::size_t expected, const results::ScenarioResults& s, const char* what) {
  if (actual != expected)
    throw std::invalid_argument(
        fmt::format("html report: scenario '{}': {} has {} values, expected {}", s.name, what, actual, expected));
}

}  // namespace

void check_report_inputs(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                         std::span<const results::ScenarioResults> scenarios) {
  if (scenarios.empty()) throw std::invalid_argument("html report: no scenario to report");
  const std::size_t units = district.grids.size();
  for (const auto& s : scenarios) {
    expect_size(s.units, units, s, "units (grids in the district)");
    const std::size_t cells = s.time.bins * units;
    for (const auto* v : {&s.per_bin.mean, &s.per_bin.p05, &s.per_bin.p95, &s.per_bin.exceedance, &s.ratio_to_normal})
      expect_size(v->size(), cells, s, "a per-bin array");
    expect_size(s.risk_level.size(), cells, s, "risk_level");
    expect_size(s.exceedance_threshold.size(), units, s, "exceedance_threshold");
    for (const auto* v :
         {&s.horizon.mean, &s.horizon.p05, &s.horizon.p95, &s.horizon.exceedance, &s.horizon_threshold,
          &s.horizon_normal, &s.horizon_ratio_to_normal, &s.horizon_excess, &s.horizon.above_double_normal})
      expect_size(v->size(), units, s, "a horizon array");
    expect_size(s.level_reason.size(), units, s, "level_reason");
    expect_size(s.rank.size(), units, s, "rank");
    expect_size(s.horizon_risk_level.size(), units, s, "horizon_risk_level");
    expect_size(s.category_excess.size(), units * catalog.size(), s, "category_excess");
    expect_size(s.drill_added.size(), units * s.drill_names.size(), s, "drill_added");
  }
}

std::string report_data_json(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                             std::span<const results::ScenarioResults> scenarios, const ReportOptions& options,
                             const std::string& version) {
  const Frame frame = frame_of(district);
  JsonWriter w;
  w.begin_object().key("meta").begin_object();
  w.key("title").value(options.title.empty() ? scenarios.front().title : options.title);
  w.key("district").value(district.name).key("footnote").value(options.footnote);
  w.key("created").value(options.created).key("version").value(version).key("seed");
  if (options.seed) {
    w.value(std::to_string(*options.seed));  // as text: a 64-bit seed does not fit a JS number
  } else {
    w.null();
  }
  w.end_object();
  w.key("view").begin_object().key("w").value(frame.width).key("h").value(frame.height).end_object();
  w.key("outline").value(svg_path(district.outline, frame));
  write_units(w, district, frame);
  w.key("categories").begin_array();
  for (const auto& c : catalog.categories)
    w.begin_object().key("id").value(c.id).key("name").value(c.name).key("local").value(c.name_local).end_object();
  w.end_array().key("scenarios").begin_array();
  for (const auto& s : scenarios) write_scenario(w, s, catalog.size());
  w.end_array().end_object();
  return w.take();
}

}  // namespace riskgrid::render::detail
