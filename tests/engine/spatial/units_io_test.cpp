// Units from GIS files: the Portland police districts as the original ESRI Shapefile (EPSG:2913,
// feet) against their GeoJSON copy, Houston ZIP rings merged by ZIP, GeoPackage and KML written
// here through GDAL and read back, holes, square grids clipped to a boundary, and bad inputs.
#include "riskgrid/engine/spatial/units_io.hpp"

#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <string>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/unit_locator.hpp"

namespace riskgrid::spatial {
namespace {

namespace bg = geo::bg;
namespace fs = std::filesystem;

const std::string kData = std::string(RISKGRID_TEST_DATA) + "/units/";
const std::string kPortlandShp = kData + "Portland_Police_Districts.shp";
const std::string kPortlandJson = kData + "portland_police_districts.geojson";
const std::string kHouston = kData + "houston_zips.geojson";

class UnitsIo : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("riskgrid_units_io_" + std::to_string(::getpid()) + "_" + info->name());
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

UnitsSource polygons(const std::string& path, const std::string& id) {
  UnitsSource s;
  s.path = path;
  s.id_field = id;
  s.where = "test";
  return s;
}

double total_area(const std::vector<spatial::Unit>& units) {
  return std::accumulate(units.begin(), units.end(), 0.0,
                         [](double sum, const spatial::Unit& u) { return sum + u.area_m2; });
}

// Converts a vector file with GDAL's own ogr2ogr (GDALVectorTranslate), as a user would.
void translate(const std::string& from, const std::string& to, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
  ASSERT_NE(options, nullptr);
  GDALDatasetH source = GDALOpenEx(from.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(source, nullptr);
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(to.c_str(), nullptr, 1, &source, options, &usage_error);
  GDALVectorTranslateOptionsFree(options);
  ASSERT_NE(out, nullptr) << to;
  GDALClose(out);
  GDALClose(source);
}

TEST_F(UnitsIo, PortlandShapefileInFeetMatchesItsGeoJsonCopy) {
  const UnitsLoad shp = load_units(polygons(kPortlandShp, "DISTRICT"), "portland");
  const UnitsLoad json = load_units(polygons(kPortlandJson, "DISTRICT"), "portland");
  ASSERT_EQ(shp.district.grids.size(), 60u);
  ASSERT_EQ(json.district.grids.size(), 60u);
  EXPECT_EQ(shp.features, 60u);
  EXPECT_EQ(shp.repaired, 2u);  // two districts have self-intersecting rings (GEOS says so)
  ASSERT_EQ(shp.warnings.size(), 2u);
  EXPECT_NE(shp.warnings[0].find("(layer 'Portland_Police_Districts'): feature 27: invalid polygon"), std::string::npos)
      << shp.warnings[0];
  const double area = total_area(shp.district.grids);
  EXPECT_GT(area, 300e6);  // Portland's police districts cover about 380 km^2
  EXPECT_LT(area, 500e6);
  EXPECT_NEAR(area, total_area(json.district.grids), 1e-4 * area);
  EXPECT_NEAR(bg::area(shp.district.outline), area, 1e-3 * area);  // the units tile the outline
  for (std::size_t g = 0; g < 60; ++g) {
    EXPECT_EQ(shp.district.grids[g].id, json.district.grids[g].id);
    EXPECT_NEAR(shp.district.grids[g].area_m2, json.district.grids[g].area_m2, 1e-3 * json.district.grids[g].area_m2);
    EXPECT_EQ(shp.district.grids[g].parent, kWholeDistrictTown);
    EXPECT_EQ(shp.district.grids[g].population, 1);
  }
  ASSERT_EQ(shp.district.towns.size(), 1u);
  EXPECT_EQ(shp.district.towns[0].name, "portland");
  EXPECT_EQ(shp.district.towns[0].population, 60);
  // Centred on Portland, about (-122.65, 45.54).
  EXPECT_NEAR(shp.district.projection.lon0(), -122.65, 0.15);
  EXPECT_NEAR(shp.district.projection.lat0(), 45.54, 0.1);
}

TEST_F(UnitsIo, TownAttributeGroupsUnitsIntoTownsThatAreTheirUnion) {
  UnitsSource s = polygons(kPortlandShp, "DISTRICT");
  s.town_field = "PRECINCT";
  s.name_field = "DISTRICT";
  const spatial::District d = load_units_district(s, "portland");
  ASSERT_EQ(d.towns.size(), 3u);
  std::set<std::string> ids;
  for (const auto& t : d.towns) ids.insert(t.id);
  EXPECT_EQ(ids, (std::set<std::string>{"CE", "EA", "NO"}));
  for (const auto& town : d.towns) {
    double grids_area = 0;
    int grids = 0;
    for (const auto& g : d.grids)
      if (g.parent == town.id) grids_area += g.area_m2, ++grids;
    EXPECT_EQ(grids, 20) << town.id;
    EXPECT_EQ(town.population, 20);
    EXPECT_NEAR(town.area_m2, grids_area, 1e-3 * grids_area) << town.id;
  }
}

TEST_F(UnitsIo, HoustonRingsWithTheSameZipMergeAndEmptyZipsAreSkipped) {
  const UnitsLoad load = load_units(polygons(kHouston, "zip"), "houston");
  EXPECT_EQ(load.features, 323u);
  EXPECT_EQ(load.skipped_empty_id, 33u);
  EXPECT_EQ(load.district.grids.size(), 232u);  // distinct non-empty zip values in the file
  EXPECT_EQ(load.merged_features, 323u - 33u - 232u);
  ASSERT_FALSE(load.warnings.empty());
  EXPECT_NE(load.warnings.back().find("33 feature(s) with an empty 'zip' skipped"), std::string::npos)
      << load.warnings.back();
  const auto zip = load.district.grid_index("77541");  // 11 rings
  ASSERT_TRUE(zip.has_value());
  EXPECT_GT(load.district.grids[*zip].shape.size(), 1u);
  std::set<std::string> ids;
  for (const auto& g : load.district.grids) ids.insert(g.id);
  EXPECT_EQ(ids.size(), 232u);
}

TEST_F(UnitsIo, GeoPackageAndKmlWrittenThroughGdalReadBackWithTheSameAreas) {
  const UnitsLoad shp = load_units(polygons(kPortlandShp, "DISTRICT"), "portland");
  translate(kPortlandShp, path("districts.gpkg"),
            {"-f", "GPKG", "-t_srs", "EPSG:3857", "-nln", "districts", "-nlt", "PROMOTE_TO_MULTI", "-mapFieldType",
             "Integer64=Real"});
  translate(kPortlandShp, path("districts.kml"),
            {"-f", "KML", "-t_srs", "EPSG:4326", "-dsco", "NameField=DISTRICT", "-mapFieldType", "Integer64=Real"});
  UnitsSource gpkg = polygons(path("districts.gpkg"), "DISTRICT");
  gpkg.layer = "districts";
  const spatial::District from_gpkg = load_units_district(gpkg, "portland");
  const spatial::District from_kml = load_units_district(polygons(path("districts.kml"), "Name"), "portland");
  ASSERT_EQ(from_gpkg.grids.size(), 60u);
  ASSERT_EQ(from_kml.grids.size(), 60u);
  for (std::size_t g = 0; g < 60; ++g) {
    const double expected = shp.district.grids[g].area_m2;
    EXPECT_EQ(from_gpkg.grids[g].id, shp.district.grids[g].id);
    EXPECT_EQ(from_kml.grids[g].id, shp.district.grids[g].id);
    EXPECT_NEAR(from_gpkg.grids[g].area_m2, expected, 1e-6 * expected);
    EXPECT_NEAR(from_kml.grids[g].area_m2, expected, 1e-4 * expected);
  }
}

// Two features, one a MultiPolygon whose first part has a hole, the other filling the hole; in a
// metric CRS the file does not declare (EPSG:32610, UTM 10N), given by `crs`.
const char* kHoles = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "ring", "people": 1200, "crew": 3},
  "geometry": {"type": "MultiPolygon", "coordinates": [
    [[[500000, 5000000], [501000, 5000000], [501000, 5001000], [500000, 5001000], [500000, 5000000]],
     [[500400, 5000400], [500400, 5000600], [500600, 5000600], [500600, 5000400], [500400, 5000400]]],
    [[[503000, 5000000], [503100, 5000000], [503100, 5000100], [503000, 5000100], [503000, 5000000]]]]}},
 {"type": "Feature", "properties": {"code": "core", "people": 300.5, "crew": 1},
  "geometry": {"type": "Polygon", "coordinates": [
    [[500400, 5000400], [500600, 5000400], [500600, 5000600], [500400, 5000600], [500400, 5000400]]]}}]})";

