#pragma once
// The arrival-model plug-in interface: fit on a training window of history, then give expected counts
// and generate replicas of counts per [time bin][grid][category] for a forecast horizon, and the
// predictive distribution of each count (for scoring forecasts: models/forecast/).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "riskgrid/models/plugin/registry.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::models {

class FitMemo;  // fit_memo.hpp

struct FitInput {
  const spatial::District& district;
  const catalog::CategoryCatalog& catalog;
  const incidents::IncidentTable& history;
  time::Seconds train_start = 0;  ///< inclusive, midnight
  time::Seconds train_end = 0;    ///< exclusive, midnight
  /// Work shared by the fits of one backtest (fit_memo.hpp), or none: a model may reuse what a fit at
  /// another origin computed, never change its result by it. Its keys name the inputs by address, so
  /// a fit on a history of the model's own making passes none.
  FitMemo* memo = nullptr;
};

/// A fitted model prepared for one horizon and one set of drill multipliers; shared by all threads.
class ArrivalSampler {
 public:
  virtual ~ArrivalSampler() = default;
  /// Counts of one replica into `counts` [bin][grid][category]. Draws only from streams of `key`,
  /// so the result depends on (seed, replica) alone. Must not allocate.
  virtual void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const = 0;
};

class FittedArrivals {
 public:
  virtual ~FittedArrivals() = default;
  /// Expected counts per [bin][grid][category] on the horizon, without drills.
  virtual void expected(const time::TimeGrid& horizon, cube::View<double> out) const = 0;
  /// The predictive distribution of each bin's count per [bin][grid][category], without drills: a
  /// negative binomial with mean `mean` and size `size` (variance mean + mean^2 / size), Poisson
  /// where size is infinite (forecast::kPoissonSize). The default is Poisson around expected().
  virtual void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const {
    expected(horizon, mean);
    std::fill(size.begin(), size.end(), std::numeric_limits<double>::infinity());
  }
  /// `multiplier` [bin][grid][category] scales the expected counts (drills); 1 everywhere = none.
  virtual std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                                  cube::View<const double> multiplier) const = 0;
  /// A few lines for the log: what was fitted, on how much data.
  virtual std::string summary() const = 0;
};

class ArrivalModel {
 public:
  virtual ~ArrivalModel() = default;
  virtual std::string_view name() const = 0;
  /// Throws InputError when the history cannot support a fit (e.g. no incidents in the window).
  virtual std::unique_ptr<FittedArrivals> fit(const FitInput& input) const = 0;
};

/// The arrival models by name (models/src/registry.cpp registers the built-in ones).
using ArrivalRegistry = Registry<ArrivalModel>;

}  // namespace riskgrid::models
