// The results GIS layer: written as GeoJSON and GeoPackage, read back with GDAL as QGIS would.
#include "riskgrid/engine/results/gis_export.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "full_disk.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::results {
namespace {

namespace bg = geo::bg;
namespace fs = std::filesystem;

const char* const kHostile = "<script>alert(1)</script>";
const char* const kChinese = "长寿路街道 第1网格";

geo::MultiPolygon square(double x0, double y0, double side) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  return {p};
}

spatial::Unit make_grid(const std::string& id, const std::string& town, geo::MultiPolygon shape) {
  spatial::Unit unit;
  unit.id = id;
  unit.name = "Grid " + id;
  unit.parent = town;
  unit.type = "residential";
  unit.population = 2500.5;
  unit.staff = 4;
  unit.shape = std::move(shape);
  spatial::update_derived(unit);
  return unit;
}

/// Three grids around (121.4, 31.25): G1 a 500 m square, G2 a 600 m square with a 100 m hole,
/// G3 (named with markup and Chinese) two 200 m squares in another town.
spatial::District make_district() {
  spatial::District district;
  district.name = "Test district";
  district.projection = geo::LocalProjection(121.4, 31.25);
  district.grids.push_back(make_grid("G1", "T1", square(-500, -500, 500)));
  geo::MultiPolygon holed = square(0, -500, 600);
  holed[0].inners().push_back({{250, -250}, {250, -150}, {350, -150}, {350, -250}, {250, -250}});
  district.grids.push_back(make_grid("G2", "T1", holed));
  geo::MultiPolygon two_parts = square(-200, 200, 200);
  two_parts.push_back(square(100, 200, 200)[0]);
  district.grids.push_back(make_grid("G3", "T2", two_parts));
  district.grids[2].name = kHostile;
  district.grids[2].name_local = kChinese;
  district.grids[2].type = "";
  return district;
}

catalog::CategoryCatalog make_catalog() {
  catalog::CategoryCatalog catalog;
  for (const char* id : {"property", "safety", "traffic", "noise"})
    catalog.categories.push_back({.id = id, .name = id, .name_local = "", .department = "city"});
  return catalog;
}

results::ScenarioResults make_results() {
  results::ScenarioResults r;
  r.name = "typhoon";
  r.title = "Typhoon drill 台风";
  r.time = {.start = *time::parse_iso("2026-09-01 06:00"), .bin_length = time::kHour, .bins = 72};
  r.units = 3;
  r.categories = 4;
  r.replicas = 100;
  r.horizon = {{12.5, 0, 40.25}, {8, 0, 30}, {12, 0, 40}, {18.75, 0, 52}, {0.25, 0, 0.9}, {0.125, 0, 0.5}};
  r.horizon_threshold = {15, 10, 35};
  r.horizon_normal = {5, 1, 20};
  r.horizon_ratio_to_normal = {1.75, 0.5, 2.25};
  r.horizon_excess = {4, -1, 25};
  r.level_reason = {"1.75× normal (yellow from 1.5×)", "0.50× normal (yellow from 1.5×)", "overdue life-safety"};
  r.rank = {2, 3, 1};
  r.rank_value = {4, -1, 25};
  r.horizon_risk_level = {1, 0, 3};
  r.levels = {{"blue", "Blue 蓝", 0x1f77b4},
              {"yellow", "Yellow 黄", 0xffdd00},
              {"orange", "Orange 橙", 0xff8800},
              {"red", "Red 红", 0xd62728}};
  // G1: safety > noise > property; G2: nothing; G3: a tie, kept in catalog order.
  r.category_excess = {0.5, 2.0, 0, 1.5, 0, 0, 0, 0, 1, 1, 0, 0};
  r.drill_names = {"rain", "wind"};
  r.drill_added = {3.5, 7.25, 0, 0, -1, 0.5};
  return r;
}

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr open_read_only(const std::string& path) {
  GDALAllRegister();
  return DatasetPtr(
      GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

using Feature = std::unique_ptr<OGRFeature>;

std::map<std::string, Feature> features_by_id(OGRLayer& layer) {
  std::map<std::string, Feature> out;
  layer.ResetReading();
  while (OGRFeature* f = layer.GetNextFeature()) out[f->GetFieldAsString("id")] = Feature(f);
  return out;
}

geo::MultiPolygon to_geo(const OGRGeometry& geometry) {
  geo::MultiPolygon out;
  auto ring = [](const OGRLinearRing& in, geo::Ring& r) {
    for (int k = 0; k < in.getNumPoints(); ++k) r.emplace_back(in.getX(k), in.getY(k));
  };
  for (const OGRPolygon* polygon : *geometry.toMultiPolygon()) {
    out.emplace_back();
    ring(*polygon->getExteriorRing(), out.back().outer());
    for (int h = 0; h < polygon->getNumInteriorRings(); ++h) {
      out.back().inners().emplace_back();
      ring(*polygon->getInteriorRing(h), out.back().inners().back());
    }
  }
  bg::correct(out);
  return out;
}

class GisExport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->name());
    for (char& c : name) c = (c == '/') ? '_' : c;
    dir_ = fs::temp_directory_path() / ("riskgrid_gis_export_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    return names;
  }
  /// Writes the fixture as risk<extension> and opens it again.
  DatasetPtr write_and_open() {
    const std::string out = path("risk" + GetParam());
    write_results_layer(out, district_, results_, catalog_);
    DatasetPtr dataset = open_read_only(out);
    if (!dataset) ADD_FAILURE() << "GDAL cannot open " << out;
    return dataset;
  }
  fs::path dir_;
  spatial::District district_ = make_district();
  catalog::CategoryCatalog catalog_ = make_catalog();
  results::ScenarioResults results_ = make_results();
};

