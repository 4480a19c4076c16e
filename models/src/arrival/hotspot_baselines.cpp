// The map-based baselines: a kernel density hotspot map and the prospective hotspot map. Both make
// a surface per category on a lattice, take each grid's share of it, and spread the category's recent
// district rate by those shares.
#include <cmath>
#include <functional>
#include <numeric>

#include <fmt/format.h>

#include "hotspot_lattice.hpp"
#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"

namespace riskgrid::models {

namespace {

// How a map model weighs one incident (by its age in seconds before the end of training) and
// smooths the binned weights.
struct MapKind {
  std::string_view name;
  std::function<double(time::Seconds age)> weight;
  std::function<void(const hotspot::Lattice&, std::vector<double>&)> smooth;
};

std::unique_ptr<FittedArrivals> fit_map(const FitInput& in, const HotspotSettings& s, const MapKind& kind) {
  const DailyCounts w = count_daily(in, kind.name, 7);
  const time::Seconds window_start =
      std::max(in.train_start, in.train_end - static_cast<time::Seconds>(s.window_days * double(time::kDay)));
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < in.history.size(); ++i)
    if (in.history.created[i] >= window_start && in.history.created[i] < in.train_end) rows.push_back(i);
  const std::vector<geo::Point> points = hotspot::incident_points(in.history, rows, in.district);
  const hotspot::Lattice lattice = hotspot::Lattice::over(in.district, s.cell_m, s.bandwidth_m);

  std::vector<double> area(w.grids);
  for (std::size_t g = 0; g < w.grids; ++g) area[g] = in.district.grids[g].area_m2;
  const double total_area = std::accumulate(area.begin(), area.end(), 0.0);
  const std::size_t rate_days = std::min(w.days, static_cast<std::size_t>(s.rate_days));
  std::vector<double> rate(w.grids * w.categories, 0.0);
  std::vector<double> surface(lattice.size());
  for (std::size_t c = 0; c < w.categories; ++c) {
    std::fill(surface.begin(), surface.end(), 0.0);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      if (in.history.category[rows[j]] != c) continue;
      const std::size_t cell = lattice.cell_of(points[j].x(), points[j].y());
      if (cell < lattice.size()) surface[cell] += kind.weight(in.train_end - in.history.created[rows[j]]);
    }
    kind.smooth(lattice, surface);
    const std::vector<double> mass = hotspot::grid_mass(lattice, surface, w.grids);
    const double total_mass = std::accumulate(mass.begin(), mass.end(), 0.0);
    double district_rate = 0;
    for (std::size_t g = 0; g < w.grids; ++g) district_rate += w.sum(g, c, w.days - rate_days, w.days);
    district_rate /= double(rate_days);
    const double spread = total_mass > 0 ? s.uniform_share : 1.0;
    for (std::size_t g = 0; g < w.grids; ++g) {
      const double share = total_mass > 0 ? mass[g] / total_mass : 0.0;
      rate[g * w.categories + c] = district_rate * ((1 - spread) * share + spread * area[g] / total_area);
    }
  }
  return flat_daily_rates(
      w, std::move(rate),
      fmt::format("{}: {} incidents of the last {} days on a {} m lattice, bandwidth {} m; rates of the last {} days",
                  kind.name, rows.size(), s.window_days, lattice.cell, s.bandwidth_m, rate_days));
}

}  // namespace

std::unique_ptr<FittedArrivals> KdeHotspot::fit(const FitInput& input) const {
  const HotspotSettings s = settings_;
  const MapKind kind{kName, [](time::Seconds) { return 1.0; },
                     [s](const hotspot::Lattice& l, std::vector<double>& surface) {
                       hotspot::gaussian_smooth(l, surface, s.bandwidth_m);
                     }};
  return fit_map(input, settings_, kind);
}

std::unique_ptr<FittedArrivals> ProspectiveHotspot::fit(const FitInput& input) const {
  const HotspotSettings s = settings_;
  // Weeks ago counts whole weeks: this week's incidents weigh 1, last week's 1/2, ...
  const MapKind kind{
      kName, [](time::Seconds age) { return 1.0 / (1.0 + std::floor(double(age) / double(7 * time::kDay))); },
      [s](const hotspot::Lattice& l, std::vector<double>& surface) {
        hotspot::radial_smooth(l, surface, s.bandwidth_m, [s](double d) { return 1.0 / (1.0 + d / s.cell_m); });
      }};
  return fit_map(input, settings_, kind);
}

namespace {

HotspotSettings read_hotspot_settings(const ModelSettings& s, HotspotSettings h) {
  h.window_days = s.number_or("window_days", h.window_days, 1, 3660);
  h.bandwidth_m = s.number_or("bandwidth_m", h.bandwidth_m, 1, 100'000);
  h.cell_m = s.number_or("cell_m", h.cell_m, 5, 10'000);
  h.rate_days = s.number_or("rate_days", h.rate_days, 1, 3660);
  h.uniform_share = s.number_or("uniform_share", h.uniform_share, 0, 1);
  return h;
}

}  // namespace

std::unique_ptr<ArrivalModel> KdeHotspot::create(const ModelSettings& s) {
  return std::make_unique<KdeHotspot>(read_hotspot_settings(s, {}));
}

std::unique_ptr<ArrivalModel> ProspectiveHotspot::create(const ModelSettings& s) {
  return std::make_unique<ProspectiveHotspot>(read_hotspot_settings(s, default_settings()));
}

}  // namespace riskgrid::models
