// The spatial priors of shrunk_level: kernels built once per backtest (its FitMemo), and the
// prior rates of all the origins a fit looks at as one sparse-times-dense product.
#include "shrunk_level_prior.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace riskgrid::models::level {

namespace {

// Kernels of the given sds; with `all`, also the town and the district.
std::vector<Smoother> build(const spatial::District& d, const std::vector<double>& bandwidths, bool all) {
  const std::size_t G = d.grids.size();
  const std::vector<double> area = grid_areas(d);
  std::vector<Smoother> out;
  std::vector<double> areas;
  for (const auto& g : d.grids) areas.push_back(g.area_m2);
  std::nth_element(areas.begin(), areas.begin() + std::ptrdiff_t(G / 2), areas.end());
  const double spacing = std::sqrt(std::max(areas[G / 2], 1.0));
  for (const double k : bandwidths) {
    Smoother s{fmt::format("kernel sd {:.0f} m", k * spacing), {}, {}, std::vector<double>(G, 0.0)};
    const double sd = k * spacing, cut2 = 9 * sd * sd;
    std::vector<Eigen::Triplet<double, int>> weights;
    for (std::uint32_t i = 0; i < G; ++i)
      for (std::uint32_t j = 0; j < G; ++j) {
        const double dx = d.grids[i].centroid.x() - d.grids[j].centroid.x();
        const double dy = d.grids[i].centroid.y() - d.grids[j].centroid.y();
        const double d2 = dx * dx + dy * dy;
        if (i == j || d2 > cut2) continue;
        const double w = std::exp(-d2 / (2 * sd * sd));
        weights.emplace_back(int(i), int(j), w);
        s.kernel_area[i] += w * area[j];
      }
    s.kernel.resize(Eigen::Index(G), Eigen::Index(G));
    s.kernel.setFromTriplets(weights.begin(), weights.end());
    out.push_back(std::move(s));
  }
  Smoother town{"town", std::vector<std::uint32_t>(G), {}, {}};
  std::map<std::string, std::uint32_t> towns;
  for (std::size_t g = 0; g < G; ++g)
    town.group[g] = towns.emplace(d.grids[g].parent, std::uint32_t(towns.size())).first->second;
  if (all && towns.size() > 1 && towns.size() < G) out.push_back(std::move(town));
  if (all) out.push_back({"district", std::vector<std::uint32_t>(G, 0), {}, {}});
  return out;
}

}  // namespace

std::vector<double> grid_areas(const spatial::District& d) {
  std::vector<double> area;
  for (const auto& g : d.grids) area.push_back(std::max(g.area_m2, 1.0));
  return area;
}

std::shared_ptr<const std::vector<Smoother>> smoothers(const spatial::District& d,
                                                       const std::vector<double>& bandwidths, bool all, FitMemo* memo) {
  if (!memo) return std::make_shared<const std::vector<Smoother>>(build(d, bandwidths, all));
  // Within one backtest the district is one object: its address and the bandwidths name the kernels.
  FitMemoKey key{fmt::format("shrunk_level.smoothers {} {}", fmt::join(bandwidths, ","), all),
                 0,
                 0,
                 reinterpret_cast<std::uintptr_t>(&d),
                 0,
                 0};
  return memo->get<std::vector<Smoother>>(key, [&] {
    auto value = std::make_shared<const std::vector<Smoother>>(build(d, bandwidths, all));
    std::size_t bytes = 0;
    for (const auto& s : *value)
      bytes += std::size_t(s.kernel.nonZeros()) * (sizeof(double) + sizeof(int)) + s.group.size() * 4 +
               s.kernel_area.size() * sizeof(double);
    return std::pair<std::shared_ptr<const std::vector<Smoother>>, std::size_t>{value, bytes};
  });
}

RateMatrix prior_rates(const Smoother& s, const std::vector<double>& area, const RateMatrix& rate, double min_rate) {
  const auto G = static_cast<std::size_t>(rate.rows());
  const Eigen::Index columns = rate.cols();
  RateMatrix out(rate.rows(), columns);
  if (s.kernel.size() == 0) {
    const std::size_t groups = *std::max_element(s.group.begin(), s.group.end()) + 1;
    RateMatrix group_rate = RateMatrix::Zero(Eigen::Index(groups), columns);
    std::vector<double> group_area(groups, 0.0);
    for (std::size_t g = 0; g < G; ++g) {
      group_area[s.group[g]] += area[g];
      group_rate.row(s.group[g]) += rate.row(Eigen::Index(g));
    }
    for (std::size_t g = 0; g < G; ++g) {
      const double den = group_area[s.group[g]] - area[g];
      for (Eigen::Index c = 0; c < columns; ++c) {
        const double own = rate(Eigen::Index(g), c);
        const double m = den > 0 ? area[g] * (group_rate(s.group[g], c) - own) / den : own;
        out(Eigen::Index(g), c) = std::max(m, min_rate);
      }
    }
    return out;
  }
  const RateMatrix num = s.kernel * rate;
  for (std::size_t g = 0; g < G; ++g) {
    const double den = s.kernel_area[g];
    for (Eigen::Index c = 0; c < columns; ++c) {
      const double m = den > 0 ? area[g] * num(Eigen::Index(g), c) / den : rate(Eigen::Index(g), c);
      out(Eigen::Index(g), c) = std::max(m, min_rate);
    }
  }
  return out;
}

}  // namespace riskgrid::models::level
