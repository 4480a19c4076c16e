#include "riskgrid/models/response/response_runner.hpp"

namespace riskgrid::models::response {

ResponseRunner::ResponseRunner(SimulationSetup setup) : setup_(std::move(setup)) {}

void ResponseRunner::run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts,
                                 ResponseTally& into) {
  std::unique_ptr<CaseSimulator>& simulator = simulators_.local();
  if (!simulator) simulator = std::make_unique<CaseSimulator>(setup_);
  simulator->run(key, counts, into);
}

}  // namespace riskgrid::models::response
