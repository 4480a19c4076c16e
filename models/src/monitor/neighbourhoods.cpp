// The scan's candidate clusters: a grid, then the grids touching it, then those touching them, nearest
// first within each ring, so that a cluster of k grids is the k grids around a centre a planner would
// name (the adjacency drills use for `neighbours:`).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "riskgrid/models/monitor/monitor.hpp"

namespace riskgrid::models::monitor {

std::vector<std::vector<std::size_t>> scan_neighbourhoods(const std::vector<std::vector<std::size_t>>& touching,
                                                          const std::vector<std::array<double, 2>>& centroids,
                                                          std::size_t max_grids) {
  const std::size_t n = touching.size();
  if (centroids.size() != n) throw std::invalid_argument("scan_neighbourhoods: one centroid per grid expected");
  const auto distance = [&](std::size_t a, std::size_t b) {
    return std::hypot(centroids[a][0] - centroids[b][0], centroids[a][1] - centroids[b][1]);
  };
  std::vector<std::vector<std::size_t>> out(n);
  for (std::size_t centre = 0; centre < n; ++centre) {
    std::vector<char> seen(n, 0);
    std::vector<std::size_t> ring{centre};
    seen[centre] = 1;
    while (!ring.empty() && out[centre].size() < max_grids) {
      std::sort(ring.begin(), ring.end(), [&](std::size_t a, std::size_t b) {
        const double da = distance(centre, a), db = distance(centre, b);
        return da < db || (da == db && a < b);
      });
      std::vector<std::size_t> next;
      for (const std::size_t g : ring) {
        if (out[centre].size() < max_grids) out[centre].push_back(g);
        for (const std::size_t h : touching[g])
          if (!seen[h]) {
            seen[h] = 1;
            next.push_back(h);
          }
      }
      ring = std::move(next);
    }
  }
  return out;
}

}  // namespace riskgrid::models::monitor
