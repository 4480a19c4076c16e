// `--forecasts`: the exported forecasts reproduce the printed scores exactly (riskgrid's and the
// field's), at both levels, and the HDF5 file holds the same numbers on named dimensions.
#include "backtest_forecasts.hpp"

#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "../models/synth/square_district.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::app {
namespace {
namespace fs = std::filesystem;
using models::backtest::BacktestPlan;
using models::backtest::BacktestResult;
using models::backtest::OriginScores;

struct Exported {
  std::vector<double> mean, size;
  std::vector<std::uint32_t> observed;
};

// forecasts.csv by (model, origin), rows in cell order as written.
std::map<std::pair<std::string, std::string>, Exported> read_csv(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("model,origin,bin_start,unit,category,mean,size,q0.05,q0.25,q0.5,q0.75,q0.95,observed", 0), 0u);
  std::map<std::pair<std::string, std::string>, Exported> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream row(line);
    for (std::string field; std::getline(row, field, ',');) f.push_back(field);
    auto& e = out[{f[0], f[1]}];
    e.mean.push_back(std::stod(f[5]));
    e.size.push_back(std::stod(f[6]));
    e.observed.push_back(static_cast<std::uint32_t>(std::stoul(f.back())));
  }
  return out;
}

std::vector<double> read_h5_doubles(const fs::path& path, const char* name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
  const hid_t space = H5Dget_space(set);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Sclose(space);
  H5Dclose(set);
  H5Fclose(file);
  return v;
}

// Bit-identical, NaN (no unit flagged) matching NaN.
void expect_same(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(std::isnan(a[i]) && std::isnan(b[i]))) {
      EXPECT_EQ(a[i], b[i]) << i;
    }
}

void expect_same(const OriginScores& a, const OriginScores& b) {
  EXPECT_EQ(a.mae, b.mae);
  EXPECT_EQ(a.rmse, b.rmse);
  EXPECT_EQ(a.log_score, b.log_score);
  EXPECT_EQ(a.crps, b.crps);
  EXPECT_EQ(a.coverage, b.coverage);
  expect_same(a.pai, b.pai);
  expect_same(a.hit_rate, b.hit_rate);
  EXPECT_EQ(a.field_log_score, b.field_log_score);
  EXPECT_EQ(a.field_crps, b.field_crps);
  expect_same(a.field_pai, b.field_pai);
  expect_same(a.field_hit_rate, b.field_hit_rate);
}

class ForecastExport : public ::testing::TestWithParam<bool> {};

TEST_P(ForecastExport, ReproducesThePrintedScoresExactly) {
  const spatial::District district = testing::square_district(3, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  models::SynthSpec spec = models::default_synth_spec(catalog);
  spec.start = *time::parse_iso("2025-06-02");
  spec.days = 120;
  spec.daily_total = 60;
  const incidents::IncidentTable history = models::generate_history(spec, district, catalog);
  models::ModelRegistry registry;
  models::register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"negbin_weekday", "last_4_weeks", "same_period_last_year"};  // the last: never scored
  plan.history_start = spec.start;
  plan.origins = {*time::parse_iso("2025-09-15"), *time::parse_iso("2025-09-22")};
  plan.by_category = GetParam();
  plan.field_scores = plan.keep_forecasts = true;
  const BacktestResult r = run_backtest({district, catalog, history}, plan, registry.arrivals);
  const fs::path dir = fs::temp_directory_path() / fmt::format("riskgrid_forecasts_{}_{}", ::getpid(), GetParam());
  fs::create_directories(dir);
  const ForecastFiles files = write_forecast_files(dir.string(), "text", "riskgrid backtest x", district, catalog, r);
  const auto exported = read_csv(files.csv);
  std::vector<double> area;
  for (const auto& g : district.grids) area.push_back(g.area_m2);
  const std::size_t K = plan.by_category ? catalog.size() : 1;
  std::size_t checked = 0;
  for (std::size_t m = 0; m < 3; ++m)
    for (std::size_t o = 0; o < 2; ++o) {
      const auto it = exported.find({plan.models[m].display(), time::format_date(plan.origins[o])});
      if (!r.at(m, o).error.empty()) {
        EXPECT_EQ(it, exported.end()) << "an unscored forecast was exported";
        continue;
      }
      ASSERT_NE(it, exported.end());
      const Exported& e = it->second;
      ASSERT_EQ(e.mean.size(), 7 * district.grids.size() * K);
      expect_same(score_forecast(e.mean, e.size, e.observed, district.grids.size(), K, area, plan), r.at(m, o));
      ++checked;
    }
  EXPECT_EQ(checked, 4u);
  const std::vector<double> mean = read_h5_doubles(files.h5, "mean");
  const std::size_t cells = 7 * district.grids.size() * K;
  ASSERT_EQ(mean.size(), 3 * 2 * cells);
  for (std::size_t i = 0; i < cells; ++i) EXPECT_EQ(mean[i], r.forecasts[0].mean[i]);
  EXPECT_TRUE(std::isnan(mean[2 * 2 * cells]));  // same_period_last_year at the first origin
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Levels, ForecastExport, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "grid_category" : "grid"; });

}  // namespace
}  // namespace riskgrid::app
