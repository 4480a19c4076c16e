// End-to-end tests of `riskgrid calibrate` (docs/calibration.md): a hand-checkable log-normal sample
// with censored open cases, the SF fire slice's stage times, the handling table used by a scenario.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::run_command;

const std::string kData = std::string(RISKGRID_TEST_DATA);

class CalibrateCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riskgrid_calibrate_cmd_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  testing::CommandResult calibrate(const std::string& args) const {
    return run_command("RISKGRID_CACHE_DIR=" + out("cache") + " " RISKGRID_BINARY " calibrate " + args);
  }
  static std::string read(const std::string& path) {
    std::ostringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
  }
  /// The fields of the CSV line starting with `prefix`.
  static std::vector<std::string> row(const std::string& csv, const std::string& prefix) {
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) != 0) continue;
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
      return fields;
    }
    return {};
  }
  fs::path dir_;
};

// Columns: interval,by,group,n,events,censored,skipped,median_hours,sigma,p90_hours,km_median_hours,...
TEST_F(CalibrateCommand, RecoversAKnownLogNormalWithItsOpenCasesCensored) {
  const auto r =
      calibrate(kData + "/calibrate/lognormal/district.yaml --observed-until \"2023-02-28 20:00\" --out " + out("c"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("open cases right-censored at 2023-02-28 20:00:00"), std::string::npos) << r.output;
  const std::string csv = read(out("c/calibration.csv"));
  // 80 noise complaints, quantiles of median 3 h, sigma 0.8; the 20 longest open at 5.1 h.
  const auto noise = row(csv, "created->closed,category,noise,");
  ASSERT_EQ(noise.size(), 15u) << csv;
  EXPECT_EQ(noise[3], "80");
  EXPECT_EQ(noise[4], "60");
  EXPECT_EQ(noise[5], "20");
  EXPECT_NEAR(std::stod(noise[7]), 3, 0.1);
  EXPECT_NEAR(std::stod(noise[8]), 0.8, 0.04);
  EXPECT_EQ(noise[13], "NYPD");
  // Streets: 15 x 2 h and 15 x 4 h, one closed at creation (skipped): median sqrt(8), sigma ln2 / 2.
  const auto street = row(csv, "created->closed,category,street,");
  ASSERT_EQ(street.size(), 15u) << csv;
  EXPECT_EQ(street[3] + " " + street[4] + " " + street[5] + " " + street[6], "31 30 0 1");
  EXPECT_NEAR(std::stod(street[7]), std::sqrt(8.0), 1e-3);
  EXPECT_NEAR(std::stod(street[8]), std::log(2.0) / 2, 1e-3);
  EXPECT_FALSE(row(csv, "created->closed,department,DOT,").empty());
  const std::string yaml = read(out("c/handling.yaml"));
  EXPECT_NE(yaml.find("- {category: noise, law: lognormal, median_hours: 2.99"), std::string::npos) << yaml;
  // Dropping the open cases instead shows the bias the censoring avoids.
  const auto dropped = calibrate(kData + "/calibrate/lognormal/district.yaml --open drop --out " + out("d"));
  ASSERT_EQ(dropped.exit_code, 0) << dropped.output;
  const auto biased = row(read(out("d/calibration.csv")), "created->closed,category,noise,");
  ASSERT_EQ(biased.size(), 15u);
  EXPECT_EQ(biased[6], "20");
  EXPECT_LT(std::stod(biased[7]), 2.5);
}

TEST_F(CalibrateCommand, TheHandlingTableRunsInAScenario) {
  ASSERT_EQ(calibrate(kData + "/calibrate/lognormal/district.yaml --out " + out("c")).exit_code, 0);
  std::ofstream(out("scenario.yaml")) << "name: calibrated\ndistrict: " << kData
                                      << "/calibrate/lognormal/district.yaml\nseed: 5\nreplicas: 20\n"
                                         "horizon: {start: 2023-03-01, days: 1, bin: hour}\n"
                                         "training: {start: 2023-02-28, end: 2023-03-01}\nmodel: negbin_weekday\n"
                                         "response:\n  warmup_days: 2\n  handling: c/handling.yaml\n";
  const auto v = run_command(RISKGRID_BINARY " validate " + out("scenario.yaml"));
  ASSERT_EQ(v.exit_code, 0) << v.output;
  const auto r = run_command("RISKGRID_CACHE_DIR=" + out("cache") + " " RISKGRID_BINARY " run " + out("scenario.yaml") +
                             " --threads 2 --out " + out("run"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto dump = run_command("h5ls -r " + out("run/results.h5"));
  EXPECT_NE(dump.output.find("response"), std::string::npos) << dump.output;
  // A row naming a category the catalog lacks is refused with the file and line.
  std::ofstream(out("c/handling.yaml"), std::ios::app) << "  - {category: nosie, median_hours: 2}\n";
  const auto bad = run_command(RISKGRID_BINARY " validate " + out("scenario.yaml"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("nosie"), std::string::npos) << bad.output;
}

TEST_F(CalibrateCommand, FitsTheTimesBetweenStages) {
  const auto r = calibrate(kData + "/calibrate/sf_fire/district.yaml --out " + out("s"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* section : {"created->closed", "created->dispatch", "dispatch->on_scene", "on_scene->available"})
    EXPECT_NE(r.output.find(section), std::string::npos) << section << "\n" << r.output;
  const std::string csv = read(out("s/calibration.csv"));
  const auto medical = row(csv, "created->dispatch,category,medical,");
  ASSERT_EQ(medical.size(), 15u) << csv;
  // 46 medical calls in the slice, every one with a dispatch time; one dispatched in the second it was
  // received (zero, skipped), counted independently from the CSV.
  EXPECT_EQ(medical[3] + " " + medical[4] + " " + medical[6], "46 45 1");
  EXPECT_FALSE(row(csv, "on_scene->available,department,ENGINE,").empty()) << csv;
}

TEST_F(CalibrateCommand, ErrorsSayWhatIsMissing) {
  const auto no_closed = calibrate(kData + "/ingest/houston/district.yaml --out " + out("h"));
  EXPECT_EQ(no_closed.exit_code, 2) << no_closed.output;
  EXPECT_NE(no_closed.output.find("a closing time (columns.closed)"), std::string::npos) << no_closed.output;
  const std::string district = kData + "/calibrate/lognormal/district.yaml ";
  const auto bad_open = calibrate(district + "--open keep");
  EXPECT_EQ(bad_open.exit_code, 2);
  EXPECT_NE(bad_open.output.find("--open expects censor or drop, got 'keep'"), std::string::npos) << bad_open.output;
  const auto bad_time = calibrate(district + "--observed-until yesterday");
  EXPECT_EQ(bad_time.exit_code, 2);
  EXPECT_NE(bad_time.output.find("--observed-until expects a local time"), std::string::npos) << bad_time.output;
  EXPECT_EQ(calibrate("").exit_code, 2);
}

}  // namespace
}  // namespace riskgrid
