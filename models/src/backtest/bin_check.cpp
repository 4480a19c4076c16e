// A model's answer on the backtest's bins, tried on a small generated history.
#include "riskgrid/models/backtest/bin_check.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models::backtest {

namespace {

constexpr std::size_t kDays = 400;  // over a year: models that look a year back can fit

geo::MultiPolygon square(double x0, double y0, double side) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  return {p};
}

struct Probe {
  spatial::District district;
  catalog::CategoryCatalog catalog;
  incidents::IncidentTable history;
  time::Seconds start = 0;

  Probe() {
    district.name = "probe";
    district.projection = geo::LocalProjection(121.4, 31.25);
    for (int i = 0; i < 4; ++i) {
      spatial::Unit g;
      g.id = fmt::format("g{}", i);
      g.population = 1000;
      g.shape = square(-1000 + (i % 2) * 1000.0, -1000 + (i / 2) * 1000.0, 1000);
      spatial::update_derived(g);
      district.grids.push_back(g);
    }
    catalog::Category c;
    c.id = c.name = "all";
    c.share = 1;
    catalog.categories.push_back(c);
    start = *time::parse_iso("2025-01-06");  // a Monday
    // A fixed pattern: 0-3 incidents per grid and day at varying hours, no randomness needed.
    for (std::size_t d = 0; d < kDays; ++d)
      for (std::uint32_t g = 0; g < 4; ++g)
        for (std::size_t k = 0; k < (d * 7 + g * 3) % 4; ++k) {
          history.created.push_back(start + time::Seconds(d) * time::kDay + time::Seconds((k * 5 + g) % 24) * 3600);
          history.grid.push_back(g);
          history.category.push_back(0);
        }
  }
};

const Probe& probe() {
  static const Probe p;
  return p;
}

}  // namespace

void check_bins(const ArrivalRegistry& registry, const scenario::ModelChoice& choice, std::string_view key,
                time::Seconds bin, std::size_t horizon_days) {
  const Probe& p = probe();
  const time::Seconds origin = p.start + time::Seconds(kDays - 8 * 7) * time::kDay;
  const std::size_t bins = horizon_days * std::size_t(time::kDay) / std::size_t(bin);
  try {
    const auto fitted = registry.create(choice, key)->fit({p.district, p.catalog, p.history, p.start, origin});
    std::vector<double> mean(bins * 4), size(mean.size());
    const cube::Shape shape{bins, 4, 1};
    fitted->predictive({origin, bin, bins}, {shape, mean}, {shape, size});
  } catch (const InputError&) {
    return;  // wants other data, not other bins
  } catch (const std::exception& e) {
    throw ScenarioError(fmt::format("{}{}: {} cannot forecast bins of {} hours over {} days: {}",
                                    choice.where.empty() ? "" : choice.where + ": ", key, choice.display(),
                                    bin / time::kHour, horizon_days, e.what()));
  }
}

}  // namespace riskgrid::models::backtest
