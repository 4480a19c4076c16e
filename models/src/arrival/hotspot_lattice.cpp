#include "hotspot_lattice.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/unit_locator.hpp"

namespace riskgrid::models::hotspot {

Lattice Lattice::over(const spatial::District& district, double cell, double pad) {
  geo::Box box;
  geo::bg::assign_inverse(box);
  for (const auto& g : district.grids) geo::bg::expand(box, geo::bg::return_envelope<geo::Box>(g.shape));
  Lattice l;
  l.x0 = box.min_corner().x() - pad;
  l.y0 = box.min_corner().y() - pad;
  const double width = box.max_corner().x() + pad - l.x0, height = box.max_corner().y() + pad - l.y0;
  // Coarsen the cell for huge districts rather than allocate without bound.
  l.cell = std::max(cell, std::sqrt(width * height / 4e6));
  l.nx = static_cast<std::size_t>(std::ceil(width / l.cell));
  l.ny = static_cast<std::size_t>(std::ceil(height / l.cell));
  l.unit.assign(l.nx * l.ny, -1);
  l.fallback.resize(district.grids.size());
  // One point-location index for all cells (the lowest-index grid keeps a shared border cell, as
  // covered_by per grid did); a cell test per grid envelope cost 3-16x more on large polygons.
  const spatial::UnitLocator locator(district);
  for (std::size_t iy = 0; iy < l.ny; ++iy)
    for (std::size_t ix = 0; ix < l.nx; ++ix) {
      const geo::Point centre(l.x0 + (double(ix) + 0.5) * l.cell, l.y0 + (double(iy) + 0.5) * l.cell);
      if (const auto g = locator.locate(centre)) l.unit[iy * l.nx + ix] = static_cast<std::int32_t>(*g);
    }
  for (std::size_t g = 0; g < district.grids.size(); ++g)
    l.fallback[g] = l.cell_of(district.grids[g].centroid.x(), district.grids[g].centroid.y());
  return l;
}

std::size_t Lattice::cell_of(double x, double y) const {
  const double fx = (x - x0) / cell, fy = (y - y0) / cell;
  if (!(fx >= 0 && fy >= 0 && fx < double(nx) && fy < double(ny))) return size();
  return static_cast<std::size_t>(fy) * nx + static_cast<std::size_t>(fx);
}

std::vector<geo::Point> incident_points(const incidents::IncidentTable& h, const std::vector<std::size_t>& rows,
                                        const spatial::District& district) {
  std::vector<geo::Point> out(rows.size());
  const bool has_coordinates = h.lon.size() == h.size() && h.lat.size() == h.size();
  // Projected in one batch through the polygon overload (the per-point call is much slower).
  geo::MultiPolygon batch;
  batch.resize(1);
  std::vector<std::size_t> batched;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    if (has_coordinates && std::isfinite(h.lon[r]) && std::isfinite(h.lat[r])) {
      batch[0].outer().emplace_back(h.lon[r], h.lat[r]);
      batched.push_back(i);
    } else {
      out[i] = district.grids.at(h.grid[r]).centroid;
    }
  }
  if (!batched.empty()) {
    const geo::MultiPolygon metric = district.projection.to_metric(batch);
    for (std::size_t j = 0; j < batched.size(); ++j) out[batched[j]] = metric[0].outer()[j];
  }
  return out;
}

void gaussian_smooth(const Lattice& l, std::vector<double>& surface, double sigma) {
  const double s = sigma / l.cell;
  const auto reach = static_cast<std::ptrdiff_t>(std::ceil(4 * s));
  std::vector<double> kernel(static_cast<std::size_t>(2 * reach + 1));
  for (std::ptrdiff_t k = -reach; k <= reach; ++k)
    kernel[static_cast<std::size_t>(k + reach)] = std::exp(-0.5 * double(k * k) / (s * s));
  std::vector<double> tmp(surface.size(), 0.0);
  const auto nx = static_cast<std::ptrdiff_t>(l.nx), ny = static_cast<std::ptrdiff_t>(l.ny);
  auto pass = [&](const std::vector<double>& in, std::vector<double>& out, bool along_x) {
    std::fill(out.begin(), out.end(), 0.0);
    for (std::ptrdiff_t y = 0; y < ny; ++y)
      for (std::ptrdiff_t x = 0; x < nx; ++x) {
        const double v = in[static_cast<std::size_t>(y * nx + x)];
        if (v == 0) continue;
        for (std::ptrdiff_t k = -reach; k <= reach; ++k) {
          const std::ptrdiff_t tx = along_x ? x + k : x, ty = along_x ? y : y + k;
          if (tx < 0 || ty < 0 || tx >= nx || ty >= ny) continue;
          out[static_cast<std::size_t>(ty * nx + tx)] += v * kernel[static_cast<std::size_t>(k + reach)];
        }
      }
  };
  pass(surface, tmp, true);
  pass(tmp, surface, false);
}

void radial_smooth(const Lattice& l, std::vector<double>& surface, double radius,
                   const std::function<double(double)>& weight) {
  const auto reach = static_cast<std::ptrdiff_t>(std::floor(radius / l.cell));
  const std::size_t side = static_cast<std::size_t>(2 * reach + 1);
  std::vector<double> kernel(side * side, 0.0);
  for (std::ptrdiff_t dy = -reach; dy <= reach; ++dy)
    for (std::ptrdiff_t dx = -reach; dx <= reach; ++dx) {
      const double d = l.cell * std::hypot(double(dx), double(dy));
      if (d <= radius)
        kernel[static_cast<std::size_t>(dy + reach) * side + static_cast<std::size_t>(dx + reach)] = weight(d);
    }
  std::vector<double> out(surface.size(), 0.0);
  const auto nx = static_cast<std::ptrdiff_t>(l.nx), ny = static_cast<std::ptrdiff_t>(l.ny);
  for (std::ptrdiff_t y = 0; y < ny; ++y)
    for (std::ptrdiff_t x = 0; x < nx; ++x) {
      const double v = surface[static_cast<std::size_t>(y * nx + x)];
      if (v == 0) continue;
      for (std::ptrdiff_t dy = -reach; dy <= reach; ++dy) {
        const std::ptrdiff_t ty = y + dy;
        if (ty < 0 || ty >= ny) continue;
        for (std::ptrdiff_t dx = -reach; dx <= reach; ++dx) {
          const std::ptrdiff_t tx = x + dx;
          if (tx < 0 || tx >= nx) continue;
          out[static_cast<std::size_t>(ty * nx + tx)] +=
              v * kernel[static_cast<std::size_t>(dy + reach) * side + static_cast<std::size_t>(dx + reach)];
        }
      }
    }
  surface.swap(out);
}

std::vector<double> grid_mass(const Lattice& l, const std::vector<double>& surface, std::size_t grids) {
  std::vector<double> mass(grids, 0.0);
  std::vector<std::uint8_t> hit(grids, 0);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.unit[i] >= 0) {
      mass[static_cast<std::size_t>(l.unit[i])] += surface[i];
      hit[static_cast<std::size_t>(l.unit[i])] = 1;
    }
  for (std::size_t g = 0; g < grids; ++g)
    if (!hit[g] && l.fallback[g] < l.size()) mass[g] = surface[l.fallback[g]];
  for (double& m : mass) m *= l.cell * l.cell;
  return mass;
}

}  // namespace riskgrid::models::hotspot
