#include "riskgrid/models/risk/history_normal.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::models {

namespace {

constexpr time::Seconds kWeek = 7 * time::kDay;

/// Days between two dates' places in the year, the short way round (31 Dec and 1 Jan are 1 day apart).
int days_apart_in_year(time::Seconds a, time::Seconds b) {
  const int d = std::abs(time::day_of_year(a) - time::day_of_year(b));
  return std::min(d, 365 - d);
}

/// comparable[b][k - 1]: whether the bin k weeks before horizon bin b lies in the training window and,
/// when `seasonal`, in the same season.
std::vector<std::vector<bool>> comparable_weeks(const HistoryNormalSpec& s, bool seasonal) {
  std::vector<std::vector<bool>> out(s.horizon.bins);
  for (std::size_t b = 0; b < s.horizon.bins; ++b) {
    const time::Seconds bin = s.horizon.bin_start(b);
    for (time::Seconds k = 1; bin - k * kWeek >= s.train_start; ++k) {
      const time::Seconds at = bin - k * kWeek;
      const bool inside = at + s.horizon.bin_length <= s.train_end;
      out[b].push_back(inside && (!seasonal || days_apart_in_year(at, bin) <= s.season_days));
    }
  }
  return out;
}

/// Floor division: which bin of length `length` counted from `origin` holds t (negative before it).
std::int64_t bin_of(time::Seconds t, time::Seconds origin, time::Seconds length) {
  const time::Seconds d = t - origin;
  return d >= 0 ? d / length : -((-d + length - 1) / length);
}

/// Adds every incident of the training window to the horizon bins it is a comparable week of.
void count_comparable(const incidents::IncidentTable& h, const HistoryNormalSpec& s,
                      const std::vector<std::vector<bool>>& comparable, cube::Cube<double>& sums) {
  const auto bins_per_week = static_cast<std::int64_t>(kWeek / s.horizon.bin_length);
  const auto bins = static_cast<std::int64_t>(s.horizon.bins);
  for (std::size_t i = 0; i < h.created.size(); ++i) {
    const time::Seconds t = h.created[i];
    if (t < s.train_start || t >= s.train_end || h.grid[i] >= s.units || h.category[i] >= s.categories) continue;
    const std::int64_t own = bin_of(t, s.horizon.start, s.horizon.bin_length);
    // Horizon bins own + m weeks (m >= 1) have this incident's bin as their comparable week m.
    const std::int64_t first = own >= 0 ? 1 : std::max<std::int64_t>(1, (-own + bins_per_week - 1) / bins_per_week);
    for (std::int64_t m = first;; ++m) {
      const std::int64_t b = own + m * bins_per_week;
      if (b >= bins) break;
      const auto& weeks = comparable[static_cast<std::size_t>(b)];
      if (static_cast<std::size_t>(m) <= weeks.size() && weeks[static_cast<std::size_t>(m - 1)])
        sums.at(static_cast<std::size_t>(b), h.grid[i], h.category[i]) += 1;
    }
  }
}

/// The training window's mean count per bin of each grid and category.
std::vector<double> mean_per_bin(const incidents::IncidentTable& h, const HistoryNormalSpec& s) {
  std::vector<double> mean(s.units * s.categories, 0.0);
  const double bins_in_training =
      static_cast<double>(s.train_end - s.train_start) / static_cast<double>(s.horizon.bin_length);
  if (!(bins_in_training > 0)) return mean;
  for (std::size_t i = 0; i < h.created.size(); ++i)
    if (h.created[i] >= s.train_start && h.created[i] < s.train_end && h.grid[i] < s.units &&
        h.category[i] < s.categories)
      mean[h.grid[i] * s.categories + h.category[i]] += 1 / bins_in_training;
  return mean;
}

}  // namespace

HistoryNormal history_normal(const incidents::IncidentTable& history, const HistoryNormalSpec& s) {
  if (s.horizon.bin_length <= 0 || kWeek % s.horizon.bin_length != 0)
    throw std::invalid_argument("history_normal: bins must divide a week");
  HistoryNormal out;
  out.seasonal = s.train_end - s.train_start >= 365 * time::kDay;
  const auto comparable = comparable_weeks(s, out.seasonal);
  out.expected = cube::Cube<double>({s.horizon.bins, s.units, s.categories});
  count_comparable(history, s, comparable, out.expected);
  std::vector<double> fallback;
  out.fewest_weeks = s.horizon.bins > 0 ? std::size_t(-1) : 0;
  for (std::size_t b = 0; b < s.horizon.bins; ++b) {
    const auto weeks = static_cast<std::size_t>(std::count(comparable[b].begin(), comparable[b].end(), true));
    out.fewest_weeks = std::min(out.fewest_weeks, weeks);
    if (weeks == 0 && fallback.empty()) fallback = mean_per_bin(history, s);
    for (std::size_t u = 0; u < s.units; ++u) {
      const std::span<double> row = out.expected.view().row(b * s.units + u);
      for (std::size_t c = 0; c < s.categories; ++c)
        row[c] = weeks > 0 ? row[c] / static_cast<double>(weeks) : fallback[u * s.categories + c];
    }
  }
  out.fallback = !fallback.empty();
  return out;
}

}  // namespace riskgrid::models
