// Cross-boundary cases: how much of each grid lies near another grid. Cases carry no location inside
// their grid, so a case is near a border with the probability that a point of its grid is; that share
// is measured once per run from the district's geometry, and each case draws its flag once.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "riskgrid/engine/spatial/unit_locator.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::models::response {

std::vector<double> border_shares(const spatial::District& district, double metres) {
  const std::size_t grids = district.grids.size();
  std::vector<double> out(grids, 0.0);
  if (!(metres > 0) || grids < 2) return out;
  const spatial::UnitLocator locator(district);
  // About 400 lattice points per grid (a share to a quarter of a point); fewer in districts of
  // thousands of grids, so the whole stays well under a second.
  const double points = std::clamp(400000.0 / double(grids), 64.0, 400.0);
  std::array<geo::Point, 8> probe{};  // eight directions: a border within `metres` is found to 92%
  for (std::size_t i = 0; i < probe.size(); ++i) {
    const double angle = double(i) * std::numbers::pi / 4;
    probe[i] = {metres * std::cos(angle), metres * std::sin(angle)};
  }
  for (std::size_t g = 0; g < grids; ++g) {
    double min_x = std::numeric_limits<double>::max(), min_y = min_x, max_x = -min_x, max_y = -min_x;
    for (const auto& polygon : district.grids[g].shape)  // outer rings by hand: bg::envelope on a
      for (const auto& p : polygon.outer()) {            // multi-polygon trips GCC's -Wmaybe-uninitialized
        min_x = std::min(min_x, p.x()), max_x = std::max(max_x, p.x());
        min_y = std::min(min_y, p.y()), max_y = std::max(max_y, p.y());
      }
    const double area = district.grids[g].area_m2;
    if (!(area > 0) || !(max_x > min_x) || !(max_y > min_y)) continue;
    const double step = std::sqrt(area / points);
    const auto cols = static_cast<std::size_t>(std::ceil((max_x - min_x) / step));
    const auto rows = static_cast<std::size_t>(std::ceil((max_y - min_y) / step));
    std::size_t inside = 0, near = 0;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) {
        const double x = min_x + (double(c) + 0.5) * step, y = min_y + (double(r) + 0.5) * step;
        if (locator.locate({x, y}) != std::optional<std::uint32_t>(std::uint32_t(g))) continue;
        ++inside;
        for (const geo::Point& d : probe) {
          const auto other = locator.locate({x + d.x(), y + d.y()});  // outside the district: no grid's border
          if (other && *other != g) {
            ++near;
            break;
          }
        }
      }
    out[g] = inside > 0 ? double(near) / double(inside) : 0.0;
  }
  return out;
}

}  // namespace riskgrid::models::response
