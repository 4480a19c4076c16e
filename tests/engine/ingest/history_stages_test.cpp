// `history.stages:` (stage times read by riskgrid calibrate, docs/calibration.md).
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "scenario_error.hpp"

#include "ingest_fixture.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"

namespace riskgrid::ingest {
namespace {

HistorySource parse_stages(const std::string& stages) {
  const std::string dir = testing::temp_dir("stages");
  const std::string path = dir + "/district.yaml";
  std::ofstream(dir + "/calls.csv") << "received,dispatch,on scene,available,type,lon,lat\n";
  std::ofstream(path) << "name: t\nhistory:\n  path: calls.csv\n"
                         "  columns: {created: received, closed: available, lon: lon, lat: lat, category: type}\n"
                      << stages;
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields f(root, path, "");
  return parse_history_source(io::Fields(f.required_node("history"), path, "history"), dir, "");
}

TEST(HistoryStages, KeepTheOrderWritten) {
  const HistorySource s = parse_stages("  stages: {dispatch: dispatch, on_scene: on scene, available: available}\n");
  ASSERT_EQ(s.stages.size(), 3u);
  EXPECT_EQ(s.stages[0].name, "dispatch");
  EXPECT_EQ(s.stages[1].name, "on_scene");
  EXPECT_EQ(s.stages[1].time.column.name, "on scene");
  EXPECT_EQ(s.stages[2].name, "available");
  EXPECT_TRUE(parse_stages("").stages.empty());
}

TEST(HistoryStages, BadBlocksNameTheKey) {
  EXPECT_NE(riskgrid::testing::scenario_error_of([] {
              parse_stages("  stages: [dispatch]\n");
            }).find("history.stages: expected a mapping: stage name -> time column"),
            std::string::npos);
  EXPECT_NE(
      riskgrid::testing::scenario_error_of([] { parse_stages("  stages: {dispatch: \"\"}\n"); }).find("a column name"),
      std::string::npos);
}

TEST(HistoryStages, AColumnNotInTheHeaderIsReportedByTheMappingCheck) {
  const HistorySource s = parse_stages("  stages: {dispatch: dispatch, on_scene: onscene}\n");
  catalog::CategoryCatalog catalog;
  catalog.categories.push_back({});
  catalog.categories.back().id = "fire";
  HistorySource fixed = s;
  fixed.category_fixed = "fire";
  fixed.category = {};
  const std::string e = riskgrid::testing::scenario_error_of([&] { check_mapping(fixed, catalog); });
  EXPECT_NE(e.find("'onscene'"), std::string::npos) << e;
  EXPECT_NE(e.find("on scene"), std::string::npos) << e;  // did you mean
}

}  // namespace
}  // namespace riskgrid::ingest
