// History counted per grid, category and day for the count-map baselines, with the hour shares and
// the moment estimate of the negative-binomial size they forecast with.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"

namespace riskgrid::models {

double DailyCounts::sum(std::size_t g, std::size_t c, std::size_t first, std::size_t last) const {
  double total = 0;
  const std::uint32_t* row = daily.data() + (g * categories + c) * days;
  for (std::size_t d = first; d < last; ++d) total += row[d];
  return total;
}

void start_counts(DailyCounts& w, const FitInput& in, std::string_view model, std::size_t min_days) {
  const time::Seconds length = in.train_end - in.train_start;
  if (in.train_start % time::kDay != 0 || in.train_end % time::kDay != 0 ||
      length < static_cast<time::Seconds>(min_days) * time::kDay)
    throw InputError(fmt::format("{}: the training window {} .. {} must be whole days, at least {} of them", model,
                                 time::format_iso(in.train_start), time::format_iso(in.train_end), min_days));
  w.grids = in.district.grids.size();
  w.categories = in.catalog.size();
  w.days = static_cast<std::size_t>(length / time::kDay);
  w.start = in.train_start;
}

void check_incident_cell(const DailyCounts& w, const incidents::IncidentTable& h, std::size_t i,
                         std::string_view model) {
  if (h.grid[i] >= w.grids || h.category[i] >= w.categories)
    throw InputError(fmt::format(
        "{}: incident {} has grid {} / category {} outside the district ({} "
        "grids) or catalog ({} categories)",
        model, h.id.size() > i ? h.id[i] : std::to_string(i), h.grid[i], h.category[i], w.grids, w.categories));
}

DailyCounts count_daily(const FitInput& in, std::string_view model, std::size_t min_days) {
  DailyCounts w;
  start_counts(w, in, model, min_days);
  w.daily.assign(w.grids * w.categories * w.days, 0);
  w.hourly.assign(w.categories, {});
  const auto& h = in.history;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const time::Seconds t = h.created[i];
    if (t < in.train_start || t >= in.train_end) continue;
    check_incident_cell(w, h, i, model);
    const auto d = static_cast<std::size_t>((t - in.train_start) / time::kDay);
    ++w.daily[(std::size_t{h.grid[i]} * w.categories + h.category[i]) * w.days + d];
    w.hourly[h.category[i]][static_cast<std::size_t>(time::hour_of_day(t))] += 1;
    ++w.incidents;
  }
  return w;
}

std::vector<std::array<double, 24>> hour_shares(const DailyCounts& w) {
  std::vector<std::array<double, 24>> share(w.categories);
  for (std::size_t c = 0; c < w.categories; ++c) {
    double total = 24 * kHourPriorCount;
    for (const double n : w.hourly[c]) total += n;
    for (std::size_t h = 0; h < 24; ++h) share[c][h] = (w.hourly[c][h] + kHourPriorCount) / total;
  }
  return share;
}

std::vector<double> moment_dispersion(const DailyCounts& w, std::size_t days) {
  std::vector<double> size(w.categories, std::numeric_limits<double>::infinity());
  const std::size_t last = w.days, first = w.days - std::min(days, w.days);
  const std::size_t n = last - first;
  if (n < 2) return size;
  const double shrink = double(n) / double(n - 1);
  for (std::size_t c = 0; c < w.categories; ++c) {
    double squares = 0, counts = 0, mean_squared = 0;
    for (std::size_t g = 0; g < w.grids; ++g) {
      const double mean = w.sum(g, c, first, last) / double(n);
      for (std::size_t d = first; d < last; ++d) {
        const double y = w.at(g, c, d);
        squares += (y - mean) * (y - mean);
        counts += y;
      }
      mean_squared += double(n) * mean * mean;
    }
    if (!(mean_squared > 0)) continue;
    const double inverse = (shrink * squares - counts) / mean_squared;
    if (inverse > 1 / kMaxDispersion) size[c] = std::clamp(1 / inverse, kMinDispersion, kMaxDispersion);
  }
  return size;
}

}  // namespace riskgrid::models
