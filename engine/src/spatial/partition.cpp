#include "riskgrid/engine/spatial/partition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::spatial {

namespace bg = geo::bg;
using geo::MultiPolygon;
using geo::Point;

double RadialDensity::operator()(const Point& p) const {
  const double dx = p.x() - centre.x();
  const double dy = p.y() - centre.y();
  return 1.0 + (peak - 1.0) * std::exp(-(dx * dx + dy * dy) / (2.0 * scale_m * scale_m));
}

namespace {

// Gradient step for the power weights, in m^2 of weight per m^2 of area error. The area of cell i
// changes with w_i at the rate sum_j len(edge_ij) / (2 |p_i - p_j|), about 1-3 for compact cells,
// so a step of 0.25 stays well below the 2 / (largest rate) where the iteration would oscillate.
constexpr double kWeightStep = 0.25;

double dist2(const Point& a, const Point& b) {
  const double dx = a.x() - b.x();
  const double dy = a.y() - b.y();
  return dx * dx + dy * dy;
}

// Sample points on a square lattice inside the outline, in row-major order; each one stands for
// spacing^2 of area and carries the density at its position.
struct Lattice {
  std::vector<Point> points;
  std::vector<double> density;
  double cell_area = 0;
};

Lattice build_lattice(const MultiPolygon& outline, const PartitionOptions& options) {
  geo::Box box;
  bg::envelope(outline, box);
  const double s = options.lattice_spacing_m;
  const auto cols = static_cast<long>(std::ceil((box.max_corner().x() - box.min_corner().x()) / s));
  const auto rows = static_cast<long>(std::ceil((box.max_corner().y() - box.min_corner().y()) / s));
  Lattice lattice;
  lattice.cell_area = s * s;
  for (long r = 0; r < rows; ++r) {
    const double y = box.min_corner().y() + (static_cast<double>(r) + 0.5) * s;
    for (long c = 0; c < cols; ++c) {
      const Point p(box.min_corner().x() + (static_cast<double>(c) + 0.5) * s, y);
      if (!bg::covered_by(p, outline)) continue;
      lattice.points.push_back(p);
      lattice.density.push_back(options.density(p));
    }
  }
  return lattice;
}

// Index of the site with the smallest power distance |x - p_i|^2 - w_i; ties go to the lower index.
std::size_t nearest_site(const Point& x, const std::vector<Point>& sites, const std::vector<double>& weights) {
  std::size_t best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const double value = dist2(x, sites[i]) - weights[i];
    if (value < best_value) {
      best_value = value;
      best = i;
    }
  }
  return best;
}

std::vector<std::size_t> assign(const std::vector<Point>& points, const std::vector<Point>& sites,
                                const std::vector<double>& weights) {
  std::vector<std::size_t> owner(points.size());
  for (std::size_t k = 0; k < points.size(); ++k) owner[k] = nearest_site(points[k], sites, weights);
  return owner;
}

double relative_error(double area, double target) { return std::abs(area - target) / target; }

// The cell each point lies in: the power-nearest site's cell unless a re-homed piece moved the
// point elsewhere.
std::vector<std::size_t> owners(const std::vector<Point>& points, const std::vector<Point>& sites,
                                const std::vector<double>& weights, const std::vector<MultiPolygon>& cells) {
  std::vector<std::size_t> owner = assign(points, sites, weights);
  for (std::size_t m = 0; m < points.size(); ++m) {
    if (bg::covered_by(points[m], cells[owner[m]])) continue;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      if (bg::covered_by(points[m], cells[j])) {
        owner[m] = j;
        break;
      }
    }
  }
  return owner;
}

struct PowerFit {
  std::vector<double> weights;
  std::vector<MultiPolygon> cells;
  double max_error = 0;
};

// Coarse fit: areas counted on the lattice are cheap, so many iterations bring the weights close.
void fit_on_lattice(const Lattice& lattice, const std::vector<Point>& sites, const std::vector<double>& targets,
                    int iterations, PowerFit& fit) {
  for (int it = 0; it < iterations; ++it) {
    std::vector<double> area(sites.size(), 0.0);
    for (const Point& p : lattice.points) area[nearest_site(p, sites, fit.weights)] += lattice.cell_area;
    for (std::size_t i = 0; i < sites.size(); ++i) fit.weights[i] += kWeightStep * (targets[i] - area[i]);
  }
}

