#pragma once
// Handling-time calibration from closing times (docs/calibration.md): per category and per department,
// a log-normal fit of created -> closed with open cases right-censored at the end of the sample, and of
// the time between stages (e.g. received -> dispatch -> on scene -> available) where the history has them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/stats/censored_lognormal.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::models::response {

inline constexpr std::size_t kMinEvents = 5;  ///< closed cases a group needs to be fitted

struct CalibrationOptions {
  bool drop_open = false;                       ///< true: leave open cases out instead of censoring them
  std::optional<time::Seconds> observed_until;  ///< end of the sample; unset = the latest time in the data
};

struct FitRow {
  std::string interval;                     ///< "created->closed", "created->dispatch", "dispatch->on_scene", ...
  std::string by;                           ///< "category" or "department"
  std::string group;                        ///< the catalog id or the department as the data writes it
  std::size_t n = 0;                        ///< cases in the group
  std::size_t events = 0;                   ///< durations observed (closed, or both stages present)
  std::size_t censored = 0;                 ///< open cases, right-censored at the end of the sample
  std::size_t skipped = 0;                  ///< zero durations (closed at creation), open cases dropped, stage missing
  std::optional<stats::LognormalFit> fit;   ///< none with fewer than kMinEvents events
  double ks = 0;                            ///< KS distance of the fit to Kaplan-Meier
  std::optional<double> km_median, km_p90;  ///< hours; none where censoring hides them
  std::string top_department;               ///< category rows: the department most cases went to
  double top_share = 0;
};

struct Calibration {
  time::Seconds observed_until = 0;
  std::vector<FitRow> rows;
};

/// created -> closed per category and per department (hours). Open cases (closed = -1) are
/// right-censored at observed_until - created, or dropped with drop_open.
Calibration calibrate_handling(const incidents::IncidentTable& table, const catalog::CategoryCatalog& catalog,
                               const CalibrationOptions& options);

/// The time between consecutive stages: `stage_times[k][i]` is stage k's time of case i of `table`
/// (-1 when the stage is missing); stage 0 follows `created`. A missing stage or one before its
/// predecessor is skipped (not censored: a unit cancelled en route never arrives).
std::vector<FitRow> calibrate_stages(const incidents::IncidentTable& table, const catalog::CategoryCatalog& catalog,
                                     const std::vector<std::string>& stage_names,
                                     const std::vector<std::vector<time::Seconds>>& stage_times);

}  // namespace riskgrid::models::response
