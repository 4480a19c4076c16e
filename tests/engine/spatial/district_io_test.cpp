// Writing units as GeoJSON and loading a district back: attributes, areas, errors.
#include "riskgrid/engine/spatial/district_io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::spatial {
namespace {

namespace bg = geo::bg;
namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class DistrictIo : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("riskgrid_district_io_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write_text(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  fs::path dir_;
};

// A 2 km x 2 km square outline around (121.40, 31.25), in lon/lat.
const char* kOutline = R"({"type": "FeatureCollection", "features": [{"type": "Feature",
  "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[121.39, 31.24],
  [121.39, 31.26], [121.41, 31.26], [121.41, 31.24], [121.39, 31.24]]]}}]})";

geo::MultiPolygon box(double x0, double y0, double x1, double y1) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  return {p};
}

spatial::Unit unit(const std::string& id, const std::string& parent, geo::MultiPolygon shape) {
  spatial::Unit u;
  u.id = id;
  u.name = "Name " + id;
  u.name_local = "长寿路 第1网格";
  u.parent = parent;
  u.type = parent.empty() ? "" : "mixed";
  u.population = 12345;
  u.staff = 42;
  u.shape = std::move(shape);
  spatial::update_derived(u);
  return u;
}

TEST_F(DistrictIo, RoundTripPreservesAttributesAndAreas) {
  const std::string outline = write_text("outline.geojson", kOutline);
  const auto projection = geo::projection_centred_on(read_outline_lonlat(outline));
  const std::vector<spatial::Unit> towns{unit("east", "", box(0, -900, 900, 900)),
                                         unit("west", "", box(-900, -900, 0, 900))};
  const std::vector<spatial::Unit> grids{unit("east-01", "east", box(0, -900, 900, 0)),
                                         unit("east-02", "east", box(0, 0, 900, 900)),
                                         unit("west-01", "west", box(-900, -900, 0, 900))};
  write_units(path("towns.geojson"), towns, projection, "internal borders are synthetic");
  write_units(path("grids.geojson"), grids, projection, "internal borders are synthetic");

  const spatial::District d = load_district(outline, path("towns.geojson"), path("grids.geojson"), "test");
  EXPECT_EQ(d.name, "test");
  ASSERT_EQ(d.towns.size(), 2u);
  ASSERT_EQ(d.grids.size(), 3u);
  for (std::size_t k = 0; k < grids.size(); ++k) {
    const spatial::Unit& got = d.grids[k];
    EXPECT_EQ(got.id, grids[k].id);
    EXPECT_EQ(got.name, grids[k].name);
    EXPECT_EQ(got.name_local, "长寿路 第1网格");
    EXPECT_EQ(got.parent, grids[k].parent);
    EXPECT_EQ(got.type, "mixed");
    EXPECT_EQ(got.population, 12345);
    EXPECT_EQ(got.staff, 42);
    // 6 decimals of a degree move a vertex by at most ~0.06 m.
    EXPECT_NEAR(got.area_m2, grids[k].area_m2, 1e-3 * grids[k].area_m2);
    EXPECT_NEAR(got.centroid.x(), grids[k].centroid.x(), 0.5);
    EXPECT_NEAR(got.centroid.y(), grids[k].centroid.y(), 0.5);
  }
  EXPECT_TRUE(d.towns[0].parent.empty());
  EXPECT_TRUE(d.towns[0].type.empty());
  EXPECT_EQ(d.grid_index("east-02"), 1u);
  EXPECT_EQ(d.town_index("west"), 1u);
  EXPECT_FALSE(d.grid_index("nowhere").has_value());
}

TEST_F(DistrictIo, WrittenFileCarriesTheNoteAndLeavesNoTemporary) {
  const auto projection = geo::LocalProjection(121.4, 31.25);
  write_units(path("grids.geojson"), {unit("g", "t", box(0, 0, 100, 100))}, projection,
              "internal borders are synthetic");
  std::stringstream text;
  text << std::ifstream(path("grids.geojson")).rdbuf();
  EXPECT_NE(text.str().find("\"description\": \"internal borders are synthetic\""), std::string::npos)
      << text.str().substr(0, 400);
  EXPECT_NE(text.str().find("\"area_km2\": 0.01"), std::string::npos);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST_F(DistrictIo, ProjectionRoundTripsPoints) {
  const geo::LocalProjection projection(121.4, 31.25);
  const geo::Point centre = projection.to_metric(121.4, 31.25);
  EXPECT_NEAR(centre.x(), 0, 1e-6);
  EXPECT_NEAR(centre.y(), 0, 1e-6);
  const geo::Point east = projection.to_metric(121.41, 31.25);
  EXPECT_NEAR(east.x(), 952.54, 0.1);  // 0.01 degree of longitude at 31.25 N on WGS84
  const geo::LocalProjection copy = projection;
  const geo::Point back = copy.to_lonlat(east);
  EXPECT_NEAR(back.x(), 121.41, 1e-9);
  EXPECT_NEAR(back.y(), 31.25, 1e-9);
}

TEST_F(DistrictIo, UnreadableFileGivesInputErrorNamingTheFile) {
  const std::string outline = write_text("outline.geojson", kOutline);
  const std::string bad = write_text("towns.geojson", "this is not GeoJSON {");
  try {
    load_district(outline, bad, bad, "test");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
  }
}

TEST_F(DistrictIo, MissingFieldNamesFileFeatureAndField) {
  const std::string outline = write_text("outline.geojson", kOutline);
  const std::string towns = write_text("towns.geojson", R"({"type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {"id": "t", "name": "T", "staff": 3},
    "geometry": {"type": "Polygon", "coordinates": [[[121.39, 31.24], [121.40, 31.24],
    [121.40, 31.25], [121.39, 31.24]]]}}]})");
  try {
    load_district(outline, towns, towns, "test");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), towns + ": feature 1: field 'population': expected a number >= 0, got nothing");
  }
}

TEST_F(DistrictIo, ANameThatIsNotUtf8NamesFileFeatureAndField) {
  const std::string outline = write_text("outline.geojson", kOutline);
  const std::string towns = write_text("towns.geojson",
                                       "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                                       "\"properties\": {\"id\": \"t\", \"name\": \"Z\xFCrich\", \"population\": 1, "
                                       "\"staff\": 3}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                                       "[[[121.39, 31.24], [121.40, 31.24], [121.40, 31.25], [121.39, 31.24]]]}}]}");
  try {
    load_district(outline, towns, towns, "test");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              towns + ": feature 1: field 'name': expected UTF-8 text, got bytes that are not UTF-8");
  }
}

TEST_F(DistrictIo, GridOfUnknownTownIsAnInputError) {
  const std::string outline = write_text("outline.geojson", kOutline);
  const auto projection = geo::projection_centred_on(read_outline_lonlat(outline));
  write_units(path("towns.geojson"), {unit("t", "", box(0, 0, 100, 100))}, projection, "");
  write_units(path("grids.geojson"), {unit("g", "elsewhere", box(0, 0, 100, 100))}, projection, "");
  EXPECT_THROW(load_district(outline, path("towns.geojson"), path("grids.geojson"), "test"), InputError);
}

TEST_F(DistrictIo, MissingFileIsAnIoError) { EXPECT_THROW(read_outline_lonlat(path("absent.geojson")), IoError); }

}  // namespace
}  // namespace riskgrid::spatial
