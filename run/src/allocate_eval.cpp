// riskgrid allocate: one candidate allocation simulated on the common replicas. Replica r's arrivals come
// from the sampler's (seed, r) streams and each case's draws from (seed, r, case, round) streams, numbered
// by arrival, never by staff: a candidate changes only how long cases wait, not which cases arrive or
// what they need (tests/run/allocate_test.cpp checks it).
#include <cstring>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/run/allocate_search.hpp"

namespace riskgrid::run {

namespace {

constexpr std::size_t kMeasures = 5;  // closed, on_time, overdue_end, busy_ms, capacity_ms

std::vector<std::uint64_t>* measure(ReplicaFigures& f, std::size_t m) {
  std::vector<std::uint64_t>* all[kMeasures] = {&f.closed, &f.on_time, &f.overdue_end, &f.busy_ms, &f.capacity_ms};
  return all[m];
}

/// Per grid, the tally's running sums of the five measures, [measure][grid]; a replica's figures are
/// the difference of these after and before it.
void grid_sums(const models::response::ResponseTally& t, std::vector<std::uint64_t>& out) {
  const std::size_t grids = t.grids;
  out.assign(kMeasures * grids, 0);
  for (std::size_t b = 0; b < t.bins; ++b) {
    for (std::size_t g = 0; g < grids; ++g) {
      const std::size_t cell = b * grids + g;
      out[g] += t.closed[cell];
      out[grids + g] += t.closed_on_time[cell];
      out[3 * grids + g] += t.busy_ms[cell];
      out[4 * grids + g] += t.capacity_ms[cell];
    }
  }
  for (std::size_t g = 0; g < grids; ++g) out[2 * grids + g] = t.overdue.sum((t.bins - 1) * grids + g);
}

struct Worker {
  models::response::ResponseTally tally;
  std::vector<std::uint32_t> counts;
  std::vector<std::uint64_t> before, after;
};

/// Every rank's block of figures on every rank, in replica order (blocks follow rank order).
ReplicaFigures share_over_ranks(const Ranks& ranks, ReplicaFigures local, std::uint64_t replicas) {
  if (ranks.count() == 1) return local;
  tally::CountArrays arrays;
  for (std::size_t m = 0; m < kMeasures; ++m) arrays.push_back({fmt::format("m{}", m), *measure(local, m)});
  const std::vector<tally::CountArrays> all = ranks.gather_arrays_on_root(std::move(arrays));
  std::vector<std::uint8_t> bytes;
  if (ranks.is_root()) {
    for (std::size_t m = 0; m < kMeasures; ++m) {
      for (const auto& rank : all) {
        const auto& v = rank[m].values;
        const std::size_t at = bytes.size();
        bytes.resize(at + v.size() * sizeof(std::uint64_t));
        if (!v.empty()) std::memcpy(bytes.data() + at, v.data(), v.size() * sizeof(std::uint64_t));
      }
    }
  }
  bytes = ranks.flags_from_root(std::move(bytes));
  ReplicaFigures f;
  f.replicas = replicas;
  f.grids = local.grids;
  const std::size_t n = f.replicas * f.grids;
  if (bytes.size() != kMeasures * n * sizeof(std::uint64_t))
    throw std::runtime_error("allocate: the ranks' figures do not add up to every replica");
  for (std::size_t m = 0; m < kMeasures; ++m) {
    measure(f, m)->resize(n);
    std::memcpy(measure(f, m)->data(), bytes.data() + m * n * sizeof(std::uint64_t), n * sizeof(std::uint64_t));
  }
  return f;
}

}  // namespace

CrnEvaluator::CrnEvaluator(const RunContext& context, const Prepared& prepared, std::uint64_t replicas,
                           AllocationObjective objective)
    : context_(context), prepared_(prepared), replicas_(replicas), objective_(objective) {
  if (!prepared.response_model)
    throw ScenarioError(fmt::format("{}: allocate needs a response: block", prepared.in.spec.file));
  sampler_ = make_sampler(prepared);
}

CrnEvaluator::~CrnEvaluator() = default;

ReplicaFigures CrnEvaluator::simulate_block(const std::vector<double>& staff) const {
  const Prepared& p = prepared_;
  const auto& s = p.in.spec;
  const auto response = p.response_model->prepare({s.response, p.in.district, p.in.catalog, p.in.history, s.horizon,
                                                   s.train_start, s.train_end, p.baseline.values(), staff});
  const ReplicaBlock block = context_.processes().block(0, replicas_);
  const std::size_t grids = p.shape.units, bins = p.shape.bins;
  ReplicaFigures f;
  f.replicas = block.count;
  f.grids = grids;
  for (std::size_t m = 0; m < kMeasures; ++m) measure(f, m)->assign(block.count * grids, 0);
  std::unique_ptr<tbb::global_control> limit;
  if (context_.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(context_.threads));
  tbb::enumerable_thread_specific<Worker> workers([&] {
    return Worker{models::response::ResponseTally(bins, grids), std::vector<std::uint32_t>(p.shape.cells()), {}, {}};
  });
  // Each replica writes only its own rows: the figures do not depend on which thread ran it.
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, block.count, 1),
                    [&](const tbb::blocked_range<std::uint64_t>& range) {
                      Worker& w = workers.local();
                      for (std::uint64_t r = range.begin(); r != range.end(); ++r) {
                        const rng::ReplicaKey key{s.seed, block.first + r};
                        sampler_->sample(key, {p.shape, w.counts});
                        grid_sums(w.tally, w.before);
                        response->run_replica(key, w.counts, w.tally);
                        grid_sums(w.tally, w.after);
                        for (std::size_t m = 0; m < kMeasures; ++m)
                          for (std::size_t g = 0; g < grids; ++g)
                            (*measure(f, m))[r * grids + g] = w.after[m * grids + g] - w.before[m * grids + g];
                      }
                    });
  return f;
}

Evaluation CrnEvaluator::evaluate(const std::vector<double>& staff) const {
  const Ranks& ranks = context_.processes();
  Evaluation e;
  e.staff = staff;
  ranks.on_every_rank([&] { e.figures = simulate_block(staff); });
  e.figures = share_over_ranks(ranks, std::move(e.figures), replicas_);
  for (std::size_t r = 0; r < e.figures.replicas; ++r)
    e.objective.push_back(objective_ == AllocationObjective::kOverdue ? overdue_end(e.figures, r)
                                                                      : -on_time_share(e.figures, r));
  ++evaluations_;
  return e;
}

}  // namespace riskgrid::run