// Refinement on exact polygon areas; the lattice cannot resolve area errors below about one
// lattice cell per region boundary.
void fit_exactly(const MultiPolygon& outline, const std::vector<Point>& sites, const std::vector<double>& targets,
                 const PartitionOptions& options, PowerFit& fit) {
  for (int it = 0;; ++it) {
    fit.cells = power_cells(sites, fit.weights, outline);
    fit.max_error = 0;
    std::vector<double> area(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
      area[i] = bg::area(fit.cells[i]);
      fit.max_error = std::max(fit.max_error, relative_error(area[i], targets[i]));
    }
    if (fit.max_error <= options.area_tolerance || it >= options.exact_weight_iterations) return;
    for (std::size_t i = 0; i < sites.size(); ++i) fit.weights[i] += kWeightStep * (targets[i] - area[i]);
  }
}

// Deterministic farthest-point start: the densest point, then repeatedly the point farthest from
// every seed chosen so far (ties to the lower index), so seeds start spread over the region.
std::vector<Point> farthest_point_seeds(const std::vector<Point>& pts, const std::vector<double>& dens, std::size_t k) {
  const auto densest = std::max_element(dens.begin(), dens.end()) - dens.begin();
  std::vector<Point> seeds{pts[static_cast<std::size_t>(densest)]};
  std::vector<double> nearest(pts.size(), std::numeric_limits<double>::infinity());
  while (seeds.size() < k) {
    std::size_t far = 0;
    for (std::size_t m = 0; m < pts.size(); ++m) {
      nearest[m] = std::min(nearest[m], dist2(pts[m], seeds.back()));
      if (nearest[m] > nearest[far]) far = m;
    }
    seeds.push_back(pts[far]);
  }
  return seeds;
}

// Density-weighted Lloyd iterations with a fixed count, so the result never depends on a tolerance.
// Ends with every cluster holding at least one point: an empty one takes the point farthest from
// its seed in the largest cluster.
std::vector<Point> weighted_kmeans(const std::vector<Point>& pts, const std::vector<double>& dens, std::size_t k,
                                   int iterations) {
  std::vector<Point> seeds = farthest_point_seeds(pts, dens, k);
  const std::vector<double> zero(k, 0.0);
  for (int it = 0; it < iterations; ++it) {
    const auto owner = assign(pts, seeds, zero);
    std::vector<double> sx(k, 0.0), sy(k, 0.0), sw(k, 0.0);
    for (std::size_t m = 0; m < pts.size(); ++m) {
      sx[owner[m]] += dens[m] * pts[m].x();
      sy[owner[m]] += dens[m] * pts[m].y();
      sw[owner[m]] += dens[m];
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (sw[c] > 0) seeds[c] = Point(sx[c] / sw[c], sy[c] / sw[c]);
    }
  }
  for (std::size_t round = 0; round <= k; ++round) {
    // Number sub-units in reading order (north to south, then west to east), not in k-means order;
    // sorted before the final assignment so that its tie-breaking is the one the caller sees.
    std::sort(seeds.begin(), seeds.end(),
              [](const Point& a, const Point& b) { return a.y() != b.y() ? a.y() > b.y() : a.x() < b.x(); });
    const auto owner = assign(pts, seeds, zero);
    std::vector<std::size_t> count(k, 0);
    for (std::size_t o : owner) ++count[o];
    const auto empty = std::find(count.begin(), count.end(), 0u);
    if (empty == count.end()) return seeds;
    const auto largest = static_cast<std::size_t>(std::max_element(count.begin(), count.end()) - count.begin());
    std::size_t far = pts.size();
    for (std::size_t m = 0; m < pts.size(); ++m) {
      if (owner[m] != largest) continue;
      if (far == pts.size() || dist2(pts[m], seeds[largest]) > dist2(pts[far], seeds[largest])) far = m;
    }
    seeds[static_cast<std::size_t>(empty - count.begin())] = pts[far];
  }
  throw std::logic_error("partition: k-means left an empty cluster");
}

