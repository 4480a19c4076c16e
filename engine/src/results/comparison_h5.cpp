#include "riskgrid/engine/results/comparison_h5.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "io/h5_handles.hpp"
#include "io/h5_write.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace riskgrid::results {
namespace h5 = io::h5;
namespace {

using h5::Axis;

void check_shapes(const BatchComparisonTable& t) {
  const std::size_t runs = t.runs.size(), units = t.units.size();
  const std::pair<const char*, std::size_t> sizes[] = {
      {"run_days", t.run_days.size() * units},
      {"towns", t.towns.size() * runs},
      {"baseline_per_day", t.baseline_per_day.size() * runs},
      {"drill_per_day", t.drill_per_day.size()},
      {"change", t.change.size()},
      {"change_pct", t.change_pct.size()},
      {"excess_change", t.excess_change.size()},
      {"rank", t.rank.size()},
      {"baseline_on_time_share", t.baseline_on_time_share.size() * runs},
      {"drill_on_time_share", t.drill_on_time_share.size()},
      {"baseline_overdue_end", t.baseline_overdue_end.size() * runs},
      {"drill_overdue_end", t.drill_overdue_end.size()},
      {"drill_district_on_time_share", t.drill_district_on_time_share.size() * units}};
  // Scaling the 1-D sizes by the other axis lets one comparison check every array.
  for (const auto& [name, size] : sizes) {
    if (size != runs * units)
      throw std::invalid_argument(
          fmt::format("comparison file: {} does not match [run {} x unit {}]", name, runs, units));
  }
}

/// Case handling of the baseline and the drills (NaN where a run has no response model).
void write_handling(hid_t f, const BatchComparisonTable& t, const Axis& r, const Axis& u) {
  h5::write_attribute(f, "baseline_district_on_time_share", t.baseline_district_on_time_share);
  const char* share = "closed cases handled within their limit / closed cases over the horizon (NaN: none)";
  h5::write_on_axes(f, "baseline_on_time_share", t.baseline_on_time_share, {u}, {share, "1"});
  h5::write_on_axes(f, "drill_on_time_share", t.drill_on_time_share, {r, u}, {share, "1"});
  h5::write_on_axes(f, "drill_district_on_time_share", t.drill_district_on_time_share, {r},
                    {"the drill's on-time share over all grids", "1"});
  const char* overdue = "open cases past their time limit at the end of the horizon, ensemble mean";
  h5::write_on_axes(f, "baseline_overdue_end", t.baseline_overdue_end, {u}, {overdue, "cases"});
  h5::write_on_axes(f, "drill_overdue_end", t.drill_overdue_end, {r, u}, {overdue, "cases"});
}

void write_file(hid_t f, const BatchComparisonTable& t) {
  h5::write_attribute(f, "format", "riskgrid-comparison");
  h5::write_attribute(f, "format_version", std::int32_t{kComparisonFormatVersion});
  h5::write_attribute(f, "riskgrid_version", RISKGRID_VERSION);
  h5::write_attribute(f, "Conventions", "CF-1.8");
  h5::write_attribute(f, "baseline", t.baseline);
  h5::write_attribute(f, "baseline_days", t.baseline_days);
  {
    const h5::Dataset run = h5::write_strings(f, "run", t.runs, {"drill run names, in batch order"});
    h5::make_scale(run.get(), "run");
    const h5::Dataset unit = h5::write_strings(f, "unit", t.units, {"grid identifier"});
    h5::make_scale(unit.get(), "unit");
    const Axis r{run.get(), "run", t.runs.size()}, u{unit.get(), "unit", t.units.size()};
    h5::write_on_axis(f, "town", t.towns, u, {"id of the grid's town"});
    h5::write_on_axes(f, "run_days", t.run_days, {r}, {"length of the drill's horizon", "days"});
    h5::write_on_axes(f, "baseline_per_day", t.baseline_per_day, {u},
                      {"baseline horizon mean per day of its horizon", "incidents per day"});
    h5::write_on_axes(f, "drill_per_day", t.drill_per_day, {r, u},
                      {"drill horizon mean per day of its horizon", "incidents per day"});
    h5::write_on_axes(f, "change", t.change, {r, u}, {"drill_per_day - baseline_per_day", "incidents per day"});
    h5::write_on_axes(f, "change_pct", t.change_pct, {r, u},
                      {"100 * change / baseline_per_day (NaN where the baseline is 0)", "%"});
    h5::write_on_axes(
        f, "excess_change", t.excess_change, {r, u},
        {"consequence-weighted excess over normal of the drill minus that of the baseline", "weighted incidents"});
    h5::write_on_axes(f, "rank", t.rank, {r, u},
                      {"rank of the grid within its run by excess_change (1 = largest increase)"});
    write_handling(f, t, r, u);
  }
}

}  // namespace

void write_comparison_h5(const std::string& path, const BatchComparisonTable& table) {
  check_shapes(table);
  h5::write_file_atomically(path, "comparison", [&](hid_t file) { write_file(file, table); });
}

}  // namespace riskgrid::results