TEST_P(GisExport, WritesOneLayerNamedAfterTheScenarioWithOneFeaturePerGrid) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  ASSERT_EQ(dataset->GetLayerCount(), 1);
  OGRLayer* layer = dataset->GetLayer(0);
  EXPECT_STREQ(layer->GetName(), "typhoon");
  EXPECT_EQ(layer->GetFeatureCount(), 3);
  // One type for the whole layer, so QGIS and ogr2ogr see a MultiPolygon layer.
  EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbMultiPolygon) << OGRGeometryTypeToName(layer->GetGeomType());
  EXPECT_EQ(files(), std::vector<std::string>{"risk" + GetParam()});  // no temporaries left
}

TEST_P(GisExport, NamesEveryAttributeWithItsType) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  OGRFeatureDefn* defn = dataset->GetLayer(0)->GetLayerDefn();
  const std::map<OGRFieldType, std::vector<const char*>> expected = {
      {OFTString,
       {"id", "name", "name_local", "town", "type", "level_name", "level_reason", "top_category_1", "top_category_2",
        "top_category_3", "top_drill", "scenario"}},
      {OFTReal,
       {"population", "area_km2", "mean", "p05", "p50", "p95", "exceed_prob", "exceed_threshold", "p_double_normal",
        "normal", "ratio_to_normal", "excess", "top_share_1", "top_share_2", "top_share_3", "top_drill_added"}},
      {OFTInteger, {"staff", "level", "rank"}},
      {OFTDateTime, {"horizon_start", "horizon_end"}}};
  int count = 0;
  for (const auto& [type, names] : expected) {
    for (const char* name : names) {
      ++count;
      const int index = defn->GetFieldIndex(name);
      ASSERT_GE(index, 0) << name;
      const OGRFieldType got = defn->GetFieldDefn(index)->GetType();
      EXPECT_EQ(got, type) << name << " is " << OGRFieldDefn::GetFieldTypeName(got);
    }
  }
  EXPECT_EQ(defn->GetFieldCount(), count);
  EXPECT_STREQ(defn->GetFieldDefn(0)->GetNameRef(), "id");  // first column in QGIS's table
}

TEST_P(GisExport, WritesTheHorizonFiguresAndDriversOfAGrid) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  auto features = features_by_id(*dataset->GetLayer(0));
  ASSERT_EQ(features.count("G1"), 1u);
  const OGRFeature& g1 = *features["G1"];
  EXPECT_STREQ(g1.GetFieldAsString("name"), "Grid G1");
  EXPECT_STREQ(g1.GetFieldAsString("name_local"), "");
  EXPECT_STREQ(g1.GetFieldAsString("town"), "T1");
  EXPECT_STREQ(g1.GetFieldAsString("type"), "residential");
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("population"), 2500.5);
  EXPECT_EQ(g1.GetFieldAsInteger("staff"), 4);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("area_km2"), 0.25);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("mean"), 12.5);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("p05"), 8);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("p50"), 12);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("p95"), 18.75);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("exceed_prob"), 0.25);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("exceed_threshold"), 15);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("p_double_normal"), 0.125);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("normal"), 5);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("ratio_to_normal"), 1.75);
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("excess"), 4);
  EXPECT_STREQ(g1.GetFieldAsString("level_reason"), "1.75× normal (yellow from 1.5×)");
  EXPECT_EQ(g1.GetFieldAsInteger("rank"), 2);
  EXPECT_EQ(g1.GetFieldAsInteger("level"), 1);
  EXPECT_STREQ(g1.GetFieldAsString("level_name"), "yellow");
  EXPECT_STREQ(g1.GetFieldAsString("top_category_1"), "safety");
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("top_share_1"), 0.5);
  EXPECT_STREQ(g1.GetFieldAsString("top_category_2"), "noise");
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("top_share_2"), 0.375);
  EXPECT_STREQ(g1.GetFieldAsString("top_category_3"), "property");
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("top_share_3"), 0.125);
  EXPECT_STREQ(g1.GetFieldAsString("top_drill"), "wind");
  EXPECT_DOUBLE_EQ(g1.GetFieldAsDouble("top_drill_added"), 7.25);
  EXPECT_STREQ(g1.GetFieldAsString("scenario"), "typhoon");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = -1;
  float s = 0;
  ASSERT_TRUE(g1.GetFieldAsDateTime(g1.GetFieldIndex("horizon_start"), &y, &mo, &d, &h, &mi, &s, &tz));
  EXPECT_EQ(std::vector<int>({y, mo, d, h, mi, static_cast<int>(s)}), std::vector<int>({2026, 9, 1, 6, 0, 0}));
  EXPECT_EQ(tz, 0) << "local civil time has no zone";
  ASSERT_TRUE(g1.GetFieldAsDateTime(g1.GetFieldIndex("horizon_end"), &y, &mo, &d, &h, &mi, &s, &tz));
  EXPECT_EQ(std::vector<int>({y, mo, d, h, mi, static_cast<int>(s)}), std::vector<int>({2026, 9, 4, 6, 0, 0}));
}

