// The files of a monitor run (docs/monitor.md, "Outputs"): alerts.csv (long, one row per alert),
// alerts.geojson (the alerted grids and clusters as WGS84 polygons with the same fields), a map and an
// HTML page. Nothing in them depends on the clock or the thread count, so a rerun rewrites the same
// bytes.
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/json_writer.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/run/monitor.hpp"

namespace riskgrid::run {

namespace {
namespace fs = std::filesystem;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ";") + id;
  return out;
}

double ratio_of(const models::monitor::Alert& a) { return a.expected > 0 ? a.observed / a.expected : 0; }

std::string alerts_csv(const MonitorReport& r) {
  std::string out =
      "rank,rule,grid,grids,cluster_size,category,start_day,end_day,observed,expected,ratio,p_value,score\n";
  for (std::size_t i = 0; i < r.alerts.size(); ++i) {
    const MonitorAlert& m = r.alerts[i];
    const auto& a = m.alert;
    out += fmt::format("{},{},{},{},{},{},{},{},{:.0f},{:.3f},{:.3f},{:.4g},{:.4f}\n", i + 1,
                       models::monitor::rule_name(a.rule), csv_field(m.grid_ids.front()), csv_field(joined(m.grid_ids)),
                       m.grid_ids.size(), csv_field(m.category), time::format_date(m.start), time::format_date(m.end),
                       a.observed, a.expected, ratio_of(a), a.p_value, a.score);
  }
  return out;
}

void append_ring(std::string& out, const geo::Ring& ring, const geo::LocalProjection& projection) {
  out += '[';
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const geo::Point p = projection.to_lonlat(ring[i]);
    out += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", p.x(), p.y());
  }
  out += ']';
}

std::string multipolygon_json(const std::vector<std::size_t>& grids, const spatial::District& d) {
  std::string out = "{\"type\":\"MultiPolygon\",\"coordinates\":[";
  bool first = true;
  for (const std::size_t g : grids)
    for (const auto& polygon : d.grids[g].shape) {
      out += first ? "[" : ",[";
      first = false;
      append_ring(out, polygon.outer(), d.projection);
      for (const auto& inner : polygon.inners()) {
        out += ',';
        append_ring(out, inner, d.projection);
      }
      out += ']';
    }
  return out + "]}";
}

std::string alerts_geojson(const MonitorReport& r, const spatial::District& d) {
  io::JsonWriter w(io::JsonWriter::Numbers::exact);
  w.begin_object()
      .key("type")
      .value("FeatureCollection")
      .key("name")
      .value(r.scenario + " alerts " + time::format_date(r.as_of));
  w.key("features").begin_array();
  for (std::size_t i = 0; i < r.alerts.size(); ++i) {
    const MonitorAlert& m = r.alerts[i];
    const auto& a = m.alert;
    w.begin_object().key("type").value("Feature").key("properties").begin_object();
    w.key("rank").value(static_cast<std::int64_t>(i + 1)).key("rule").value(models::monitor::rule_name(a.rule));
    w.key("grid").value(m.grid_ids.front()).key("grids").value(joined(m.grid_ids));
    w.key("cluster_size").value(static_cast<std::int64_t>(m.grid_ids.size())).key("category").value(m.category);
    w.key("start_day").value(time::format_date(m.start)).key("end_day").value(time::format_date(m.end));
    w.key("observed").value(a.observed).key("expected").value(a.expected).key("ratio").value(ratio_of(a));
    w.key("p_value").value(a.p_value).key("score").value(a.score).end_object();
    w.key("geometry").raw(multipolygon_json(a.grids, d)).end_object();
  }
  w.end_array().end_object();
  return w.take() + "\n";
}

