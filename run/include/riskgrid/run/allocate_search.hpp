#pragma once
// The pieces of `riskgrid allocate` (docs/allocate.md): every candidate allocation of grid staff is
// simulated on the same replicas, with the same arrivals and the same random draws per case (common
// random numbers), so two candidates differ only by their staff; their per-replica figures are compared
// pairwise. A marginal phase moves staff in batches to where one more server buys the most, a paired
// test accepts a batch only when it is better, and a local search tries single moves between the most
// promising pairs of grids at the end.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "riskgrid/models/response/des_settings.hpp"
#include "riskgrid/run/context.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

enum class AllocationObjective { kOverdue, kOnTime };

/// Per replica and grid, the exact figures of one candidate over the horizon, [replica][grid].
struct ReplicaFigures {
  std::size_t replicas = 0, grids = 0;
  std::vector<std::uint64_t> closed, on_time, overdue_end, busy_ms, capacity_ms;
  std::size_t at(std::size_t replica, std::size_t grid) const { return replica * grids + grid; }
};

/// District figures of one replica.
double on_time_share(const ReplicaFigures& f, std::size_t replica);
double overdue_end(const ReplicaFigures& f, std::size_t replica);
double utilisation(const ReplicaFigures& f, std::size_t replica);

/// One candidate: its staff per grid, its figures and its objective per replica (lower is better:
/// overdue cases at the end, or minus the on-time share).
struct Evaluation {
  std::vector<double> staff;
  ReplicaFigures figures;
  std::vector<double> objective;
  double mean() const;
};

/// Simulates candidates on replicas [0, replicas) of a prepared scenario with `response:` (the des model):
/// this rank's block on context.threads, then every rank gets every replica's figures, so each rank
/// takes the same decisions. Collective over context.ranks: every rank calls evaluate() alike.
class CrnEvaluator {
 public:
  CrnEvaluator(const RunContext& context, const Prepared& prepared, std::uint64_t replicas,
               AllocationObjective objective);
  ~CrnEvaluator();
  Evaluation evaluate(const std::vector<double>& staff) const;
  std::uint64_t replicas() const { return replicas_; }
  std::size_t evaluations() const { return evaluations_; }
  AllocationObjective objective() const { return objective_; }

 private:
  ReplicaFigures simulate_block(const std::vector<double>& staff) const;
  const RunContext& context_;
  const Prepared& prepared_;
  std::uint64_t replicas_;
  AllocationObjective objective_;
  std::unique_ptr<models::ArrivalSampler> sampler_;
  mutable std::size_t evaluations_ = 0;
};

/// The paired comparison of two candidates on the same replicas: differences b - a per replica.
struct PairedDifference {
  double mean = 0, lo = 0, hi = 0;  ///< mean difference and its two-sided (1 - alpha) t interval
  double p_less = 1;                ///< one-sided p-value of "b's mean is below a's" (paired t test)
};
PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b, double alpha);

/// The people each grid may hold, and how many may leave their grid (counted from `start`).
struct AllocationBounds {
  std::vector<double> min, max;  ///< [grid]
  std::vector<double> start;     ///< the allocation the search starts from (whole people)
  double moves = -1;             ///< at most this many people leave their grid; < 0: no limit
};

/// People who left their grid going from `from` to `to`.
double people_moved(const std::vector<double>& from, const std::vector<double>& to);

struct SearchOptions {
  double alpha = 0.05;  ///< a candidate replaces the incumbent when p_less < alpha
  /// ... and when its mean gain is at least this per person it moves, in objective units (a share for
  /// on_time, cases for overdue): moving people costs the planner, so tiny gains do not pay for it.
  double min_gain_per_person = 0;
  int max_rounds = 12;       ///< marginal rounds (each: two marginal simulations and its batches)
  int local_candidates = 8;  ///< single moves tried per local-search pass
  int max_local_passes = 3;
  std::function<void(const std::string&)> log;
};

struct SearchResult {
  Evaluation best;
  int rounds = 0, accepted = 0, local_accepted = 0;
};

/// The marginal phase, then the local search, from bounds.start. `servers` maps a grid's people to
/// its staff pool's servers (models::response::grid_pool_servers).
SearchResult search_allocation(const CrnEvaluator& evaluator, const AllocationBounds& bounds,
                               const std::function<std::uint32_t(double)>& servers, const SearchOptions& options);

}  // namespace riskgrid::run
