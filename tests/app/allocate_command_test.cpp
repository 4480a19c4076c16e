// `riskgrid allocate` end to end on the two-grid district (tests/support/two_grid_district.hpp): the
// table, --json, its files, the usage errors, and `riskgrid help` listing it.
#include <gtest/gtest.h>

#include <filesystem>

#include "command.hpp"
#include "two_grid_district.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

class AllocateCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_allocate_cmd_" + std::to_string(::getpid()));
    testing::write_two_grid_district(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string scenario() { return (dir_ / "scenario.yaml").string(); }
  static inline fs::path dir_;
};

TEST_F(AllocateCommand, PrintsTheTableAndWritesItsFiles) {
  const fs::path out = dir_ / "out";
  const auto r = riskgrid("allocate " + scenario() + " --replicas 12 --threads 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("on_time_share"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a            t"), std::string::npos) << r.output;  // grid a's move
  for (const char* file : {"allocation.csv", "moves.png", "two_grids_allocated.yaml"})
    EXPECT_TRUE(fs::exists(out / file)) << file;
  const auto run = riskgrid("run " + (out / "two_grids_allocated.yaml").string() + " --threads 2 --quiet --out " +
                            (dir_ / "proposal").string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

TEST_F(AllocateCommand, JsonOnStdout) {
  const auto r = riskgrid("allocate " + scenario() + " --replicas 8 --objective overdue --json --quiet --out " +
                          (dir_ / "json").string() + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.front(), '{') << r.output;
  EXPECT_NE(r.output.find("\"objective\": \"overdue\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"staff_proposed\": 8"), std::string::npos) << r.output;
}

TEST_F(AllocateCommand, UsageErrorsAndHelp) {
  const std::string out = " --out " + (dir_ / "usage").string();
  EXPECT_EQ(riskgrid("allocate " + scenario() + " --objective fastest" + out).exit_code, 2);
  EXPECT_EQ(riskgrid("allocate " + scenario() + " --max 3" + out).exit_code, 2);  // 8 staff cannot fit in 2 x 3
  const auto no_response = riskgrid("allocate " + std::string(RISKGRID_SCENARIOS) + "/putuo/typhoon.yaml" + out);
  EXPECT_EQ(no_response.exit_code, 2) << no_response.output;
  EXPECT_NE(no_response.output.find("response"), std::string::npos) << no_response.output;
  const auto window = riskgrid("allocate " + std::string(RISKGRID_SCENARIOS) + "/putuo/staff_called_away.yaml" + out);
  EXPECT_EQ(window.exit_code, 2) << window.output;
  EXPECT_NE(window.output.find("window"), std::string::npos) << window.output;
  const auto help = riskgrid("help");
  EXPECT_NE(help.output.find("allocate"), std::string::npos) << help.output;
}

}  // namespace
}  // namespace riskgrid
