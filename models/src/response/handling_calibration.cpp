// Fitting handling times per category and department (docs/calibration.md).
#include "riskgrid/models/response/handling_calibration.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace riskgrid::models::response {
namespace {

constexpr double kHour = 3600;

/// One case's duration in a group: nullopt = skipped.
using DurationOf = std::function<std::optional<stats::Duration>(std::size_t)>;

FitRow fit_group(const std::string& interval, const std::string& by, const std::string& group,
                 const std::vector<std::size_t>& cases, const DurationOf& duration_of) {
  FitRow row;
  row.interval = interval, row.by = by, row.group = group;
  std::vector<stats::Duration> d;
  row.n = cases.size();
  for (const std::size_t i : cases) {
    const auto one = duration_of(i);
    if (!one || !(one->value > 0)) {
      ++row.skipped;
      continue;
    }
    d.push_back(*one);
    ++(one->censored ? row.censored : row.events);
  }
  if (row.events < kMinEvents) return row;
  row.fit = stats::fit_censored_lognormal(d);
  if (!row.fit) return row;
  const stats::KaplanMeier km = stats::kaplan_meier(d);
  row.ks = stats::ks_distance(km, *row.fit);
  row.km_median = km.quantile(0.5);
  row.km_p90 = km.quantile(0.9);
  return row;
}

/// Rows for one interval: every catalog category with cases, then every department (sorted by name).
std::vector<FitRow> fit_groups(const std::string& interval, const incidents::IncidentTable& t,
                               const catalog::CategoryCatalog& catalog, const DurationOf& duration_of) {
  std::vector<FitRow> rows;
  std::vector<std::vector<std::size_t>> by_category(catalog.categories.size());
  std::map<std::string, std::vector<std::size_t>> by_department;
  for (std::size_t i = 0; i < t.size(); ++i) {
    by_category[t.category[i]].push_back(i);
    if (i < t.department.size() && !t.department[i].empty()) by_department[std::string(t.department[i])].push_back(i);
  }
  for (std::size_t c = 0; c < by_category.size(); ++c) {
    if (by_category[c].empty()) continue;
    FitRow row = fit_group(interval, "category", catalog.categories[c].id, by_category[c], duration_of);
    std::map<std::string, std::size_t> departments;
    for (const std::size_t i : by_category[c])
      if (i < t.department.size() && !t.department[i].empty()) ++departments[std::string(t.department[i])];
    for (const auto& [name, count] : departments)
      if (double(count) / double(row.n) > row.top_share)
        row.top_department = name, row.top_share = double(count) / double(row.n);
    rows.push_back(std::move(row));
  }
  for (const auto& [name, cases] : by_department)
    rows.push_back(fit_group(interval, "department", name, cases, duration_of));
  return rows;
}

}  // namespace

Calibration calibrate_handling(const incidents::IncidentTable& t, const catalog::CategoryCatalog& catalog,
                               const CalibrationOptions& options) {
  Calibration out;
  time::Seconds latest = 0;
  for (std::size_t i = 0; i < t.size(); ++i) latest = std::max({latest, t.created[i], t.closed[i]});
  out.observed_until = options.observed_until.value_or(latest);
  const DurationOf duration_of = [&](std::size_t i) -> std::optional<stats::Duration> {
    if (t.closed[i] >= 0) return stats::Duration{double(t.closed[i] - t.created[i]) / kHour, false};
    if (options.drop_open) return std::nullopt;
    return stats::Duration{double(out.observed_until - t.created[i]) / kHour, true};
  };
  out.rows = fit_groups("created->closed", t, catalog, duration_of);
  return out;
}

std::vector<FitRow> calibrate_stages(const incidents::IncidentTable& t, const catalog::CategoryCatalog& catalog,
                                     const std::vector<std::string>& names,
                                     const std::vector<std::vector<time::Seconds>>& times) {
  std::vector<FitRow> rows;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::vector<time::Seconds>* before = k == 0 ? &t.created : &times[k - 1];
    const std::vector<time::Seconds>& after = times[k];
    const DurationOf duration_of = [&](std::size_t i) -> std::optional<stats::Duration> {
      if ((*before)[i] < 0 || after[i] < 0) return std::nullopt;
      return stats::Duration{double(after[i] - (*before)[i]) / kHour, false};
    };
    const std::string interval = (k == 0 ? std::string("created") : names[k - 1]) + "->" + names[k];
    for (FitRow& row : fit_groups(interval, t, catalog, duration_of)) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace riskgrid::models::response
