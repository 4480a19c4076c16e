#pragma once
// Early warning on a recent window of days (docs/monitor.md): each day's count per grid and category
// scored against the fitted model's predictive distribution by three rules,
//   tail  - the day's upper tail probability P(X >= x), Bonferroni over the district's cells;
//   cusum - a CUSUM of normal scores of the counts over the window, read on the last day;
//   scan  - a prospective space-time scan (Kulldorff): a grid and its nearest neighbours x the last
//           d days, expectation-based Poisson likelihood ratio;
// cusum and scan get Monte Carlo p-values from counts simulated from the predictive distribution (the
// largest statistic of each replica over the district, so a p-value is familywise, like SaTScan's).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "riskgrid/engine/cube/cube.hpp"

namespace riskgrid::models::monitor {

/// The alert controls (the scenario's `monitor:` block). Defaults marked [E] are estimates.
struct MonitorSettings {
  std::size_t window_days = 7;        ///< [E] recent days scored, ending on the as-of day
  double alpha = 0.05;                ///< [E] nominal share of mornings with a false new alert, all rules
  double cusum_k = 1.0;               ///< [E] reference value, in standard deviations of a day's score
  double cusum_h = 4.0;               ///< [E] decision threshold: a CUSUM below it never alerts
  std::size_t max_cluster_grids = 5;  ///< [E] the scan's largest set of neighbouring grids
  std::size_t max_days = 7;           ///< [E] the scan's longest run of days (at most window_days)
  std::size_t replicas = 999;         ///< [E] Monte Carlo replicas of the null (p-values step 1/(R+1))
};

enum class Rule { tail, cusum, scan };
std::string_view rule_name(Rule rule);

/// The smallest predictive mean a cell is given: a count where the model expects none still has a
/// finite likelihood ratio (and a tiny tail probability).
inline constexpr double kMeanFloor = 1e-6;

/// The recent window: what was observed and what the model predicted, per [day][grid][category].
struct WindowCounts {
  cube::View<const std::uint32_t> observed;
  cube::View<const double> mean;  ///< predictive mean
  cube::View<const double> size;  ///< negative-binomial size; infinity = Poisson
};

struct Alert {
  Rule rule = Rule::tail;
  std::vector<std::size_t> grids;  ///< one grid, or a cluster (its centre first)
  std::size_t category = 0;
  std::size_t start_day = 0;  ///< index into the window
  std::size_t end_day = 0;    ///< inclusive; the last day of the window for cusum and scan
  double observed = 0;
  double expected = 0;
  /// tail: P(X >= x) x the number of cells (Bonferroni); cusum, scan: (1 + replicas at or above) / (R + 1)
  double p_value = 1;
  double score = 0;  ///< tail: -log10 P(X >= x); cusum: the CUSUM; scan: the log likelihood ratio
};

/// For each grid, the scan's candidate clusters in order: itself, then grids by rings of touching
/// (`touching[g]`, as drills use for `neighbours:`), nearest centroid first within a ring; at most
/// `max_grids`. `centroids` are [grid] {x, y} in metres.
std::vector<std::vector<std::size_t>> scan_neighbourhoods(const std::vector<std::vector<std::size_t>>& touching,
                                                          const std::vector<std::array<double, 2>>& centroids,
                                                          std::size_t max_grids);

/// Every alert of the window, most significant first (p-value, then excess observed - expected).
/// Random numbers come from streams named by (seed, stream_base + replica), so the result does not
/// depend on the thread count. Throws std::invalid_argument when the views disagree in shape.
std::vector<Alert> score_window(const WindowCounts& window, const std::vector<std::vector<std::size_t>>& neighbourhoods,
                                const MonitorSettings& settings, std::uint64_t seed, std::uint64_t stream_base);

}  // namespace riskgrid::models::monitor
