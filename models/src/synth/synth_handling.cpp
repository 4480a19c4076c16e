#include "synth_handling.hpp"

#include <cmath>

#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/response/case_simulator.hpp"

namespace riskgrid::models::synth_detail {

namespace {

/// The incidents as a replay of the whole window: times from its start, bins of one day, no warm-up.
response::ReplayArrivals window_arrivals(const time::TimeGrid& window, std::span<const time::Seconds> created,
                                         std::span<const std::uint32_t> grid, std::span<const std::uint16_t> category) {
  response::ReplayArrivals r;
  r.time.reserve(created.size());
  for (const time::Seconds t : created) r.time.push_back(double(t - window.start));
  r.grid.assign(grid.begin(), grid.end());
  r.category.assign(category.begin(), category.end());
  r.bin_offset.assign(window.bins + 1, 0);
  std::size_t i = 0;
  for (std::size_t b = 0; b <= window.bins; ++b) {
    const double edge = double(window.bin_start(b) - window.start);
    while (i < r.time.size() && r.time[i] < edge) ++i;
    r.bin_offset[b] = i;
  }
  return r;
}

}  // namespace

std::vector<time::Seconds> handling_close_times(const SynthSpec& spec, const spatial::District& district,
                                                const catalog::CategoryCatalog& catalog,
                                                std::span<const time::Seconds> created,
                                                std::span<const std::uint32_t> grid,
                                                std::span<const std::uint16_t> category) {
  const response::DesSettings& settings = *spec.handling;
  response::check_des_settings(settings, district, catalog);
  const time::TimeGrid window{spec.start, time::kDay, std::size_t(spec.days)};
  // Teams and departments are sized, as in a run, for the ordinary load: the expected daily counts.
  const std::vector<double> rate = synth_params(spec, district, catalog).expected_mean_daily;
  const response::ResponseConfig config = response::build_des_config(
      settings, district, catalog, rate, time::day_number(spec.start) - 2, std::int64_t(spec.days) + 400, window);
  const response::ReplayArrivals arrivals = window_arrivals(window, created, grid, category);
  response::SimulationSetup setup;
  setup.config = &config;
  setup.horizon = window;
  setup.grids = district.grids.size();
  setup.categories = catalog.size();
  setup.warmup_daily_rate = rate;
  for (std::size_t h = 0; h < 24; ++h) setup.hour_cdf[h] = double(h + 1) / 24;  // unused in replay
  setup.replay = &arrivals;
  response::CaseSimulator simulator(setup);
  simulator.keep_close_times(true);
  response::ResponseTally tally(window.bins, setup.grids);
  simulator.run({spec.seed, rng::purpose_of("synth.handling")}, {}, tally);

  std::vector<time::Seconds> closed(created.size(), -1);
  const double end = double(window.end() - window.start);
  for (std::size_t i = 0; i < closed.size(); ++i) {
    const double t = simulator.close_time(i);
    if (t < end) closed[i] = window.start + static_cast<time::Seconds>(std::floor(t));  // stays inside the window
  }
  return closed;
}

}  // namespace riskgrid::models::synth_detail