void split_region(const Lattice& lattice, const std::vector<std::size_t>& members, const RegionSpec& spec,
                  const PartitionOptions& options, RegionCell& region) {
  const auto k = static_cast<std::size_t>(spec.sub_units);
  if (members.size() < k) {
    throw InputError(fmt::format("partition: region '{}' holds {} lattice points for {} sub-units; use a finer lattice",
                                 spec.id, members.size(), k));
  }
  std::vector<Point> pts;
  std::vector<double> dens;
  for (std::size_t m : members) {
    pts.push_back(lattice.points[m]);
    dens.push_back(lattice.density[m]);
  }
  const std::vector<Point> seeds = weighted_kmeans(pts, dens, k, options.lloyd_iterations);
  const std::vector<double> zero(k, 0.0);
  std::vector<MultiPolygon> cells = power_cells(seeds, zero, region.shape);
  std::vector<double> mass(k, 0.0);
  const auto owner = owners(pts, seeds, zero, cells);
  for (std::size_t m = 0; m < pts.size(); ++m) mass[owner[m]] += dens[m] * lattice.cell_area;
  const auto people = largest_remainder(std::llround(spec.population), mass);
  std::vector<double> people_d(people.begin(), people.end());
  const auto quota = largest_remainder(spec.quota, people_d);
  for (std::size_t c = 0; c < k; ++c) {
    SubUnitCell cell;
    cell.shape = std::move(cells[c]);
    cell.seed = seeds[c];
    cell.density_mass = mass[c];
    cell.population = static_cast<double>(people[c]);
    cell.quota = static_cast<int>(quota[c]);
    region.sub_units.push_back(std::move(cell));
  }
}

void validate(const MultiPolygon& outline, const std::vector<RegionSpec>& regions, const PartitionOptions& options) {
  if (outline.empty() || bg::area(outline) <= 0) throw InputError("partition: the outline is empty or has no area");
  if (regions.empty()) throw InputError("partition: no regions given");
  if (!(options.lattice_spacing_m > 0)) throw InputError("partition: lattice spacing must be positive");
  for (const RegionSpec& r : regions) {
    auto fail = [&r](const std::string& what) {
      throw InputError(fmt::format("partition: region '{}': {}", r.id, what));
    };
    if (!(r.area_share > 0)) fail("area share must be positive");
    if (r.sub_units < 1) fail("needs at least one sub-unit");
    if (!(r.population >= 0) || r.quota < 0) fail("population and quota must not be negative");
    if (!bg::covered_by(r.seed, outline)) fail("seed point lies outside the outline");
  }
}

}  // namespace

std::vector<long long> largest_remainder(long long total, const std::vector<double>& weights) {
  const std::size_t n = weights.size();
  std::vector<long long> parts(n, 0);
  if (n == 0) return parts;
  double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> w = weights;
  if (!(sum > 0)) {
    std::fill(w.begin(), w.end(), 1.0);
    sum = static_cast<double>(n);
  }
  std::vector<double> remainder(n);
  long long given = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double exact = static_cast<double>(total) * w[k] / sum;
    parts[k] = static_cast<long long>(std::floor(exact));
    remainder[k] = exact - static_cast<double>(parts[k]);
    given += parts[k];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; given < total; k = (k + 1) % n, ++given) ++parts[order[k]];
  return parts;
}

Partition partition_outline(const MultiPolygon& outline, const std::vector<RegionSpec>& regions,
                            const PartitionOptions& options) {
  validate(outline, regions, options);
  const double outline_area = bg::area(outline);
  double share_sum = 0;
  for (const RegionSpec& r : regions) share_sum += r.area_share;
  std::vector<Point> sites;
  std::vector<double> targets;
  for (const RegionSpec& r : regions) {
    sites.push_back(r.seed);
    targets.push_back(outline_area * r.area_share / share_sum);
  }
  const Lattice lattice = build_lattice(outline, options);
  PowerFit fit;
  fit.weights.assign(regions.size(), 0.0);  // start from the plain Voronoi diagram of the seeds
  fit_on_lattice(lattice, sites, targets, options.lattice_weight_iterations, fit);
  fit_exactly(outline, sites, targets, options, fit);

  Partition result;
  result.max_area_error = fit.max_error;
  const auto owner = owners(lattice.points, sites, fit.weights, fit.cells);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    RegionCell region;
    region.shape = fit.cells[i];
    region.weight = fit.weights[i];
    region.target_area_m2 = targets[i];
    std::vector<std::size_t> members;
    for (std::size_t m = 0; m < owner.size(); ++m) {
      if (owner[m] == i) members.push_back(m);
    }
    split_region(lattice, members, regions[i], options, region);
    result.regions.push_back(std::move(region));
  }
  return result;
}

}  // namespace riskgrid::spatial
