// The results loader: write a run with write_results_h5, load it back, compare every part, and
// write the loaded record again to the same datasets.
#include "riskgrid/engine/results/results_loader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_h5.hpp"

namespace riskgrid::results {
namespace {
namespace fs = std::filesystem;

geo::MultiPolygon rectangle(double x0, double y0, double w, double h) {
  geo::MultiPolygon shape;
  shape.resize(1);
  shape[0].outer() = {{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + h}, {x0, y0 + h}, {x0, y0}};
  return shape;
}

spatial::Unit make_unit(std::string id, std::string parent, geo::MultiPolygon shape, int k) {
  spatial::Unit u;
  u.id = std::move(id);
  u.name = "Unit " + u.id;
  u.name_local = "网格" + u.id;
  u.parent = std::move(parent);
  u.type = k % 2 == 0 ? "residential" : "campus";
  u.population = 1000.5 + k;
  u.staff = 3 + k;
  u.shape = std::move(shape);
  spatial::update_derived(u);
  return u;
}

/// Two towns side by side, each of two 500 m grids, projected around Putuo; one grid with a hole.
spatial::District make_district() {
  spatial::District d;
  d.name = "Testing district 测试区";
  d.projection = geo::LocalProjection(121.40, 31.24);
  d.towns.push_back(make_unit("T1", "", rectangle(0, 0, 1000, 500), 0));
  d.towns.push_back(make_unit("T2", "", rectangle(1000, 0, 1000, 500), 1));
  for (int i = 0; i < 4; ++i) {
    geo::MultiPolygon shape = rectangle(500.0 * i, 0, 500, 500);
    if (i == 2) {
      shape[0].inners().push_back({{1100, 100}, {1100, 200}, {1200, 200}, {1200, 100}, {1100, 100}});
    }
    d.grids.push_back(make_unit(fmt::format("G{}", i + 1), i < 2 ? "T1" : "T2", shape, i));
  }
  d.outline = rectangle(0, 0, 2000, 500);
  return d;
}

catalog::CategoryCatalog make_catalog() {
  catalog::CategoryCatalog c;
  c.categories.push_back(
      {.id = "property", .name = "Property", .name_local = "物业", .share = 0.6, .department = "housing", .weight = 1});
  c.categories.push_back(
      {.id = "safety", .name = "Safety", .name_local = "安全", .share = 0.4, .department = "police", .weight = 5});
  return c;
}

std::vector<double> ramp(std::size_t n, double offset) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = offset + 0.37 * static_cast<double>(i);
  return v;
}

results::RunRecord make_record() {
  results::RunRecord record;
  record.scenario_text = "name: typhoon\nseed: 7\n";
  record.scenario_sha256 = std::string(64, 'b');
  record.seed = 7;
  record.replicas = 50;
  record.created = "2026-01-02T03:04:05Z";
  results::ScenarioResults& r = record.results;
  r.name = "typhoon";
  r.title = "Typhoon 台风";
  r.time = {*time::parse_iso("2026-11-01 06:00"), time::kHour, 5};
  r.units = 4;
  r.categories = 2;
  r.replicas = 50;
  const std::size_t cells = 5 * 4;
  r.per_bin = {ramp(cells, 1), ramp(cells, 0), ramp(cells, 0.75), ramp(cells, 2), ramp(cells, 0.01), ramp(cells, 0.02)};
  r.exceedance_threshold = ramp(4, 3);
  r.mean_by_category = cube::Cube<double>({5, 4, 2}, ramp(cells * 2, 0.125));
  r.normal = ramp(cells, 0.5);
  r.ratio_to_normal = ramp(cells, 0.2);
  r.excess = ramp(cells, 0.3);
  r.normal_by_category = cube::Cube<double>({5, 4, 2}, ramp(cells * 2, 0.25));
  r.normal_source = "the grid's own history";
  for (std::size_t i = 0; i < cells; ++i) r.risk_level.push_back(static_cast<std::int8_t>(i % 4));
  r.horizon = {ramp(4, 10), ramp(4, 8), ramp(4, 9), ramp(4, 12), ramp(4, 0.3), ramp(4, 0.1)};
  r.horizon_threshold = ramp(4, 11);
  r.horizon_normal = ramp(4, 7);
  r.horizon_ratio_to_normal = ramp(4, 0.4);
  r.horizon_excess = ramp(4, 1.5);
  r.level_reason.assign(4, "1.2× normal (yellow from 1.5×)");
  for (std::size_t u = 0; u < 4; ++u) r.rank.push_back(static_cast<std::int32_t>(u + 1));
  r.rank_value = ramp(4, 2.5);
  r.rank_measure = "weighted excess per 10,000 residents";
  r.horizon_risk_level = {0, 1, 2, 3};
  r.levels = {{"blue", "Blue (low) 蓝", 0x1f77b4},
              {"yellow", "Yellow 黄", 0xffdd00},
              {"orange", "Orange 橙", 0xff8800},
              {"red", "Red (high) 红", 0xd62728}};
  r.category_excess = ramp(8, 0.05);
  r.drill_names = {"rain", "wind"};
  r.drill_added = ramp(8, 1.5);
  return record;
}

class ResultsLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("riskgrid_loader_{}", ::getpid());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  spatial::District district_ = make_district();
  catalog::CategoryCatalog catalog_ = make_catalog();
  results::RunRecord record_ = make_record();
};

