#include "riskgrid/engine/results/scores_h5.hpp"

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

void check_shapes(const ScoresTable& t) {
  const std::size_t M = t.models.size(), O = t.origins.size(), S = t.scores.size(), A = t.area_shares.size();
  if (t.values.size() != M * O * S || t.summary.size() != M * S || t.errors.size() != M * O ||
      t.observed_total.size() != O || t.oracle_hit_rate.size() != O * A || t.oracle_pai.size() != O * A ||
      t.fit_seconds.size() != M * O || t.chosen.size() != M * O)
    throw std::invalid_argument(
        fmt::format("scores file: arrays do not match {} models x {} origins x {} scores", M, O, S));
}

void write_file(hid_t f, const ScoresTable& t) {
  h5::write_attribute(f, "format", "riskgrid-scores");
  h5::write_attribute(f, "format_version", std::int32_t{kScoresFormatVersion});
  h5::write_attribute(f, "riskgrid_version", RISKGRID_VERSION);
  h5::write_attribute(f, "command_line", t.command_line);
  h5::write_attribute(f, "Conventions", "CF-1.8");
  h5::write_attribute(f, "scenario", t.scenario_text);
  h5::write_attribute(f, "horizon_days", t.horizon_days);
  h5::write_attribute(f, "bin_hours", t.bin_hours);
  h5::write_attribute(f, "window_days", t.window_days);
  h5::write_attribute(f, "interval", t.interval);
  {
    const h5::Dataset model = h5::write_strings(f, "model", t.models, {"arrival model names, in table order"});
    h5::make_scale(model.get(), "model");
    const h5::Dataset origin =
        h5::write_strings(f, "origin", t.origins, {"forecast origin (first day of the horizon)"});
    h5::make_scale(origin.get(), "origin");
    const h5::Dataset score = h5::write_strings(f, "score", t.scores, {"score name (docs/backtest.md)"});
    h5::make_scale(score.get(), "score");
    const h5::Dataset share = h5::write_dataset(f, "area_share", t.area_shares, {t.area_shares.size()},
                                                {"share of the district's area flagged as hotspots"});
    h5::make_scale(share.get(), "area_share");
    const Axis m{model.get(), "model", t.models.size()}, o{origin.get(), "origin", t.origins.size()},
        s{score.get(), "score", t.scores.size()}, a{share.get(), "area_share", t.area_shares.size()};
    h5::write_on_axes(f, "scores", t.values, {m, o, s}, {"score of each model at each origin (NaN: not fitted)"});
    h5::write_on_axes(f, "summary", t.summary, {m, s}, {"mean of each score over the origins a model was scored at"});
    h5::write_on_axes(f, "observed_total", t.observed_total, {o}, {"incidents in the horizon", "incidents"});
    h5::write_on_axes(f, "oracle_hit_rate", t.oracle_hit_rate, {o, a},
                      {"hit rate of the oracle (grids ranked by what happened)"});
    h5::write_on_axes(f, "oracle_pai", t.oracle_pai, {o, a}, {"PAI of the oracle"});
    h5::write_on_axes(f, "fit_seconds", t.fit_seconds, {m, o}, {"wall-clock time to fit and forecast", "s"});
    // 2-D on named axes: a 1-D [model x origin] list would need phony dimensions in netCDF readers.
    const h5::Dataset errors = h5::write_strings(f, "errors", t.errors, {t.models.size(), t.origins.size()},
                                                 {"why a model could not be fitted at an origin; empty if scored"});
    h5::attach_scale(errors.get(), m, 0);
    h5::attach_scale(errors.get(), o, 1);
    const h5::Dataset chosen = h5::write_strings(f, "chosen", t.chosen, {t.models.size(), t.origins.size()},
                                                 {"the candidate best_of_backtest fitted at an origin; else empty"});
    h5::attach_scale(chosen.get(), m, 0);
    h5::attach_scale(chosen.get(), o, 1);
    std::vector<std::int8_t> scored;
    for (const auto& e : t.errors) scored.push_back(e.empty() ? 1 : 0);
    h5::write_on_axes(f, "scored", scored, {m, o}, {"1 where the model was scored at the origin, 0 where not"});
  }
}

}  // namespace

void write_scores_h5(const std::string& path, const ScoresTable& table) {
  check_shapes(table);
  h5::write_file_atomically(path, "scores", [&](hid_t file) { write_file(file, table); });
}

}  // namespace riskgrid::results
