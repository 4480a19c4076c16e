// Power cells (weighted Voronoi cells) clipped to a polygon: the geometry behind the partition.
#include <algorithm>
#include <limits>

#include "riskgrid/engine/spatial/partition.hpp"

namespace riskgrid::spatial {

namespace bg = geo::bg;
using geo::MultiPolygon;
using geo::Point;

namespace {

double dist2(const Point& a, const Point& b) {
  const double dx = a.x() - b.x();
  const double dy = a.y() - b.y();
  return dx * dx + dy * dy;
}

// Keeps the part of a convex CCW polygon where ax*x + ay*y <= b (Sutherland-Hodgman, one edge).
std::vector<Point> clip_half_plane(const std::vector<Point>& poly, double ax, double ay, double b) {
  std::vector<Point> out;
  out.reserve(poly.size() + 1);
  for (std::size_t k = 0; k < poly.size(); ++k) {
    const Point& p = poly[k];
    const Point& q = poly[(k + 1) % poly.size()];
    const double fp = ax * p.x() + ay * p.y() - b;
    const double fq = ax * q.x() + ay * q.y() - b;
    if (fp <= 0) out.push_back(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const double t = fp / (fp - fq);
      out.emplace_back(p.x() + t * (q.x() - p.x()), p.y() + t * (q.y() - p.y()));
    }
  }
  return out;
}

// Index of the largest polygon (ties to the lower index).
std::size_t largest_piece(const MultiPolygon& cell) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < cell.size(); ++k) {
    if (bg::area(cell[k]) > bg::area(cell[best])) best = k;
  }
  return best;
}

// The cell that should take a detached piece of cell i: among the cells touching it (within 1 mm),
// the one whose site is nearest in power distance; if none touches, the nearest cell.
std::size_t adoptive_cell(const geo::Polygon& piece, std::size_t i, const std::vector<MultiPolygon>& cells,
                          const std::vector<Point>& sites, const std::vector<double>& weights) {
  constexpr double kTouch = 1e-3;
  Point inside(0, 0);  // a small piece's centroid is close enough to tell which site is nearer
  bg::centroid(piece, inside);
  std::size_t best = i;
  double best_gap = std::numeric_limits<double>::infinity();
  double best_power = best_gap;
  for (std::size_t j = 0; j < cells.size(); ++j) {
    if (j == i || cells[j].empty()) continue;
    const double gap = std::max(bg::distance(piece, cells[j]), kTouch);
    const double power = dist2(inside, sites[j]) - weights[j];
    if (gap < best_gap || (gap == best_gap && power < best_power)) {
      best = j;
      best_gap = gap;
      best_power = power;
    }
  }
  return best;
}

// A convex cell clipped to a non-convex outline can fall apart into pieces (a cell reaching across
// a bay of the outline). Each cell keeps its largest piece; the others join a neighbouring cell, so
// that every unit is one connected polygon wherever the geometry allows.
void absorb_fragments(std::vector<MultiPolygon>& cells, const std::vector<Point>& sites,
                      const std::vector<double>& weights) {
  const std::vector<MultiPolygon> before = cells;
  std::vector<std::vector<geo::Polygon>> adopted(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (before[i].size() <= 1) continue;
    const std::size_t keep = largest_piece(before[i]);
    cells[i] = MultiPolygon{before[i][keep]};
    for (std::size_t k = 0; k < before[i].size(); ++k) {
      if (k == keep) continue;
      const std::size_t j = adoptive_cell(before[i][k], i, before, sites, weights);
      adopted[j].push_back(before[i][k]);
    }
  }
  for (std::size_t j = 0; j < cells.size(); ++j) {
    for (const geo::Polygon& piece : adopted[j]) {
      MultiPolygon merged;
      bg::union_(cells[j], piece, merged);
      cells[j] = std::move(merged);
    }
  }
}

}  // namespace

MultiPolygon power_cell(const std::vector<Point>& sites, const std::vector<double>& weights, std::size_t i,
                        const MultiPolygon& clip) {
  geo::Box box;
  bg::envelope(clip, box);
  const double pad =
      std::max(box.max_corner().x() - box.min_corner().x(), box.max_corner().y() - box.min_corner().y()) + 1.0;
  const double x0 = box.min_corner().x() - pad, x1 = box.max_corner().x() + pad;
  const double y0 = box.min_corner().y() - pad, y1 = box.max_corner().y() + pad;
  std::vector<Point> convex{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};  // CCW
  const Point& pi = sites[i];
  for (std::size_t j = 0; j < sites.size() && convex.size() >= 3; ++j) {
    if (j == i) continue;
    const Point& pj = sites[j];
    // |x-pi|^2 - wi <= |x-pj|^2 - wj  <=>  2 (pj - pi) . x <= |pj|^2 - |pi|^2 - wj + wi
    const double b = pj.x() * pj.x() + pj.y() * pj.y() - pi.x() * pi.x() - pi.y() * pi.y() - weights[j] + weights[i];
    convex = clip_half_plane(convex, 2 * (pj.x() - pi.x()), 2 * (pj.y() - pi.y()), b);
  }
  MultiPolygon out;
  if (convex.size() < 3) return out;
  geo::Polygon cell;
  for (const Point& p : convex) cell.outer().push_back(p);
  cell.outer().push_back(convex.front());
  bg::intersection(cell, clip, out);
  return out;
}

std::vector<MultiPolygon> power_cells(const std::vector<Point>& sites, const std::vector<double>& weights,
                                      const MultiPolygon& clip) {
  std::vector<MultiPolygon> cells;
  for (std::size_t i = 0; i < sites.size(); ++i) cells.push_back(power_cell(sites, weights, i, clip));
  absorb_fragments(cells, sites, weights);
  return cells;
}

}  // namespace riskgrid::spatial
