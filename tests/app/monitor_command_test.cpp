// End-to-end tests of `riskgrid monitor` on the small fixture district (4 grids, 4 categories, July to
// October 2026): a surge injected into the history's last days is the first alert, files do not depend
// on the thread count or on a rerun, and bad dates and settings are clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

const std::string kData = RISKGRID_TEST_DATA;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class MonitorCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_monitor_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // The fixture's history is made on first use by any scenario of the fixture.
    ASSERT_EQ(riskgrid("validate " + kData + "/hostile/baseline.yaml").exit_code, 0);
    surged_ = (dir_ / "surged.csv").string();
    write_surge(kData + "/hostile/history.csv", surged_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Every `property` row of west-01 on the last 3 days (2026-10-26 .. 28) twice more: a 3x surge.
  static void write_surge(const std::string& from, const std::string& to) {
    std::ifstream in(from);
    std::ofstream out(to);
    std::vector<std::string> added;
    std::string line;
    while (std::getline(in, line)) {
      out << line << "\n";
      if (line.find(",property,") == std::string::npos || line.find(",west-01,") == std::string::npos) continue;
      const std::size_t comma = line.find(',');
      const std::string day = line.substr(comma + 1, 10);
      if (day < "2026-10-26" || day > "2026-10-28") continue;
      for (const char* suffix : {"-s1", "-s2"}) added.push_back(line.substr(0, comma) + suffix + line.substr(comma));
    }
    for (const auto& row : added) out << row << "\n";
  }
  static std::string scenario(const std::string& name, const std::string& extra) {
    std::ofstream(dir_ / name) << "extends: " << kData << "/hostile/baseline.yaml\nname: mon\n" << extra;
    return (dir_ / name).string();
  }
  static inline fs::path dir_;
  static inline std::string surged_;
};

TEST_F(MonitorCommand, SurgeIsTheFirstAlertAndFilesDoNotDependOnThreads) {
  const std::string base = kData + "/hostile/baseline.yaml --as-of 2026-10-28 --quiet --history " + surged_;
  const auto one = riskgrid("monitor " + base + " --threads 1 --out " + (dir_ / "one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = riskgrid("monitor " + base + " --threads 2 --out " + (dir_ / "two").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  for (const char* file : {"alerts.csv", "alerts.geojson", "alerts_map.png", "monitor.html"}) {
    ASSERT_TRUE(fs::exists(dir_ / "one" / file)) << file;
    EXPECT_EQ(read(dir_ / "one" / file), read(dir_ / "two" / file)) << file;
  }
  const std::string csv = read(dir_ / "one" / "alerts.csv");
  EXPECT_EQ(csv.rfind("rank,rule,grid,grids,cluster_size,category,start_day,end_day,observed,expected,ratio,"
                      "p_value,score\n1,",
                      0),
            0u)
      << csv;
  const std::string first = csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n'));
  EXPECT_NE(first.find(",west-01,"), std::string::npos) << csv;
  EXPECT_NE(first.find(",property,"), std::string::npos) << csv;
  EXPECT_NE(read(dir_ / "one" / "alerts.geojson").find("\"MultiPolygon\""), std::string::npos);
  // A rerun into the same folder rewrites the same bytes.
  const auto again = riskgrid("monitor " + base + " --threads 2 --out " + (dir_ / "one").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read(dir_ / "one" / "alerts.csv"), csv);
}

TEST_F(MonitorCommand, JsonSummaryAndExitZeroWithoutSurge) {
  const auto r = riskgrid("monitor " + kData + "/hostile/baseline.yaml --as-of 2026-10-28 --quiet --json --out " +
                          (dir_ / "calm").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\"scenario\": \"hostile-base\", \"as_of\": \"2026-10-28\"", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\"new_alerts\": "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("alerts.csv"), std::string::npos) << r.output;
}

TEST_F(MonitorCommand, BadOrUncoveredDatesAreClearErrors) {
  const std::string s = kData + "/hostile/baseline.yaml --quiet --out " + (dir_ / "bad").string();
  const auto not_a_date = riskgrid("monitor " + s + " --as-of 2026-13-01");
  EXPECT_EQ(not_a_date.exit_code, 2) << not_a_date.output;
  EXPECT_NE(not_a_date.output.find("--as-of 2026-13-01: expected a date like"), std::string::npos) << not_a_date.output;
  const auto after = riskgrid("monitor " + s + " --as-of 2026-11-05");
  EXPECT_EQ(after.exit_code, 3) << after.output;
  EXPECT_NE(after.output.find("is after the history, which ends on 2026-10-28"), std::string::npos) << after.output;
  const auto before = riskgrid("monitor " + s + " --as-of 2026-07-20");
  EXPECT_EQ(before.exit_code, 3) << before.output;
  EXPECT_NE(before.output.find("but the history starts on 2026-07-01"), std::string::npos) << before.output;
}

TEST_F(MonitorCommand, MonitorBlockIsReadWithPlaceOfErrors) {
  const std::string bad = scenario("bad.yaml", "monitor:\n  window_days: 5\n  alpha: 2\n");
  const auto r = riskgrid("monitor " + bad + " --as-of 2026-10-28 --quiet --out " + (dir_ / "b").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("monitor.alpha"), std::string::npos) << r.output;
  const std::string good =
      scenario("good.yaml", "monitor:\n  window_days: 5\n  cusum: {k: 1, h: 3}\n  replicas: 199\n");
  const auto ok = riskgrid("monitor " + good + " --as-of 2026-10-28 --quiet --json --out " + (dir_ / "g").string());
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("\"window_start\": \"2026-10-24\""), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("\"replicas\": 199"), std::string::npos) << ok.output;
}

}  // namespace
}  // namespace riskgrid
