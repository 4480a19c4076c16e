// End to end: a replay of the default district's synthetic history prints and writes the history's own
// on-time share beside its own, and reproduces it (issue 13, "Done means": within 2 points).
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

TEST(ReplayHistory, AReplayReproducesTheSyntheticHistorysOwnOnTimeShare) {
  const fs::path out = fs::temp_directory_path() / ("riskgrid_replay_history_" + std::to_string(::getpid()));
  const auto r = riskgrid("run " + std::string(RISKGRID_SCENARIOS) +
                          "/putuo/replay_october.yaml --replicas 4 --threads 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("replay against the history"), std::string::npos) << r.output;
  const YAML::Node district = YAML::LoadFile((out / "summary.json").string())["district"];  // JSON is YAML
  const double history = district["history_on_time_share"].as<double>();
  const double like_history = district["on_time_share_from_creation"].as<double>();
  const double own = district["on_time_share"].as<double>();
  EXPECT_GT(history, 0.5);
  EXPECT_LT(history, 1.0);
  EXPECT_NEAR(like_history, history, 0.02);
  EXPECT_GE(own, like_history);  // re-opened rounds start their limit again in the simulation only
  const double open = district["open_end"].as<double>(), history_open = district["history_open_end"].as<double>();
  EXPECT_NEAR(open, history_open, 0.1 * history_open);
  fs::remove_all(out);
}

TEST(ReplayHistory, AForecastRunWritesNoHistoryFigures) {
  const fs::path out = fs::temp_directory_path() / ("riskgrid_replay_forecast_" + std::to_string(::getpid()));
  const auto r = riskgrid("run " + std::string(RISKGRID_SCENARIOS) +
                          "/putuo/response_baseline.yaml --replicas 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("replay against the history"), std::string::npos) << r.output;
  const YAML::Node district = YAML::LoadFile((out / "summary.json").string())["district"];
  EXPECT_TRUE(district["on_time_share"]);
  EXPECT_FALSE(district["history_on_time_share"]);
  fs::remove_all(out);
}

}  // namespace
}  // namespace riskgrid