TEST_F(UnitsIo, HolesAndMultiPolygonsAreKeptAndAttributesRead) {
  UnitsSource s = polygons(write_text("holes.json", kHoles), "code");
  s.crs = "EPSG:32610";
  s.population_field = "people";
  s.staff_field = "crew";
  const spatial::District d = load_units_district(s, "holes");
  ASSERT_EQ(d.grids.size(), 2u);
  const spatial::Unit& ring = d.grids[0];
  ASSERT_EQ(ring.shape.size(), 2u);
  EXPECT_EQ(ring.shape[0].inners().size(), 1u);
  // On UTM's central meridian a metre of the file is 1 / 0.9996 metres on the ground.
  const double scale = 1 / (0.9996 * 0.9996);
  EXPECT_NEAR(ring.area_m2, (1e6 - 4e4 + 1e4) * scale, 5);
  EXPECT_NEAR(d.grids[1].area_m2, 4e4 * scale, 1);
  EXPECT_EQ(ring.population, 1200);
  EXPECT_EQ(ring.staff, 3);
  EXPECT_EQ(d.grids[1].population, 300.5);
  const spatial::UnitLocator index(d);
  EXPECT_EQ(index.locate(d.grids[1].centroid), 1u);  // the centre of the hole is the core's
  EXPECT_NEAR(bg::area(d.outline), ring.area_m2 + d.grids[1].area_m2, 5);
}

