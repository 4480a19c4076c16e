#pragma once
// What a run holds in memory at its peak, estimated before it allocates, so that a horizon, a district or
// a drill too big for the machine is refused with the key to change instead of ending in bad_alloc,
// an out-of-memory kill or a histogram asking for tens of gigabytes.
#include <cstdint>
#include <string>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::run {

/// The largest expected counts of a run (0 where not known yet, as in `validate`): they set how wide
/// the count histograms grow.
struct ExpectedCounts {
  double largest_bin = 0;      ///< of one bin and grid, all categories, under the drills
  double largest_horizon = 0;  ///< of one grid over the whole horizon
};

struct MemoryEstimate {
  std::uint64_t cubes = 0;             ///< expected counts, multipliers, the sampler's and the results' arrays
  std::uint64_t histograms = 0;        ///< count histograms of every worker and of the total
  std::uint64_t sums = 0;              ///< exact sums per cell and count buffers, per worker
  std::uint64_t response = 0;          ///< the case-handling tallies (with `response:`)
  std::uint64_t bin_capacity = 0;      ///< counts the per-bin histograms are estimated to hold
  std::uint64_t horizon_capacity = 0;  ///< counts the horizon histograms are estimated to hold
  unsigned workers = 1;
  std::uint64_t total() const { return cubes + histograms + sums + response; }
};

/// The estimate for a run of `shape` on `threads` (0: every core), with histograms wide enough for
/// `counts`. Pessimistic by design: a histogram is counted at the power of two above twice its mean.
MemoryEstimate estimate_memory(const cube::Shape& shape, int threads, bool with_response, const ExpectedCounts& counts);

/// The memory a run may use: `limit_bytes` when set, else the machine's physical memory.
std::uint64_t memory_available(std::uint64_t limit_bytes);

/// Throws ScenarioError when the estimate exceeds `available` bytes, or the counts could not be tallied
/// at all, naming what to change: the horizon (at its line), the drill with the largest factor or
/// per_day, or --threads.
void check_memory(const scenario::ScenarioSpec& spec, const MemoryEstimate& estimate, const ExpectedCounts& counts,
                  std::uint64_t available);

}  // namespace riskgrid::run
