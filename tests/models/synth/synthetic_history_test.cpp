#include "riskgrid/models/synth/synthetic_history.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/history_csv.hpp"
#include "square_district.hpp"

namespace riskgrid::models {
namespace {

namespace fs = std::filesystem;

// 2 x 2 grids of 1 km, 3 categories, 120 days from a Monday: ~24k incidents, fast.
struct Small {
  spatial::District district = testing::square_district(2, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);

  Small() {
    spec.start = *time::parse_iso("2025-11-03");
    spec.days = 120;
    spec.seed = 42;
    spec.daily_total = 200;
    spec.sources = {"hotline", "grid_patrol", "petition"};
    spec.source_weight = {500, 600, 25};
    spec.season_amplitude = 0;
  }
};

bool same_tables(const incidents::IncidentTable& a, const incidents::IncidentTable& b) {
  return a.id == b.id && a.created == b.created && a.closed == b.closed && a.category == b.category &&
         a.grid == b.grid && a.source == b.source && a.lon == b.lon && a.lat == b.lat && a.status == b.status;
}

TEST(SyntheticHistory, SameSpecAndSeedGiveIdenticalTablesOnAnyThreadCount) {
  const Small s;
  const auto a = generate_history(s.spec, s.district, s.catalog);
  incidents::IncidentTable b;
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    b = generate_history(s.spec, s.district, s.catalog);
  }
  ASSERT_GT(a.size(), 10000u);
  EXPECT_TRUE(same_tables(a, b));
}

TEST(SyntheticHistory, DifferentSeedGivesADifferentTable) {
  Small s;
  const auto a = generate_history(s.spec, s.district, s.catalog);
  s.spec.seed = 43;
  const auto b = generate_history(s.spec, s.district, s.catalog);
  EXPECT_NE(a.created, b.created);
}

TEST(SyntheticHistory, IsSortedWithDailyIds) {
  const Small s;
  const auto t = generate_history(s.spec, s.district, s.catalog);
  EXPECT_TRUE(std::is_sorted(t.created.begin(), t.created.end()));
  EXPECT_EQ(t.id.front(), "PT2025110300001");
  EXPECT_EQ(t.created.front() / time::kDay, s.spec.start / time::kDay);
  EXPECT_LT(t.created.back(), s.spec.start + s.spec.days * time::kDay);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < t.id.size(); ++i) ids.emplace_back(t.id[i]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "ids are unique";
  for (std::size_t i = 0; i < t.size(); ++i) {
    ASSERT_TRUE(t.closed[i] == -1 || t.closed[i] >= t.created[i]);
    ASSERT_EQ(t.status[i], t.closed[i] < 0 ? "open" : "closed");
  }
}

// Variance of a window total of one (grid, category) cell whose background has mean b a day: each
// background incident heads a cascade of S incidents (E S = 1/(1-eta), Var S = eta/(1-eta)^3), and
// the NB day factor makes the background over-dispersed.
double cell_total_variance(double b_per_day, double days, double k, double eta) {
  const double mean_s = 1 / (1 - eta);
  const double mean_s2 = eta / std::pow(1 - eta, 3) + mean_s * mean_s;
  return days * (b_per_day * mean_s2 + b_per_day * b_per_day / k * mean_s * mean_s);
}

TEST(SyntheticHistory, CountsPerCategoryAndSourceMatchTheExpectedFigures) {
  Small s;
  s.spec.branching_ratio = 0.15;
  const auto t = generate_history(s.spec, s.district, s.catalog);
  const SynthParams p = synth_params(s.spec, s.district, s.catalog);
  std::vector<double> count(3, 0);
  std::map<std::string, double> by_source;
  for (std::size_t i = 0; i < t.size(); ++i) {
    count[t.category[i]] += 1;
    by_source[std::string(t.source[i])] += 1;
  }
  for (std::size_t c = 0; c < 3; ++c) {
    double expected = 0, variance = 0;
    for (std::size_t g = 0; g < 4; ++g) {
      expected += p.expected(g, c) * s.spec.days;
      variance += cell_total_variance(p.expected(g, c) * (1 - 0.15), s.spec.days, 10, 0.15);
    }
    EXPECT_NEAR(count[c], expected, 4 * std::sqrt(variance)) << p.categories[c];
    EXPECT_NEAR(count[c] / double(t.size()), s.catalog.categories[c].share, 0.02);
  }
  const double n = double(t.size());
  EXPECT_NEAR(by_source["hotline"] / n, 500.0 / 1125, 0.01);
  EXPECT_NEAR(by_source["grid_patrol"] / n, 600.0 / 1125, 0.01);
  EXPECT_NEAR(by_source["petition"] / n, 25.0 / 1125, 0.005);
}

// Pairs of incidents of the same grid and category within `metres` and `days` of each other.
std::size_t close_pairs(const incidents::IncidentTable& t, double metres, time::Seconds window) {
  constexpr double kMetresPerDegree = 111320;
  const double cos_lat = std::cos(31.25 * 3.14159265358979 / 180);
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t j = i + 1; j < t.size() && t.created[j] - t.created[i] <= window; ++j) {
      if (t.grid[i] != t.grid[j] || t.category[i] != t.category[j]) continue;
      const double dx = (t.lon[j] - t.lon[i]) * cos_lat * kMetresPerDegree;
      const double dy = (t.lat[j] - t.lat[i]) * kMetresPerDegree;
      if (dx * dx + dy * dy <= metres * metres) ++pairs;
    }
  return pairs;
}

