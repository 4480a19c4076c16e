// End-to-end: a drill that adds categories (scenarios/putuo/lockdown.yaml: medicine, supplies) puts them
// in every output, and one that clashes with the catalog is refused at its line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;

std::string read_file(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

class NewCategoryRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_new_category_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const auto r = riskgrid("run " + kScenarios + "/putuo/lockdown.yaml --quiet --threads 2 --replicas 40 --out " +
                            (dir_ / "lockdown").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static inline fs::path dir_;
};

/// The DATA block of `h5dump ARGS`: what lies between "DATA {" and its "}".
std::string h5dump_data(const std::string& arguments) {
  const auto r = run_command("h5dump " + arguments);
  const auto begin = r.output.find("DATA {"), end = r.output.find('}', begin);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return begin == std::string::npos ? "" : r.output.substr(begin + 6, end - begin - 6);
}

TEST_F(NewCategoryRun, ResultsFileListsTheAddedCategoriesAfterTheCatalogs) {
  const std::string results = (dir_ / "lockdown" / "results.h5").string();
  const std::string data = h5dump_data("-d /categories/id " + results);
  std::vector<std::string> ids;
  for (auto at = data.find('"'); at != std::string::npos; at = data.find('"', data.find('"', at + 1) + 1))
    ids.push_back(data.substr(at + 1, data.find('"', at + 1) - at - 1));
  ASSERT_EQ(ids.size(), 15u) << data;
  EXPECT_EQ(ids[12], "environment");  // the catalog's 13 first, then the drills' in drill order
  EXPECT_EQ(ids[13], "medicine");
  EXPECT_EQ(ids[14], "supplies");
}

TEST_F(NewCategoryRun, AddedIncidentsAreForecastAndDriveTheRiskIndex) {
  // mean_by_category [time, unit, category]: category 13 (medicine) summed over the 14 days and 45 grids.
  const std::string results = (dir_ / "lockdown" / "results.h5").string();
  std::string data = h5dump_data("-d /scenarios/lockdown/mean_by_category -s 0,0,13 -c 14,45,1 -y " + results);
  std::replace(data.begin(), data.end(), ',', ' ');
  std::istringstream values(data);
  double medicine = 0, value = 0;
  std::size_t cells = 0;
  while (values >> value) medicine += value, ++cells;
  EXPECT_EQ(cells, 14u * 45u);
  // ~850 a day at full strength after a 48-hour ramp: 850 * 13 = 11,050 expected.
  EXPECT_GT(medicine, 10'500);
  EXPECT_LT(medicine, 11'600);
  // Medicine (weight 5, life safety, ~8x a typical category) leads the index in the GIS layer.
  const std::string layer = read_file(dir_ / "lockdown" / "risk.geojson");
  EXPECT_NE(layer.find("\"top_category_1\": \"medicine\""), std::string::npos) << layer.substr(0, 2000);
  const std::string report = read_file(dir_ / "lockdown" / "report.html");
  EXPECT_NE(report.find("Medicine and medical trips"), std::string::npos);
  EXPECT_NE(report.find("Food and daily supplies"), std::string::npos);
  EXPECT_NE(report.find("配药就医"), std::string::npos);
}

TEST_F(NewCategoryRun, RenderComparesWithABaselineThatLacksTheAddedCategories) {
  const fs::path base = dir_ / "baseline";
  const auto run =
      riskgrid("run " + kScenarios + "/putuo/baseline.yaml --quiet --threads 2 --replicas 10 --out " + base.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const fs::path out = dir_ / "compare";
  const auto r = riskgrid("render " + (dir_ / "lockdown" / "results.h5").string() + " --compare " +
                          (base / "results.h5").string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "compare.png"));
  const std::string report = read_file(out / "report.html");
  EXPECT_NE(report.find("Medicine and medical trips"), std::string::npos);
  // The other way round the baseline's catalog would have to hold the run's: refused, naming both.
  const auto reversed = riskgrid("render " + (base / "results.h5").string() + " --compare " +
                                 (dir_ / "lockdown" / "results.h5").string() + " --out " + (dir_ / "rev").string());
  EXPECT_EQ(reversed.exit_code, 3) << reversed.output;
  EXPECT_NE(reversed.output.find("different category catalogs (15 and 13 categories)"), std::string::npos)
      << reversed.output;
}

TEST_F(NewCategoryRun, ACategoryOfTheCatalogCannotBeAddedAgain) {
  const fs::path file = dir_ / "clash.yaml";
  std::ofstream(file) << "extends: " << kScenarios << "/putuo/lockdown.yaml\nname: clash\ndrills:\n"
                      << "  - name: more_noise\n    new_category: {id: noise, department: police}\n    per_day: 10\n";
  for (const char* command : {"validate ", "run --quiet "}) {
    const auto r = riskgrid(command + file.string());
    EXPECT_EQ(r.exit_code, 2) << command << r.output;
    EXPECT_NE(r.output.find(file.string() + ":5:24: drill 'more_noise': new_category.id: \"noise\" is already a "
                                            "category of the catalog"),
              std::string::npos)
        << command << r.output;
  }
}

}  // namespace
}  // namespace riskgrid
