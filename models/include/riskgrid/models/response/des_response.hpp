#pragma once
// The "des" response model: the discrete-event simulation of case handling (case_simulator.hpp) set up
// from a scenario's `response:` block, in forecast mode (the replica's sampled arrivals, placed in their
// bins by the history's hour-of-day profile) or replay mode (the history's own incidents of the horizon).
#include "riskgrid/models/response/case_simulator.hpp"
#include "riskgrid/models/response/response_model.hpp"

namespace riskgrid::models::response {

class DesResponse final : public ResponseModel {
 public:
  static constexpr std::string_view kName = "des";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ResponseModel> create(const ModelSettings& settings);
  std::string_view name() const override { return kName; }
  void check(const scenario::ResponseBlock& block, const spatial::District& district,
             const catalog::CategoryCatalog& catalog) const override;
  std::unique_ptr<PreparedResponse> prepare(const ResponseInput& input) const override;
};

/// Share of the history's incidents in [from, to) by hour of day, cumulated (with one added per hour
/// so that no hour is impossible).
std::array<double, 24> hour_profile(const incidents::IncidentTable& history, time::Seconds from, time::Seconds to);

/// The history's incidents created in [horizon start - warmup, horizon end), sorted, as replay input.
/// Throws InputError when the history does not reach the horizon's end.
ReplayArrivals replay_arrivals(const incidents::IncidentTable& history, const time::TimeGrid& horizon,
                               double warmup_days, const std::string& history_name);

}  // namespace riskgrid::models::response
