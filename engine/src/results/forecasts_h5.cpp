#include "riskgrid/engine/results/forecasts_h5.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "io/h5_handles.hpp"
#include "io/h5_write.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace riskgrid::results {
namespace h5 = io::h5;
namespace {

using h5::Axis;

void check_shapes(const ForecastsTable& t) {
  const std::size_t M = t.models.size(), O = t.origins.size(), B = t.bin_hours.size(), U = t.units.size(),
                    K = t.categories.size(), Q = t.quantile_levels.size();
  const std::size_t cells = M * O * B * U * K;
  if (t.mean.size() != cells || t.size.size() != cells || t.quantiles.size() != cells * Q ||
      t.observed.size() != O * B * U * K || t.scored.size() != M * O)
    throw std::invalid_argument(
        fmt::format("forecasts file: arrays do not match {} models x {} origins x {} bins x {} units x {} categories",
                    M, O, B, U, K));
}

void write_file(hid_t f, const ForecastsTable& t) {
  h5::write_attribute(f, "format", "riskgrid-forecasts");
  h5::write_attribute(f, "format_version", std::int32_t{kForecastsFormatVersion});
  h5::write_attribute(f, "riskgrid_version", RISKGRID_VERSION);
  h5::write_attribute(f, "command_line", t.command_line);
  h5::write_attribute(f, "Conventions", "CF-1.8");
  h5::write_attribute(f, "scenario", t.scenario_text);
  h5::write_attribute(f, "level", t.level);
  h5::write_attribute(f, "horizon_days", t.horizon_days);
  h5::write_attribute(f, "bin_length_hours", t.bin_length_hours);
  const h5::Dataset model = h5::write_strings(f, "model", t.models, {"arrival model names, in table order"});
  h5::make_scale(model.get(), "model");
  const h5::Dataset origin = h5::write_strings(f, "origin", t.origins, {"forecast origin (first day of the horizon)"});
  h5::make_scale(origin.get(), "origin");
  const h5::Dataset bin =
      h5::write_dataset(f, "bin", t.bin_hours, {t.bin_hours.size()}, {"start of the bin after the origin", "hours"});
  h5::make_scale(bin.get(), "bin");
  const h5::Dataset unit = h5::write_strings(f, "unit", t.units, {"grid id"});
  h5::make_scale(unit.get(), "unit");
  const h5::Dataset category =
      h5::write_strings(f, "category", t.categories, {"category id (all: the grid's total, level grid)"});
  h5::make_scale(category.get(), "category");
  const h5::Dataset quantile = h5::write_dataset(f, "quantile", t.quantile_levels, {t.quantile_levels.size()},
                                                 {"probability level of the predictive quantile"});
  h5::make_scale(quantile.get(), "quantile");
  const Axis m{model.get(), "model", t.models.size()}, o{origin.get(), "origin", t.origins.size()},
      b{bin.get(), "bin", t.bin_hours.size()}, u{unit.get(), "unit", t.units.size()},
      c{category.get(), "category", t.categories.size()}, q{quantile.get(), "quantile", t.quantile_levels.size()};
  h5::write_on_axes(f, "mean", t.mean, {m, o, b, u, c}, {"predictive mean count (NaN: not scored)", "incidents"});
  h5::write_on_axes(f, "size", t.size, {m, o, b, u, c},
                    {"negative-binomial size k, variance mean + mean^2/k (inf: Poisson; NaN: not scored)"});
  h5::write_on_axes(f, "quantiles", t.quantiles, {m, o, b, u, c, q},
                    {"predictive quantile: smallest count y with P(Y <= y) >= level", "incidents"});
  h5::write_on_axes(f, "observed", t.observed, {o, b, u, c}, {"observed count", "incidents"});
  h5::write_on_axes(f, "scored", t.scored, {m, o}, {"1 where the model was scored at the origin"});
}

}  // namespace

void write_forecasts_h5(const std::string& path, const ForecastsTable& table) {
  check_shapes(table);
  h5::write_file_atomically(path, "forecasts", [&](hid_t file) { write_file(file, table); });
}

}  // namespace riskgrid::results
