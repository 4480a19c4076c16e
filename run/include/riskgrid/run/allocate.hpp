#pragma once
// `riskgrid allocate` as a library call (docs/allocate.md): which allocation of a scenario's grid staff
// best serves its case-handling objective, found by simulation with common random numbers
// (allocate_search.hpp), reported against the current allocation on the same replicas, and written as
// allocation.csv, a map of the moves and a scenario file that runs the proposal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/run/allocate_search.hpp"
#include "riskgrid/run/context.hpp"

namespace riskgrid::run {

inline constexpr std::uint64_t kAllocateReplicas = 30;  ///< replicas when neither option nor scenario says fewer [E]

struct AllocateRequest {
  std::string scenario_path;
  std::string out_dir;                    ///< empty = out/<scenario name>_allocate
  std::optional<std::uint64_t> replicas;  ///< default: the scenario's, at most kAllocateReplicas
  std::optional<std::uint64_t> seed;
  std::optional<double> staff;      ///< people in all grids; default: today's total, rounded
  double min_staff = 1;             ///< per grid
  std::optional<double> max_staff;  ///< per grid; default: no limit
  std::string bounds_csv;           ///< optional CSV `grid,min,max` overriding them per grid (empty cells: defaults)
  std::optional<double> moves;      ///< at most this many people leave their grid
  AllocationObjective objective = AllocationObjective::kOnTime;
  SearchOptions search;
};

/// Current against proposed on the same replicas: means and the paired difference with its interval.
struct AllocationFigure {
  std::string name;              ///< on_time_share, overdue_end, utilisation
  double now = 0, proposed = 0;  ///< means over the replicas
  PairedDifference difference;   ///< proposed - now, 95% interval
};

struct AllocationGrid {
  std::string id, name, town;
  double now = 0, proposed = 0;                         ///< people
  std::uint32_t servers_now = 0, servers_proposed = 0;  ///< case slots of its staff pool
};

struct AllocateOutcome {
  std::string title, objective;
  std::uint64_t replicas = 0, seed = 0;
  double total_now = 0, total_proposed = 0, moved = 0;
  std::vector<AllocationGrid> grids;
  std::vector<AllocationFigure> figures;
  std::vector<std::string> outputs;  ///< allocation.csv, moves.png, <name>_allocated.yaml
  std::size_t evaluations = 0;
  int rounds = 0, accepted = 0, local_accepted = 0;
  double seconds = 0;  ///< searching and comparing
};

/// Loads and fits the scenario, searches, compares and writes into the locked output folder (rank 0).
/// Throws ScenarioError for a scenario without a des `response:` block, with staff changes in a window or
/// merged grids, or bounds that no allocation of the total meets; InputError / IoError like run_scenario.
AllocateOutcome allocate_staff(const RunContext& context, const AllocateRequest& request);

/// `now` on `total` whole people within [min, max]: proportional shares, largest remainders first, then
/// moved into the bounds. `now` itself when it is whole, sums to `total` and meets the bounds.
std::vector<double> whole_allocation(const std::vector<double>& now, double total, const std::vector<double>& min,
                                     const std::vector<double>& max);

/// Writes allocation.csv, moves.png and the proposal scenario into `dir`; returns their paths.
std::vector<std::string> write_allocation(const Prepared& prepared, const AllocateOutcome& outcome,
                                          const std::string& dir);

/// The least gain per person moved, in the objective's units: `given` is in on-time points or overdue
/// cases; without it 0.01 points or 0.5 cases per person [E] (a planner's price for moving someone).
double min_gain_per_person(AllocationObjective objective, std::optional<double> given);

}  // namespace riskgrid::run
