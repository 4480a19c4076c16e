#pragma once
// "stacked": a stacked ensemble (Yao et al. 2018, stacking of predictive distributions). At fit time every
// member is fitted at the last `origins` weekly origins inside the training window (each on the training
// before it) and its predictive distribution of the following week's count per grid x category is scored;
// the mixture weights maximise the log score of the mixture over those weeks (Newton steps on the
// simplex). Then the members are fitted on the whole window. The forecast of a bin is the mixture, handed
// on as the negative binomial with its mean and variance (the interface's form); a replica draws one
// member by the weights and takes that member's replica. Nothing after training is seen.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// Mixture weights maximising sum_i log sum_m w_m p[i * members + m] over the simplex (p: the
/// members' predictive densities of each observation, one row of `members` values per observation),
/// by Newton steps on the simplex (each to the maximum of the objective's quadratic model there,
/// then a line search), from equal weights until the KKT conditions hold to `tolerance`: the mean of
/// p_m / (mixture density) is 1 for every member with weight > 0 and at most 1 for the others; or until
/// no step raises the objective in double precision (a residual near 1e-9 on 10^4 rows).
/// Rows where no member gives a positive finite density are skipped.
std::vector<double> stacking_weights(std::span<const double> p, std::size_t members, double tolerance = 1e-10,
                                     int max_iterations = 100);

class Stacked : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "stacked";
  /// `members` are built from `registry` (models/src/registry.cpp hands it the built-in models).
  Stacked(ArrivalRegistry registry, std::vector<std::string> members, std::size_t origins = 4);
  /// Built from the settings: `members` (names; default default_members()), `origins`.
  static std::unique_ptr<ArrivalModel> create(ArrivalRegistry registry, const ModelSettings& settings);
  /// [E] shrunk_level, negbin_glm, exp_weighted_mean: a smoothed long level, a regression with
  /// season and weekday, a recent mean.
  static std::vector<std::string> default_members();
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  ArrivalRegistry registry_;
  std::vector<std::string> members_;
  std::size_t origins_;
};

}  // namespace riskgrid::models
