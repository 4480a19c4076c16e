#pragma once
// What the ensemble keeps of case handling, per [bin][grid]: histograms over replicas of stocks at the
// end of each bin (backlog, overdue, overdue life-safety), exact sums of flows (arrived, closed,
// escalations per level) and of times (waiting, lead time, queue and busy integrals in milliseconds),
// and histograms of waiting and lead times pooled over all cases in log-spaced buckets. All integers:
// merging is exact in any order, so results are the same on any thread count.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "riskgrid/engine/tally/count_arrays.hpp"
#include "riskgrid/engine/tally/count_histograms.hpp"

namespace riskgrid::models::response {

/// Buckets of waiting and lead times: [0, 1 min), then edges at 1 min x 2^(k/2), the last open-ended.
inline constexpr std::size_t kTimeBuckets = 40;
std::size_t time_bucket(double seconds);
/// Lower edge of bucket b in seconds (0 for the first).
double bucket_lower(std::size_t b);

struct ResponseTally {
  ResponseTally() = default;
  ResponseTally(std::size_t bins, std::size_t grids);

  /// Adds the tally of other replicas of the same run. @throws std::invalid_argument for another shape.
  void merge(const ResponseTally& other);
  /// Sizes the team arrays for `n` teams the first time (a tally made before the simulation knew its
  /// pools has none). @throws std::invalid_argument for another number of teams.
  void ensure_teams(std::size_t n);
  /// The whole state as named arrays (shape, then each member), for MPI ranks and shard files.
  tally::CountArrays to_arrays() const;
  /// Rebuilds a tally from to_arrays() in any order. @throws std::invalid_argument naming the array
  /// that is missing or of the wrong size (a damaged or mismatched file).
  static ResponseTally from_arrays(const tally::CountArrays& arrays);
  bool operator==(const ResponseTally& other) const = default;

  /// Smallest time t (seconds, interpolated inside its bucket) with a share p of the histogram at or
  /// below it; NaN for an empty histogram. `hist` points at kTimeBuckets counts.
  static double time_quantile(const std::uint64_t* hist, double p);

  std::size_t bins = 0, grids = 0;
  std::uint64_t replicas = 0;
  tally::CountHistograms backlog, overdue, overdue_life_safety;  ///< [bin][grid], at the end of the bin
  std::vector<std::uint64_t> arrived, closed;                    ///< [bin][grid]
  std::vector<std::uint64_t> closed_on_time;        ///< [bin][grid]: closed cases handled within their limit
  std::vector<std::uint64_t> open_at_start;         ///< [grid]
  std::vector<std::uint64_t> escalations;           ///< [bin][grid][level]: cases assigned
  std::vector<std::uint64_t> waits, wait_ms;        ///< [bin][grid]: first-pool waits by bin of dispatch
  std::vector<std::uint64_t> leads, lead_ms;        ///< [bin][grid]: arrival -> close, by bin of closing
  std::vector<std::uint64_t> wait_hist, lead_hist;  ///< [bin][grid][bucket]
  std::vector<std::uint64_t> queue_ms;              ///< [bin][grid]: integral of cases waiting
  std::vector<std::uint64_t> busy_ms, capacity_ms;  ///< [bin][grid]: of the grid's staff pool
  /// The pools beyond the grids' (ResponseConfig::pools from town_pool0 on: town teams, the district
  /// team, departments), [bin][team]: busy handler time on duty (urgent work off duty not counted),
  /// handler time on duty (the servers that may start routine work, integrated: office hours, duty
  /// rosters, emergency duty) and waiting tasks.
  std::size_t teams = 0;
  std::vector<std::uint64_t> team_busy_ms, team_on_duty_ms, team_queue_ms;
};

}  // namespace riskgrid::models::response
