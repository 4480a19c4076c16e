#include "riskgrid/engine/ensemble/ensemble_runner.hpp"

#include <atomic>
#include <mutex>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

namespace riskgrid::ensemble {

namespace {

/// One worker's state: its tally and a reusable count buffer, so replicas allocate nothing.
struct Worker {
  explicit Worker(const EnsembleTally& empty) : tally(empty.empty_like()), counts(empty.shape().cells()) {}
  EnsembleTally tally;
  std::vector<std::uint32_t> counts;
};

class Progress {
 public:
  // Announces the start (0 done), so a progress clock measures simulating, not what came before it.
  Progress(const EnsembleConfig& config) : config_(config), step_(std::max<std::uint64_t>(1, config.replicas / 100)) {
    if (config_.progress) config_.progress(0, config_.replicas);
  }
  void replica_done() {
    if (!config_.progress) return;
    const std::uint64_t done = ++done_;
    if (done % step_ != 0 && done != config_.replicas) return;
    const std::lock_guard lock(mutex_);
    config_.progress(done, config_.replicas);
  }

 private:
  const EnsembleConfig& config_;
  const std::uint64_t step_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
};

}  // namespace

EnsembleTally run_ensemble(const EnsembleConfig& config, const TallyShape& shape, const ReplicaFunction& replica) {
  std::unique_ptr<tbb::global_control> limit;
  if (config.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(config.threads));
  const EnsembleTally empty(shape, config.model ? config.model->empty() : nullptr);
  tbb::enumerable_thread_specific<Worker> workers([&empty] { return Worker(empty); });
  Progress progress(config);
  const std::uint64_t first = config.first_replica;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, first + config.replicas, 4),
                    [&](const tbb::blocked_range<std::uint64_t>& range) {
                      Worker& worker = workers.local();
                      for (std::uint64_t r = range.begin(); r != range.end(); ++r) {
                        replica(rng::ReplicaKey{config.seed, r}, worker.counts, worker.tally.model());
                        worker.tally.add_replica(worker.counts);
                        progress.replica_done();
                      }
                    });
  EnsembleTally total = empty.empty_like();
  // Integer merge: the order workers are visited in does not change the result.
  for (const Worker& worker : workers) total.merge(worker.tally);
  return total;
}

}  // namespace riskgrid::ensemble