TEST_F(UnitsIo, SquareGridClippedToTheBoundaryCoversItExactly) {
  UnitsSource s;
  s.square = SquareGridSpec{1000, kPortlandJson, std::nullopt};
  s.path = kPortlandJson;
  s.where = "test";
  const UnitsLoad load = load_units(s, "portland grid");
  const spatial::District& d = load.district;
  const double outline = bg::area(d.outline);
  EXPECT_NEAR(total_area(d.grids), outline, 1e-6 * outline);
  EXPECT_GT(d.grids.size(), 380u);  // about 380 km^2 in 1 km cells, more with partial cells
  std::set<std::string> ids;
  for (const auto& g : d.grids) {
    EXPECT_LE(g.area_m2, 1e6 * (1 + 1e-9)) << g.id;
    EXPECT_GT(g.area_m2, 0) << g.id;
    EXPECT_EQ(g.id.size(), 8u) << g.id;  // r{row:03}c{col:03}
    EXPECT_EQ(g.population, 1);
    ids.insert(g.id);
  }
  EXPECT_EQ(ids.size(), d.grids.size());
  EXPECT_EQ(d.grids.front().id.substr(0, 4), "r000");  // row 0 is the southernmost
  EXPECT_LT(d.grids.front().centroid.y(), d.grids.back().centroid.y());
  ASSERT_EQ(d.towns.size(), 1u);
  EXPECT_NEAR(d.towns[0].area_m2, outline, 1e-9 * outline);
}

TEST_F(UnitsIo, SquareGridOnALonLatExtentHasWholeCellsInside) {
  UnitsSource s;
  s.square = SquareGridSpec{500, "", std::array<double, 4>{-122.52, 37.70, -122.35, 37.83}};
  s.where = "test";
  const spatial::District d = load_units_district(s, "sf");
  EXPECT_GT(d.grids.size(), 600u);  // about 15 km x 14.4 km
  EXPECT_NEAR(total_area(d.grids), bg::area(d.outline), 1e-6 * bg::area(d.outline));
}

TEST_F(UnitsIo, SquareGridWithTooManyCellsIsRefused) {
  UnitsSource s;
  s.square = SquareGridSpec{1, kPortlandJson, std::nullopt};
  s.path = kPortlandJson;
  s.where = "district.yaml:3:3";
  try {
    load_units(s, "p");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("district.yaml:3:3: units.square.cell_m"), std::string::npos) << e.what();
  }
}

