#include "batch_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <limits>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/results/results_loader.hpp"
#include "riskgrid/engine/render/comparison.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::app {
namespace fs = std::filesystem;

namespace {

using results::BatchComparisonTable;

constexpr double kSecondsPerDay = 86400.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

results::LoadedResults load_run(const std::string& out_dir, const std::string& run) {
  return results::load_results((fs::path(out_dir) / run / "results.h5").string());
}

const results::ScenarioResults& only_scenario(const results::LoadedResults& r) {
  return r.scenarios[r.scenario_index()];
}

double horizon_days(const results::ScenarioResults& r) {
  return static_cast<double>(r.time.end() - r.time.start) / kSecondsPerDay;
}

/// Grid u's on-time share over the horizon and its overdue cases at the end; NaN without case handling.
std::pair<double, double> handling_of(const results::ScenarioResults& r, std::size_t u) {
  const results::ResponseResults& h = r.response;
  if (!h.present || r.time.bins == 0) return {kNaN, kNaN};
  return {h.on_time_share[u], h.overdue_mean[(r.time.bins - 1) * r.units + u]};
}

double district_on_time_of(const results::ScenarioResults& r) {
  return r.response.present ? r.response.district_on_time_share : kNaN;
}

/// Rank 1 for the largest increase; ties keep the grid order, so ranks are deterministic.
std::vector<std::int32_t> ranks_of(const std::vector<double>& increase) {
  std::vector<std::size_t> order(increase.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return increase[a] > increase[b]; });
  std::vector<std::int32_t> rank(increase.size());
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<std::int32_t>(i + 1);
  return rank;
}

/// Appends one drill's row of every [run][unit] array, on the baseline's grid order.
void add_drill(BatchComparisonTable& t, const results::LoadedResults& base, const results::LoadedResults& drill) {
  const auto& b = only_scenario(base);
  const auto& d = only_scenario(drill);
  std::map<std::string, std::size_t> index;
  for (std::size_t u = 0; u < drill.district.grids.size(); ++u) index[drill.district.grids[u].id] = u;
  const double days = horizon_days(d);
  t.run_days.push_back(days);
  std::vector<double> increase;
  for (std::size_t u = 0; u < t.units.size(); ++u) {
    const auto it = index.find(t.units[u]);
    if (it == index.end() || index.size() != t.units.size())
      throw InputError(fmt::format("{}: its grids are not those of the baseline {}", drill.path, base.path));
    const double per_day = d.horizon.mean[it->second] / days;
    const double change = per_day - t.baseline_per_day[u];
    t.drill_per_day.push_back(per_day);
    t.change.push_back(change);
    t.change_pct.push_back(t.baseline_per_day[u] > 0 ? 100 * change / t.baseline_per_day[u]
                                                     : std::numeric_limits<double>::quiet_NaN());
    increase.push_back(d.horizon_excess[it->second] - b.horizon_excess[u]);
    const auto [on_time, overdue] = handling_of(d, it->second);
    t.drill_on_time_share.push_back(on_time);
    t.drill_overdue_end.push_back(overdue);
  }
  t.drill_district_on_time_share.push_back(district_on_time_of(d));
  t.excess_change.insert(t.excess_change.end(), increase.begin(), increase.end());
  const auto rank = ranks_of(increase);
  t.rank.insert(t.rank.end(), rank.begin(), rank.end());
}

void write_compare_picture(const std::string& path, const results::LoadedResults& base,
                           const results::LoadedResults& drill) {
  const std::size_t bi = base.scenario_index(), di = drill.scenario_index();
  const render::Comparison comparison = render::compare_runs(
      {base.path, &base.district, &base.scenarios[bi], base.count_units[bi]},
      {drill.path, &drill.district, &drill.scenarios[di], drill.count_units[di]}, render::Measure::mean);
  render::HeatmapSpec spec;
  // Names, not paths: the picture does not depend on where the batch was written.
  spec.footnote = fmt::format("run {} against baseline run {} (seed {})", drill.scenarios[di].name,
                              base.scenarios[bi].name, drill.seed);
  if (!drill.district_note.empty()) spec.footnote = drill.district_note + " \u00b7 " + spec.footnote;
  spec.width_px = 2400;  // as `riskgrid render --compare`
  spec.height_px = 1050;
  render::write_comparison(path, drill.district, comparison, spec);
}

