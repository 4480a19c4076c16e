#include "riskgrid/models/response/des_settings.hpp"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include <cmath>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "putuo_des.hpp"
#include "riskgrid/models/response/des_response.hpp"

namespace riskgrid::models::response {
namespace {

using testing::kPutuo;

struct Putuo : testing::PutuoDes {
  ResponseConfig config(const std::string& scenario) const { return PutuoDes::config(scenario, 20300, 100); }
};

std::uint32_t grid_servers(const ResponseConfig& cfg) {
  std::uint32_t total = 0;
  for (std::uint32_t p = 0; p < cfg.town_pool0; ++p) total += cfg.pools[p].servers;
  return total;
}

/// A file in a private temporary folder (never among the shipped scenarios, which other tests list),
/// removed afterwards. Scenarios extend the shipped ones by absolute path.
struct TempScenario {
  static std::filesystem::path dir() {
    static const auto d = std::filesystem::temp_directory_path() / ("riskgrid_des_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }
  std::string path;
  TempScenario(const std::string& name, const std::string& text) : path((dir() / name).string()) {
    std::ofstream(path) << text;
  }
  ~TempScenario() { std::filesystem::remove(path); }
};

TEST(DesSettings, AStaffChangeWithAWindowBecomesTwoStaffPhases) {
  const Putuo p;
  const TempScenario windowed("windowed.yaml", "extends: " + kPutuo +
                                                   "response_baseline.yaml\nname: windowed\n"
                                                   "response:\n  staff:\n    changes:\n"
                                                   "      - {factor: 0.5, window: {start: 2026-11-03, days: 2}}\n");
  const ResponseConfig base = p.config("response_baseline.yaml"), cfg = p.config(windowed.path);
  EXPECT_EQ(grid_servers(cfg), grid_servers(base));  // not yet at the horizon start
  ASSERT_EQ(cfg.staff_phases.size(), 2u);
  EXPECT_EQ(cfg.staff_phases[0].at, 2.0 * 86400);  // the horizon starts 2026-11-01
  EXPECT_EQ(cfg.staff_phases[1].at, 4.0 * 86400);
  std::uint32_t during = 0, after = 0;
  for (std::uint32_t q = 0; q < cfg.town_pool0; ++q) {
    during += cfg.staff_phases[0].servers[q];
    after += cfg.staff_phases[1].servers[q];
  }
  EXPECT_NEAR(double(during), 0.5 * grid_servers(base), 45);  // rounding per pool
  EXPECT_EQ(after, grid_servers(base));
  const TempScenario outside("outside.yaml", "extends: " + kPutuo +
                                                 "response_baseline.yaml\nname: outside\n"
                                                 "response:\n  staff:\n    changes:\n"
                                                 "      - {factor: 0.5, window: {start: 2027-01-03, days: 2}}\n");
  try {
    p.config(outside.path);
    ADD_FAILURE() << "a window after the horizon was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("outside.yaml:6:9: response.staff.changes: the window starting "
                                         "2027-01-03 00:00:00 does not overlap the horizon"),
              std::string::npos)
        << e.what();
  }
}

TEST(DesSettings, EmergencyDutyCoversItsTownsGridsAndTeamFromTheHorizonStart) {
  const Putuo p;
  const TempScenario duty("duty.yaml",
                          "extends: " + kPutuo +
                              "response_baseline.yaml\nname: duty\n"
                              "response:\n  staff:\n    emergency_duty:\n"
                              "      - {towns: [caoyang], share: 0.6, window: {start: 2026-10-30, days: 4}}\n"
                              "      - {}\n");
  const ResponseConfig cfg = p.config(duty.path);
  ASSERT_EQ(cfg.emergency_duty.size(), 2u);
  const DutyWindow& caoyang = cfg.emergency_duty[0];
  EXPECT_EQ(caoyang.start, 0.0);  // not in the warm-up's ordinary weeks
  EXPECT_EQ(caoyang.end, 2.0 * 86400);
  EXPECT_EQ(caoyang.share, 0.6);
  const auto town = *p.district.town_index("caoyang");
  std::size_t grids = 0;
  for (std::size_t g = 0; g < p.district.grids.size(); ++g)
    if (p.district.grids[g].parent == "caoyang") ++grids;
  ASSERT_EQ(caoyang.pools.size(), grids + 1);
  EXPECT_EQ(caoyang.pools.back(), cfg.town_pool0 + town);
  EXPECT_EQ(cfg.emergency_duty[1].pools.size(), p.district.grids.size() + p.district.towns.size());
  EXPECT_EQ(cfg.emergency_duty[1].share, 0.5);  // [E] two twelve-hour shifts
  const TempScenario unknown("unknown.yaml", "extends: " + kPutuo +
                                                 "response_baseline.yaml\nname: unknown\n"
                                                 "response:\n  staff:\n    emergency_duty:\n"
                                                 "      - {towns: [caoyng]}\n");
  try {
    p.config(unknown.path);
    ADD_FAILURE() << "an unknown town was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown.yaml:6:9"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("caoyang"), std::string::npos) << e.what();
  }
}

TEST(DesSettings, ReadsThePutuoBlockWithItsCalendarAndTable) {
  const Putuo p;
  const ResponseConfig cfg = p.config("response_baseline.yaml");
  // case_time_share 0.15 of the 1,811 staff work cases at a time, each grid rounded up.
  EXPECT_GE(double(grid_servers(cfg)), 1811 * 0.15);
  EXPECT_LE(double(grid_servers(cfg)), 1811 * 0.15 + 45);
  EXPECT_EQ(cfg.town_pool0, 45u);  // one pool per grid
  const auto group_renting = *p.catalog.index_of("group_renting");
  EXPECT_EQ(cfg.categories[group_renting].escalation_odds, 2);
  EXPECT_EQ(cfg.categories[*p.catalog.index_of("noise")].escalation_odds, 1);
  EXPECT_FALSE(cfg.calendar.is_working_day(time::day_number(*time::parse_iso("2026-10-05"))));  // National Day
  EXPECT_TRUE(cfg.calendar.is_working_day(time::day_number(*time::parse_iso("2026-10-10"))));   // make-up Saturday
  EXPECT_TRUE(cfg.categories[*p.catalog.index_of("fire_safety")].life_safety);
}

/// Handlers of a pool of `people` at case_time_share 0.15, rounded up.
std::uint32_t handlers(double people) { return std::uint32_t(std::ceil(people * 0.15 - 1e-9)); }

TEST(DesSettings, StaffCutTakesAQuarterFromEveryGridAfterTheWarmup) {
  const Putuo p;
  const ResponseConfig cut = p.config("staff_cut.yaml");
  EXPECT_EQ(cut.pools[0].servers, handlers(0.75 * p.district.grids[0].staff));
  EXPECT_EQ(cut.pools[0].warmup_servers, std::int64_t(handlers(p.district.grids[0].staff)));
  EXPECT_EQ(cut.pools[cut.town_pool0].servers, p.config("response_baseline.yaml").pools[cut.town_pool0].servers);
}

TEST(DesSettings, MergedGridsShareOnePoolWithTheirStaff) {
  const Putuo p;
  const ResponseConfig merged = p.config("grid_merge_25.yaml");
  EXPECT_EQ(merged.town_pool0, 25u);
  const auto a = *p.district.grid_index("changshou-01"), b = *p.district.grid_index("changshou-02");
  EXPECT_EQ(merged.grid_pool[a], merged.grid_pool[b]);
  EXPECT_EQ(merged.pools[merged.grid_pool[a]].servers, handlers(p.district.grids[a].staff + p.district.grids[b].staff));
}

TEST(DesSettings, HandlingTableFromAFileOverridesTheCatalog) {
  const Putuo p;
  const TempScenario table(
      "test_handling_table.yaml",
      "handling:\n  - {category: noise, law: exponential, median_hours: 10, time_limit_hours: 8}\n");
  const TempScenario scenario(
      "test_handling.yaml",
      "extends: " + kPutuo +
          "response_baseline.yaml\nname: test_handling\nresponse:\n"
          "  handling: test_handling_table.yaml\n  staff:\n    moves: [{from: taopu-02, to: wanli-01, staff: 10}]\n");
  const ResponseConfig cfg = p.config(scenario.path);
  const CategoryHandling& noise = cfg.categories[*p.catalog.index_of("noise")];
  EXPECT_EQ(noise.law, HandlingLaw::kExponential);
  EXPECT_EQ(noise.median_hours, 10);
  EXPECT_EQ(noise.time_limit_hours, 8);
  EXPECT_EQ(cfg.categories[*p.catalog.index_of("group_renting")].escalation_odds, 1);  // the file replaced the list
  EXPECT_EQ(cfg.pools[*p.district.grid_index("wanli-01")].servers,
            handlers(p.district.grids[*p.district.grid_index("wanli-01")].staff + 10));
}

TEST(DesSettings, RejectsUnknownKeysAndNamesWithTheirPlace) {
  const Putuo p;
  const TempScenario typo(
      "test_typo.yaml",
      "extends: " + kPutuo + "response_baseline.yaml\nname: test_typo\nresponse:\n  staff: {duty_shares: 0.2}\n");
  try {
    p.config(typo.path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("test_typo.yaml:4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("duty_share"), std::string::npos) << e.what();
  }
  const TempScenario grid("test_grid.yaml", "extends: " + kPutuo +
                                                "response_baseline.yaml\nname: test_grid\nresponse:\n  staff:\n"
                                                "    moves: [{from: taopu-02, to: wanli-9, staff: 3}]\n");
  try {
    p.config(grid.path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown grid \"wanli-9\""), std::string::npos) << e.what();
  }
}

TEST(DesResponse, ReplayKeepsTheHistorysOwnIncidents) {
  incidents::IncidentTable h;
  const time::Seconds start = *time::parse_iso("2026-10-01");
  for (const char* t :
       {"2026-09-30 10:00", "2026-10-01 08:00", "2026-10-01 23:59", "2026-10-02 00:00", "2026-10-03 12:00"}) {
    h.created.push_back(*time::parse_iso(t));
    h.grid.push_back(1);
    h.category.push_back(0);
  }
  const ReplayArrivals r = replay_arrivals(h, {start, time::kDay, 2}, 2, "history.csv");
  EXPECT_EQ(r.bin_offset, (std::vector<std::size_t>{1, 3, 4}));  // one warm-up, two on day 1, one on day 2
  EXPECT_EQ(r.time[0], -14 * 3600.0);
  EXPECT_THROW(replay_arrivals(h, {start, time::kDay, 5}, 0, "history.csv"), InputError);  // history too short
}

}  // namespace
}  // namespace riskgrid::models::response