TEST_P(GisExport, LeavesDriversEmptyWhereNothingDrivesTheRisk) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  auto features = features_by_id(*dataset->GetLayer(0));
  const OGRFeature& g2 = *features.at("G2");
  for (const char* field : {"top_category_1", "top_category_2", "top_category_3", "top_drill"})
    EXPECT_STREQ(g2.GetFieldAsString(field), "") << field;
  EXPECT_DOUBLE_EQ(g2.GetFieldAsDouble("top_share_1"), 0);
  EXPECT_DOUBLE_EQ(g2.GetFieldAsDouble("top_drill_added"), 0);
  const OGRFeature& g3 = *features.at("G3");  // a tie keeps catalog order; a drill may remove
  EXPECT_STREQ(g3.GetFieldAsString("top_category_1"), "property");
  EXPECT_STREQ(g3.GetFieldAsString("top_category_2"), "safety");
  EXPECT_STREQ(g3.GetFieldAsString("top_category_3"), "");
  EXPECT_DOUBLE_EQ(g3.GetFieldAsDouble("top_share_2"), 0.5);
  EXPECT_STREQ(g3.GetFieldAsString("top_drill"), "wind");
  EXPECT_DOUBLE_EQ(g3.GetFieldAsDouble("top_drill_added"), 0.5);
}

TEST_P(GisExport, WritesNoDrillWhenTheScenarioHasNone) {
  results_.drill_names.clear();
  results_.drill_added.clear();
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  for (auto& [id, feature] : features_by_id(*dataset->GetLayer(0))) {
    EXPECT_STREQ(feature->GetFieldAsString("top_drill"), "") << id;
    EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("top_drill_added"), 0) << id;
  }
}

TEST_P(GisExport, WritesGeometryInWgs84LonLatWithTheSameArea) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayer(0);
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_TRUE(srs->IsGeographic());
  EXPECT_STREQ(srs->GetAuthorityName(nullptr), "EPSG");
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4326");
  auto features = features_by_id(*layer);
  for (const spatial::Unit& grid : district_.grids) {
    const OGRGeometry* geometry = features.at(grid.id)->GetGeometryRef();
    ASSERT_NE(geometry, nullptr) << grid.id;
    ASSERT_EQ(wkbFlatten(geometry->getGeometryType()), wkbMultiPolygon) << grid.id;
    // Right-hand rule (RFC 7946): outer rings counter-clockwise.
    for (const OGRPolygon* polygon : *geometry->toMultiPolygon())
      EXPECT_FALSE(polygon->getExteriorRing()->isClockwise()) << grid.id;
    OGREnvelope box;
    geometry->getEnvelope(&box);
    // x is longitude and y latitude (traditional GIS order), within a few km of the centre.
    EXPECT_NEAR(box.MinX, 121.4, 0.05) << grid.id;
    EXPECT_NEAR(box.MaxY, 31.25, 0.05) << grid.id;
    const geo::MultiPolygon metric = district_.projection.to_metric(to_geo(*geometry));
    EXPECT_NEAR(bg::area(metric), grid.area_m2, grid.area_m2 * 1e-3) << grid.id;
  }
  EXPECT_EQ(to_geo(*features.at("G2")->GetGeometryRef())[0].inners().size(), 1u);
  EXPECT_EQ(to_geo(*features.at("G3")->GetGeometryRef()).size(), 2u);
}