std::string error_of(const UnitsSource& s) {
  try {
    load_units(s, "x");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST_F(UnitsIo, MissingIdAttributeNamesTheAttributesThereAre) {
  const std::string message = error_of(polygons(kHouston, "zipp"));
  EXPECT_NE(message.find("no attribute 'zipp' (units.id)"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'zip'?"), std::string::npos) << message;
  EXPECT_NE(message.find("houston_zips.geojson (layer 'houston_zips')"), std::string::npos) << message;
}

TEST_F(UnitsIo, UnknownLayerListsTheLayers) {
  UnitsSource s = polygons(kHouston, "zip");
  s.layer = "zips";
  const std::string message = error_of(s);
  EXPECT_NE(message.find("no layer 'zips'; the file has houston_zips"), std::string::npos) << message;
}

TEST_F(UnitsIo, FileWithoutACrsNeedsTheOverride) {
  for (const char* ext : {".shp", ".shx", ".dbf"})
    fs::copy_file(kData + "Portland_Police_Districts" + ext, path(std::string("noprj") + ext));
  UnitsSource s = polygons(path("noprj.shp"), "DISTRICT");
  const std::string message = error_of(s);
  EXPECT_NE(message.find("declares no CRS; say which with crs: under units:"), std::string::npos) << message;
  s.crs = "EPSG:4326";  // the wrong CRS: state-plane feet are no degrees
  EXPECT_NE(error_of(s).find("feature 1: expected coordinates that are lon/lat once reprojected"), std::string::npos)
      << error_of(s);
  s.crs = "EPSG:2913";
  EXPECT_EQ(load_units_district(s, "p").grids.size(), 60u);
}

TEST_F(UnitsIo, BadFeaturesAreNamedByNumberAndAttribute) {
  const std::string points = write_text("points.json", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]})");
  EXPECT_NE(error_of(polygons(points, "id")).find("feature 1: expected a Polygon or MultiPolygon, got POINT"),
            std::string::npos)
      << error_of(polygons(points, "id"));
  UnitsSource s = polygons(write_text("holes.json", kHoles), "code");
  s.crs = "EPSG:32610";
  s.staff_field = "people";  // 300.5 is not a whole number
  EXPECT_NE(error_of(s).find("feature 2: attribute 'people': expected a whole number >= 0, got \"300.5\""),
            std::string::npos)
      << error_of(s);
  EXPECT_THROW(load_units(polygons(path("missing.geojson"), "id"), "x"), IoError);
  const std::string junk = write_text("junk.geojson", "this is not GeoJSON");
  EXPECT_NE(error_of(polygons(junk, "id")).find("expected a vector file with polygons"), std::string::npos);
}

TEST_F(UnitsIo, SelfIntersectingPolygonIsRepairedWithAWarning) {
  // A bow tie: two triangles meeting at (0.5, 0.5) written as one self-intersecting ring.
  const std::string bow = write_text("bow.json", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "bow"}, "geometry": {"type": "Polygon",
     "coordinates": [[[10.0, 50.0], [10.01, 50.01], [10.01, 50.0], [10.0, 50.01], [10.0, 50.0]]]}}]})");
  const UnitsLoad load = load_units(polygons(bow, "id"), "bow");
  EXPECT_EQ(load.repaired, 1u);
  ASSERT_EQ(load.warnings.size(), 1u);
  EXPECT_NE(load.warnings[0].find("feature 1: invalid polygon"), std::string::npos);
  EXPECT_EQ(load.district.grids[0].shape.size(), 2u);
  EXPECT_GT(load.district.grids[0].area_m2, 0);
}

TEST_F(UnitsIo, ANameThatIsNotUtf8IsRefusedAtItsFeature) {
  // Latin-1 "Zürich" as a GeoJSON exporter without an encoding setting writes it: the name would reach
  // the pictures, the report and HDF5 strings.
  const std::string bytes =
      "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
      "\"properties\": {\"code\": \"a\", \"label\": \"Z\xFCrich\"}, \"geometry\": "
      "{\"type\": \"Polygon\", \"coordinates\": [[[8.5, 47.3], [8.6, 47.3], [8.6, 47.4], "
      "[8.5, 47.3]]]}}]}";
  UnitsSource s = polygons(write_text("latin1.geojson", bytes), "code");
  s.name_field = "label";
  try {
    load_units(s, "zurich");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 1: attribute 'label': expected UTF-8 text"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace riskgrid::spatial
