#include "riskgrid/engine/results/results_h5.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_reader.hpp"

namespace riskgrid::results {
namespace {
namespace fs = std::filesystem;
using results::RunRecord;

geo::MultiPolygon rectangle(double x0, double y0, double width, double height) {
  geo::MultiPolygon shape;
  shape.resize(1);
  // Counter-clockwise and closed, as geo::Polygon expects.
  shape[0].outer() = {{x0, y0}, {x0 + width, y0}, {x0 + width, y0 + height}, {x0, y0 + height}, {x0, y0}};
  return shape;
}

spatial::Unit make_unit(std::string id, std::string parent, geo::MultiPolygon shape) {
  spatial::Unit unit;
  unit.id = id;
  unit.name = "Unit " + id;
  unit.name_local = "网格" + id;
  unit.parent = std::move(parent);
  unit.type = "residential";
  unit.population = 1000;
  unit.staff = 3;
  unit.shape = std::move(shape);
  spatial::update_derived(unit);
  return unit;
}

/// One town of `grids` 500 m squares in a row, projected around Putuo.
spatial::District make_district(std::size_t grids = 2) {
  spatial::District district;
  district.name = "Testing district";
  district.projection = geo::LocalProjection(121.40, 31.24);
  district.towns.push_back(make_unit("T1", "", rectangle(0, 0, 500.0 * static_cast<double>(grids), 500)));
  for (std::size_t i = 0; i < grids; ++i) {
    district.grids.push_back(
        make_unit(fmt::format("G{}", i + 1), "T1", rectangle(500.0 * static_cast<double>(i), 0, 500, 500)));
  }
  district.outline = district.towns[0].shape;
  return district;
}

catalog::CategoryCatalog make_catalog() {
  catalog::CategoryCatalog catalog;
  catalog.categories.push_back(
      {.id = "property", .name = "Property", .name_local = "物业", .share = 0.6, .department = "housing", .weight = 1});
  catalog.categories.push_back(
      {.id = "safety", .name = "Safety", .name_local = "安全", .share = 0.4, .department = "police", .weight = 5});
  return catalog;
}

std::vector<double> ramp(std::size_t n, double offset) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = offset + 0.5 * static_cast<double>(i);
  return values;
}

RunRecord make_record(std::size_t bins = 3, std::size_t units = 2) {
  RunRecord record;
  record.scenario_text = "name: base\nseed: 42\n";
  record.scenario_sha256 = std::string(64, 'a');
  record.seed = 42;
  record.replicas = 100;
  record.created = "2026-01-02T03:04:05Z";
  results::ScenarioResults& r = record.results;
  r.name = "base";
  r.title = "Base forecast";
  r.time = {.start = *time::parse_iso("2026-11-01"), .bin_length = time::kDay, .bins = bins};
  r.units = units;
  r.categories = 2;
  r.replicas = 100;
  const std::size_t cells = bins * units;
  r.per_bin = {ramp(cells, 1), ramp(cells, 0), ramp(cells, 0.75), ramp(cells, 2), ramp(cells, 0.01), ramp(cells, 0.02)};
  r.exceedance_threshold = ramp(units, 3);
  r.mean_by_category = cube::Cube<double>({bins, units, 2}, ramp(cells * 2, 0.125));
  r.normal = ramp(cells, 0.5);
  r.ratio_to_normal = ramp(cells, 0.2);
  r.excess = ramp(cells, 0.3);
  r.normal_by_category = cube::Cube<double>({bins, units, 2}, ramp(cells * 2, 0.25));
  r.normal_source = "the grid's own history";
  for (std::size_t i = 0; i < cells; ++i) r.risk_level.push_back(static_cast<std::int8_t>(i % 4));
  r.horizon = {ramp(units, 10), ramp(units, 8), ramp(units, 9), ramp(units, 12), ramp(units, 0.3), ramp(units, 0.1)};
  r.horizon_threshold = ramp(units, 11);
  r.horizon_normal = ramp(units, 7);
  r.horizon_ratio_to_normal = ramp(units, 0.4);
  r.horizon_excess = ramp(units, 1.5);
  r.level_reason.assign(units, "1.2× normal (yellow from 1.5×)");
  for (std::size_t u = 0; u < units; ++u) r.rank.push_back(static_cast<std::int32_t>(u + 1));
  r.rank_value = ramp(units, 2.5);
  r.rank_measure = "weighted excess per 10,000 residents";
  r.horizon_risk_level = std::vector<std::int8_t>(units, 2);
  r.levels = {{"blue", "Blue (low) 蓝", 0x1f77b4},
              {"yellow", "Yellow 黄", 0xffdd00},
              {"orange", "Orange 橙", 0xff8800},
              {"red", "Red (high) 红", 0xd62728}};
  r.category_excess = ramp(units * 2, 0.05);
  r.drill_names = {"rain", "wind", "crowd"};
  r.drill_added = ramp(units * 3, 1.5);
  return record;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

int run_status(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ResultsH5 : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("riskgrid_results_h5_{}_{}", ::getpid(), info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  spatial::District district_ = make_district();
  catalog::CategoryCatalog catalog_ = make_catalog();
};

TEST_F(ResultsH5, WritesRootAttributes) {
  const RunRecord record = make_record();
  write_results_h5(path("r.h5"), record, district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  EXPECT_EQ(reader.format_version(), kResultsFormatVersion);
  EXPECT_EQ(reader.string_attribute("/", "format"), "riskgrid-results");
  EXPECT_FALSE(reader.string_attribute("/", "riskgrid_version").empty());
  EXPECT_EQ(reader.string_attribute("/", "scenario"), record.scenario_text);
  EXPECT_EQ(reader.string_attribute("/", "scenario_sha256"), record.scenario_sha256);
  EXPECT_EQ(reader.string_attribute("/", "created"), record.created);
  EXPECT_EQ(reader.number_attribute<std::uint64_t>("/", "seed"), 42u);
  EXPECT_EQ(reader.number_attribute<std::uint64_t>("/", "replicas"), 100u);
  EXPECT_EQ(reader.members("scenarios"), std::vector<std::string>{"base"});
  EXPECT_EQ(reader.string_attribute("scenarios/base", "title"), "Base forecast");
  EXPECT_EQ(reader.number_attribute<std::int64_t>("scenarios/base", "bin_length_seconds"), time::kDay);
}

TEST_F(ResultsH5, WritesScenarioArraysWithTheirShapes) {
  const RunRecord record = make_record();
  const auto& r = record.results;
  write_results_h5(path("r.h5"), record, district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  const auto mean = reader.read<double>("scenarios/base/mean");
  EXPECT_EQ(mean.dims, (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(mean.values, r.per_bin.mean);
  EXPECT_EQ(reader.read<double>("scenarios/base/p05").values, r.per_bin.p05);
  EXPECT_EQ(reader.read<double>("scenarios/base/p50").values, r.per_bin.p50);
  EXPECT_EQ(reader.read<double>("scenarios/base/p95").values, r.per_bin.p95);
  EXPECT_EQ(reader.read<double>("scenarios/base/exceedance_probability").values, r.per_bin.exceedance);
  EXPECT_EQ(reader.read<double>("scenarios/base/above_double_normal_probability").values,
            r.per_bin.above_double_normal);
  EXPECT_EQ(reader.read<double>("scenarios/base/normal").values, r.normal);
  EXPECT_EQ(reader.read<double>("scenarios/base/ratio_to_normal").values, r.ratio_to_normal);
  EXPECT_EQ(reader.read<double>("scenarios/base/excess").values, r.excess);
  EXPECT_EQ(reader.read<double>("scenarios/base/normal_by_category").values, r.normal_by_category.values());
  EXPECT_EQ(reader.string_attribute("scenarios/base", "normal_source"), r.normal_source);
  const auto level = reader.read<std::int8_t>("scenarios/base/risk_level");
  EXPECT_EQ(level.dims, (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(level.values, r.risk_level);
  const auto by_category = reader.read<double>("/scenarios/base/mean_by_category");
  EXPECT_EQ(by_category.dims, (std::vector<std::size_t>{3, 2, 2}));
  EXPECT_EQ(by_category.values, r.mean_by_category.values());
  const auto threshold = reader.read<double>("scenarios/base/exceedance_threshold");
  EXPECT_EQ(threshold.dims, (std::vector<std::size_t>{2}));
  EXPECT_EQ(threshold.values, r.exceedance_threshold);
}

TEST_F(ResultsH5, WritesHorizonAndLevels) {
  const RunRecord record = make_record();
  const auto& r = record.results;
  write_results_h5(path("r.h5"), record, district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  const std::string h = "scenarios/base/horizon/";
  EXPECT_EQ(reader.read<double>(h + "mean").values, r.horizon.mean);
  EXPECT_EQ(reader.read<double>(h + "p05").values, r.horizon.p05);
  EXPECT_EQ(reader.read<double>(h + "p50").values, r.horizon.p50);
  EXPECT_EQ(reader.read<double>(h + "p95").values, r.horizon.p95);
  EXPECT_EQ(reader.read<double>(h + "exceedance_probability").values, r.horizon.exceedance);
  EXPECT_EQ(reader.read<double>(h + "exceedance_threshold").values, r.horizon_threshold);
  EXPECT_EQ(reader.read<double>(h + "normal").values, r.horizon_normal);
  EXPECT_EQ(reader.read<double>(h + "ratio_to_normal").values, r.horizon_ratio_to_normal);
  EXPECT_EQ(reader.read<double>(h + "excess").values, r.horizon_excess);
  EXPECT_EQ(reader.read_strings(h + "level_reason"), r.level_reason);
  EXPECT_EQ(reader.read<std::int32_t>(h + "rank").values, r.rank);
  EXPECT_EQ(reader.string_attribute(h + "rank_value", "rank_measure"), r.rank_measure);
  EXPECT_EQ(reader.read<std::int8_t>(h + "risk_level").values, r.horizon_risk_level);
  EXPECT_EQ(reader.read_strings("scenarios/base/levels/name"),
            (std::vector<std::string>{"blue", "yellow", "orange", "red"}));
  EXPECT_EQ(reader.read_strings("scenarios/base/levels/label")[3], "Red (high) 红");
  EXPECT_EQ(reader.read<std::uint32_t>("scenarios/base/levels/rgb").values[2], 0xff8800u);
}

TEST_F(ResultsH5, WritesDriversOnUnitCategoryAndDrillAxes) {
  const RunRecord record = make_record();
  write_results_h5(path("r.h5"), record, district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  const auto contribution = reader.read<double>("scenarios/base/drivers/category_excess");
  EXPECT_EQ(contribution.dims, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(contribution.values, record.results.category_excess);
  const auto added = reader.read<double>("scenarios/base/drivers/drill_added");
  EXPECT_EQ(added.dims, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(added.values, record.results.drill_added);
  EXPECT_EQ(reader.read_strings("scenarios/base/drivers/drill"), record.results.drill_names);
}

TEST_F(ResultsH5, WritesUnitsTownsTimeAndCategories) {
  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  EXPECT_EQ(reader.read_strings("units/id"), (std::vector<std::string>{"G1", "G2"}));
  EXPECT_EQ(reader.read_strings("units/name_local")[1], "网格G2");
  EXPECT_EQ(reader.read_strings("units/parent"), (std::vector<std::string>{"T1", "T1"}));
  EXPECT_EQ(reader.read<std::int32_t>("units/staff").values, (std::vector<std::int32_t>{3, 3}));
  const auto area = reader.read<double>("units/area_m2").values;
  EXPECT_NEAR(area[0], 250000, 1e-6);
  const geo::Point centre = district_.projection.to_lonlat(district_.grids[1].centroid);
  EXPECT_DOUBLE_EQ(reader.read<double>("units/centroid_lon").values[1], centre.x());
  EXPECT_DOUBLE_EQ(reader.read<double>("units/centroid_lat").values[1], centre.y());
  const std::string wkt = reader.read_strings("units/geometry_wkt")[0];
  EXPECT_EQ(wkt.rfind("MULTIPOLYGON(((121.4 31.24,", 0), 0u) << wkt;
  EXPECT_EQ(reader.read_strings("towns/id"), std::vector<std::string>{"T1"});
  EXPECT_NEAR(reader.read<double>("towns/area_m2").values[0], 500000, 1e-6);

  const auto starts = reader.read<std::int64_t>("time");
  EXPECT_EQ(starts.values, (std::vector<std::int64_t>{*time::parse_iso("2026-11-01"), *time::parse_iso("2026-11-02"),
                                                      *time::parse_iso("2026-11-03")}));
  EXPECT_EQ(reader.read_strings("time_iso")[2], "2026-11-03 00:00:00");
  EXPECT_EQ(reader.number_attribute<std::int64_t>("time", "bin_length_seconds"), time::kDay);
  EXPECT_EQ(reader.string_attribute("time", "units"), "seconds since 1970-01-01 00:00:00");
  EXPECT_EQ(reader.string_attribute("time", "calendar"), "proleptic_gregorian");
  EXPECT_EQ(reader.read_strings("unit"), reader.read_strings("units/id"));
  EXPECT_EQ(reader.read_strings("town"), reader.read_strings("towns/id"));
  EXPECT_EQ(reader.read_strings("category"), reader.read_strings("categories/id"));
  EXPECT_EQ(reader.read_strings("scenarios/base/levels/level"), reader.read_strings("scenarios/base/levels/name"));

  EXPECT_EQ(reader.read_strings("categories/id"), (std::vector<std::string>{"property", "safety"}));
  EXPECT_EQ(reader.read_strings("categories/name_local")[1], "安全");
  EXPECT_EQ(reader.read_strings("categories/department")[1], "police");
  EXPECT_EQ(reader.read<double>("categories/weight").values, (std::vector<double>{1, 5}));
  EXPECT_EQ(reader.read<double>("categories/share").values, (std::vector<double>{0.6, 0.4}));
}

TEST_F(ResultsH5, KeepsScenarioTextLongerThanAnAttributeMessage) {
  RunRecord record = make_record();
  record.scenario_text.clear();
  while (record.scenario_text.size() < 100000) record.scenario_text += "drills: [typhoon, 台风]\n";
  write_results_h5(path("r.h5"), record, district_, catalog_);
  EXPECT_EQ(ResultsReader(path("r.h5")).string_attribute("/", "scenario"), record.scenario_text);
}

TEST_F(ResultsH5, AttachesNamedDimensionScales) {
  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  const hid_t file = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  // netCDF-4 names a dimension after its scale dataset and finds it only in enclosing groups: root.
  const hid_t time = H5Dopen2(file, "time", H5P_DEFAULT);
  const hid_t unit = H5Dopen2(file, "unit", H5P_DEFAULT);
  const hid_t category = H5Dopen2(file, "category", H5P_DEFAULT);
  const hid_t mean = H5Dopen2(file, "scenarios/base/mean_by_category", H5P_DEFAULT);
  const hid_t horizon = H5Dopen2(file, "scenarios/base/horizon/risk_level", H5P_DEFAULT);
  const hid_t population = H5Dopen2(file, "units/population", H5P_DEFAULT);
  EXPECT_GT(H5DSis_scale(time), 0);
  char name[32] = {};
  ASSERT_GT(H5DSget_scale_name(unit, name, sizeof name), 0);
  EXPECT_STREQ(name, "unit");
  EXPECT_GT(H5DSis_attached(mean, time, 0), 0);
  EXPECT_GT(H5DSis_attached(mean, unit, 1), 0);
  EXPECT_GT(H5DSis_attached(mean, category, 2), 0);
  EXPECT_EQ(H5DSis_attached(mean, unit, 0), 0);
  EXPECT_GT(H5DSis_attached(horizon, unit, 0), 0);
  EXPECT_GT(H5DSis_attached(population, unit, 0), 0);
  ASSERT_GT(H5DSget_label(mean, 2, name, sizeof name), 0);
  EXPECT_STREQ(name, "category");
  for (const hid_t id : {time, unit, category, mean, horizon, population}) H5Dclose(id);
  H5Fclose(file);
}

herr_t check_described(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  if (info->type != H5O_TYPE_DATASET) return 0;
  auto* missing = static_cast<std::vector<std::string>*>(data);
  if (H5Aexists_by_name(root, name, "description", H5P_DEFAULT) <= 0) missing->push_back(name);
  return 0;
}

TEST_F(ResultsH5, DescribesEveryDataset) {
  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  const hid_t file = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::vector<std::string> missing;
  ASSERT_GE(H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, check_described, &missing), 0);
  H5Fclose(file);
  EXPECT_TRUE(missing.empty()) << fmt::format("{}", fmt::join(missing, ", "));
}

TEST_F(ResultsH5, LeavesOnlyTheTargetInTheDirectory) {
  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  EXPECT_EQ(files_in(dir_), std::vector<std::string>{"r.h5"});
}

TEST_F(ResultsH5, UnwritablePathThrowsIoErrorAndLeavesNothing) {
  // /proc/self takes no new files, even for root.
  const std::string target = "/proc/self/riskgrid_results.h5";
  try {
    write_results_h5(target, make_record(), district_, catalog_);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
  }
  for (const std::string& name : files_in("/proc/self"))
    EXPECT_EQ(name.find("riskgrid_results"), std::string::npos) << name;
}

TEST_F(ResultsH5, FailedRenameThrowsIoErrorAndLeavesNoTemporary) {
  fs::create_directories(dir_ / "taken" / "child");  // a non-empty directory cannot be replaced
  EXPECT_THROW(write_results_h5(path("taken"), make_record(), district_, catalog_), IoError);
  EXPECT_EQ(files_in(dir_), std::vector<std::string>{"taken"});
}

TEST_F(ResultsH5, RejectsArraysOfTheWrongSizeNamingThem) {
  RunRecord record = make_record();
  record.results.ratio_to_normal.pop_back();
  try {
    write_results_h5(path("r.h5"), record, district_, catalog_);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("ratio_to_normal"), std::string::npos) << e.what();
  }
  record = make_record();
  record.results.mean_by_category = cube::widened(record.results.mean_by_category, 3);  // one category too many
  EXPECT_THROW(write_results_h5(path("r.h5"), record, district_, catalog_), std::invalid_argument);
  record = make_record(3, 3);  // three units, but the district has two grids
  EXPECT_THROW(write_results_h5(path("r.h5"), record, district_, catalog_), std::invalid_argument);
  record = make_record();
  record.results.name = "a/b";
  EXPECT_THROW(write_results_h5(path("r.h5"), record, district_, catalog_), std::invalid_argument);
  EXPECT_TRUE(files_in(dir_).empty());
}

TEST_F(ResultsH5, SameRecordGivesEqualFilesApartFromCreationTime) {
  ASSERT_EQ(run_status("h5diff --version > /dev/null 2>&1"), 0) << "h5diff (hdf5-tools) is needed";
  RunRecord record = make_record();
  write_results_h5(path("a.h5"), record, district_, catalog_);
  write_results_h5(path("b.h5"), record, district_, catalog_);
  record.created = "2027-06-07T08:09:10Z";
  write_results_h5(path("c.h5"), record, district_, catalog_);
  const auto h5diff = [&](const std::string& options, const char* other) {
    return run_status(fmt::format("h5diff {} '{}' '{}' > /dev/null 2>&1", options, path("a.h5"), path(other)));
  };
  EXPECT_EQ(h5diff("", "b.h5"), 0);
  EXPECT_EQ(h5diff("", "c.h5"), 1);  // h5diff also compares attributes: 'created' differs
  EXPECT_EQ(h5diff("--exclude-attribute /", "c.h5"), 0);
  // The exclusion is narrow: other attributes and the datasets are still compared.
  RunRecord other_title = record;
  other_title.results.title = "Other title";
  write_results_h5(path("d.h5"), other_title, district_, catalog_);
  EXPECT_EQ(h5diff("--exclude-attribute /", "d.h5"), 1);
  RunRecord other_value = record;
  other_value.results.mean_by_category.view()[5] += 1e-9;
  write_results_h5(path("e.h5"), other_value, district_, catalog_);
  EXPECT_EQ(h5diff("--exclude-attribute /", "e.h5"), 1);
  // No timestamps in object headers: identical records give identical bytes.
  std::ifstream a(path("a.h5"), std::ios::binary), b(path("b.h5"), std::ios::binary);
  const std::string bytes_a{std::istreambuf_iterator<char>(a), {}};
  const std::string bytes_b{std::istreambuf_iterator<char>(b), {}};
  EXPECT_TRUE(bytes_a == bytes_b);
}

TEST_F(ResultsH5, CompressesLargeArraysAndReadsThemBack) {
  const spatial::District district = make_district(10);
  const RunRecord record = make_record(500, 10);
  write_results_h5(path("r.h5"), record, district, catalog_);
  const ResultsReader reader(path("r.h5"));
  const auto by_category = reader.read<double>("scenarios/base/mean_by_category");
  EXPECT_EQ(by_category.dims, (std::vector<std::size_t>{500, 10, 2}));
  EXPECT_EQ(by_category.values, record.results.mean_by_category.values());
  EXPECT_EQ(reader.read<std::int8_t>("scenarios/base/risk_level").values, record.results.risk_level);

  const hid_t file = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t dataset = H5Dopen2(file, "scenarios/base/mean_by_category", H5P_DEFAULT);
  const hid_t properties = H5Dget_create_plist(dataset);
  EXPECT_EQ(H5Pget_layout(properties), H5D_CHUNKED);
  EXPECT_EQ(H5Pget_nfilters(properties), 2);  // shuffle + deflate
  H5Pclose(properties);
  H5Dclose(dataset);
  H5Fclose(file);
}

TEST_F(ResultsH5, WritesARunWithNoBins) {
  write_results_h5(path("r.h5"), make_record(0), district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  EXPECT_EQ(reader.read<double>("scenarios/base/mean").dims, (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(reader.read_strings("time_iso").empty());
}

TEST_F(ResultsH5, ReaderRejectsFilesItCannotRead) {
  EXPECT_THROW(ResultsReader(path("missing.h5")), IoError);
  const hid_t file = H5Fcreate(path("plain.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(file);
  EXPECT_THROW(ResultsReader(path("plain.h5")), IoError);

  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  const hid_t results = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const int newer = kResultsFormatVersion + 1;
  H5LTset_attribute_int(results, "/", "format_version", &newer, 1);
  H5Fclose(results);
  try {
    const ResultsReader reader(path("r.h5"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(fmt::format("format version {} is newer", newer)), std::string::npos)
        << e.what();
  }
  const hid_t older = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const int one = 1;  // a rank-based risk index: refused with what to do
  H5LTset_attribute_int(older, "/", "format_version", &one, 1);
  H5Fclose(older);
  try {
    const ResultsReader reader(path("r.h5"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("rerun the scenario"), std::string::npos) << e.what();
  }
}

TEST_F(ResultsH5, ReaderNamesMissingDatasetsAndWrongTypes) {
  write_results_h5(path("r.h5"), make_record(), district_, catalog_);
  const ResultsReader reader(path("r.h5"));
  EXPECT_TRUE(reader.exists("scenarios/base/mean"));
  EXPECT_FALSE(reader.exists("scenarios/other/mean"));
  try {
    (void)reader.read<double>("scenarios/base/nope");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("scenarios/base/nope"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)reader.read<double>("units/id"), IoError);
  EXPECT_THROW((void)reader.read_strings("units/area_m2"), IoError);
}

}  // namespace
}  // namespace riskgrid::results