std::string csv_number(double value) { return std::isnan(value) ? std::string() : fmt::format("{}", value); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void write_csv(const std::string& path, const BatchComparisonTable& t) {
  std::ostringstream csv;
  csv << "run,grid,town,baseline_per_day,drill_per_day,change,change_pct,excess_change,rank,"
         "baseline_on_time_share,drill_on_time_share,baseline_overdue_end,drill_overdue_end\n";
  for (std::size_t r = 0; r < t.runs.size(); ++r)
    for (std::size_t u = 0; u < t.units.size(); ++u) {
      const std::size_t i = r * t.units.size() + u;
      csv << csv_field(t.runs[r]) << ',' << csv_field(t.units[u]) << ',' << csv_field(t.towns[u]) << ','
          << csv_number(t.baseline_per_day[u]) << ',' << csv_number(t.drill_per_day[i]) << ','
          << csv_number(t.change[i]) << ',' << csv_number(t.change_pct[i]) << ',' << csv_number(t.excess_change[i])
          << ',' << t.rank[i] << ',' << csv_number(t.baseline_on_time_share[u]) << ','
          << csv_number(t.drill_on_time_share[i]) << ',' << csv_number(t.baseline_overdue_end[u]) << ','
          << csv_number(t.drill_overdue_end[i]) << '\n';
    }
  io::write_file(path, csv.str(), "the comparison table");
}

}  // namespace

BatchComparisonTable write_batch_comparison(const std::string& out_dir, const std::vector<std::string>& runs,
                                            const std::string& baseline) {
  const results::LoadedResults base = load_run(out_dir, baseline);
  const auto& b = only_scenario(base);
  BatchComparisonTable t;
  t.baseline = baseline;
  t.baseline_days = horizon_days(b);
  for (std::size_t u = 0; u < base.district.grids.size(); ++u) {
    t.units.push_back(base.district.grids[u].id);
    t.towns.push_back(base.district.grids[u].parent);
    t.baseline_per_day.push_back(b.horizon.mean[u] / t.baseline_days);
    const auto [on_time, overdue] = handling_of(b, u);
    t.baseline_on_time_share.push_back(on_time);
    t.baseline_overdue_end.push_back(overdue);
  }
  t.baseline_district_on_time_share = district_on_time_of(b);
  for (const std::string& run : runs) {
    if (run == baseline) continue;
    const results::LoadedResults drill = load_run(out_dir, run);
    t.runs.push_back(run);
    add_drill(t, base, drill);
    write_compare_picture((fs::path(out_dir) / run / "compare.png").string(), base, drill);
  }
  write_csv((fs::path(out_dir) / "comparison.csv").string(), t);
  results::write_comparison_h5((fs::path(out_dir) / "comparison.h5").string(), t);
  return t;
}

namespace {

/// The district's on-time share and overdue cases, baseline against run `r`, when both handle cases.
void print_handling_change(const BatchComparisonTable& t, std::size_t r) {
  const double base = t.baseline_district_on_time_share, drill = t.drill_district_on_time_share[r];
  if (std::isnan(base) || std::isnan(drill)) return;
  const std::size_t units = t.units.size();
  double base_overdue = 0, drill_overdue = 0;
  for (std::size_t u = 0; u < units; ++u) {
    base_overdue += t.baseline_overdue_end[u];
    drill_overdue += t.drill_overdue_end[r * units + u];
  }
  std::printf("case handling: on time %.2f%% -> %.2f%% (%+.2f points), overdue at the end %.1f -> %.1f\n", 100 * base,
              100 * drill, 100 * (drill - base), base_overdue, drill_overdue);
}

}  // namespace

void print_batch_comparison(const BatchComparisonTable& t, std::size_t rows) {
  const std::size_t units = t.units.size();
  for (std::size_t r = 0; r < t.runs.size(); ++r) {
    const bool per_day = t.run_days[r] != t.baseline_days;
    std::printf("\n%s against %s — top %zu grids by increase in excess over normal%s\n", t.runs[r].c_str(),
                t.baseline.c_str(), std::min(rows, units),
                per_day ? " (horizons differ in length: incidents per day)" : " (incidents per day)");
    std::printf("%4s  %-16s %-14s %10s %10s %9s %8s\n", "rank", "grid", "town", "baseline", "drill", "change",
                "excess +");
    std::vector<std::size_t> order(units);
    for (std::size_t u = 0; u < units; ++u) order[static_cast<std::size_t>(t.rank[r * units + u] - 1)] = u;
    for (std::size_t k = 0; k < rows && k < units; ++k) {
      const std::size_t u = order[k], i = r * units + u;
      std::printf("%4zu  %-16s %-14s %10.2f %10.2f %+9.2f %+8.1f\n", k + 1, t.units[u].c_str(), t.towns[u].c_str(),
                  t.baseline_per_day[u], t.drill_per_day[i], t.change[i], t.excess_change[i]);
    }
    print_handling_change(t, r);
  }
}

}  // namespace riskgrid::app
