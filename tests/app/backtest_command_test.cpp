// End-to-end tests of `riskgrid backtest` on the small hostile fixture.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

const std::string kData = RISKGRID_TEST_DATA;

class BacktestCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_backtest_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string write(const std::string& name, const std::string& backtest) {
    std::ofstream(dir_ / name) << "extends: " << kData << "/hostile/baseline.yaml\nname: bt\nbacktest:\n" << backtest;
    return (dir_ / name).string();
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static inline fs::path dir_;
};

const std::string kPlan =
    "  models: [negbin_weekday, negbin_glm, last_4_weeks, same_period_last_year, kde_hotspot]\n"
    "  origins: {first: 2026-10-05, last: 2026-10-19, every_days: 7}\n"
    "  horizon: {days: 7, bin: day}\n";

TEST_F(BacktestCommand, WritesTheTableAndFilesAndDoesNotDependOnThreads) {
  const std::string scenario = write("plan.yaml", kPlan);
  const auto one = riskgrid("backtest " + scenario + " --quiet --threads 1 --out " + (dir_ / "one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = riskgrid("backtest " + scenario + " --quiet --threads 2 --out " + (dir_ / "two").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  for (const char* file : {"backtest.h5", "backtest_scores.csv", "backtest_summary.csv", "backtest.png"})
    EXPECT_TRUE(fs::exists(dir_ / "one" / file)) << file;
  EXPECT_NE(one.output.find("oracle"), std::string::npos) << one.output;
  EXPECT_NE(one.output.find("best log score:"), std::string::npos) << one.output;
  // 120 days of history: a year back is not there, and the table says so instead of failing.
  EXPECT_NE(one.output.find("same_period_last_year: 3 of 3 origins not scored"), std::string::npos) << one.output;
  const std::string summary = read(dir_ / "one" / "backtest_summary.csv");
  EXPECT_EQ(summary, read(dir_ / "two" / "backtest_summary.csv"));
  EXPECT_EQ(summary.rfind("model,origins,mae,rmse,log_score,crps,coverage,hit_1pct,pai_1pct", 0), 0u) << summary;
  EXPECT_NE(summary.find("\nnegbin_glm,3,"), std::string::npos) << summary;
}

TEST_F(BacktestCommand, WeeklyBinsFieldScoresAndForecastsOut) {
  // negbin_weekday once refused weekly bins and stopped the whole backtest (exit 2, issue 14).
  const std::string scenario = write("weekly.yaml",
                                     "  models: [negbin_weekday, last_4_weeks, same_period_last_year]\n"
                                     "  origins: {first: 2026-10-05, last: 2026-10-12}\n"
                                     "  horizon: {days: 14, bin: week}\n"
                                     "  scoring: {field: true}\n");
  const auto r = riskgrid("backtest " + scenario + " --forecasts --out " + (dir_ / "weekly").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("the field's conventions"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("warning: same_period_last_year not scored at 2026-10-05"), std::string::npos) << r.output;
  const std::string scores = read(dir_ / "weekly" / "backtest_scores.csv");
  EXPECT_NE(scores.find(",field_log_score,field_crps,"), std::string::npos) << scores.substr(0, 400);
  EXPECT_NE(scores.find(",observed_total,fit_seconds,scored,chosen,error\n"), std::string::npos);
  EXPECT_NE(scores.find("\nsame_period_last_year,2026-10-05,"), std::string::npos);
  const std::string forecasts = read(dir_ / "weekly" / "forecasts.csv");
  EXPECT_EQ(forecasts.rfind("model,origin,bin_start,unit,category,mean,size,", 0), 0u) << forecasts.substr(0, 200);
  EXPECT_NE(forecasts.find("\nnegbin_weekday,2026-10-12,2026-10-19 00:00:00,"), std::string::npos);  // 2nd week
  EXPECT_EQ(forecasts.find("same_period_last_year"), std::string::npos);  // not scored: not exported
  EXPECT_TRUE(fs::exists(dir_ / "weekly" / "forecasts.h5"));
}

TEST_F(BacktestCommand, UnknownModelIsAUsageErrorWithPlaceAndSuggestion) {
  const std::string scenario = write("typo.yaml",
                                     "  models: [negbin_weekday, last_4_week]\n"
                                     "  origins: {first: 2026-10-05, last: 2026-10-19}\n");
  const auto r = riskgrid("backtest " + scenario + " --quiet --out " + (dir_ / "typo").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("typo.yaml:4:28: backtest.models[1]: unknown arrival model \"last_4_week\" (did you "
                          "mean 'last_4_weeks'?)"),
            std::string::npos)
      << r.output;
}

TEST_F(BacktestCommand, ValidateChecksTheBacktestBlock) {
  const std::string scenario = write("bad_share.yaml",
                                     "  models: [last_4_weeks]\n"
                                     "  origins: {first: 2026-10-05, last: 2026-10-19}\n"
                                     "  area_shares: [0.05, 5]\n");
  const auto r = riskgrid("validate " + scenario);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad_share.yaml:6:23: backtest.area_shares: expected a share of the area in (0, 1]"),
            std::string::npos)
      << r.output;
}

TEST_F(BacktestCommand, ValidateChecksTheCalibrationHorizons) {
  const std::string scenario = write("bad_horizons.yaml",
                                     "  models: [last_4_weeks]\n"
                                     "  origins: {first: 2026-10-05, last: 2026-10-19}\n"
                                     "  level: grid\n"
                                     "  calibration_horizons: -1\n");
  const auto r = riskgrid("validate " + scenario);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad_horizons.yaml:7:25: backtest.calibration_horizons"), std::string::npos) << r.output;
}

TEST_F(BacktestCommand, ModelsWithSettingsAreScoredUnderTheirOwnNames) {
  const std::string scenario = write("settings.yaml",
                                     "  models: [last_4_weeks, {name: last_4_weeks, weeks: 8, label: last_8_weeks},\n"
                                     "           {name: exp_weighted_mean, half_life_days: 7}]\n"
                                     "  origins: {first: 2026-10-05, last: 2026-10-19}\n");
  const auto r = riskgrid("backtest " + scenario + " --quiet --out " + (dir_ / "settings").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string summary = read(dir_ / "settings" / "backtest_summary.csv");
  auto row = [&](const std::string& model) {
    const auto at = summary.find("\n" + model + ",");
    return at == std::string::npos ? std::string() : summary.substr(at + 1, summary.find('\n', at + 1) - at - 1);
  };
  ASSERT_FALSE(row("last_4_weeks").empty()) << summary;
  ASSERT_FALSE(row("last_8_weeks").empty()) << summary;
  EXPECT_FALSE(row("exp_weighted_mean(half_life_days=7)").empty()) << summary;
  // Eight weeks of means are not four: the setting reached the model.
  EXPECT_NE(row("last_4_weeks").substr(13), row("last_8_weeks").substr(13)) << summary;
}

TEST_F(BacktestCommand, UnknownOrOutOfRangeSettingsAreUsageErrorsAtTheirLine) {
  const std::string typo = write("setting_typo.yaml",
                                 "  models: [{name: kde_hotspot, bandwith_m: 300}]\n"
                                 "  origins: {first: 2026-10-05, last: 2026-10-19}\n");
  const auto r = riskgrid("validate " + typo);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("setting_typo.yaml:4:12: kde_hotspot: unknown setting 'bandwith_m' (did you mean "
                          "'bandwidth_m'?); known: bandwidth_m, cell_m, rate_days, uniform_share, window_days"),
            std::string::npos)
      << r.output;
  const std::string range = write("setting_range.yaml",
                                  "  models: [{name: last_4_weeks, weeks: 0}]\n"
                                  "  origins: {first: 2026-10-05, last: 2026-10-19}\n");
  const auto q = riskgrid("validate " + range);
  EXPECT_EQ(q.exit_code, 2) << q.output;
  EXPECT_NE(q.output.find("setting_range.yaml:4:12: last_4_weeks.weeks: expected a number in [1, 520], got 0"),
            std::string::npos)
      << q.output;
  const std::string twice = write("twice.yaml",
                                  "  models: [last_4_weeks, {name: last_4_weeks}]\n"
                                  "  origins: {first: 2026-10-05, last: 2026-10-19}\n");
  const auto t = riskgrid("validate " + twice);
  EXPECT_EQ(t.exit_code, 2) << t.output;
  EXPECT_NE(t.output.find("a second model called \"last_4_weeks\"; give it a label:"), std::string::npos) << t.output;
}

TEST_F(BacktestCommand, RunTakesAModelWithSettingsAndRefusesSettingsAModelDoesNotHave) {
  const fs::path good = dir_ / "run_settings.yaml", bad = dir_ / "run_no_settings.yaml";
  std::ofstream(good) << "extends: " << kData << "/hostile/baseline.yaml\nname: rs\nreplicas: 4\n"
                      << "model: {name: exp_weighted_mean, half_life_days: 7}\n";
  std::ofstream(bad) << "extends: " << kData << "/hostile/baseline.yaml\nname: rs\n"
                     << "model: {name: negbin_weekday, weeks: 3}\n";
  const auto r = riskgrid("run " + good.string() + " --quiet --out " + (dir_ / "rs").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto v = riskgrid("validate " + bad.string());
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_NE(v.output.find("run_no_settings.yaml:3:8: negbin_weekday: unknown setting 'weeks'; this model has no "
                          "settings"),
            std::string::npos)
      << v.output;
}

TEST_F(BacktestCommand, OriginsPastTheHistoryAreAnInputError) {
  const std::string scenario = write("late.yaml",
                                     "  models: [last_4_weeks]\n"
                                     "  origins: {first: 2026-10-26, last: 2026-10-26}\n");
  const auto r = riskgrid("backtest " + scenario + " --quiet --out " + (dir_ / "late").string());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("needs history until 2026-11-01"), std::string::npos) << r.output;
}

TEST_F(BacktestCommand, AScenarioWithoutABacktestBlockIsAUsageError) {
  const auto r = riskgrid("backtest " + kData + "/hostile/baseline.yaml --quiet --out " + (dir_ / "none").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("has no backtest block"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace riskgrid
