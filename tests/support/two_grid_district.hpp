#pragma once
// A district of two grids with unequal load for the allocate tests (tests/run/allocate_test.cpp,
// tests/app/allocate_command_test.cpp): grid "a" receives 30 cases a day, grid "b" 6, each case holds a
// handler about 4 hours (effort 4 h, sigma 0.3, round the clock, no escalation or re-opening), and each
// grid has 4 staff, one case slot each. Grid a needs 6 slots (5.3 erlangs) and grid b 2 (1.1 erlangs):
// with 8 staff the best split is 6 / 2 (5 / 3 and 7 / 1 each leave one grid above its capacity).
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::testing {

inline std::string box_feature(const std::string& properties, double west, double east) {
  return fmt::format(R"({{"type": "Feature", "properties": {{{}}}, "geometry": {{"type": "Polygon", "coordinates": )"
                     R"([[[{w}, 31.25], [{e}, 31.25], [{e}, 31.255], [{w}, 31.255], [{w}, 31.25]]]}}}})",
                     properties, fmt::arg("w", west), fmt::arg("e", east));
}

inline std::string collection(const std::string& features) {
  return R"({"type": "FeatureCollection", "features": [)" + features + "]}";
}

/// Writes the district, its history and `scenario.yaml` into `dir`.
inline void write_two_grid_district(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "outline.geojson") << collection(box_feature(R"("name": "two grids")", 121.40, 121.41));
  std::ofstream(dir / "towns.geojson") << collection(
      box_feature(R"("id": "t", "name": "Town", "population": 20000, "staff": 0, "type": "town")", 121.40, 121.41));
  std::ofstream(dir / "grids.geojson") << collection(
      box_feature(R"("id": "a", "name": "Busy", "town": "t", "population": 15000, "staff": 4, "type": "grid")", 121.40,
                  121.405) +
      ", " +
      box_feature(R"("id": "b", "name": "Quiet", "town": "t", "population": 5000, "staff": 4, "type": "grid")", 121.405,
                  121.41));
  std::ofstream(dir / "categories.yaml")
      << "categories:\n  - {id: routine, name: Routine, share: 1, handling_median_hours: 4, handling_sigma: 0.5, "
         "time_limit_hours: 16, department: works, weight: 1}\n";
  std::ofstream(dir / "district.yaml") << "name: Two grids\noutline: outline.geojson\ntowns: towns.geojson\n"
                                          "grids: grids.geojson\ncategories: categories.yaml\nnote: test fixture\n"
                                          "history:\n  path: history.csv\n";
  std::ofstream history(dir / "history.csv");
  history << "id,created,closed,category,source,lon,lat,grid,town,department,status\n";
  int n = 0;
  const time::Seconds first = *time::parse_iso("2025-12-22");
  for (int day = 0; day < 70; ++day) {  // 2025-12-22 .. 2026-03-01, evenly spread over the day
    for (const auto& [grid, per_day, lon] : {std::tuple{"a", 30, 121.4025}, std::tuple{"b", 6, 121.4075}}) {
      for (int k = 0; k < per_day; ++k) {
        const int minute = (k * 1440 / per_day + 7 * day) % 1440;
        const time::Seconds at = first + day * time::kDay + minute * 60;
        history << fmt::format("H{},{},,routine,hotline,{},31.2525,{},t,works,open\n", ++n, time::format_iso(at), lon,
                               grid);
      }
    }
  }
  std::ofstream(dir / "scenario.yaml")
      << "name: two_grids\ntitle: Two grids\ndistrict: district.yaml\nseed: 11\nreplicas: 24\n"
         "horizon: {start: 2026-03-02, days: 14, bin: day}\ntraining: {weeks: 8}\n"
         "response:\n  model: des\n  warmup_days: 0\n"
         "  staff: {case_time_share: 1, availability: 1, always_on: true}\n"
         "  effort: {hours: 4, sigma: 0.3}\n"
         "  escalation: {community: 0.5, grid: 0.5, town: 0, district: 0, reopen_share: 0}\n"
         "  joint_share: 0\n  urgent_share: 0\n";
}

}  // namespace riskgrid::testing