TEST(SyntheticHistory, RepeatsCluster) {
  // With a 2 m radius, background incidents seldom fall that close within two weeks (the eta = 0
  // run measures how often), so close pairs count the cascades: per incident, its eta direct repeats
  // (delay <= 13 days: 1 - (2/3)^13), plus pairs that land within 2 m by chance of two 2 m offsets
  // (probability 1 - 3 sqrt(3) / (4 pi) = 0.587): eta^2 grandchildren (90% within 14 days) and
  // eta^2 / 2 sibling pairs.
  Small s;
  s.spec.days = 60;
  s.spec.repeat_radius_m = 2;
  s.spec.branching_ratio = 0;
  const auto plain = generate_history(s.spec, s.district, s.catalog);
  const double eta = 0.2;
  s.spec.branching_ratio = eta;
  const auto repeated = generate_history(s.spec, s.district, s.catalog);
  const double background_pairs = double(close_pairs(plain, 2, 14 * time::kDay));
  const double per_incident = eta * (1 - std::pow(2.0 / 3, 13)) + 0.587 * eta * eta * (0.9 + 0.5);
  const double expected = per_incident * double(repeated.size()) + background_pairs;
  EXPECT_LT(background_pairs, 0.05 * expected);
  EXPECT_NEAR(double(close_pairs(repeated, 2, 14 * time::kDay)) / expected, 1, 0.1);
}

TEST(SyntheticHistory, AllPointsLieInsideTheirGrid) {
  Small s;
  s.spec.days = 20;
  s.spec.branching_ratio = 0.3;
  s.spec.repeat_radius_m = 400;  // repeats of points near a border try to leave the grid
  const auto t = generate_history(s.spec, s.district, s.catalog);
  ASSERT_GT(t.size(), 1000u);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const geo::Point p = s.district.projection.to_metric(t.lon[i], t.lat[i]);
    ASSERT_LT(geo::bg::distance(p, s.district.grids[t.grid[i]].shape), 1e-6) << t.id[i];
  }
}

TEST(SyntheticHistory, EpisodeDaysShowTheirMultiplier) {
  Small s;
  s.spec.branching_ratio = 0;  // repeats would spill the episode into later days
  s.spec.dispersion.assign(3, 50);
  SynthEpisode typhoon{"typhoon", s.spec.start + 60 * time::kDay, s.spec.start + 63 * time::kDay, {2.5, 2.5, 10}};
  s.spec.episodes = {typhoon};
  const auto t = generate_history(s.spec, s.district, s.catalog);
  std::vector<double> in_episode(3, 0);
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.created[i] >= typhoon.start && t.created[i] < typhoon.end) in_episode[t.category[i]] += 1;
  // Without the episode, grid g's expected count of category c on day d is
  // daily_total * share_c * weight_g * weekday(d); the grid weights are 0.1, 0.2, 0.3, 0.4.
  const std::array<double, 7> weekday{1.1, 1.1, 1.1, 1.1, 1.1, 0.75, 0.75};
  for (std::size_t c = 0; c < 3; ++c) {
    const double factor = typhoon.category_factor[c];
    double usual = 0, variance = 0;
    for (time::Seconds d = typhoon.start; d < typhoon.end; d += time::kDay)
      for (const double weight : {0.1, 0.2, 0.3, 0.4}) {
        const double mu = 200 * s.catalog.categories[c].share * weight * weekday[std::size_t(time::weekday(d))];
        usual += mu;
        variance += factor * mu + factor * factor * mu * mu / 50;
      }
    EXPECT_NEAR(in_episode[c], factor * usual, 4 * std::sqrt(variance)) << s.catalog.categories[c].id;
    EXPECT_NEAR(in_episode[c] / usual, factor, 0.25 * factor) << s.catalog.categories[c].id;
  }
  const SynthParams p = synth_params(s.spec, s.district, s.catalog);
  ASSERT_EQ(p.excluded_days.size(), 1u);
  EXPECT_EQ(p.excluded_days[0].start, typhoon.start);
  EXPECT_EQ(p.excluded_days[0].end, typhoon.end);
}

