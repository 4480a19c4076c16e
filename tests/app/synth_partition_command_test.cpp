// End-to-end tests of `riskgrid synth` and `riskgrid partition` on the embedded Putuo district.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo";

std::string slurp(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

class Commands : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riskgrid_cmd_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(Commands, SynthIsDeterministicAndWritesItsParameters) {
  for (const char* name : {"a.csv", "b.csv"}) {
    const auto r = riskgrid("synth --quiet --district " + kPutuo + " --out " + (dir_ / name).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const std::string a = slurp(dir_ / "a.csv");
  EXPECT_GT(a.size(), 10'000'000u);  // a year of ~1,100 incidents a day
  EXPECT_EQ(a, slurp(dir_ / "b.csv"));
  EXPECT_EQ(a.substr(0, a.find('\n')), "id,created,closed,category,source,lon,lat,grid,town,department,status");
  EXPECT_TRUE(fs::exists(dir_ / "a.params.yaml"));
  const auto other = riskgrid("synth --quiet --seed 9 --district " + kPutuo + " --out " + (dir_ / "c.csv").string());
  ASSERT_EQ(other.exit_code, 0) << other.output;
  EXPECT_NE(a, slurp(dir_ / "c.csv"));
}

TEST_F(Commands, PartitionReproducesTheCommittedDistrict) {
  const auto r =
      riskgrid("partition --outline " + kPutuo + "/putuo_outline.json --towns " + kPutuo + "/towns.yaml --out-towns " +
               (dir_ / "towns.geojson").string() + " --out-grids " + (dir_ / "grids.geojson").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(slurp(dir_ / "grids.geojson"), slurp(kPutuo + "/grids.geojson"));
  EXPECT_EQ(slurp(dir_ / "towns.geojson"), slurp(kPutuo + "/towns.geojson"));
}

TEST_F(Commands, SynthRejectsAMissingDistrict) {
  const auto r = riskgrid("synth --quiet --district " + (dir_ / "nowhere").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("nowhere"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace riskgrid
