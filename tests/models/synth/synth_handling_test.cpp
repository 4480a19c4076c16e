// The synthetic history's closing times from the case-handling model: they depend on the staff, they
// are the same on any thread count, and a replay of the history through the same model reproduces the
// history's own on-time share (issue 13, "Done means").
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/response/des_response.hpp"
#include "riskgrid/models/response/des_settings.hpp"
#include "riskgrid/models/response/history_handling.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "square_district.hpp"

namespace riskgrid::models {
namespace {

using response::DesSettings;

// 3 x 3 grids of 400 m, 3 categories, 91 days from a Monday, ~160 incidents a day: ~15k incidents.
struct Small {
  spatial::District district = testing::square_district(3, 400);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);

  explicit Small(int staff) {
    spec.start = *time::parse_iso("2025-11-03");
    spec.days = 91;
    spec.seed = 7;
    spec.daily_total = 160;
    for (auto& g : district.grids) g.staff = staff;
    catalog.categories[1].urgent_limit_hours = 4;  // noise: some urgent cases, as in the default district,
    catalog.categories[1].time_limit_hours = 4;    // and a short limit that waiting for a handler can break
    spec.handling = DesSettings{};
  }
};

double mean_close_hours(const incidents::IncidentTable& t) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.closed[i] >= 0) sum += double(t.closed[i] - t.created[i]) / 3600, ++n;
  return n ? sum / double(n) : 0;
}

TEST(SynthHandling, ClosingTimesComeFromTheStaff) {
  const Small many(40), few(8);  // 6 against 2 case handlers a grid
  const auto a = generate_history(many.spec, many.district, many.catalog);
  const auto b = generate_history(few.spec, few.district, few.catalog);
  ASSERT_GT(a.size(), 10000u);
  EXPECT_EQ(a.created, b.created);  // the same incidents ...
  EXPECT_EQ(a.category, b.category);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(a.closed[i] < 0 || a.closed[i] > a.created[i]) << i;
  // ... closed later by fewer staff
  EXPECT_GT(mean_close_hours(b), 1.2 * mean_close_hours(a));
  std::size_t open_a = 0, open_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) open_a += a.closed[i] < 0, open_b += b.closed[i] < 0;
  EXPECT_GT(open_b, open_a);
  Small plain(40);
  plain.spec.handling.reset();  // without handling: the catalog's log-normal, independent of staff
  Small plain_few(8);
  plain_few.spec.handling.reset();
  EXPECT_EQ(generate_history(plain.spec, plain.district, plain.catalog).closed,
            generate_history(plain_few.spec, plain_few.district, plain_few.catalog).closed);
}

TEST(SynthHandling, SameOnAnyThreadCount) {
  const Small s(21);
  const auto a = generate_history(s.spec, s.district, s.catalog);
  tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(a.closed, generate_history(s.spec, s.district, s.catalog).closed);
}

// The replay of the history's last 28 days after a 21-day warm-up, as `mode: replay` sets it up.
struct Replay {
  response::ResponseConfig config;
  response::ReplayArrivals arrivals;
  response::SimulationSetup setup;
  time::TimeGrid horizon;
  time::Seconds from = 0;

  Replay(const Small& s, const incidents::IncidentTable& history, const DesSettings& settings) {
    horizon = {s.spec.start + 63 * time::kDay, time::kDay, 28};
    const std::vector<double> rate = synth_params(s.spec, s.district, s.catalog).expected_mean_daily;
    config = response::build_des_config(settings, s.district, s.catalog, rate, time::day_number(horizon.start) - 30,
                                        500, horizon);
    arrivals = response::replay_arrivals(history, horizon, 21, "history");
    from = horizon.start - 21 * time::kDay;
    setup.config = &config;
    setup.horizon = horizon;
    setup.grids = s.district.grids.size();
    setup.categories = s.catalog.size();
    setup.warmup_days = 21;
    setup.warmup_daily_rate = rate;
    setup.hour_cdf.fill(1);
    setup.replay = &arrivals;
  }

  // The simulation's own on-time share (its tally) over `replicas` replicas.
  double on_time_share(int replicas) const {
    response::CaseSimulator simulator(setup);
    response::ResponseTally tally(horizon.bins, setup.grids);
    for (int r = 0; r < replicas; ++r) simulator.run({99, std::uint64_t(r)}, {}, tally);
    double closed = 0, on_time = 0;
    for (std::size_t i = 0; i < tally.closed.size(); ++i)
      closed += double(tally.closed[i]), on_time += double(tally.closed_on_time[i]);
    return on_time / closed;
  }
};

TEST(SynthHandling, AReplayReproducesTheHistorysOwnOnTimeShare) {
  const Small s(21);  // 4 handlers a grid: busy (about 80% in working hours), not overloaded
  const auto history = generate_history(s.spec, s.district, s.catalog);
  const Replay replay(s, history, *s.spec.handling);
  const response::HistoryHandling own = response::history_handling(history, replay.config, replay.horizon, replay.from);
  ASSERT_GT(own.closed, 3000);
  ASSERT_LT(own.on_time_share(), 0.98);  // not a trivial 100%
  const double like = response::replay_judged_like_history(replay.setup, {1, 2}).on_time_share();
  EXPECT_NEAR(like, own.on_time_share(), 0.02);
  // The simulation's own count starts a re-opened case's limit again: higher than the history's.
  EXPECT_GT(replay.on_time_share(3), like);
}

TEST(SynthHandling, WithoutReopeningTheReplaysOwnOnTimeShareIsTheHistorys) {
  Small s(21);
  s.spec.handling->reopen_share = 0;  // a re-opened case's limit starts again in the simulation only
  const auto history = generate_history(s.spec, s.district, s.catalog);
  const Replay replay(s, history, *s.spec.handling);
  const double own = response::history_handling(history, replay.config, replay.horizon, replay.from).on_time_share();
  ASSERT_LT(own, 0.998);  // some cases late: the short-limit noise cases waiting for a handler (0.980-0.997 over seeds)
  EXPECT_NEAR(replay.on_time_share(3), own, 0.02);
}

TEST(SynthHandling, TheSpecNamesAForecastScenarioWithCaseHandling) {
  const catalog::CategoryCatalog catalog =
      catalog::load_catalog(std::string(RISKGRID_SCENARIOS) + "/putuo/categories.yaml");
  const SynthSpec putuo = load_synth_spec(std::string(RISKGRID_SCENARIOS) + "/putuo/synth.yaml", catalog);
  ASSERT_TRUE(putuo.handling.has_value());
  EXPECT_NE(putuo.handling_source.find("response_baseline.yaml"), std::string::npos);
  EXPECT_FALSE(putuo.handling->replay);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "riskgrid_synth_handling_spec";
  std::filesystem::create_directories(dir);
  for (const std::string& scenario :
       {std::string("nope.yaml"), std::string(RISKGRID_SCENARIOS) + "/putuo/replay_october.yaml",
        std::string(RISKGRID_SCENARIOS) + "/putuo/baseline.yaml"}) {
    std::ofstream(dir / "synth.yaml") << "start: 2025-11-01\nhandling: {scenario: " << scenario << "}\n";
    try {
      load_synth_spec((dir / "synth.yaml").string(), catalog);
      ADD_FAILURE() << scenario;
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("synth.yaml:2:"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("handling.scenario: expected"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace riskgrid::models
