#pragma once
// Arrivals that are the history's own, for a replay (`response: {mode: replay}`): every replica's counts
// are the incidents the history holds in each bin, grid and category of the horizon. No random numbers
// and no drills: what happened is not multiplied. The response model replays the same incidents at
// their exact times (models/response/des_response.cpp).
#include <cstdint>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

class HistoryReplaySampler final : public ArrivalSampler {
 public:
  /// The history's counts on `shape` (the horizon's bins x the district's grids x the categories).
  HistoryReplaySampler(const incidents::IncidentTable& history, const time::TimeGrid& horizon, cube::Shape shape);
  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override;
  const cube::Cube<std::uint32_t>& counts() const { return counts_; }

 private:
  cube::Cube<std::uint32_t> counts_;
};

}  // namespace riskgrid::models
