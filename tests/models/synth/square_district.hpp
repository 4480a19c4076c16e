#pragma once
// A small hand-built district for fast model tests: n x n square grids of `side` metres around the
// projection centre, with unequal populations, and a catalog of a few categories.
#include <string>

#include <fmt/format.h>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::testing {

inline geo::MultiPolygon square(double x0, double y0, double side) {
  geo::Polygon p;
  auto& r = p.outer();
  r = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  return {p};
}

/// Grid i has population 1000 * (1 + i), so population weights are unequal and known.
inline spatial::District square_district(int n, double side) {
  spatial::District d;
  d.name = "squares";
  d.projection = geo::LocalProjection(121.4, 31.25);
  spatial::Unit town;
  town.id = "t";
  town.shape = square(-n * side / 2, -n * side / 2, n * side);
  spatial::update_derived(town);
  d.towns.push_back(town);
  d.outline = town.shape;
  for (int i = 0; i < n * n; ++i) {
    spatial::Unit g;
    g.id = fmt::format("g{}", i);
    g.parent = "t";
    g.population = 1000.0 * (1 + i);
    g.shape = square(-n * side / 2 + (i % n) * side, -n * side / 2 + (i / n) * side, side);
    spatial::update_derived(g);
    d.grids.push_back(g);
  }
  return d;
}

inline catalog::CategoryCatalog small_catalog() {
  catalog::CategoryCatalog c;
  const struct {
    const char* id;
    double share, median_hours;
  } rows[] = {{"property", 0.5, 96}, {"noise", 0.3, 24}, {"municipal", 0.2, 48}};
  for (const auto& r : rows) {
    catalog::Category cat;
    cat.id = r.id;
    cat.name = r.id;
    cat.share = r.share;
    cat.handling_median_hours = r.median_hours;
    cat.department = std::string(r.id) + "_dept";
    c.categories.push_back(cat);
  }
  return c;
}

}  // namespace riskgrid::testing
