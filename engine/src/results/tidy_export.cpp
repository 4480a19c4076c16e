#include "riskgrid/engine/results/tidy_export.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::results {
namespace {

/// Text is handed on in pieces of this size so a large table never sits in memory whole.
constexpr std::size_t kFlushBytes = 1 << 20;

/// A [bin][unit] array (or [unit] for horizon totals) under its measure name.
struct Column {
  std::string measure;
  std::function<double(std::size_t bin, std::size_t unit)> value;
};

template <class T>
Column per_bin(std::string measure, const std::vector<T>& values, std::size_t units) {
  return {std::move(measure), [&values, units](std::size_t bin, std::size_t unit) {
            return static_cast<double>(values[bin * units + unit]);
          }};
}

template <class T>
Column per_unit(std::string measure, const std::vector<T>& values) {
  return {std::move(measure), [&values](std::size_t, std::size_t unit) { return static_cast<double>(values[unit]); }};
}

/// [bin][unit][k] arrays, one column per k (a category or an escalation level).
void add_cube(std::vector<Column>& out, const std::string& prefix, cube::View<const double> values,
              const std::vector<std::string>& names) {
  for (std::size_t k = 0; k < names.size(); ++k)
    out.push_back(
        {prefix + names[k], [values, k](std::size_t bin, std::size_t unit) { return values.at(bin, unit, k); }});
}

std::vector<std::string> category_ids(const LoadedResults& results) {
  std::vector<std::string> ids;
  for (const catalog::Category& category : results.catalog.categories) ids.push_back(category.id);
  return ids;
}

std::vector<Column> bin_columns(const LoadedResults& results, const ScenarioResults& r) {
  const std::size_t u = r.units;
  std::vector<Column> c = {per_bin("mean", r.per_bin.mean, u),
                           per_bin("p05", r.per_bin.p05, u),
                           per_bin("p50", r.per_bin.p50, u),
                           per_bin("p95", r.per_bin.p95, u),
                           per_bin("exceedance_probability", r.per_bin.exceedance, u),
                           per_bin("above_double_normal_probability", r.per_bin.above_double_normal, u),
                           per_bin("normal", r.normal, u),
                           per_bin("ratio_to_normal", r.ratio_to_normal, u),
                           per_bin("excess", r.excess, u),
                           per_bin("risk_level", r.risk_level, u)};
  const std::vector<std::string> categories = category_ids(results);
  add_cube(c, "mean.", r.mean_by_category.view(), categories);
  add_cube(c, "normal.", r.normal_by_category.view(), categories);
  const ResponseResults& h = r.response;
  if (!h.present) return c;
  for (const auto& [name, values] : per_bin_response_arrays(h))
    c.push_back(per_bin(std::string("response.") + name, *values, u));
  add_cube(c, "response.escalations_mean.",
           cube::View<const double>({r.time.bins, u, h.level_names.size()}, h.escalations_mean), h.level_names);
  return c;
}

std::vector<Column> horizon_columns(const ScenarioResults& r) {
  std::vector<Column> c = {per_unit("horizon.mean", r.horizon.mean),
                           per_unit("horizon.p05", r.horizon.p05),
                           per_unit("horizon.p50", r.horizon.p50),
                           per_unit("horizon.p95", r.horizon.p95),
                           per_unit("horizon.exceedance_probability", r.horizon.exceedance),
                           per_unit("horizon.exceedance_threshold", r.horizon_threshold),
                           per_unit("horizon.above_double_normal_probability", r.horizon.above_double_normal),
                           per_unit("horizon.normal", r.horizon_normal),
                           per_unit("horizon.ratio_to_normal", r.horizon_ratio_to_normal),
                           per_unit("horizon.excess", r.horizon_excess),
                           per_unit("horizon.risk_level", r.horizon_risk_level),
                           per_unit("horizon.rank", r.rank),
                           per_unit("horizon.rank_value", r.rank_value),
                           per_unit("exceedance_threshold", r.exceedance_threshold)};
  if (r.response.present) c.push_back(per_unit("horizon.response.open_at_start_mean", r.response.open_at_start_mean));
  return c;
}

/// RFC 4180: quote a field that holds a separator, a quote or a line break; double the quotes.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

/// "2026-11-01 00:00:00" -> "2026-11-01T00:00:00": ISO 8601 proper, which spreadsheets read as a date.
std::string iso_bin(time::Seconds start) {
  std::string text = time::format_iso(start);
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  return text;
}

class Writer {
 public:
  explicit Writer(const TextSink& sink) : sink_(sink) {}
  ~Writer() = default;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void row(std::string_view scenario, std::string_view unit, std::string_view bin, std::string_view measure,
           double value) {
    buffer_.append(scenario).append(",").append(unit).append(",").append(bin).append(",").append(measure);
    buffer_ += ',';
    if (!std::isnan(value)) fmt::format_to(std::back_inserter(buffer_), "{}", value);
    buffer_ += '\n';
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void text(std::string_view text) { buffer_.append(text); }
  void flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

 private:
  const TextSink& sink_;
  std::string buffer_;
};

}  // namespace

std::vector<std::string> tidy_measures(const LoadedResults& results, std::size_t scenario) {
  const ScenarioResults& r = results.scenarios.at(scenario);
  std::vector<std::string> names;
  for (const Column& column : bin_columns(results, r)) names.push_back(column.measure);
  for (const Column& column : horizon_columns(r)) names.push_back(column.measure);
  return names;
}

void write_tidy_csv(const LoadedResults& results, const TextSink& sink) {
  Writer out(sink);
  out.text("scenario,unit,bin,measure,value\n");
  std::vector<std::string> units;
  for (const spatial::Unit& unit : results.district.grids) units.push_back(csv_field(unit.id));
  for (const ScenarioResults& r : results.scenarios) {
    const std::string scenario = csv_field(r.name);
    const std::vector<Column> per_bin_columns = bin_columns(results, r);
    std::vector<std::string> measures;
    for (const Column& column : per_bin_columns) measures.push_back(csv_field(column.measure));
    for (std::size_t bin = 0; bin < r.time.bins; ++bin) {
      const std::string start = iso_bin(r.time.bin_start(bin));
      for (std::size_t unit = 0; unit < r.units; ++unit) {
        for (std::size_t m = 0; m < per_bin_columns.size(); ++m)
          out.row(scenario, units[unit], start, measures[m], per_bin_columns[m].value(bin, unit));
      }
    }
    for (const Column& column : horizon_columns(r)) {
      for (std::size_t unit = 0; unit < r.units; ++unit)
        out.row(scenario, units[unit], "", column.measure, column.value(0, unit));
    }
  }
  out.flush();
}

}  // namespace riskgrid::results
