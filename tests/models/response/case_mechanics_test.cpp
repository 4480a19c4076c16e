// The handling rules as mechanics (docs/domain.md "Handling a case"): overdue escalation, cross-boundary
// cases, joint meetings and the windows of the limit and escalation-odds drills.
#include <gtest/gtest.h>

#include "response_fixtures.hpp"
#include "riskgrid/models/response/case_simulator.hpp"

namespace riskgrid::models::response {
namespace {

using testing::erlang_config;
using testing::poisson_counts;

const time::Seconds kOrigin = *time::parse_iso("2026-11-01");

/// Runs `replicas` of one category in `grids` grids at `per_hour` cases an hour each, hourly bins.
ResponseTally run_hourly(const ResponseConfig& cfg, std::size_t grids, double per_hour, std::size_t days,
                         std::uint64_t replicas) {
  SimulationSetup setup;
  setup.config = &cfg;
  setup.horizon = {kOrigin, time::kHour, days * 24};
  setup.grids = grids;
  setup.categories = 1;
  CaseSimulator sim(setup);
  ResponseTally tally(setup.horizon.bins, grids);
  const std::vector<double> rate(setup.horizon.bins * grids, per_hour);
  std::vector<std::uint32_t> counts;
  for (std::uint64_t r = 0; r < replicas; ++r) {
    poisson_counts({3, r}, rate, counts);
    sim.run({3, r}, counts, tally);
  }
  return tally;
}

/// Case rounds resolved at each level, summed over bins [from, to) and all grids (or one).
std::array<double, kLevels> levels(const ResponseTally& t, std::size_t from, std::size_t to, long grid = -1) {
  std::array<double, kLevels> out{};
  for (std::size_t b = from; b < to; ++b)
    for (std::size_t g = 0; g < t.grids; ++g)
      if (grid < 0 || std::size_t(grid) == g)
        for (std::size_t l = 0; l < kLevels; ++l) out[l] += double(t.escalations[(b * t.grids + g) * kLevels + l]);
  return out;
}

TEST(CaseSimulator, OverdueCasesStillWaitingClimbOneLevelOnce) {
  // One grid handler for 1.2 cases an hour of one hour's effort, two-hour limits: the queue runs long.
  ResponseConfig cfg = erlang_config(1, 1.0, kOrigin, 10);
  cfg.pools[cfg.town_pool0].servers = 1;
  auto run = [&](double p) {
    cfg.overdue_escalation = p;
    return run_hourly(cfg, 1, 1.2, 10, 5);
  };
  const ResponseTally never = run(0), always = run(1), half = run(0.5);
  const auto a = levels(never, 0, 240), b = levels(always, 0, 240), c = levels(half, 0, 240);
  EXPECT_EQ(a[kTown], 0);  // every case dispatched to the grid (level_shares 1, 0, 0, 0)
  EXPECT_GT(b[kTown], 0.2 * b[kCommunity]) << "overdue cases waiting for the grid go to the town team";
  EXPECT_GT(c[kTown], 0.2 * b[kTown]);
  EXPECT_LT(c[kTown], 0.95 * b[kTown]);
  EXPECT_EQ(b[kDistrict], 0) << "one level, once a round: the town team's queue does not climb again";
  EXPECT_EQ(a[kCommunity] + a[kTown], b[kCommunity] + b[kTown]) << "the same cases, resolved elsewhere";
  double overdue_never = 0, overdue_always = 0;  // the town team relieves the grid
  for (std::size_t cell = 0; cell < never.overdue.cells(); ++cell) {
    overdue_never += never.overdue.mean(cell);
    overdue_always += always.overdue.mean(cell);
  }
  EXPECT_LT(overdue_always, 0.8 * overdue_never);
}

TEST(CaseSimulator, CrossBoundaryCasesReachTheTownTeamAtTwiceTheOdds) {
  // Two grids with ample staff; every case of grid 0 lies near a border, none of grid 1's.
  ResponseConfig cfg = erlang_config(50, 0.1, kOrigin, 30);
  cfg.grid_pool.clear();
  cfg.departments.clear();
  testing::lay_out_pools(cfg, {50, 50}, {0, 0}, 1, 50, 50, {50}, true);
  cfg.level_shares = {0.55, 0.30, 0.12, 0.03};
  cfg.border_share = {1.0, 0.0};
  cfg.cross_boundary_odds = 2;
  cfg.categories[0].time_limit_hours = 1000;
  const ResponseTally t = run_hourly(cfg, 2, 30, 30, 1);
  const auto near = levels(t, 0, 720, 0), far = levels(t, 0, 720, 1);
  auto at_least = [](const std::array<double, kLevels>& n, std::size_t l) {
    double above = 0, below = 0;
    for (std::size_t i = 0; i < kLevels; ++i) (i >= l ? above : below) += n[i];
    return above / (above + below);
  };
  const double p_near = at_least(near, kTown), p_far = at_least(far, kTown);
  EXPECT_NEAR(p_far, 0.15, 0.01);
  EXPECT_NEAR(p_near / (1 - p_near) / (p_far / (1 - p_far)), 2.0, 0.15) << p_near << " vs " << p_far;
  EXPECT_NEAR(at_least(near, kDistrict), at_least(far, kDistrict), 0.006) << "only the town rung climbs";
  EXPECT_NEAR(at_least(near, kGridLevel), at_least(far, kGridLevel), 0.015);
}

/// One grid, always on; category 0 with a long limit, category 1 with an eight-hour one; every case
/// multi-department; joint meetings at 09:00 every day.
ResponseConfig meeting_config() {
  ResponseConfig cfg = erlang_config(2, 1.0, kOrigin, 3);
  cfg.categories[0].law = HandlingLaw::kLognormal;
  cfg.categories[0].time_limit_hours = 200;
  cfg.categories[0].joint_share = 1;
  cfg.categories.push_back(cfg.categories[0]);
  cfg.categories[1].time_limit_hours = 8;
  cfg.grid_pool.clear();
  cfg.departments.clear();
  testing::lay_out_pools(cfg, {2}, {0}, 1, 2, 2, {2}, true);
  for (int day = -1; day < 5; ++day) cfg.meetings.push_back(double(day * time::kDay + 9 * time::kHour));
  return cfg;
}

TEST(CaseSimulator, AJointCaseCreatedJustAfterAMeetingWaitsForTheNextOne) {
  const ResponseConfig cfg = meeting_config();
  ReplayArrivals replay;  // 09:01 (just after a meeting), 10:01 (an eight-hour limit), 12:59 day 2
  replay.time = {9 * 3600.0 + 60, 10 * 3600.0 + 60, 24 * 3600.0 + 8 * 3600.0 + 59 * 60};
  replay.grid = {0, 0, 0};
  replay.category = {0, 1, 0};
  replay.bin_offset.assign(3 * 24 + 1, 3);
  for (std::size_t b = 0; b <= 9; ++b) replay.bin_offset[b] = 0;
  replay.bin_offset[10] = 1;
  for (std::size_t b = 11; b <= 32; ++b) replay.bin_offset[b] = 2;
  SimulationSetup setup;
  setup.config = &cfg;
  setup.horizon = {kOrigin, time::kHour, 3 * 24};
  setup.grids = 1;
  setup.categories = 2;
  setup.replay = &replay;
  CaseSimulator sim(setup);
  ResponseTally tally(setup.horizon.bins, 1);
  sim.run({1, 0}, {}, tally);
  ASSERT_EQ(tally.waits[9], 1u);
  EXPECT_EQ(tally.wait_ms[9], std::uint64_t(24 * 3600 - 60) * 1000) << "until the next day's meeting";
  ASSERT_EQ(tally.waits[10], 1u);
  EXPECT_EQ(tally.wait_ms[10], 0u) << "its supervision point comes before the next meeting: it starts at once";
  ASSERT_EQ(tally.waits[32], 1u);
  EXPECT_EQ(tally.wait_ms[32], 60u * 1000) << "08:59: the meeting a minute later";
}

TEST(CaseSimulator, AnOddsWindowRaisesEscalationInItsWindowOnly) {
  ResponseConfig plain = erlang_config(50, 0.1, kOrigin, 15);
  plain.level_shares = {0.55, 0.30, 0.12, 0.03};
  plain.categories[0].time_limit_hours = 1000;
  ResponseConfig drill = plain;
  drill.escalation_odds = 3;
  drill.odds_window = {5 * double(time::kDay), 10 * double(time::kDay)};
  const ResponseTally a = run_hourly(plain, 1, 20, 15, 2), b = run_hourly(drill, 1, 20, 15, 2);
  for (std::size_t bin = 0; bin < 5 * 24; ++bin)
    for (std::size_t l = 0; l < kLevels; ++l)
      ASSERT_EQ(a.escalations[bin * kLevels + l], b.escalations[bin * kLevels + l]) << "bin " << bin;
  auto town_share = [](const std::array<double, kLevels>& n) {
    return (n[kTown] + n[kDistrict]) / (n[0] + n[1] + n[2] + n[3]);
  };
  const double before = town_share(levels(b, 0, 120)), within = town_share(levels(b, 121, 240)),
               after = town_share(levels(b, 241, 360));
  EXPECT_NEAR(before, 0.15, 0.02);
  EXPECT_NEAR(within, 3 * 0.15 / (0.85 + 3 * 0.15), 0.03);  // odds x3: 0.35
  EXPECT_NEAR(after, 0.15, 0.02);
}

TEST(CaseSimulator, ALimitWindowScalesTheLimitsOfCasesStartingInIt) {
  ResponseConfig plain = erlang_config(1, 2.0, kOrigin, 10);  // overloaded: cases run past 2-hour limits
  plain.overdue_escalation = 0;
  ResponseConfig drill = plain;
  drill.time_limit_factor = 10;
  drill.limit_window = {3 * double(time::kDay), 6 * double(time::kDay)};
  const ResponseTally a = run_hourly(plain, 1, 0.45, 10, 20), b = run_hourly(drill, 1, 0.45, 10, 20);
  auto on_time = [](const ResponseTally& t, std::size_t from, std::size_t to) {
    double closed = 0, in_time = 0;
    for (std::size_t bin = from; bin < to; ++bin) {
      closed += double(t.closed[bin]);
      in_time += double(t.closed_on_time[bin]);
    }
    return in_time / closed;
  };
  EXPECT_EQ(on_time(a, 0, 72), on_time(b, 0, 72));
  EXPECT_GT(on_time(b, 78, 144), on_time(a, 78, 144) + 0.1) << "ten times the limit within the window";
  EXPECT_NEAR(on_time(b, 160, 240), on_time(a, 160, 240), 0.1);
}

}  // namespace
}  // namespace riskgrid::models::response
