#pragma once
// Runs the case-handling simulation on the replicas of an ensemble: one simulator and one tally per
// worker thread (reused for every replica, so memory does not grow with replicas), merged exactly at
// the end. Call run_replica from the ensemble's replica function, on any thread.
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

  /// Simulates one replica on its arrivals `counts` [bin][grid][category]. Thread-safe.
  void run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts);
  /// The same, adding to `into` instead of this runner's tally (the thread's simulator is reused).
  void run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& into);
  /// The merged tally of every replica run so far (exact: the same for any thread count).
  ResponseTally total() const;
  const SimulationSetup& setup() const { return setup_; }

 private:
  struct Worker {
    explicit Worker(const SimulationSetup& setup) : simulator(setup), tally(setup.horizon.bins, setup.grids) {}
    CaseSimulator simulator;
    ResponseTally tally;
  };
  SimulationSetup setup_;
  tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers_;
};

}  // namespace riskgrid::models::response