void expect_same_shape(const geo::MultiPolygon& got, const geo::MultiPolygon& want) {
  ASSERT_EQ(got.size(), want.size());
  EXPECT_NEAR(geo::bg::area(got), geo::bg::area(want), 1e-4 * geo::bg::area(want));
  for (std::size_t p = 0; p < got.size(); ++p) {
    ASSERT_EQ(got[p].outer().size(), want[p].outer().size());
    ASSERT_EQ(got[p].inners().size(), want[p].inners().size());
    for (std::size_t i = 0; i < got[p].outer().size(); ++i) {
      // 10 significant digits of lon/lat are about a centimetre.
      EXPECT_NEAR(got[p].outer()[i].x(), want[p].outer()[i].x(), 0.05);
      EXPECT_NEAR(got[p].outer()[i].y(), want[p].outer()[i].y(), 0.05);
    }
  }
}

void expect_same_units(const std::vector<spatial::Unit>& got, const std::vector<spatial::Unit>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(want[i].id);
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].name, want[i].name);
    EXPECT_EQ(got[i].name_local, want[i].name_local);
    EXPECT_EQ(got[i].parent, want[i].parent);
    EXPECT_EQ(got[i].type, want[i].type);
    EXPECT_EQ(got[i].population, want[i].population);
    EXPECT_EQ(got[i].staff, want[i].staff);
    EXPECT_EQ(got[i].area_m2, want[i].area_m2);
    EXPECT_NEAR(got[i].centroid.x(), want[i].centroid.x(), 1e-3);
    EXPECT_NEAR(got[i].centroid.y(), want[i].centroid.y(), 1e-3);
    expect_same_shape(got[i].shape, want[i].shape);
  }
}

void expect_same_scenario(const results::ScenarioResults& got, const results::ScenarioResults& want) {
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.time.start, want.time.start);
  EXPECT_EQ(got.time.bin_length, want.time.bin_length);
  EXPECT_EQ(got.time.bins, want.time.bins);
  EXPECT_EQ(got.units, want.units);
  EXPECT_EQ(got.categories, want.categories);
  EXPECT_EQ(got.replicas, want.replicas);
  for (const auto& [a, b] : {std::pair{&got.per_bin, &want.per_bin}, {&got.horizon, &want.horizon}}) {
    EXPECT_EQ(a->mean, b->mean);
    EXPECT_EQ(a->p05, b->p05);
    EXPECT_EQ(a->p50, b->p50);
    EXPECT_EQ(a->p95, b->p95);
    EXPECT_EQ(a->exceedance, b->exceedance);
    EXPECT_EQ(a->above_double_normal, b->above_double_normal);
  }
  EXPECT_EQ(got.exceedance_threshold, want.exceedance_threshold);
  EXPECT_EQ(got.mean_by_category.values(), want.mean_by_category.values());
  EXPECT_EQ(got.normal, want.normal);
  EXPECT_EQ(got.normal_by_category.values(), want.normal_by_category.values());
  EXPECT_EQ(got.normal_source, want.normal_source);
  EXPECT_EQ(got.ratio_to_normal, want.ratio_to_normal);
  EXPECT_EQ(got.excess, want.excess);
  EXPECT_EQ(got.risk_level, want.risk_level);
  EXPECT_EQ(got.horizon_threshold, want.horizon_threshold);
  EXPECT_EQ(got.horizon_normal, want.horizon_normal);
  EXPECT_EQ(got.horizon_ratio_to_normal, want.horizon_ratio_to_normal);
  EXPECT_EQ(got.horizon_excess, want.horizon_excess);
  EXPECT_EQ(got.level_reason, want.level_reason);
  EXPECT_EQ(got.rank, want.rank);
  EXPECT_EQ(got.rank_value, want.rank_value);
  EXPECT_EQ(got.rank_measure, want.rank_measure);
  EXPECT_EQ(got.horizon_risk_level, want.horizon_risk_level);
  ASSERT_EQ(got.levels.size(), want.levels.size());
  for (std::size_t l = 0; l < got.levels.size(); ++l) {
    EXPECT_EQ(got.levels[l].name, want.levels[l].name);
    EXPECT_EQ(got.levels[l].label, want.levels[l].label);
    EXPECT_EQ(got.levels[l].rgb, want.levels[l].rgb);
  }
  EXPECT_EQ(got.category_excess, want.category_excess);
  EXPECT_EQ(got.drill_names, want.drill_names);
  EXPECT_EQ(got.drill_added, want.drill_added);
}

