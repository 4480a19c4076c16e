#include "riskgrid/models/response/response_runner.hpp"

namespace riskgrid::models::response {

ResponseRunner::ResponseRunner(SimulationSetup setup) : setup_(std::move(setup)) {}

void ResponseRunner::run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts) {
  std::unique_ptr<Worker>& worker = workers_.local();
  if (!worker) worker = std::make_unique<Worker>(setup_);
  worker->simulator.run(key, counts, worker->tally);
}

void ResponseRunner::run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts,
                                 ResponseTally& into) {
  std::unique_ptr<Worker>& worker = workers_.local();
  if (!worker) worker = std::make_unique<Worker>(setup_);
  worker->simulator.run(key, counts, into);
}

ResponseTally ResponseRunner::total() const {
  ResponseTally total(setup_.horizon.bins, setup_.grids);
  for (const auto& worker : workers_)  // integer sums: the order of workers does not matter
    if (worker) total.merge(worker->tally);
  return total;
}

}  // namespace riskgrid::models::response
