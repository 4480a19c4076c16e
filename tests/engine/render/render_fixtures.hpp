#pragma once
// A hand-built district and results for the renderer's tests: a 2 x 2 km district of four 1 km
// grids (g0 south-west, g1 south-east, g2 north-west, g3 north-east) in two towns, and a scenario
// over it with per-bin values chosen by the test.
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render::fixtures {

inline geo::Polygon square(double x0, double y0, double side) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  return p;
}

inline spatial::Unit unit(std::string id, std::string name, std::string parent, geo::MultiPolygon shape) {
  spatial::Unit u;
  u.id = std::move(id);
  u.name = std::move(name);
  u.parent = std::move(parent);
  u.shape = std::move(shape);
  u.area_m2 = geo::bg::area(u.shape);
  geo::bg::centroid(u.shape, u.centroid);
  return u;
}

inline spatial::District two_by_two() {
  spatial::District d;
  d.name = "test";
  d.outline = {square(0, 0, 2000)};
  const double xs[] = {0, 1000, 0, 1000};
  const double ys[] = {0, 0, 1000, 1000};
  for (int g = 0; g < 4; ++g) {
    d.grids.push_back(unit("g" + std::to_string(g), "grid " + std::to_string(g), g % 2 == 0 ? "west" : "east",
                           {square(xs[g], ys[g], 1000)}));
  }
  geo::Polygon west;
  west.outer() = {{0, 0}, {1000, 0}, {1000, 2000}, {0, 2000}, {0, 0}};
  geo::Polygon east;
  east.outer() = {{1000, 0}, {2000, 0}, {2000, 2000}, {1000, 2000}, {1000, 0}};
  d.towns.push_back(unit("west", "西镇 West", "", {west}));
  d.towns.push_back(unit("east", "东镇 East", "", {east}));
  return d;
}

inline std::vector<results::LevelBand> four_levels() {
  return {{"blue", "Blue (low) 蓝", 0x2c7bb6},
          {"yellow", "Yellow 黄", 0xffd92f},
          {"orange", "Orange 橙", 0xf28e2b},
          {"red", "Red (major) 红", 0xd7191c}};
}

inline HeatmapSpec page(int width = 1000, int height = 750) {
  HeatmapSpec s;
  s.title = "Test district 测试";
  s.subtitle = "subtitle";
  s.footnote = "Internal borders are synthetic";
  s.width_px = width;
  s.height_px = height;
  return s;
}

/// A scenario of `bins` bins of `bin_length` over the 4 grids: per-bin mean of grid g in bin b is
/// (g + 1) * (b + 1), p95 twice that, risk index (g + 1) / 2, level (g + b) % 4.
inline results::ScenarioResults scenario(std::size_t bins, time::Seconds bin_length, std::string name = "drill") {
  results::ScenarioResults r;
  r.name = name;
  r.title = "Drill " + name;
  r.time = {*time::parse_iso("2026-11-01"), bin_length, bins};
  r.units = 4;
  r.categories = 1;
  r.replicas = 10;
  r.mean_by_category = cube::Cube<double>({bins, 4, 1});
  r.normal_by_category = cube::Cube<double>({bins, 4, 1});
  for (std::size_t b = 0; b < bins; ++b) {
    for (std::size_t g = 0; g < 4; ++g) {
      const double mean = static_cast<double>((g + 1) * (b + 1));
      r.mean_by_category.at(b, g, 0) = mean;
      r.normal_by_category.at(b, g, 0) = mean / 2;
      r.per_bin.mean.push_back(mean);
      r.per_bin.p05.push_back(mean / 2);
      r.per_bin.p50.push_back(mean);
      r.per_bin.p95.push_back(2 * mean);
      r.per_bin.exceedance.push_back(0.1);
      r.per_bin.above_double_normal.push_back(0.05);
      r.normal.push_back(mean / 2);
      r.ratio_to_normal.push_back(static_cast<double>(g + 1) / 2);
      r.excess.push_back(mean / 2);
      r.risk_level.push_back(static_cast<std::int8_t>((g + b) % 4));
    }
  }
  r.exceedance_threshold.assign(4, 10);
  for (std::size_t g = 0; g < 4; ++g) {
    double total = 0;
    for (std::size_t b = 0; b < bins; ++b) total += r.per_bin.mean[b * 4 + g];
    r.horizon.mean.push_back(total);
    r.horizon.p05.push_back(total / 2);
    r.horizon.p50.push_back(total);
    r.horizon.p95.push_back(total * 1.5);
    r.horizon.exceedance.push_back(0.2);
    r.horizon.above_double_normal.push_back(0.1);
    r.horizon_normal.push_back(total / 2);
    r.horizon_ratio_to_normal.push_back(static_cast<double>(g + 1) / 2);
    r.horizon_excess.push_back(total / 2);
    r.level_reason.push_back(fmt::format("{}× normal", static_cast<double>(g + 1) / 2));
    r.rank.push_back(static_cast<std::int32_t>(4 - g));
    r.rank_value.push_back(total / 2);
    r.horizon_risk_level.push_back(static_cast<std::int8_t>(g));
  }
  r.horizon_threshold.assign(4, 100);
  r.levels = four_levels();
  r.category_excess.assign(4, 1.0);
  r.normal_source = "the forecast without drills";
  r.rank_measure = "weighted excess incidents";
  return r;
}

}  // namespace riskgrid::render::fixtures
