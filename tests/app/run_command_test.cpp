// End-to-end tests of `riskgrid run` on the embedded Putuo district.
#include <cairo.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <filesystem>
#include <fstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;

class RunCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_run_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static inline fs::path dir_;
};

TEST_F(RunCommand, TyphoonIsBitIdenticalOnOneAndTwoThreads) {
  const std::string scenario = kScenarios + "/putuo/typhoon.yaml";
  for (int threads : {1, 2}) {
    const auto r = riskgrid("run " + scenario + " --quiet --replicas 200 --threads " + std::to_string(threads) +
                            " --out " + (dir_ / ("t" + std::to_string(threads))).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("top 10 grids"), std::string::npos) << r.output;
  }
  const auto a = (dir_ / "t1" / "results.h5").string(), b = (dir_ / "t2" / "results.h5").string();
  for (const char* group : {"/scenarios", "/units", "/time", "/categories"}) {
    const auto diff = run_command("h5diff -r " + a + " " + b + " " + group + " " + group);
    EXPECT_EQ(diff.exit_code, 0) << group << "\n" << diff.output;
  }
  // h5diff must be able to see a difference: another seed differs.
  const auto other = riskgrid("run " + scenario + " --quiet --replicas 200 --seed 5 --out " + (dir_ / "s5").string());
  ASSERT_EQ(other.exit_code, 0) << other.output;
  EXPECT_EQ(run_command("h5diff -q " + a + " " + (dir_ / "s5" / "results.h5").string() +
                        " /scenarios/typhoon/mean /scenarios/typhoon/mean")
                .exit_code,
            1);
}

/// Opens a GIS layer the way QGIS would (GDAL) and checks what a planner styles by.
void expect_risk_layer(const fs::path& path) {
  GDALAllRegister();
  GDALDatasetH dataset = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(dataset, nullptr) << path;
  OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
  ASSERT_NE(layer, nullptr);
  EXPECT_STREQ(OGR_L_GetName(layer), "baseline");
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), 45);
  OGRFeatureDefnH fields = OGR_L_GetLayerDefn(layer);
  for (const char* name : {"id", "name", "town", "mean", "p05", "p95", "normal", "ratio_to_normal", "excess",
                           "level_name", "level_reason", "rank", "top_category_1"})
    EXPECT_GE(OGR_FD_GetFieldIndex(fields, name), 0) << path << ": " << name;
  GDALClose(dataset);
}

TEST_F(RunCommand, WritesAPngHeatMapOfTheDistrict) {
  const auto out = dir_ / "png";
  const auto r = riskgrid("run " + kScenarios + "/putuo/baseline.yaml --quiet --replicas 50 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  cairo_surface_t* png = cairo_image_surface_create_from_png((out / "heatmap.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  EXPECT_GE(cairo_image_surface_get_width(png), 800);
  EXPECT_GE(cairo_image_surface_get_height(png), 600);
  cairo_surface_destroy(png);
  expect_risk_layer(out / "risk.geojson");
  expect_risk_layer(out / "risk.gpkg");
  for (const char* file : {"heatmap.svg", "multiples.png", "report.html"}) EXPECT_TRUE(fs::exists(out / file)) << file;
  for (const auto& entry : fs::directory_iterator(out))
    EXPECT_EQ(entry.path().extension() == ".tmp", false) << entry.path();
}

TEST_F(RunCommand, BadScenarioExitsWithUsageCodeAndLocation) {
  const auto path = dir_ / "bad.yaml";
  std::ofstream(path) << "name: bad\ndistrict: " << kScenarios
                      << "/putuo/district.yaml\nhorizon: {start: 2026-11-01, days: 3}\nreplicas: many\n";
  const auto r = riskgrid("run " + path.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bad.yaml:4:11: replicas: expected a whole number"), std::string::npos) << r.output;
}

TEST_F(RunCommand, UnknownModelListsTheKnownOnes) {
  const auto path = dir_ / "model.yaml";
  std::ofstream(path) << "name: m\ndistrict: " << kScenarios
                      << "/putuo/district.yaml\nhorizon: {start: 2026-11-01, days: 3}\nmodel: negbin_weekdy\n";
  const auto r = riskgrid("run " + path.string() + " --quiet");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.output.find("model.yaml:4:8: model: unknown arrival model \"negbin_weekdy\" (did you mean 'negbin_weekday'?)"),
      std::string::npos)
      << r.output;
}

TEST_F(RunCommand, MissingFileIsAnIoErrorAndUnknownOptionAUsageError) {
  EXPECT_EQ(riskgrid("run /nonexistent/scenario.yaml").exit_code, 4);
  EXPECT_EQ(riskgrid("run " + kScenarios + "/putuo/baseline.yaml --replica 3").exit_code, 2);
  EXPECT_EQ(riskgrid("frobnicate").exit_code, 2);
  EXPECT_EQ(riskgrid("run --help").exit_code, 0);
}

TEST_F(RunCommand, CaseHandlingIsBitIdenticalOnOneAndTwoThreads) {
  const std::string scenario = kScenarios + "/putuo/staff_cut.yaml";
  for (int threads : {1, 2}) {
    const auto r = riskgrid("run " + scenario + " --quiet --replicas 6 --threads " + std::to_string(threads) +
                            " --out " + (dir_ / ("c" + std::to_string(threads))).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto a = (dir_ / "c1" / "results.h5").string(), b = (dir_ / "c2" / "results.h5").string();
  const auto diff = run_command("h5diff -r " + a + " " + b + " /scenarios /scenarios");
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  const auto listing = run_command("h5ls -r " + a + "/scenarios/staff_cut/response");
  for (const char* dataset : {"backlog_mean", "overdue_mean", "escalations_mean", "wait_p90_hours", "utilisation"})
    EXPECT_NE(listing.output.find(dataset), std::string::npos) << listing.output;
}

TEST_F(RunCommand, ReplayFeedsTheHistorysOwnIncidents) {
  const auto out = dir_ / "replay";
  const auto r = riskgrid("run " + kScenarios + "/putuo/replay_october_more_staff.yaml --quiet --replicas 3 --out " +
                          out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string file = (out / "results.h5").string(), group = "/scenarios/replay_october_more_staff/";
  // No re-sampling: every replica has the same counts, so the 5th and 95th percentiles are the mean.
  auto values = [&](const std::string& dataset) {
    const fs::path raw = out / (std::to_string(std::hash<std::string>{}(dataset)) + ".bin");
    EXPECT_EQ(run_command("h5dump -d " + group + dataset + " -b LE -o " + raw.string() + " " + file).exit_code, 0);
    std::ifstream in(raw, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string mean = values("mean");
  EXPECT_GT(mean.size(), 31u * 45 * 8 - 1);
  EXPECT_EQ(mean, values("p05"));
  EXPECT_EQ(mean, values("p95"));
  EXPECT_EQ(mean, values("response/arrived_mean"));
}

}  // namespace
}  // namespace riskgrid