/// Per grid: 0 no alert, 1 in an alert, 2 in the top-ranked alert; the number is its largest ratio.
void write_map(const std::string& path, const MonitorReport& r, const spatial::District& d) {
  std::vector<std::int8_t> level(d.grids.size(), 0);
  std::vector<double> ratio(d.grids.size(), 0.0);
  for (std::size_t i = r.alerts.size(); i-- > 0;)
    for (const std::size_t g : r.alerts[i].alert.grids) {
      level[g] = std::max<std::int8_t>(level[g], i == 0 ? 2 : 1);
      ratio[g] = std::max(ratio[g], ratio_of(r.alerts[i].alert));
    }
  const std::vector<results::LevelBand> bands{
      {"none", "No alert", 0xE8E8E8}, {"alert", "Alert", 0xF4A259}, {"top", "Top alert", 0xD7263D}};
  render::HeatmapSpec spec;
  spec.title = fmt::format("{}: alerts as of {}", r.title, time::format_date(r.as_of));
  spec.subtitle =
      fmt::format("{} alerts ({} new) over {} .. {}; {} model, false-alert level {}", r.alerts.size(), r.new_alerts,
                  time::format_date(r.window_start), time::format_date(r.as_of), r.model, r.settings.alpha);
  spec.label_note = "numbers: observed / expected of the grid's strongest alert";
  render::write_level_map(path, d, level, ratio, bands, spec);
}

std::string monitor_page(const MonitorReport& r) {
  const std::string title =
      render::html_escape(fmt::format("{}: alerts as of {}", r.title, time::format_date(r.as_of)));
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file:; "
      "style-src 'unsafe-inline'\">\n<title>{0}</title>\n<style>body{{font-family:sans-serif;margin:2em}}"
      "table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}"
      "td:nth-child(-n+4),th{{text-align:left}}</style></head><body>\n<h1>{0}</h1>\n"
      "<p>{1} alerts, {2} new (ending on {3}). Window {4} .. {3}: {5:.0f} incidents against {6:.0f} expected by "
      "{7} fitted on {8} .. {9}. False-alert level {10} per morning, {11} null replicas (docs/monitor.md).</p>\n"
      "<img src=\"alerts_map.png\" alt=\"map of the alerted grids\" style=\"max-width:100%\">\n<table>\n"
      "<tr><th>rank</th><th>rule</th><th>grids</th><th>category</th><th>start</th><th>end</th><th>observed</th>"
      "<th>expected</th><th>ratio</th><th>p-value</th><th>score</th></tr>\n",
      title, r.alerts.size(), r.new_alerts, time::format_date(r.as_of), time::format_date(r.window_start), r.observed,
      r.expected, render::html_escape(r.model), time::format_date(r.train_start),
      time::format_date(r.train_end - time::kDay), r.settings.alpha, r.settings.replicas);
  for (std::size_t i = 0; i < r.alerts.size(); ++i) {
    const MonitorAlert& m = r.alerts[i];
    const auto& a = m.alert;
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.0f}</td><td>{:.1f}</td>"
        "<td>{:.2f}</td><td>{:.3g}</td><td>{:.2f}</td></tr>\n",
        i + 1, models::monitor::rule_name(a.rule), render::html_escape(joined(m.grid_ids)),
        render::html_escape(m.category), time::format_date(m.start), time::format_date(m.end), a.observed, a.expected,
        ratio_of(a), a.p_value, a.score);
  }
  return out + "</table>\n</body></html>\n";
}

}  // namespace

std::vector<std::string> write_monitor_outputs(const MonitorReport& r, const spatial::District& district) {
  const fs::path dir(r.out_dir);
  const std::vector<std::string> files{(dir / "alerts.csv").string(), (dir / "alerts.geojson").string(),
                                       (dir / "alerts_map.png").string(), (dir / "monitor.html").string()};
  io::write_file(files[0], alerts_csv(r), "the alert list");
  io::write_file(files[1], alerts_geojson(r, district), "the alert layer");
  write_map(files[2], r, district);
  io::write_file(files[3], monitor_page(r), "the monitor page");
  return files;
}

}  // namespace riskgrid::run
