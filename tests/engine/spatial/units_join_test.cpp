// Towns from a second polygon file (a spatial join: the town holding each unit's centroid, else the one
// it overlaps most) and population joined from a CSV table by unit id, read from a district file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"

namespace riskgrid::spatial {
namespace {
namespace fs = std::filesystem;

const std::string kSquares = std::string(RISKGRID_TEST_DATA) + "/ingest/nasty/grids.geojson";  // sw se nw ne

/// Two towns: West over lon 121.40-121.45 and East, drawn a little too wide (121.44-121.51) so the
/// units near the border overlap both and the centroid decides.
const std::string kTowns = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "W", "label": "West"}, "geometry": {"type": "Polygon",
  "coordinates": [[[121.39, 31.19], [121.45, 31.19], [121.45, 31.31], [121.39, 31.31], [121.39, 31.19]]]}},
 {"type": "Feature", "properties": {"code": "E", "label": "East"}, "geometry": {"type": "Polygon",
  "coordinates": [[[121.44, 31.19], [121.51, 31.19], [121.51, 31.31], [121.44, 31.31], [121.44, 31.19]]]}}]})";

class UnitsJoin : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("riskgrid_units_join_{}", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "towns.geojson") << kTowns;
  }
  void TearDown() override { fs::remove_all(dir_); }

  scenario::LoadedDistrict load(const std::string& population_csv, const std::string& population = "code") {
    std::ofstream(dir_ / "pop.csv") << population_csv;
    std::ofstream(dir_ / "district.yaml") << fmt::format(
        "name: joined\ncategories: x.yaml\nhistory: {{path: h.csv}}\nunits:\n  path: {}\n  id: id\n  towns: {{path: "
        "towns.geojson, id: code, "
        "name: label}}\n  population: {{table: pop.csv, id: {}, value: residents}}\n",
        kSquares, population);
    std::ofstream(dir_ / "x.yaml") << "categories:\n  - {id: noise, share: 1}\n";
    std::ofstream(dir_ / "h.csv") << "id,created,closed,category,source,lon,lat,grid\n";
    return scenario::load_district(scenario::load_district_spec((dir_ / "district.yaml").string()));
  }
  fs::path dir_;
};

TEST_F(UnitsJoin, TownsComeFromTheTownFileAndPopulationFromTheTable) {
  const auto d = load("code,residents\nsw,10\nse,20\nnw,30\nne,40\nzz,5\n").district;
  ASSERT_EQ(d.grids.size(), 4u);
  for (const auto& g : d.grids) EXPECT_EQ(g.parent, g.id == "sw" || g.id == "nw" ? "W" : "E") << g.id;
  EXPECT_EQ(d.grids[0].population, 10);
  EXPECT_EQ(d.grids[3].population, 40);
  ASSERT_EQ(d.towns.size(), 2u);
  EXPECT_EQ(d.towns[0].name, "West");
  EXPECT_EQ(d.towns[0].population, 40);  // sw + nw
  EXPECT_EQ(d.towns[1].population, 60);
}

TEST_F(UnitsJoin, TableErrorsNameTheFileLineAndColumn) {
  try {
    load("code,residents\nsw,10\nse,many\n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("pop.csv:3: column 'residents': expected a number >= 0, got \"many\""),
              std::string::npos)
        << e.what();
  }
  try {
    load("code,residents\nsw,10\nse,20\nnw,30\n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no row for 1 of 4 units (column 'code'): ne"), std::string::npos) << e.what();
  }
  try {
    load("code,residents\nsw,1\n", "cod");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("district.yaml:8:15: population.id: column 'cod' is not in the header"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("did you mean 'code'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace riskgrid::spatial