TEST_P(GisExport, KeepsMarkupAndChineseNamesUnchanged) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  auto features = features_by_id(*dataset->GetLayer(0));
  EXPECT_STREQ(features.at("G3")->GetFieldAsString("name"), kHostile);
  EXPECT_STREQ(features.at("G3")->GetFieldAsString("name_local"), kChinese);
}

TEST_P(GisExport, DescribesTheLayerWithTitleAndUnits) {
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  const char* description = dataset->GetLayer(0)->GetMetadataItem("DESCRIPTION");
  ASSERT_NE(description, nullptr);
  EXPECT_NE(std::string(description).find("Typhoon drill 台风"), std::string::npos) << description;
  EXPECT_NE(std::string(description).find("units: incidents over the horizon"), std::string::npos);
}

TEST_P(GisExport, ReplacesAnExistingFile) {
  write_results_layer(path("risk" + GetParam()), district_, results_, catalog_);
  results_.name = "heatwave";
  const DatasetPtr dataset = write_and_open();
  ASSERT_TRUE(dataset);
  ASSERT_EQ(dataset->GetLayerCount(), 1);
  EXPECT_STREQ(dataset->GetLayer(0)->GetName(), "heatwave");
}

TEST_P(GisExport, UnwritablePathThrowsIoErrorAndLeavesNothing) {
  std::ofstream(path("plain_file")) << "not a directory";
  EXPECT_THROW(write_results_layer(path("plain_file/risk" + GetParam()), district_, results_, catalog_), IoError);
  // The target is a directory: the file is written, then cannot be moved into place.
  fs::create_directories(path("risk" + GetParam()) + "/inside");
  EXPECT_THROW(write_results_layer(path("risk" + GetParam()), district_, results_, catalog_), IoError);
  std::vector<std::string> left = files();
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"plain_file", "risk" + GetParam()}));
}

TEST_P(GisExport, AFullDiskEndsWithTheCauseAndNoLayerOrTemporary) {
  const riskgrid::testing::FullDisk disk(dir_ / "disk");
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  const std::string target = (disk.dir() / ("risk" + GetParam())).string();
  try {
    write_results_layer(target, district_, results_, catalog_);
    FAIL() << "wrote a layer on a full disk";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(target + ": cannot write the GIS layer: No space left on device"),
              std::string::npos)
        << e.what();
  }
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(disk.dir())) left.push_back(entry.path().filename());
  EXPECT_EQ(left, (std::vector<std::string>{".filler"}));  // no half object, no temporary a GIS tool lists
}

TEST_P(GisExport, RejectsArraysThatDoNotMatchTheDistrict) {
  results_.horizon.p95.pop_back();
  EXPECT_THROW(write_results_layer(path("risk" + GetParam()), district_, results_, catalog_), std::invalid_argument);
  results_ = make_results();
  results_.horizon_risk_level[0] = 4;  // no such band
  EXPECT_THROW(write_results_layer(path("risk" + GetParam()), district_, results_, catalog_), std::invalid_argument);
  EXPECT_TRUE(files().empty());
}

INSTANTIATE_TEST_SUITE_P(Formats, GisExport, ::testing::Values(".geojson", ".gpkg"),
                         [](const auto& param) { return param.param.substr(1); });

TEST(GisExportFormat, RejectsAnUnknownExtensionListingTheKnownOnes) {
  const std::string dir = fs::temp_directory_path() / ("riskgrid_gis_ext_" + std::to_string(::getpid()));
  for (const char* name : {"risk.shp", "risk.json", "risk"}) {
    try {
      write_results_layer(dir + "/" + name, make_district(), make_results(), make_catalog());
      ADD_FAILURE() << name << " was accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(".geojson, .gpkg"), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(fs::exists(dir));
}

TEST(GisExportFormat, AGeoPackageThatFailsHalfWayLeavesNothing) {
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_gis_half_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  results::ScenarioResults results = make_results();
  results.name = "gpkg_typhoon";  // a reserved table prefix: SQLite file created, layer refused
  EXPECT_THROW(write_results_layer((dir / "risk.gpkg").string(), make_district(), results, make_catalog()), IoError);
  EXPECT_TRUE(!fs::exists(dir) || fs::is_empty(dir));  // no scratch file, no -journal (GDAL wrote in memory)
  fs::remove_all(dir);
}

TEST(GisExportFormat, AcceptsTheExtensionInAnyCase) {
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_gis_case_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write_results_layer((dir / "RISK.GPKG").string(), make_district(), make_results(), make_catalog());
  const DatasetPtr dataset = open_read_only((dir / "RISK.GPKG").string());
  ASSERT_TRUE(dataset);
  EXPECT_STREQ(dataset->GetDriver()->GetDescription(), "GPKG");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace riskgrid::results
