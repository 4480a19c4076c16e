#include "riskgrid/engine/incidents/history_stats.hpp"

#include <stdexcept>

#include "riskgrid/engine/stats/quantile.hpp"

namespace riskgrid::incidents {

std::vector<double> window_count_quantile(const IncidentTable& history, std::size_t grids, const CountWindows& w,
                                          double q) {
  if (w.length <= 0 || w.step <= 0 || w.length % time::kHour || w.step % time::kHour || w.end <= w.start)
    throw std::invalid_argument("window_count_quantile: windows must be whole hours inside the range");
  const auto hours = static_cast<std::size_t>((w.end - w.start) / time::kHour);
  // Prefix sums of hourly counts per grid make every window a subtraction.
  std::vector<std::uint32_t> prefix((hours + 1) * grids, 0);
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history.created[i] < w.start || history.created[i] >= w.end) continue;
    const auto h = static_cast<std::size_t>((history.created[i] - w.start) / time::kHour);
    ++prefix[(h + 1) * grids + history.grid[i]];
  }
  for (std::size_t h = 1; h <= hours; ++h)
    for (std::size_t g = 0; g < grids; ++g) prefix[h * grids + g] += prefix[(h - 1) * grids + g];

  const auto length = static_cast<std::size_t>(w.length / time::kHour);
  const auto step = static_cast<std::size_t>(w.step / time::kHour);
  std::vector<double> out(grids, 0.0);
  std::vector<double> counts;
  for (std::size_t g = 0; g < grids; ++g) {
    counts.clear();
    for (std::size_t first = 0; first + length <= hours; first += step)
      counts.push_back(prefix[(first + length) * grids + g] - prefix[first * grids + g]);
    out[g] = stats::quantile_of(counts, q);
  }
  return out;
}

}  // namespace riskgrid::incidents
