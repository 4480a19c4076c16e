// EM for near_repeat_hawkes: the E-step shares each incident between the background and its possible
// parents (earlier incidents of its category in its own grid or a neighbouring one, within the time
// cutoff); the M-step re-estimates b, eta, omega and the spill share s in closed form.
#include <algorithm>
#include <cmath>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/near_repeat_hawkes.hpp"

namespace riskgrid::models {

namespace {

struct UnitPair {
  std::uint32_t parent, child;
  double dt;
  double weight;  // n_hg for a child in a neighbouring grid; 0 for one in the parent's own grid
};

// n_hg, or -1 when g is not h's neighbour (lists are sorted by grid).
double neighbour_weight(const UnitNeighbours& n, std::uint32_t h, std::uint32_t g) {
  const auto& list = n[h];
  const auto it =
      std::lower_bound(list.begin(), list.end(), g, [](const auto& p, std::uint32_t x) { return p.first < x; });
  return it != list.end() && it->first == g ? it->second : -1.0;
}

std::vector<UnitPair> unit_pairs(const std::vector<UnitEvent>& e, const UnitNeighbours& n, double cutoff) {
  std::vector<UnitPair> pairs;
  for (std::uint32_t j = 0; j < e.size(); ++j)
    for (std::uint32_t i = j; i-- > 0;) {
      const double dt = e[j].t - e[i].t;
      if (dt > cutoff) break;
      if (!(dt > 0) || e[i].category != e[j].category) continue;
      if (e[i].grid == e[j].grid) {
        pairs.push_back({i, j, dt, 0.0});
      } else if (const double w = neighbour_weight(n, e[i].grid, e[j].grid); w > 0) {
        pairs.push_back({i, j, dt, w});
      }
    }
  return pairs;
}

}  // namespace

NearRepeatFit fit_near_repeat_em(const std::vector<UnitEvent>& e, const UnitNeighbours& n, double horizon_days,
                                 double background_integral, const NearRepeatSettings& s, NearRepeatParams p) {
  if (e.empty() || !(background_integral > 0))
    throw InputError("near_repeat_hawkes: no incidents (or no background) in the fitting window");
  const std::vector<UnitPair> pairs = unit_pairs(e, n, s.time_cutoff_days);
  NearRepeatFit fit;
  fit.pairs = pairs.size();
  std::vector<double> lambda(e.size()), trigger(pairs.size());
  for (fit.iterations = 1; fit.iterations <= s.max_iterations; ++fit.iterations) {
    for (std::size_t j = 0; j < e.size(); ++j) lambda[j] = p.background_scale * e[j].background;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const double spatial = pairs[k].weight > 0 ? p.spill * pairs[k].weight : 1 - p.spill;
      trigger[k] = p.branching * p.decay_per_day * std::exp(-p.decay_per_day * pairs[k].dt) * spatial;
      lambda[pairs[k].child] += trigger[k];
    }
    double background = 0, offspring = 0, offspring_dt = 0, moved = 0;
    for (std::size_t j = 0; j < e.size(); ++j)
      if (lambda[j] > 0) background += p.background_scale * e[j].background / lambda[j];
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const double share = lambda[pairs[k].child] > 0 ? trigger[k] / lambda[pairs[k].child] : 0;
      offspring += share;
      offspring_dt += share * pairs[k].dt;
      if (pairs[k].weight > 0) moved += share;
    }
    double exposure = 0;
    for (const auto& ev : e) exposure += 1 - std::exp(-p.decay_per_day * (horizon_days - ev.t));
    NearRepeatParams next = p;
    next.background_scale = background / background_integral;
    next.branching = std::clamp(exposure > 0 ? offspring / exposure : 0.0, 0.0, 0.95);
    if (offspring_dt > 0) next.decay_per_day = std::clamp(offspring / offspring_dt, 0.01, 100.0);
    if (offspring > 1e-9) next.spill = std::clamp(moved / offspring, 0.0, 1.0);
    auto rel = [](double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-3); };
    const double change = std::max({rel(next.background_scale, p.background_scale), rel(next.branching, p.branching),
                                    rel(next.decay_per_day, p.decay_per_day), std::abs(next.spill - p.spill)});
    p = next;
    if (change < s.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.params = p;
  return fit;
}

UnitNeighbours unit_neighbours(const spatial::District& d) {
  const std::size_t G = d.grids.size();
  std::vector<double> areas;
  for (const auto& g : d.grids) areas.push_back(g.area_m2);
  UnitNeighbours out(G);
  if (G < 2) return out;
  std::nth_element(areas.begin(), areas.begin() + std::ptrdiff_t(G / 2), areas.end());
  const double sd = std::sqrt(std::max(areas[G / 2], 1.0)), cut2 = 9 * sd * sd;
  for (std::uint32_t h = 0; h < G; ++h) {
    double total = 0;
    for (std::uint32_t g = 0; g < G; ++g) {
      const double dx = d.grids[h].centroid.x() - d.grids[g].centroid.x();
      const double dy = d.grids[h].centroid.y() - d.grids[g].centroid.y();
      const double d2 = dx * dx + dy * dy;
      if (g == h || d2 > cut2) continue;
      out[h].emplace_back(g, std::exp(-d2 / (2 * sd * sd)));
      total += out[h].back().second;
    }
    for (auto& [g, w] : out[h]) w /= total;
  }
  return out;
}

}  // namespace riskgrid::models
