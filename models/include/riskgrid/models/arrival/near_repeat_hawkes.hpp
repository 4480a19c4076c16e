#pragma once
// "near_repeat_hawkes": self-excitation across neighbouring units (near-repeats). Per grid g and
// category c,
//   lambda_gc(t) = b * mu_gc(t) + sum_{t_i < t, category c} eta * omega * exp(-omega (t - t_i)) * K(g_i, g),
//   K(h, h) = 1 - s,  K(h, g) = s * n_hg for the neighbours g of h (n_hg: a Gaussian of the centroid
//   distance, sd one unit spacing, cut at 3 sd, normalised over h's neighbours),
// so an incident raises the rate of its own grid and, by the share s, of the grids around it. The
// background mu is shrunk_level's forecast (daily rate x weekday factor). b, eta, omega and s are
// fitted by EM on the incidents of the last window_days of training (parents within the time cutoff and
// the neighbourhood, summed recursively per grid: no list of pairs; SQUAREM-accelerated); the forecast
// is the expected cascade over grids, replicas are drawn by branching.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

struct NearRepeatParams {
  double background_scale = 1;  ///< b
  double branching = 0.1;       ///< eta in [0, 0.95]
  double decay_per_day = 0.5;   ///< omega
  double spill = 0.3;           ///< s: the share of children in a neighbouring grid, in [0, 1]
};

struct NearRepeatSettings {
  double window_days = 84;       ///< [E] the events of the last window_days of training are fitted
  double time_cutoff_days = 14;  ///< [E] pairs further apart in time are not parent/child
  int max_iterations = 300;
  double tolerance = 1e-4;  ///< relative change of every parameter (absolute for s) in one EM step
  bool accelerate = true;   ///< SQUAREM extrapolation of the EM steps (false: plain EM, for tests)
};

/// One incident for the EM: days since the window start, grid, category, background rate of its
/// grid and category on its day (per day, unscaled).
struct UnitEvent {
  double t = 0;
  std::uint32_t grid = 0;
  std::uint16_t category = 0;
  double background = 0;
};

/// [grid] neighbours of each grid with their weights n_hg (summing to 1; empty for a lone grid).
using UnitNeighbours = std::vector<std::vector<std::pair<std::uint32_t, double>>>;

/// Gaussian weights of the other grids' centroids (sd one spacing = sqrt of the median area, cut at 3 sd).
UnitNeighbours unit_neighbours(const spatial::District& district);

struct NearRepeatFit {
  NearRepeatParams params;
  int iterations = 0;  // EM steps (E-steps) taken
  bool converged = false;
  std::size_t pairs = 0;  // possible parent-child pairs (counted, never listed)
};

/// EM on `events` (sorted by t) over [0, horizon_days), the unscaled background integrating to
/// `background_integral`. Throws InputError when there are no events.
NearRepeatFit fit_near_repeat_em(const std::vector<UnitEvent>& events, const UnitNeighbours& neighbours,
                                 double horizon_days, double background_integral, const NearRepeatSettings& settings,
                                 NearRepeatParams start = {});

class NearRepeatHawkes : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "near_repeat_hawkes";
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit NearRepeatHawkes(NearRepeatSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  NearRepeatSettings settings_;
};

}  // namespace riskgrid::models
