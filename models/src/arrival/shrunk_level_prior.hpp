#pragma once
// The spatial priors of shrunk_level and damped_trend (docs/models.md): a cell's prior rate is the rate
// density of the other cells of its group (town or district) or of its Gaussian-kernel neighbours,
// times its area. The kernels depend only on the district, so a backtest builds them once and shares
// them through its FitMemo with every fit (one per origin, possibly on several threads).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/models/arrival/fit_memo.hpp"

namespace riskgrid::models::level {

/// Rows are grids, columns are (origin, category) pairs: origin-major, category-minor.
using RateMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Smoother {
  std::string name;
  std::vector<std::uint32_t> group;                     ///< [grid] town or district (when no kernel)
  Eigen::SparseMatrix<double, Eigen::RowMajor> kernel;  ///< [grid][other grid] weights; empty for groups
  std::vector<double> kernel_area;                      ///< [grid] sum of the kernel weights times area
};

/// Clamped grid areas (at least 1 m^2), as the priors weigh them.
std::vector<double> grid_areas(const spatial::District& d);

/// Kernels of the given sds (in unit spacings = square root of the median grid area, cut at 3 sd);
/// with `all`, also the town (when the district has several) and the district. With a backtest's
/// memo, built once per backtest (they depend on the district alone); the same either way.
std::shared_ptr<const std::vector<Smoother>> smoothers(const spatial::District& d,
                                                       const std::vector<double>& bandwidths, bool all, FitMemo* memo);

/// Prior rates of every cell at every origin at once, from the raw rates `rate` (grids x origins *
/// categories): the others' density times the cell's area, at least `min_rate`.
RateMatrix prior_rates(const Smoother& s, const std::vector<double>& area, const RateMatrix& rate, double min_rate);

}  // namespace riskgrid::models::level