TEST(SyntheticHistory, ParamsRoundTripThroughYaml) {
  Small s;
  s.spec.branching_ratio = 0.15;
  s.spec.episodes = {
      {"typhoon", s.spec.start + 10 * time::kDay + 6 * time::kHour, s.spec.start + 12 * time::kDay, {2, 2, 8}}};
  const SynthParams p = synth_params(s.spec, s.district, s.catalog);
  const fs::path path = fs::temp_directory_path() / ("riskgrid_params_" + std::to_string(::getpid()) + ".yaml");
  write_synth_params(path.string(), p);
  const SynthParams q = load_synth_params(path.string());
  fs::remove(path);
  EXPECT_EQ(q.seed, p.seed);
  EXPECT_EQ(q.start, p.start);
  EXPECT_EQ(q.days, p.days);
  EXPECT_EQ(q.burn_in_days, 30);
  EXPECT_EQ(q.categories, p.categories);
  EXPECT_EQ(q.grids, p.grids);
  EXPECT_EQ(q.sources, p.sources);
  ASSERT_EQ(q.excluded_days.size(), 1u);
  EXPECT_EQ(q.excluded_days[0].start, s.spec.start + 10 * time::kDay);  // whole days
  EXPECT_EQ(q.episodes[0].start, p.episodes[0].start);
  ASSERT_EQ(q.expected_mean_daily.size(), p.expected_mean_daily.size());
  for (std::size_t i = 0; i < p.expected_mean_daily.size(); ++i)
    EXPECT_NEAR(q.expected_mean_daily[i], p.expected_mean_daily[i], 1e-9 * p.expected_mean_daily[i]);
  for (std::size_t w = 0; w < 7; ++w) {
    EXPECT_NEAR(q.weekday_factor[w], p.weekday_factor[w], 1e-12);
    EXPECT_NEAR(q.expected_weekday_factor[2][w], p.expected_weekday_factor[2][w], 1e-10);
  }
  double total = 0;
  for (const double v : p.expected_mean_daily) total += v;
  EXPECT_NEAR(total, 200, 200 * 0.01) << "repeats included, the district total is daily_total";
}

TEST(SyntheticHistory, LoadsThePutuoSpec) {
  const auto catalog = catalog::load_catalog(std::string(RISKGRID_SCENARIOS) + "/putuo/categories.yaml");
  const SynthSpec spec = load_synth_spec(std::string(RISKGRID_SCENARIOS) + "/putuo/synth.yaml", catalog);
  EXPECT_EQ(spec.start, *time::parse_iso("2025-11-01"));
  EXPECT_EQ(spec.days, 365);
  EXPECT_DOUBLE_EQ(spec.daily_total, 1125);
  EXPECT_EQ(spec.sources, (std::vector<std::string>{"hotline", "grid_patrol", "petition"}));
  EXPECT_DOUBLE_EQ(spec.branching_ratio, 0.15);
  EXPECT_DOUBLE_EQ(spec.dispersion[*catalog.index_of("municipal")], 5);
  ASSERT_EQ(spec.episodes.size(), 1u);
  EXPECT_EQ(spec.episodes[0].end - spec.episodes[0].start, 72 * time::kHour);
  EXPECT_DOUBLE_EQ(spec.episodes[0].category_factor[*catalog.index_of("greenery")], 10);
  EXPECT_DOUBLE_EQ(spec.episodes[0].category_factor[*catalog.index_of("property")], 2.5);
}

TEST(SyntheticHistory, SpecErrorsSayWhereAndSuggest) {
  const Small s;
  const fs::path path = fs::temp_directory_path() / ("riskgrid_synth_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "start: 2025-11-01\ndispersion: {default: 10, nosie: 5}\n";
  try {
    load_synth_spec(path.string(), s.catalog);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find(":2:27: dispersion: unknown category \"nosie\" (did you mean 'noise'?)"),
              std::string::npos)
        << e.what();
  }
  std::ofstream(path) << "start: 2025-11-01\nrepeat: {branching_ratio: 0.1}\n";
  EXPECT_THROW(load_synth_spec(path.string(), s.catalog), ScenarioError);
  fs::remove(path);
}

TEST(SyntheticHistory, EnsureHistoryWritesOnlyWhenMissing) {
  const Small s;
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_ensure_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "synth.yaml") << "start: 2025-11-03\ndays: 10\nseed: 42\ndaily_total: 50\n";
  const std::string csv = (dir / "history.csv").string();
  ensure_history(csv, (dir / "synth.yaml").string(), s.district, s.catalog);
  ASSERT_TRUE(fs::exists(csv));
  EXPECT_TRUE(fs::exists(dir / "history.params.yaml"));
  const auto written = fs::last_write_time(csv);
  const auto table = incidents::read_history_csv(csv, s.district, s.catalog);
  SynthSpec spec = load_synth_spec((dir / "synth.yaml").string(), s.catalog);
  EXPECT_EQ(table.id, generate_history(spec, s.district, s.catalog).id);
  ensure_history(csv, (dir / "synth.yaml").string(), s.district, s.catalog);
  EXPECT_EQ(fs::last_write_time(csv), written);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace riskgrid::models
