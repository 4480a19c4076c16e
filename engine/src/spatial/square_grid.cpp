#include "spatial/square_grid.hpp"

#include <fmt/format.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <cmath>

#include "riskgrid/engine/error.hpp"
#include "spatial/units_ogr.hpp"

namespace riskgrid::spatial {
namespace ogr = io::ogr;

namespace {

namespace bg = geo::bg;

constexpr double kMaxCells = 1e6;      // a square grid is for maps people read, not rasters
constexpr int kExtentSidePoints = 64;  // a lon/lat side curves once projected: densify it

// The union of every feature's polygons, in lon/lat.
geo::MultiPolygon read_boundary(const UnitsSource& s, UnitsLoad& load) {
  const units_ogr::OpenLayer open = units_ogr::open_layer(s.path, s.layer);
  const auto ct = units_ogr::lonlat_transform(open, s.crs);
  std::vector<std::unique_ptr<OGRGeometry>> shapes;
  long long number = 0;
  ogr::QuietErrors quiet;
  open.layer->ResetReading();
  for (auto& feature : *open.layer) {
    ++number;
    const OGRGeometry* g = feature->GetGeometryRef();
    std::unique_ptr<OGRMultiPolygon> p = g ? units_ogr::polygonal(*g) : nullptr;
    if (!p) continue;  // a boundary file may carry labels or lines; only areas bound the grid
    if (ct && p->transform(ct.get()) != OGRERR_NONE)
      throw InputError(fmt::format("{}: feature {}: cannot reproject its coordinates to lon/lat", open.name, number));
    if (!p->IsValid()) {
      std::unique_ptr<OGRGeometry> fixed(p->MakeValid());
      if (!fixed) throw InputError(fmt::format("{}: feature {}: invalid polygon", open.name, number));
      ++load.repaired;
      load.warnings.push_back(fmt::format("{}: feature {}: invalid polygon repaired", open.name, number));
      shapes.push_back(std::move(fixed));
    } else {
      shapes.push_back(std::move(p));
    }
  }
  load.features = static_cast<std::size_t>(number);
  std::vector<const OGRGeometry*> parts;
  for (const auto& g : shapes) parts.push_back(g.get());
  const auto boundary = parts.empty() ? nullptr : units_ogr::union_of(parts);
  if (!boundary) throw InputError(fmt::format("{}: expected polygons to clip the square grid to, got none", open.name));
  return units_ogr::to_geo(*boundary);
}

geo::MultiPolygon extent_polygon(const std::array<double, 4>& e) {
  geo::Ring ring;
  const double x[] = {e[0], e[2], e[2], e[0]}, y[] = {e[1], e[1], e[3], e[3]};
  for (int side = 0; side < 4; ++side) {
    for (int k = 0; k < kExtentSidePoints; ++k) {
      const double t = static_cast<double>(k) / kExtentSidePoints;
      ring.emplace_back(x[side] + t * (x[(side + 1) % 4] - x[side]), y[side] + t * (y[(side + 1) % 4] - y[side]));
    }
  }
  ring.push_back(ring.front());
  geo::Polygon p;
  p.outer() = std::move(ring);
  geo::MultiPolygon out{p};
  bg::correct(out);
  return out;
}

OGRPolygon rectangle(double x0, double y0, double x1, double y1) {
  OGRLinearRing ring;
  ring.addPoint(x0, y0);
  ring.addPoint(x1, y0);
  ring.addPoint(x1, y1);
  ring.addPoint(x0, y1);
  ring.closeRings();
  OGRPolygon p;
  p.addRing(&ring);
  return p;
}

// Owns a GEOS prepared geometry: repeated contains/intersects tests against one shape are much
// faster prepared.
struct Prepared {
  OGRPreparedGeometryH handle;
  explicit Prepared(const OGRGeometry& g)
      : handle(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))) {}
  ~Prepared() { OGRDestroyPreparedGeometry(handle); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  bool contains(const OGRGeometry& g) const {
    return OGRPreparedGeometryContains(handle, OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
  }
  bool intersects(const OGRGeometry& g) const {
    return OGRPreparedGeometryIntersects(handle, OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
  }
};

spatial::Unit cell_unit(int row, int col, geo::MultiPolygon shape) {
  spatial::Unit u;
  u.id = fmt::format("r{:03}c{:03}", row, col);
  u.name = u.id;
  u.population = 1;
  u.shape = std::move(shape);
  bg::correct(u.shape);
  spatial::update_derived(u);
  return u;
}

// One row band at a time: the boundary is clipped to the band once, then each cell is either
// wholly inside (kept as is), outside (dropped) or clipped.
void add_row(const OGRGeometry& boundary, const OGREnvelope& env, double cell, int row, int cols,
             std::vector<spatial::Unit>& out) {
  const double y0 = env.MinY + row * cell, y1 = y0 + cell;
  const OGRPolygon band = rectangle(env.MinX, y0, env.MinX + cols * cell, y1);
  std::unique_ptr<OGRGeometry> strip(boundary.Intersection(&band));
  if (!strip || strip->IsEmpty()) return;
  const Prepared prepared(*strip);
  for (int col = 0; col < cols; ++col) {
    const double x0 = env.MinX + col * cell;
    const OGRPolygon square = rectangle(x0, y0, x0 + cell, y1);
    if (!prepared.intersects(square)) continue;
    std::unique_ptr<OGRMultiPolygon> piece;
    if (prepared.contains(square)) {
      piece = units_ogr::polygonal(square);
    } else {
      std::unique_ptr<OGRGeometry> clipped(strip->Intersection(&square));
      piece = clipped ? units_ogr::polygonal(*clipped) : nullptr;
    }
    if (!piece) continue;
    geo::MultiPolygon shape = units_ogr::to_geo(*piece);
    if (bg::area(shape) <= 0) continue;  // touches the boundary along a line or at a point
    out.push_back(cell_unit(row, col, std::move(shape)));
  }
}

}  // namespace

void load_square_units(const UnitsSource& s, UnitsLoad& load) {
  const SquareGridSpec& square = *s.square;
  const geo::MultiPolygon lonlat =
      square.extent_lonlat ? extent_polygon(*square.extent_lonlat) : read_boundary(s, load);
  spatial::District& d = load.district;
  d.projection = geo::projection_centred_on(lonlat);
  d.outline = d.projection.to_metric(lonlat);
  bg::correct(d.outline);
  const auto boundary = units_ogr::to_ogr(d.outline);
  OGREnvelope env;
  boundary->getEnvelope(&env);
  const double cols = std::ceil((env.MaxX - env.MinX) / square.cell_m);
  const double rows = std::ceil((env.MaxY - env.MinY) / square.cell_m);
  if (cols * rows > kMaxCells)
    throw InputError(
        fmt::format("{}: units.square.cell_m: {} m cells give {:.0f} x {:.0f} cells over the "
                    "boundary; expected "
                    "at most {:.0f} (use larger cells)",
                    s.where, square.cell_m, cols, rows, kMaxCells));
  ogr::QuietErrors quiet;
  for (int row = 0; row < static_cast<int>(rows); ++row)
    add_row(*boundary, env, square.cell_m, row, static_cast<int>(cols), d.grids);
  if (d.grids.empty()) throw InputError(fmt::format("{}: the square grid has no cell inside the boundary", s.where));
}

}  // namespace riskgrid::spatial
