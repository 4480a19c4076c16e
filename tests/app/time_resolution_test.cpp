// End-to-end: a history's time resolution against the horizon's bins (month-stamped rows refused for
// daily bins, or spread when asked) and the two ends of the training window.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;

const std::string kSquares = std::string(RISKGRID_TEST_DATA) + "/ingest/nasty";

class TimeResolution : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riskgrid_time_resolution_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "district.yaml") << fmt::format(
        "name: squares\nutc_offset: \"+08:00\"\noutline: {0}/outline.geojson\ntowns: {0}/towns.geojson\n"
        "grids: {0}/grids.geojson\ncategories: {0}/../categories.yaml\nhistory:\n  path: history.csv\n"
        "  columns: {{id: id, created: created, category: category, lon: lon, lat: lat}}\n",
        kSquares);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// `rows(day)`: the times of the rows on each day of 2024-01-01 .. 2024-02-09 (local time).
  template <class Rows>
  void write_history(Rows rows) {
    std::ofstream csv(dir_ / "history.csv");
    csv << "id,created,category,lon,lat\n";
    int n = 0;
    for (int d = 0; d < 40; ++d)
      for (const std::string& t : rows(d)) {
        ++n;
        csv << fmt::format("r{},{},noise,{},{}\n", n, t, 121.41 + 0.02 * (n % 4), 31.21 + 0.05 * (n % 2));
      }
  }

  testing::CommandResult run(const std::string& name, const std::string& scenario) {
    std::ofstream(dir_ / (name + ".yaml")) << "name: " << name << "\ndistrict: district.yaml\nseed: 3\n" << scenario;
    return testing::run_command("RISKGRID_CACHE_DIR=" + (dir_ / "cache").string() + " " RISKGRID_BINARY " run " +
                                (dir_ / (name + ".yaml")).string() + " --replicas 20 --out " + (dir_ / name).string());
  }

  fs::path dir_;
};

std::string date(int day) {  // day 0 = 2024-01-01
  return day < 31 ? fmt::format("2024-01-{:02}", day + 1) : fmt::format("2024-02-{:02}", day - 30);
}

TEST_F(TimeResolution, MonthStampedRowsAreRefusedForDailyBinsUnlessSpread) {
  // Every row on the 1st of its month at 00:00, as national police exports write them.
  write_history([](int d) {
    return d == 0 || d == 31 ? std::vector<std::string>(30, date(d) + " 00:00") : std::vector<std::string>{};
  });
  const std::string horizon = "horizon: {start: 2024-02-10, days: 7, bin: day}\n";
  const auto refused = run("refused", horizon + "training: {start: 2024-01-01, end: 2024-02-02}\n");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("history.csv: timestamps resolve to months (every row on the 1st at 00:00); daily "
                                "bins need `training.spread: uniform`"),
            std::string::npos)
      << refused.output;
  const auto spread = run("spread", horizon + "training: {start: 2024-01-01, end: 2024-02-02, spread: uniform}\n");
  EXPECT_EQ(spread.exit_code, 0) << spread.output;
  EXPECT_NE(spread.output.find("spread uniformly over their month"), std::string::npos) << spread.output;
}

TEST_F(TimeResolution, ABacktestChecksItsOwnBinsAgainstTheTimestamps) {
  write_history([](int d) {
    return d == 0 || d == 31 ? std::vector<std::string>(30, date(d) + " 00:00") : std::vector<std::string>{};
  });
  std::ofstream(dir_ / "bt.yaml") << "name: bt\ndistrict: district.yaml\nseed: 3\n"
                                     "horizon: {start: 2024-02-10, days: 7, bin: day}\n"
                                     "backtest:\n  models: [last_4_weeks]\n"
                                     "  origins: {first: 2024-01-29, last: 2024-01-29, every_days: 7}\n"
                                     "  horizon: {days: 7, bin: week}\n";
  const auto refused =
      testing::run_command("RISKGRID_CACHE_DIR=" + (dir_ / "cache").string() + " " RISKGRID_BINARY " backtest " +
                           (dir_ / "bt.yaml").string() + " --out " + (dir_ / "bt").string());
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("timestamps resolve to months (every row on the 1st at 00:00); weekly bins need"),
            std::string::npos)
      << refused.output;
}

TEST_F(TimeResolution, DayStampedRowsAreRefusedForHourlyBinsAndFitDailyBins) {
  write_history([](int d) { return std::vector<std::string>(3, date(d)); });
  const auto hourly = run("hourly",
                          "horizon: {start: 2024-02-10, hours: 48, bin: hour}\n"
                          "training: {start: 2024-01-01, end: 2024-02-01}\n");
  EXPECT_EQ(hourly.exit_code, 2) << hourly.output;
  EXPECT_NE(hourly.output.find("timestamps resolve to days (every row at 00:00); hourly bins need"), std::string::npos)
      << hourly.output;
  const auto daily = run("daily",
                         "horizon: {start: 2024-02-10, days: 7, bin: day}\n"
                         "training: {start: 2024-01-01, end: 2024-02-01}\n");
  EXPECT_EQ(daily.exit_code, 0) << daily.output;
  EXPECT_NE(daily.output.find("timestamps resolve to days (every row at 00:00)"), std::string::npos) << daily.output;
}

// The start day is trained on, the end day is not (end: is exclusive, like the horizon's end), and
// `last:` names an included last day: 5 rows on the start day and 7 on the end day tell which.
TEST_F(TimeResolution, TrainingStartIsIncludedEndExcludedLastIncluded) {
  write_history([](int d) {
    const std::size_t n = d == 4 ? 5 : d == 31 ? 7 : 1;  // 2024-01-05: 5 rows; 2024-02-01: 7 rows
    return std::vector<std::string>(n, date(d) + fmt::format(" {:02}:17", d % 24));
  });
  const std::string horizon = "horizon: {start: 2024-02-10, days: 7, bin: day}\n";
  const auto end = run("end", horizon + "training: {start: 2024-01-05, end: 2024-02-01}\n");
  ASSERT_EQ(end.exit_code, 0) << end.output;
  EXPECT_NE(end.output.find("(27 days, 31 incidents"), std::string::npos) << end.output;  // 5 + 26 one-row days
  const auto last = run("last", horizon + "training: {start: 2024-01-05, last: 2024-02-01}\n");
  ASSERT_EQ(last.exit_code, 0) << last.output;
  EXPECT_NE(last.output.find("(28 days, 38 incidents"), std::string::npos) << last.output;  // and the 7 of Feb 1
  // One day earlier at the start (no rows there) is a window the history does not cover.
  const auto early = run("early", horizon + "training: {start: 2023-12-31, end: 2024-02-01}\n");
  EXPECT_EQ(early.exit_code, 3) << early.output;
  EXPECT_NE(early.output.find("is not covered by the history"), std::string::npos) << early.output;
}

}  // namespace
}  // namespace riskgrid
