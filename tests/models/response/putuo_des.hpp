#pragma once
// The default district's catalog, grids and ordinary arrival rates, and the des configuration of one of
// its scenarios, for the response settings tests (des_settings_test, des_mechanics_test).
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::models::response::testing {

inline const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo/";

struct PutuoDes {
  catalog::CategoryCatalog catalog = catalog::load_catalog(kPutuo + "categories.yaml");
  spatial::District district = spatial::load_district(kPutuo + "putuo_outline.json", kPutuo + "towns.geojson",
                                                      kPutuo + "grids.geojson", "Putuo");
  std::vector<double> rate;  ///< arrivals per day [grid][category]: 1,125 a day by the catalog's shares
  PutuoDes() {
    for (std::size_t g = 0; g < district.grids.size(); ++g)
      for (const auto& c : catalog.categories) rate.push_back(1125.0 * c.share / double(district.grids.size()));
  }
  /// `scenario`: a path, or a file name in scenarios/putuo/. The arrivals are known from `first_day`
  /// (default: 60 days before the horizon) for `days` days.
  ResponseConfig config(const std::string& scenario, std::optional<std::int64_t> first_day = std::nullopt,
                        std::size_t days = 200) const {
    const std::string path = scenario.rfind('/', 0) == 0 ? scenario : kPutuo + scenario;
    const auto spec = scenario::load_scenario(path);
    const std::int64_t first = first_day.value_or(time::day_number(spec.horizon.start) - 60);
    return build_des_config(read_des_settings(spec.response), district, catalog, rate, first, days, spec.horizon);
  }
};

}  // namespace riskgrid::models::response::testing
