// The case-handling table by town: sums of grid means, the last bin for stocks, staff-weighted utilisation.
#include "riskgrid/run/handling_by_town.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "command.hpp"

namespace riskgrid::run {
namespace {

spatial::Unit unit(const std::string& id, const std::string& parent, int staff) {
  spatial::Unit u;
  u.id = id;
  u.parent = parent;
  u.staff = staff;
  return u;
}

TEST(HandlingTable, SumsGridsIntoTownsAndTheDistrict) {
  spatial::District d;
  d.towns = {unit("a", "", 0), unit("b", "", 0)};
  d.grids = {unit("g0", "a", 10), unit("g1", "b", 30), unit("g2", "a", 30)};
  results::ResponseResults r;
  // Two bins x three grids, [bin][grid].
  r.arrived_mean = {1, 2, 3, 10, 20, 30};
  r.closed_mean = {1, 1, 1, 5, 5, 5};
  r.closed_on_time_mean = {1, 1, 0, 5, 4, 5};
  r.open_at_start_mean = {7, 8, 9};
  r.backlog_mean = {9, 9, 9, 4, 6, 8};
  r.overdue_mean = {9, 9, 9, 1, 2, 3};
  r.overdue_life_safety_mean = {0, 0, 0, 0.5, 0.25, 0.125};
  r.utilisation = {0.5, 0.2, std::nan(""), 0.7, 0.4, 0.9};  // g2 had no capacity in bin 0
  const auto rows = handling_by_town(d, r, 2);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].town, "a");
  EXPECT_DOUBLE_EQ(rows[0].arrived, 1 + 10 + 3 + 30);
  EXPECT_DOUBLE_EQ(rows[0].closed, 1 + 5 + 1 + 5);
  EXPECT_DOUBLE_EQ(rows[0].closed_on_time, 1 + 5 + 0 + 5);
  EXPECT_DOUBLE_EQ(rows[0].open_start, 7 + 9);
  EXPECT_DOUBLE_EQ(rows[0].open_end, 4 + 8);  // the last bin only
  EXPECT_DOUBLE_EQ(rows[0].overdue_end, 1 + 3);
  EXPECT_DOUBLE_EQ(rows[0].overdue_life_safety_end, 0.625);
  // g0 busy (0.5 + 0.7) / 2 = 0.6 with 10 staff, g2 0.9 (its one bin with capacity) with 30.
  EXPECT_DOUBLE_EQ(rows[0].utilisation, (10 * 0.6 + 30 * 0.9) / 40);
  EXPECT_EQ(rows[1].town, "b");
  EXPECT_DOUBLE_EQ(rows[1].arrived, 22);
  EXPECT_DOUBLE_EQ(rows[1].utilisation, 0.3);
  EXPECT_EQ(rows[2].town, "district");
  EXPECT_DOUBLE_EQ(rows[2].arrived, 66);
  EXPECT_DOUBLE_EQ(rows[2].overdue_end, 6);
  EXPECT_DOUBLE_EQ(rows[2].utilisation, (10 * 0.6 + 30 * 0.3 + 30 * 0.9) / 70);
}

TEST(HandlingTable, ABacklogThatDriftsInARunWithoutArrivalDrillsIsAWarning) {
  auto rows = [](double start, double end) {
    TownHandling district{"district"};
    district.open_start = start;
    district.open_end = end;
    return std::vector<TownHandling>{district};
  };
  EXPECT_FALSE(backlog_trend_warning(rows(3862, 3744), false));  // response_baseline: -3%
  EXPECT_FALSE(backlog_trend_warning(rows(1000, 1095), false));  // within 10%
  const auto rising = backlog_trend_warning(rows(1000, 1250), false);
  ASSERT_TRUE(rising);
  EXPECT_NE(rising->find("open cases rise from 1000 to 1250 (+25%)"), std::string::npos) << *rising;
  const auto falling = backlog_trend_warning(rows(1000, 700), false);
  ASSERT_TRUE(falling);
  EXPECT_NE(falling->find("fall from 1000 to 700 (-30%)"), std::string::npos) << *falling;
  EXPECT_FALSE(backlog_trend_warning(rows(1000, 3000), true));  // a drill's surge is meant to grow it
}

TEST(HandlingTable, RunPrintsItOnlyForScenariosWithCaseHandling) {
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / ("riskgrid_handling_" + std::to_string(::getpid()));
  const auto with = testing::riskgrid("run " + std::string(RISKGRID_TEST_DATA) +
                                      "/response/staff_cut_short.yaml --replicas 4 --out " + (out / "a").string());
  ASSERT_EQ(with.exit_code, 0) << with.output;
  EXPECT_NE(with.output.find("case handling by town"), std::string::npos) << with.output;
  EXPECT_NE(with.output.find("\ndistrict "), std::string::npos) << with.output;
  EXPECT_EQ(with.output.find("warning: case handling"), std::string::npos) << with.output;  // +1% in 4 days
  // Four fifths of the staff gone: the backlog runs away, and the run says so.
  fs::create_directories(out);
  std::ofstream(out / "deep_cut.yaml") << "extends: " << RISKGRID_TEST_DATA
                                       << "/response/staff_cut_short.yaml\nname: deep_cut\n"
                                          "response:\n  staff:\n    changes: [{factor: 0.2}]\n";
  const auto deep =
      testing::riskgrid("run " + (out / "deep_cut.yaml").string() + " --replicas 4 --out " + (out / "c").string());
  ASSERT_EQ(deep.exit_code, 0) << deep.output;
  EXPECT_NE(deep.output.find("riskgrid: warning: case handling: open cases rise from"), std::string::npos)
      << deep.output;
  const auto without = testing::riskgrid("run " + std::string(RISKGRID_SCENARIOS) +
                                         "/putuo/typhoon.yaml --replicas 4 --out " + (out / "b").string());
  ASSERT_EQ(without.exit_code, 0) << without.output;
  EXPECT_EQ(without.output.find("case handling by town"), std::string::npos) << without.output;
  fs::remove_all(out);
}

}  // namespace
}  // namespace riskgrid::run
