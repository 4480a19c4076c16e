// `riskgrid calibrate` says what it assumed about effort and waiting (docs/calibration.md "Effort and
// waiting"): the effort estimate when the data have only created and closed, the started->finished fit
// (effort_hours) when they have those stages.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::run_command;

const std::string kData = RISKGRID_TEST_DATA;

class CalibrateEffort : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riskgrid_calibrate_effort_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  testing::CommandResult calibrate(const std::string& district, const std::string& out) const {
    return run_command("RISKGRID_CACHE_DIR=" + (dir_ / "cache").string() + " " RISKGRID_BINARY " calibrate " +
                       district + " --out " + (dir_ / out).string());
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(CalibrateEffort, WithoutStageTimesItSaysTheEffortIsTheEstimate) {
  const auto r = calibrate(kData + "/calibrate/lognormal/district.yaml", "plain");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string said = "the data have only created and closed";
  EXPECT_NE(r.output.find(said), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("estimate [E] median 1 h, sigma 0.5"), std::string::npos) << r.output;
  const std::string yaml = read("plain/handling.yaml");
  EXPECT_NE(yaml.find("# Effort and waiting: " + said), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("effort_hours"), std::string::npos) << yaml;
}

TEST_F(CalibrateEffort, WithStartedAndFinishedTheEffortIsFitted) {
  const auto r = calibrate(kData + "/calibrate/stages/district.yaml", "stages");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("started->finished"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("stage times started and finished are in the data"), std::string::npos) << r.output;
  const std::string yaml = read("stages/handling.yaml");
  // Noise: 40 efforts of 1 h and 40 of 2.25 h (make_stages.py): median sqrt(2.25) = 1.5 h.
  const auto row = yaml.find("- {category: noise,");
  ASSERT_NE(row, std::string::npos) << yaml;
  const std::string line = yaml.substr(row, yaml.find('\n', row) - row);
  const auto at = line.find("effort_hours: ");
  ASSERT_NE(at, std::string::npos) << line;
  EXPECT_NEAR(std::stod(line.substr(at + 14)), 1.5, 0.01) << line;
  EXPECT_NE(line.find("median_hours: "), std::string::npos) << line;  // created->closed as before
}

}  // namespace
}  // namespace riskgrid
