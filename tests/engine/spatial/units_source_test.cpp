// The `units:` block of a district.yaml, read through load_district_spec: both forms, ${data}, and
// every mistake reported with file:line:col, the key and what was expected.
#include "riskgrid/engine/spatial/units_source.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::spatial {
namespace {

namespace fs = std::filesystem;

class UnitsSourceSpec : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("riskgrid_units_source_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data" / "houston");
    ::unsetenv("RISKGRID_DATA_DIR");
  }
  void TearDown() override {
    fs::remove_all(dir_);
    ::unsetenv("RISKGRID_DATA_DIR");
  }
  // A district.yaml whose lines after `name:` and `categories:` are `body`.
  std::string district(const std::string& body) const {
    const auto path = dir_ / "district.yaml";
    std::ofstream(path) << "name: test\ncategories: categories.yaml\nhistory: {path: h.csv}\n" << body;
    return path.string();
  }
  std::string error(const std::string& body) const {
    try {
      scenario::load_district_spec(district(body));
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no ScenarioError";
  }
  fs::path dir_;
};

TEST_F(UnitsSourceSpec, ReadsEveryKeyAndExpandsData) {
  const scenario::DistrictSpec d =
      scenario::load_district_spec(district("data_dir: data\n"
                                            "units:\n"
                                            "  path: ${data}/houston/zips.shp\n"
                                            "  layer: zips\n"
                                            "  id: zip\n"
                                            "  name: label\n"
                                            "  town: borough\n"
                                            "  population: pop\n"
                                            "  staff: staff\n"
                                            "  crs: EPSG:2913\n"));
  ASSERT_TRUE(d.units.has_value());
  const UnitsSource& u = *d.units;
  EXPECT_EQ(u.path, (fs::weakly_canonical(dir_) / "data/houston/zips.shp").string());
  EXPECT_EQ(u.layer, "zips");
  EXPECT_EQ(u.id_field, "zip");
  EXPECT_EQ(u.name_field, "label");
  EXPECT_EQ(u.town_field, "borough");
  EXPECT_EQ(u.population_field, "pop");
  EXPECT_EQ(u.staff_field, "staff");
  EXPECT_EQ(u.crs, "EPSG:2913");
  EXPECT_FALSE(u.square.has_value());
  EXPECT_NE(u.where.find("district.yaml:6:3"), std::string::npos) << u.where;
  EXPECT_TRUE(d.outline.empty());
  EXPECT_EQ(d.data_dir, fs::weakly_canonical(dir_ / "data").string());
}

TEST_F(UnitsSourceSpec, CallersDataDirWinsOverTheFileAndTheEnvironmentIsNotRead) {
  const std::string file = district("data_dir: data\nunits: {path: \"${data}/b.geojson\", id: code}\n");
  EXPECT_EQ(scenario::load_district_spec(file, {"/srv/city"}).units->path, "/srv/city/b.geojson");
  // The app turns RISKGRID_DATA_DIR into LoadOptions; the engine itself never looks.
  ::setenv("RISKGRID_DATA_DIR", "/srv/elsewhere", 1);
  EXPECT_EQ(scenario::load_district_spec(file).units->path,
            (fs::weakly_canonical(dir_ / "data") / "b.geojson").string());
}

TEST_F(UnitsSourceSpec, SquareGridOnABoundaryOrAnExtent) {
  const scenario::DistrictSpec a = scenario::load_district_spec(
      district("units:\n  square: {cell_m: 250, boundary: /abs/outline.geojson}\n  crs: EPSG:2913\n"));
  ASSERT_TRUE(a.units->square.has_value());
  EXPECT_EQ(a.units->square->cell_m, 250);
  EXPECT_EQ(a.units->square->boundary, "/abs/outline.geojson");
  EXPECT_EQ(a.units->path, "/abs/outline.geojson");
  const scenario::DistrictSpec b = scenario::load_district_spec(
      district("units:\n  square:\n    cell_m: 1000\n    extent: {lon: [-122.52, -122.35], lat: [37.70, "
               "37.83]}\n"));
  ASSERT_TRUE(b.units->square->extent_lonlat.has_value());
  EXPECT_EQ((*b.units->square->extent_lonlat)[0], -122.52);
  EXPECT_EQ((*b.units->square->extent_lonlat)[3], 37.83);
  EXPECT_TRUE(b.units->path.empty());
}

TEST_F(UnitsSourceSpec, MistakesNameTheKeyAndWhatWasExpected) {
  EXPECT_NE(error("units: {path: a.shp}\n").find("district.yaml:4:8: units.id: required key is missing"),
            std::string::npos)
      << error("units: {path: a.shp}\n");
  EXPECT_NE(error("units: {path: a.shp, id: x, town_field: t}\n").find("town_field"), std::string::npos);
  EXPECT_NE(error("units: {id: x}\n").find("units.path: expected exactly one of path"), std::string::npos)
      << error("units: {id: x}\n");
  EXPECT_NE(error("units: {path: a.shp, id: x, crs: EPSG:99999999}\n")
                .find("district.yaml:4:34: units.crs: expected a CRS PROJ knows"),
            std::string::npos)
      << error("units: {path: a.shp, id: x, crs: EPSG:99999999}\n");
  EXPECT_NE(error("units: {path: \"${data}/a.shp\", id: x}\n").find("${data} needs a data folder"), std::string::npos);
  EXPECT_NE(error("units: {path: \"${city}/a.shp\", id: x}\n").find("the only variable"), std::string::npos);
  EXPECT_NE(error("units: {square: {cell_m: 0, boundary: b.json}}\n").find("units.square.cell_m"), std::string::npos);
  EXPECT_NE(error("units: {square: {cell_m: 10}}\n").find("exactly one of boundary"), std::string::npos);
  EXPECT_NE(error("units: {square: {cell_m: 10, extent: {lon: [1, 2], lat: [50, 95]}}}\n")
                .find("units.square.extent.lat: expected two increasing numbers within [-90, 90]"),
            std::string::npos)
      << error("units: {square: {cell_m: 10, extent: {lon: [1, 2], lat: [50, 95]}}}\n");
  EXPECT_NE(error("units: {square: {cell_m: 10, extent: {lon: [1, 2], lat: [5, 6]}}, id: x}\n").find("id"),
            std::string::npos);
  // The Putuo form and units: do not mix.
  EXPECT_NE(error("outline: o.json\nunits: {path: a.shp, id: x}\n").find("outline"), std::string::npos);
}

}  // namespace
}  // namespace riskgrid::spatial
