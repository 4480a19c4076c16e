#pragma once
// "hawkes": a space-time self-exciting point process (Mohler et al. 2011) per category,
//   lambda(x, t) = b * mu(x, t) + sum_{t_i < t, same category} eta * omega * exp(-omega (t - t_i))
//                                                          * N(x - x_i; 0, sigma^2 I),
// with the background mu from negbin_glm (daily rate of the grid spread evenly over its area) scaled
// by b, branching ratio eta (expected direct offspring per incident), exponential decay omega per day
// and Gaussian spread sigma metres, all shared by the categories (an incident only triggers its own
// category). Fitted by expectation-maximisation over the pairs within the cutoffs; forecast by the
// expected cascade per grid and drawn by branching.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

struct HawkesParams {
  double background_scale = 1;  ///< b
  double branching = 0.2;       ///< eta in [0, 0.95]
  double decay_per_day = 0.5;   ///< omega
  double sigma_m = 150;
};

struct HawkesSettings {
  double window_days = 84;       ///< the events of the last window_days of training are fitted
  double time_cutoff_days = 14;  ///< pairs further apart in time are not considered parent/child
  double space_cutoff_m = 500;   ///< nor pairs further apart in space (3-4 sigma of a typical spread)
  int max_iterations = 200;
  double tolerance = 1e-4;  ///< relative change of every parameter between iterations
};

/// One incident for the EM: days since the window start, metric position, category.
struct HawkesEvent {
  double t = 0;
  double x = 0, y = 0;
  std::uint16_t category = 0;
  double background = 0;  ///< unscaled background density at the event (per day per m^2)
};

struct HawkesFit {
  HawkesParams params;
  int iterations = 0;
  bool converged = false;
  std::size_t pairs = 0;  ///< candidate parent/child pairs within the cutoffs
};

/// EM fit on `events` (sorted by t) observed on [0, horizon_days), where the unscaled background
/// integrates to `background_integral` over the window and the district. Edge-corrected for the
/// offspring that would fall after the window. Throws InputError when there are no events.
HawkesFit fit_hawkes_em(const std::vector<HawkesEvent>& events, double horizon_days, double background_integral,
                        const HawkesSettings& settings, HawkesParams start = {});

class Hawkes : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "hawkes";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit Hawkes(HawkesSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  HawkesSettings settings_;
};

}  // namespace riskgrid::models
