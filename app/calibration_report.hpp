#pragma once
// What `riskgrid calibrate` prints and writes (docs/calibration.md): the fit table, calibration.csv, and
// handling.yaml, a `handling:` table in the format of the response block (docs/scenarios.md).
#include <string>
#include <vector>

#include "riskgrid/models/response/handling_calibration.hpp"

namespace riskgrid::app {

/// The rows as an aligned text table, one section per interval.
std::string format_calibration_table(const std::vector<models::response::FitRow>& rows);

/// One line per row: interval,by,group,n,events,censored,skipped,median_hours,sigma,p90_hours,
/// km_median_hours,km_p90_hours,ks,top_department,top_share (empty cells where there is no fit).
void write_calibration_csv(const std::string& path, const std::vector<models::response::FitRow>& rows);

/// The interval a handler's effort is fitted from: stages named `started` then `finished`.
inline constexpr const char* kEffortInterval = "started->finished";

/// What calibrate assumed about effort and waiting (docs/calibration.md "Effort and waiting"), for the
/// console and handling.yaml: with a started->finished row, the effort from it; otherwise the effort
/// estimate of the response model [E] and created->closed as effort + waiting.
std::vector<std::string> effort_assumption(const std::vector<models::response::FitRow>& rows);

/// `handling:` with one row per fitted category of the created->closed interval (law lognormal,
/// median_hours, sigma, and effort_hours where the category has a started->finished fit); `header`
/// lines become comments on top. Throws IoError.
void write_handling_yaml(const std::string& path, const std::vector<models::response::FitRow>& rows,
                         const std::vector<std::string>& header);

}  // namespace riskgrid::app
