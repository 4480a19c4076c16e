// Grid kinds in the synthetic history: grids of different kinds differ per resident and in their
// category mix, the district's totals stay as they are, a fit recovers the per-cell means, and the
// loader names the place of a bad `kinds:` entry.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/spatial/grid_attributes.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "square_district.hpp"

namespace riskgrid::models {
namespace {

namespace fs = std::filesystem;

const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo/";

struct Putuo {
  spatial::District district = spatial::load_district(kPutuo + "putuo_outline.json", kPutuo + "towns.geojson",
                                                      kPutuo + "grids.geojson", "Putuo District");
  catalog::CategoryCatalog catalog = catalog::load_catalog(kPutuo + "categories.yaml");
  SynthSpec spec = load_synth_spec(kPutuo + "synth.yaml", catalog);
};

std::string kind_of(const spatial::Unit& grid) {
  const std::string* kind = spatial::attribute_of(grid, spatial::kKindAttribute);
  return kind == nullptr ? std::string() : *kind;
}

double grid_total(const SynthParams& p, std::size_t g) {
  double total = 0;
  for (std::size_t c = 0; c < p.categories.size(); ++c) total += p.expected(g, c);
  return total;
}

TEST(SynthGridKinds, PutuoGridsCarryTheirAttributes) {
  const Putuo putuo;
  std::map<std::string, int> kinds;
  int low_lying = 0, riverside = 0, crowd_places = 0;
  for (const spatial::Unit& grid : putuo.district.grids) {
    ++kinds[kind_of(grid)];
    const std::string* low = spatial::attribute_of(grid, spatial::kLowLyingAttribute);
    const std::string* river = spatial::attribute_of(grid, spatial::kRiversideAttribute);
    ASSERT_TRUE(low != nullptr && river != nullptr) << grid.id;
    ASSERT_TRUE(spatial::flag_of(*low).has_value()) << grid.id << ": low_lying " << *low;
    ASSERT_TRUE(spatial::flag_of(*river).has_value()) << grid.id << ": riverside " << *river;
    low_lying += *spatial::flag_of(*low) ? 1 : 0;
    riverside += *spatial::flag_of(*river) ? 1 : 0;
    crowd_places += spatial::attribute_of(grid, spatial::kCrowdPlaceAttribute) != nullptr ? 1 : 0;
    if (grid.parent == "caoyang" || grid.parent == "yichuan") {
      EXPECT_EQ(kind_of(grid), "old_housing") << grid.id;
      EXPECT_TRUE(*spatial::flag_of(*low)) << grid.id;
    }
  }
  EXPECT_EQ(kinds[""], 0) << "every grid has a kind";
  for (const std::string& kind : spatial::kGridKinds) EXPECT_GT(kinds[kind], 0) << kind;
  EXPECT_EQ(low_lying, 8);  // Caoyang's and Yichuan's grids
  EXPECT_GE(riverside, 6);
  EXPECT_LE(riverside, 15);
  EXPECT_EQ(crowd_places, 3);
}

TEST(SynthGridKinds, PutuoGridsDifferPerResidentAndInTheirMix) {
  const Putuo putuo;
  const SynthParams p = synth_params(putuo.spec, putuo.district, putuo.catalog);
  const std::size_t G = p.grids.size(), C = p.categories.size();
  // Per-capita daily rates (per 1,000 residents): their coefficient of variation over grids.
  std::vector<double> rate(G);
  double mean = 0;
  for (std::size_t g = 0; g < G; ++g) {
    rate[g] = 1000 * grid_total(p, g) / putuo.district.grids[g].population;
    mean += rate[g] / double(G);
  }
  double variance = 0;
  for (const double r : rate) variance += (r - mean) * (r - mean) / double(G - 1);
  const double cv = std::sqrt(variance) / mean;
  std::printf("per-capita daily rate per 1,000 residents: mean %.3f, CV %.3f\n", mean, cv);
  EXPECT_GE(cv, 0.15);

  // Per kind: rate per 1,000 residents and the shares of a few categories.
  const std::size_t property = *putuo.catalog.index_of("property"), market = *putuo.catalog.index_of("market");
  const std::size_t environment = *putuo.catalog.index_of("environment");
  std::map<std::string, std::vector<double>> by_kind;  // per-capita total, property, market, environment, all
  for (std::size_t g = 0; g < G; ++g) {
    auto& v = by_kind[kind_of(putuo.district.grids[g])];
    v.resize(6, 0.0);
    v[0] += grid_total(p, g);
    v[1] += putuo.district.grids[g].population;
    v[2] += p.expected(g, property);
    v[3] += p.expected(g, market);
    v[4] += p.expected(g, environment);
    v[5] += 1;
  }
  auto share = [&](const std::string& kind, int i) { return by_kind[kind][i] / by_kind[kind][0]; };
  for (const auto& [kind, v] : by_kind)
    std::printf("%-12s %2.0f grids  %.3f a day per 1,000  property %.3f  market %.3f  environment %.3f\n", kind.c_str(),
                v[5], 1000 * v[0] / v[1], v[2] / v[0], v[3] / v[0], v[4] / v[0]);
  EXPECT_GT(share("old_housing", 2), 1.5 * share("commercial", 2));
  EXPECT_GT(share("commercial", 3), 2 * share("old_housing", 3));
  EXPECT_GT(share("industrial", 4), 2 * share("residential", 4));
  EXPECT_GT(by_kind["old_housing"][0] / by_kind["old_housing"][1],
            1.3 * by_kind["residential"][0] / by_kind["residential"][1]);

  // The district's category totals are those of a spec without kinds: kinds only move incidents
  // between grids.
  SynthSpec plain = putuo.spec;
  plain.kinds.clear();
  plain.grid_spread = 0;
  const SynthParams q = synth_params(plain, putuo.district, putuo.catalog);
  for (std::size_t c = 0; c < C; ++c) {
    double with = 0, without = 0;
    for (std::size_t g = 0; g < G; ++g) {
      with += p.expected(g, c);
      without += q.expected(g, c);
    }
    EXPECT_NEAR(with / without, 1, 1e-12) << p.categories[c];
  }
}

TEST(SynthGridKinds, ADistrictWithoutKindsGetsTheSameHistoryAsBefore) {
  const spatial::District district = testing::square_district(2, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.days = 30;
  spec.daily_total = 100;
  const auto before = generate_history(spec, district, catalog);
  const SynthParams p = synth_params(spec, district, catalog);
  spec.kinds = {{"commercial", 2.0, {3.0, 1.0, 1.0}}};
  const auto after = generate_history(spec, district, catalog);
  EXPECT_EQ(after.created, before.created);
  EXPECT_EQ(after.category, before.category);
  EXPECT_EQ(after.grid, before.grid);
  EXPECT_EQ(synth_params(spec, district, catalog).expected_mean_daily, p.expected_mean_daily);
}

TEST(SynthGridKinds, AGridOfAnUnknownKindIsAnInputError) {
  spatial::District district = testing::square_district(2, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.kinds = {{"commercial", 2.0, {3.0, 1.0, 1.0}}};
  district.grids[1].attributes["kind"] = "shops";
  try {
    synth_params(spec, district, catalog);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("grid 'g1': attribute kind"), std::string::npos) << e.what();
  }
}

// ---- recovery: a fit of a long history with kinds finds the per-grid x category means -----------

// Variance of one cell's daily count whose background mean is b (see negbin_weekday_test.cpp).
double daily_variance(double b, double k, double eta) {
  const double s1 = 1 / (1 - eta);
  const double s2 = eta / std::pow(1 - eta, 3) + s1 * s1;
  return b * s2 + b * b / k * s1 * s1;
}

TEST(SynthGridKinds, FitRecoversTheParamsFileMeansPerGridAndCategory) {
  spatial::District district = testing::square_district(3, 1000);  // 9 grids, populations 1..9 k
  const char* kinds[] = {"old_housing", "commercial",  "residential", "industrial", "old_housing",
                         "commercial",  "residential", "mixed",       "campus"};
  for (std::size_t g = 0; g < district.grids.size(); ++g) district.grids[g].attributes["kind"] = kinds[g];
  const catalog::CategoryCatalog catalog = testing::small_catalog();  // property, noise, municipal
  SynthSpec spec = default_synth_spec(catalog);
  spec.start = *time::parse_iso("2024-11-04");  // a Monday; 2 years
  spec.days = 728;
  spec.seed = 2026;
  spec.daily_total = 600;
  spec.dispersion = {8, 12, 20};
  spec.season_amplitude = 0;
  spec.branching_ratio = 0.15;
  spec.kinds = {{"old_housing", 1.3, {1.6, 0.8, 1.5}},
                {"commercial", 1.6, {0.6, 2.0, 1.0}},
                {"industrial", 1.2, {0.7, 1.2, 1.3}},
                {"campus", 0.7, {0.6, 1.0, 1.0}}};
  spec.grid_spread = 0.2;

  // The expected figures as a fit would read them: written and read back like history.params.yaml.
  const fs::path path = fs::temp_directory_path() / ("riskgrid_kinds_params_" + std::to_string(::getpid()) + ".yaml");
  write_synth_params(path.string(), synth_params(spec, district, catalog));
  const SynthParams truth = load_synth_params(path.string());
  fs::remove(path);

  const auto history = generate_history(spec, district, catalog);
  const NegbinWeekdayFit fit =
      fit_negbin_weekday({district, catalog, history, spec.start, spec.start + spec.days * time::kDay});
  const double days = double(fit.train_days);
  double chi_square = 0, spread_of_means = 0;
  for (std::size_t c = 0; c < fit.categories; ++c)
    for (std::size_t g = 0; g < fit.grids; ++g) {
      const double mu = truth.expected(g, c);
      const double var = daily_variance(mu * (1 - spec.branching_ratio), spec.dispersion[c], spec.branching_ratio);
      chi_square += std::pow(fit.rate_of(g, c) - mu, 2) / (var / days);
      spread_of_means += std::abs(mu / truth.expected(0, c) - 1);
    }
  std::printf("27 cells: chi-square %.1f (27 degrees of freedom)\n", chi_square);
  EXPECT_GT(spread_of_means, 5) << "the cells' means differ by more than population";
  EXPECT_LT(chi_square, 55.5);  // p < 0.001 with 27 degrees of freedom
  // Per resident, the old-housing grids' property rate is well above the commercial grids'.
  const auto per_resident = [&](std::size_t g, std::size_t c) {
    return fit.rate_of(g, c) / district.grids[g].population;
  };
  EXPECT_GT(per_resident(0, 0) + per_resident(4, 0), 2 * (per_resident(1, 0) + per_resident(5, 0)));
}

// ---- the loader ---------------------------------------------------------------------------------

std::string load_error(const std::string& text) {
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  const fs::path path = fs::temp_directory_path() / ("riskgrid_kinds_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  try {
    load_synth_spec(path.string(), catalog);
  } catch (const ScenarioError& e) {
    fs::remove(path);
    return e.what();
  }
  fs::remove(path);
  return "no error";
}

TEST(SynthGridKinds, LoaderReadsKindsAndSpread) {
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  const fs::path path = fs::temp_directory_path() / ("riskgrid_kinds_ok_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "start: 2025-11-01\nkinds:\n  commercial: {rate: 1.5, categories: {noise: 2}}\n"
                         "  campus: {}\ngrid_spread: 0.1\n";
  const SynthSpec spec = load_synth_spec(path.string(), catalog);
  fs::remove(path);
  ASSERT_EQ(spec.kinds.size(), 2u);
  EXPECT_EQ(spec.kinds[0].name, "commercial");
  EXPECT_DOUBLE_EQ(spec.kinds[0].rate, 1.5);
  EXPECT_EQ(spec.kinds[0].category_factor, (std::vector<double>{1, 2, 1}));
  EXPECT_DOUBLE_EQ(spec.kinds[1].rate, 1);
  EXPECT_DOUBLE_EQ(spec.grid_spread, 0.1);
}

TEST(SynthGridKinds, LoaderRejectsBadKindsWithFileLine) {
  const std::string head = "start: 2025-11-01\nkinds:\n";
  struct Case {
    std::string body, expected;
  } cases[] = {
      {"  old_houseing: {rate: 1.2}\n",
       ":3:3: kinds: unknown grid kind \"old_houseing\" (did you mean 'old_housing'?)"},
      {"  commercial: {rate: 1.2, categories: {nosie: 2}}\n",
       ":3:40: kinds.commercial.categories: unknown category \"nosie\" (did you mean 'noise'?)"},
      {"  mixed: {rate: -1}\n", ":3:17: kinds.mixed.rate: expected a positive number"},
      {"  mixed: {rate: 1, categories: {noise: 0}}\n",
       ":3:40: kinds.mixed.categories.noise: expected a positive number"},
      {"  mixed: {rates: 1}\n", ":3:"},
      {"  mixed: 1.2\n", ":3:10: kinds.mixed: expected a mapping"},
  };
  for (const Case& c : cases) {
    const std::string error = load_error(head + c.body);
    EXPECT_NE(error.find(c.expected), std::string::npos) << c.body << " gave: " << error;
  }
  EXPECT_NE(load_error("start: 2025-11-01\ngrid_spread: 2\n").find(":2:"), std::string::npos);
}

}  // namespace
}  // namespace riskgrid::models
