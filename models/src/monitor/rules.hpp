#pragma once
// The pieces of the three rules that the observed window and every null replica share.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"
#include "riskgrid/models/monitor/monitor.hpp"

namespace riskgrid::models::monitor::detail {

/// The predictive distribution of a cell, its mean floored at kMeanFloor.
forecast::CountDistribution distribution_of(const WindowCounts& window, std::size_t cell);

/// P(X >= x), summed upwards from x so that tiny tails keep their digits.
double upper_tail(const forecast::CountDistribution& d, std::uint32_t x);

/// Each cell's tail probabilities and normal scores for small counts, tabulated once: the null replicas
/// score millions of counts. The normal score of x is the mid-p probability integral transform,
/// z = Phi^-1(P(X < x) + P(X = x) / 2), about N(0, 1) under the model at any mean, so a CUSUM of it
/// treats a sparse cell like a busy one.
class CellScores {
 public:
  explicit CellScores(const WindowCounts& window);
  double tail(std::size_t cell, std::uint32_t x) const;
  double normal_score(std::size_t cell, std::uint32_t x) const;

 private:
  std::vector<forecast::CountDistribution> dists_;
  std::vector<std::size_t> offset_;  ///< [cell] into the tables; offset_[cell + 1] - offset_[cell] counts
  std::vector<double> tail_, score_;
};

/// A CUSUM per [grid][category] over the window's days, S_t = max(0, S_{t-1} + z_t - k), read on the
/// last day, with the first day of its current run (the day after it was last 0).
struct CusumLast {
  std::vector<double> value;
  std::vector<std::size_t> start;
};
CusumLast cusum_last(const CellScores& scores, cube::View<const std::uint32_t> counts, double k);

/// One cylinder of the scan: neighbourhood `size` grids around `centre` x the last `days` days.
struct Cylinder {
  std::size_t category = 0, centre = 0, size = 0, days = 0;
  double observed = 0, expected = 0, llr = 0;  ///< llr: divided by the cylinder's dispersion
};

/// The expectation-based Poisson log likelihood ratio of `c` counted against `mu` expected; 0 unless
/// c > mu (only excesses are looked for).
double poisson_llr(double c, double mu);

/// The prospective space-time scan over every category, centre, neighbourhood size and run of days
/// ending on the window's last day. The expected sums are fixed; counts differ per replica.
class SpaceTimeScan {
 public:
  SpaceTimeScan(const WindowCounts& window, const std::vector<std::vector<std::size_t>>& neighbourhoods,
                std::size_t max_days);
  /// The largest log likelihood ratio of `counts` (a null replica). `scratch` is reused between calls.
  double max_llr(cube::View<const std::uint32_t> counts, std::vector<double>& scratch) const;
  /// Every cylinder of `counts` with a positive ratio.
  std::vector<Cylinder> cylinders(cube::View<const std::uint32_t> counts) const;
  const std::vector<std::size_t>& neighbourhood(std::size_t centre) const { return neighbourhoods_[centre]; }

 private:
  /// Sums over the last d days per [grid][d-1] of one category, into `sums`.
  void day_sums(cube::View<const std::uint32_t> counts, std::size_t category, std::vector<double>& sums) const;
  template <class Visit>
  void visit(cube::View<const std::uint32_t> counts, std::vector<double>& sums, Visit&& visit) const;

  cube::Shape shape_;
  std::vector<std::vector<std::size_t>> neighbourhoods_;
  std::size_t days_ = 1;
  std::vector<double> expected_;    ///< [category][centre][size-1][days-1]
  std::vector<double> dispersion_;  ///< the same cylinders: variance / mean of the count, at least 1
  std::size_t max_size_ = 1;
};

}  // namespace riskgrid::models::monitor::detail
