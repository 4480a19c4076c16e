// End-to-end tests of `riskgrid ingest` and of a mapped history inside `riskgrid run`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kData = std::string(RISKGRID_TEST_DATA) + "/ingest";

class IngestCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riskgrid_ingest_cmd_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cache_ = "RISKGRID_CACHE_DIR=" + (dir_ / "cache").string() + " ";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  static std::string read(const std::string& path) {
    std::ostringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
  }
  fs::path dir_;
  std::string cache_;
};

TEST_F(IngestCommand, WritesTheStoreAndQuarantineAndPrintsTheSummary) {
  const auto r = run_command(cache_ + RISKGRID_BINARY " ingest " + kData + "/nasty/district.yaml --out " + out("n"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("read                             18"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("accepted                          5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("malformed_row                   4"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out("n/incidents.h5")));
  const std::string q = read(out("n/quarantine.csv"));
  EXPECT_EQ(std::count(q.begin(), q.end(), '\n'), 14) << q;  // header + 13 rows (one raw holds no newline)
  // The second time comes from the store, with the same files.
  const auto again =
      run_command(cache_ + RISKGRID_BINARY " ingest " + kData + "/nasty/district.yaml --out " + out("m"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("(from the incident store)"), std::string::npos) << again.output;
  EXPECT_EQ(read(out("m/quarantine.csv")), q);
  const auto dump = run_command("h5dump -A " + out("m/incidents.h5"));
  EXPECT_NE(dump.output.find("quarantined_invalid_utf8"), std::string::npos) << dump.output;
}

TEST_F(IngestCommand, TooMuchLossExitsThreeWithTheCounts) {
  const auto r =
      riskgrid("ingest " + kData + "/nasty/district.yaml --no-cache --max-bad-fraction 0.5 --out " + out("x"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("13 of 18 rows (72.2%) could not be used, more than max_bad_fraction 0.5"), std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::exists(out("x/quarantine.csv")));  // to look at
  EXPECT_EQ(riskgrid("ingest " + kData + "/nasty/district.yaml --max-bad-fraction 1.5").exit_code, 2);
}

TEST_F(IngestCommand, DataDirReplacesTheDistrictsDataFolder) {
  fs::create_directories(out("mydata"));
  fs::copy_file(kData + "/medellin.csv", out("mydata/medellin.csv"));
  const auto r = riskgrid("ingest " + kData + "/medellin/district.yaml --no-cache --data-dir " + out("mydata") +
                          " --out " + out("md"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(out("mydata/medellin.csv")), std::string::npos) << r.output;
  EXPECT_EQ(riskgrid("ingest " + kData + "/medellin/district.yaml --data-dir " + out("none")).exit_code, 2);
}

TEST_F(IngestCommand, AColumnMissingFromTheHeaderIsAUsageErrorNamingTheDistrictFile) {
  std::string text = read(kData + "/houston/district.yaml");
  text.replace(text.find("category: offense"), 17, "category: Offense");
  fs::create_directories(out("h"));
  for (const char* f : {"outline.geojson", "towns.geojson", "grids.geojson"})
    fs::copy_file(kData + "/houston/" + f, out(std::string("h/") + f));
  text.replace(text.find("../houston.csv"), 14, kData + "/houston.csv");
  text.replace(text.find("../categories.yaml"), 18, kData + "/categories.yaml");
  std::ofstream(out("h/district.yaml")) << text;
  const auto r = riskgrid("ingest " + out("h/district.yaml") + " --no-cache --out " + out("ho"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("h/district.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("history column 'Offense' is not in the header"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'offense'?"), std::string::npos) << r.output;
  // validate reads the header only, and finds the same.
  std::ofstream(out("h/scenario.yaml")) << "name: h\ndistrict: district.yaml\nhorizon: {start: 2010-01-02, days: 1}\n";
  const auto v = riskgrid("validate " + out("h/scenario.yaml"));
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_NE(v.output.find("history column 'Offense' is not in the header"), std::string::npos) << v.output;
}

TEST_F(IngestCommand, RunIngestsAMappedHistoryAndRecordsTheSummary) {
  const auto r = run_command(cache_ + RISKGRID_BINARY " run " + kData + "/vancouver/scenario.yaml --threads 2 --out " +
                             out("run"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("missing_coordinates             5"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out("run/quarantine.csv")));
  const auto dump = run_command("h5dump -A -g /ingest " + out("run/results.h5"));
  EXPECT_NE(dump.output.find("ATTRIBUTE \"accepted\""), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("(0): 80"), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("quarantined_missing_coordinates"), std::string::npos) << dump.output;
  EXPECT_EQ(riskgrid("validate " + kData + "/vancouver/scenario.yaml").exit_code, 0);
}

}  // namespace
}  // namespace riskgrid
