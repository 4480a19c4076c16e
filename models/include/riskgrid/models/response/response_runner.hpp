#pragma once
// Runs the case-handling simulation on the replicas of an ensemble: one simulator per worker thread
// (reused for every replica, so memory does not grow with replicas), adding each replica to the tally
// it is handed (the worker's, kept and merged by the ensemble). Call run_replica from the ensemble's
// replica function, on any thread.
#include <memory>
#include <span>

#include <tbb/enumerable_thread_specific.h>

#include "riskgrid/models/response/case_simulator.hpp"

namespace riskgrid::models::response {

class ResponseRunner {
 public:
  explicit ResponseRunner(SimulationSetup setup);
  ResponseRunner(const ResponseRunner&) = delete;
  ResponseRunner& operator=(const ResponseRunner&) = delete;

  /// Simulates one replica on its arrivals `counts` [bin][grid][category] into `into`. Thread-safe
  /// for distinct `into`.
  void run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& into);
  const SimulationSetup& setup() const { return setup_; }

 private:
  SimulationSetup setup_;
  tbb::enumerable_thread_specific<std::unique_ptr<CaseSimulator>> simulators_;
};

}  // namespace riskgrid::models::response