TEST_F(ResultsLoader, RoundTripsDistrictCatalogAndScenario) {
  write_results_h5(path("r.h5"), record_, district_, catalog_);
  const LoadedResults loaded = load_results(path("r.h5"));
  EXPECT_EQ(loaded.path, path("r.h5"));
  EXPECT_EQ(loaded.scenario_text, record_.scenario_text);
  EXPECT_EQ(loaded.scenario_sha256, record_.scenario_sha256);
  EXPECT_EQ(loaded.seed, 7u);
  EXPECT_EQ(loaded.replicas, 50u);
  EXPECT_EQ(loaded.created, record_.created);
  EXPECT_FALSE(loaded.riskgrid_version.empty());
  EXPECT_EQ(loaded.district_note, "");

  const spatial::District& d = loaded.district;
  EXPECT_EQ(d.name, district_.name);
  EXPECT_DOUBLE_EQ(d.projection.lon0(), 121.40);
  EXPECT_DOUBLE_EQ(d.projection.lat0(), 31.24);
  expect_same_units(d.grids, district_.grids);
  expect_same_units(d.towns, district_.towns);
  // No outline in the file: the union of the towns stands in for it.
  EXPECT_NEAR(geo::bg::area(d.outline), 2000.0 * 500, 100.0);

  ASSERT_EQ(loaded.catalog.size(), 2u);
  for (std::size_t c = 0; c < 2; ++c) {
    const auto& got = loaded.catalog.categories[c];
    const auto& want = catalog_.categories[c];
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.name_local, want.name_local);
    EXPECT_EQ(got.department, want.department);
    EXPECT_EQ(got.weight, want.weight);
    EXPECT_EQ(got.share, want.share);
  }

  ASSERT_EQ(loaded.scenarios.size(), 1u);
  EXPECT_EQ(loaded.count_units, std::vector<std::string>{"incidents"});
  expect_same_scenario(loaded.scenarios[0], record_.results);
}

TEST_F(ResultsLoader, WritingTheLoadedRecordAgainGivesTheSameDatasets) {
  write_results_h5(path("a.h5"), record_, district_, catalog_);
  const LoadedResults loaded = load_results(path("a.h5"));
  write_results_h5(path("b.h5"), loaded.record(0), loaded.district, loaded.catalog);
  const std::string cmd = fmt::format(
      "h5diff -r {} {} /scenarios /scenarios > /dev/null && "
      "h5diff -r {} {} /categories /categories > /dev/null && "
      "h5diff -r {} {} /time /time > /dev/null",
      path("a.h5"), path("b.h5"), path("a.h5"), path("b.h5"), path("a.h5"), path("b.h5"));
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(ResultsLoader, ReadsTheDistrictNoteWhenTheFileHasOne) {
  write_results_h5(path("r.h5"), record_, district_, catalog_);
  const hid_t file = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5LTset_attribute_string(file, "/", "district_note", "Borders are synthetic"), 0);
  H5Fclose(file);
  EXPECT_EQ(load_results(path("r.h5")).district_note, "Borders are synthetic");
}

TEST_F(ResultsLoader, ChoosesAScenarioByNameAndListsTheOnesItHas) {
  write_results_h5(path("r.h5"), record_, district_, catalog_);
  const LoadedResults loaded = load_results(path("r.h5"));
  EXPECT_EQ(loaded.scenario_index(), 0u);
  EXPECT_EQ(loaded.scenario_index("typhoon"), 0u);
  try {
    (void)loaded.scenario_index("baseline");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no scenario 'baseline'; the file holds typhoon"), std::string::npos)
        << e.what();
  }
}

TEST_F(ResultsLoader, MissingOrForeignFilesAreIoErrorsNamingThem) {
  const std::string missing = path("nope.h5");
  try {
    (void)load_results(missing);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  std::ofstream(path("text.h5")) << "not hdf5\n";
  EXPECT_THROW((void)load_results(path("text.h5")), IoError);
}

TEST_F(ResultsLoader, ALevelOutsideTheBandsIsAnInputError) {
  write_results_h5(path("r.h5"), record_, district_, catalog_);
  const hid_t file = H5Fopen(path("r.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t data = H5Dopen2(file, "scenarios/typhoon/horizon/risk_level", H5P_DEFAULT);
  const std::int8_t bad[4] = {0, 9, 0, 0};
  ASSERT_GE(H5Dwrite(data, H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bad), 0);
  H5Dclose(data);
  H5Fclose(file);
  try {
    (void)load_results(path("r.h5"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("horizon/risk_level holds level 9"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace riskgrid::results
