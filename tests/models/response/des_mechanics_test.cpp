// The `response:` settings of the handling mechanics: windows on every response drill, cross-boundary
// shares from the district's geometry, the joint-meeting cadence.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/models/response/des_settings.hpp"
#include "putuo_des.hpp"

namespace riskgrid::models::response {
namespace {

using testing::kPutuo;
using Putuo = testing::PutuoDes;  // config(scenario): arrivals from 60 days before the horizon, 200 days

/// A scenario extending response_baseline.yaml with `response:` lines, in a private temporary folder.
struct Drill {
  std::string path;
  explicit Drill(const std::string& name, const std::string& response) {
    static const auto dir =
        std::filesystem::temp_directory_path() / ("riskgrid_des_mech_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    path = (dir / (name + ".yaml")).string();
    std::ofstream(path) << "extends: " << kPutuo << "response_baseline.yaml\nname: " << name << "\nresponse:\n"
                        << response;
  }
  ~Drill() { std::filesystem::remove(path); }
};

std::string error_of(const Putuo& p, const Drill& d) {
  try {
    p.config(d.path);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::uint32_t servers(const std::vector<std::uint32_t>& pools, std::size_t from, std::size_t to) {
  std::uint32_t total = 0;
  for (std::size_t q = from; q < to; ++q) total += pools[q];
  return total;
}

std::vector<std::uint32_t> servers_of(const ResponseConfig& cfg) {
  std::vector<std::uint32_t> out;
  for (const auto& pool : cfg.pools) out.push_back(pool.servers);
  return out;
}

TEST(DesSettings, AvailabilityWithAWindowHoldsOnlyWithinIt) {
  const Putuo p;
  const Drill plain("plain", "  staff: {}\n");
  const Drill drill("availability", "  staff:\n    availability: {share: 0.5, window: {start: 2026-11-03, days: 2}}\n");
  const ResponseConfig base = p.config(plain.path), cfg = p.config(drill.path);
  EXPECT_EQ(servers_of(cfg), servers_of(base));  // not yet at the horizon start
  ASSERT_EQ(cfg.staff_phases.size(), 2u);
  EXPECT_EQ(cfg.staff_phases[0].at, 2.0 * 86400);
  EXPECT_EQ(cfg.staff_phases[1].at, 4.0 * 86400);
  const std::size_t all = cfg.pools.size();
  // Every pool (grid staff, teams, departments) at half, each rounded.
  EXPECT_NEAR(double(servers(cfg.staff_phases[0].servers, 0, all)), 0.5 * servers(servers_of(base), 0, all),
              double(all));
  EXPECT_LT(servers(cfg.staff_phases[0].servers, cfg.town_pool0, all), servers(servers_of(base), cfg.town_pool0, all));
  EXPECT_EQ(cfg.staff_phases[1].servers, servers_of(base));
  const Drill outside("outside", "  staff:\n    availability: {share: 0.5, window: {start: 2027-03-01, days: 2}}\n");
  const std::string error = error_of(p, outside);
  EXPECT_NE(error.find("outside.yaml:5:"), std::string::npos) << error;
  EXPECT_NE(error.find(": response.staff.availability: the window starting 2027-03-01 00:00:00 does not overlap "
                       "the horizon"),
            std::string::npos)
      << error;
}

TEST(DesSettings, MovesLimitsAndOddsTakeWindowsAndMergesRefuseOne) {
  const Putuo p;
  const std::string from = p.district.grids[0].id, to = p.district.grids[1].id;
  const Drill drill("windows", "  staff:\n    moves:\n      - {from: " + from + ", to: " + to +
                                   ", staff: 20, window: {start: 2026-11-05, days: 3}}\n"
                                   "  time_limits: {factor: 2, window: {start: 2026-11-02, hours: 36}}\n"
                                   "  escalation: {odds: 3, window: {start: 2026-11-10, end: 2026-11-12}}\n");
  const ResponseConfig cfg = p.config(drill.path);
  ASSERT_EQ(cfg.staff_phases.size(), 2u);
  EXPECT_EQ(cfg.staff_phases[0].at, 4.0 * 86400);
  EXPECT_LT(cfg.staff_phases[0].servers[cfg.grid_pool[0]], cfg.pools[cfg.grid_pool[0]].servers);
  EXPECT_GT(cfg.staff_phases[0].servers[cfg.grid_pool[1]], cfg.pools[cfg.grid_pool[1]].servers);
  EXPECT_EQ(cfg.staff_phases[1].servers, servers_of(cfg));
  EXPECT_EQ(cfg.time_limit_factor, 2);
  EXPECT_EQ(cfg.limit_window.start, 1.0 * 86400);
  EXPECT_EQ(cfg.limit_window.end, 2.5 * 86400);
  EXPECT_EQ(cfg.escalation_odds, 3);
  EXPECT_EQ(cfg.odds_window.start, 9.0 * 86400);
  EXPECT_EQ(cfg.odds_window.end, 11.0 * 86400);
  const ResponseConfig plain = p.config(kPutuo + "response_baseline.yaml");
  EXPECT_TRUE(plain.limit_window.contains(-1e17) && plain.odds_window.contains(1e17)) << "always, by default";
  EXPECT_FALSE(cfg.limit_window.contains(0) || cfg.odds_window.contains(0));

  const Drill merge("merge", "  staff:\n    merge_grids:\n      - {grids: [" + from + ", " + to +
                                 "], window: {start: 2026-11-05, days: 3}}\n");
  EXPECT_NE(error_of(p, merge).find("merge.yaml:6:"), std::string::npos) << error_of(p, merge);
  EXPECT_NE(error_of(p, merge).find("a merge cannot take a window"), std::string::npos);
  const Drill late("late", "  escalation: {odds: 3, window: {start: 2027-11-10, days: 1}}\n");
  EXPECT_NE(error_of(p, late).find("late.yaml:4:"), std::string::npos) << error_of(p, late);
  EXPECT_NE(error_of(p, late).find(": response.escalation.window: the window starting 2027-11-10"), std::string::npos)
      << error_of(p, late);
}

TEST(DesSettings, BorderSharesAreTheAreaNearAnotherGrid) {
  spatial::District d;  // two 1 km squares side by side, a third apart from both
  auto square = [](double x0, double y0) {
    geo::MultiPolygon m;
    m.resize(1);
    geo::bg::append(m[0].outer(), geo::Point{x0, y0});
    geo::bg::append(m[0].outer(), geo::Point{x0 + 1000, y0});
    geo::bg::append(m[0].outer(), geo::Point{x0 + 1000, y0 + 1000});
    geo::bg::append(m[0].outer(), geo::Point{x0, y0 + 1000});
    geo::bg::append(m[0].outer(), geo::Point{x0, y0});
    return m;
  };
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{{0, 0}, {1000, 0}, {5000, 0}}) {
    spatial::Unit u;
    u.id = "g" + std::to_string(d.grids.size());
    u.shape = square(x, y);
    spatial::update_derived(u);
    d.grids.push_back(u);
  }
  const std::vector<double> shares = border_shares(d, 100);
  EXPECT_NEAR(shares[0], 0.1, 0.011);  // a 100 m strip along one side of a 1 km square
  EXPECT_NEAR(shares[1], 0.1, 0.011);
  EXPECT_EQ(shares[2], 0.0) << "the district's edge is no grid's border";
  EXPECT_NEAR(border_shares(d, 300)[0], 0.3, 0.021);

  const Putuo p;  // Putuo's grids: a real share of their cases lies near a neighbour
  const std::vector<double> putuo = border_shares(p.district, 100);
  double mean = 0;
  for (const double s : putuo) {
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
    mean += s / double(putuo.size());
  }
  EXPECT_GT(mean, 0.05);
  EXPECT_LT(mean, 0.6);
}

TEST(DesSettings, DispatchSharesKeepTheTotalsWithCrossBoundaryCases) {
  const Putuo p;
  const ResponseConfig cfg = p.config(kPutuo + "response_baseline.yaml");
  ASSERT_EQ(cfg.border_share.size(), p.district.grids.size());
  double near = 0, all = 0;
  const std::size_t k = p.catalog.size();
  for (std::size_t i = 0; i < p.rate.size(); ++i) {
    near += p.rate[i] * cfg.border_share[i / k];
    all += p.rate[i];
  }
  const double b = near / all, q = cfg.level_shares[kTown] + cfg.level_shares[kDistrict];
  RecordProperty("border_share", std::to_string(b));
  RecordProperty("town_at_dispatch", std::to_string(cfg.level_shares[kTown]));
  EXPECT_LT(cfg.level_shares[kTown], 0.12) << "the town rung lowered at dispatch";
  EXPECT_NEAR((1 - b) * q + b * 2 * q / (1 + q), 0.15, 1e-9) << "with the border cases: the domain's 12% + 3%";
  EXPECT_DOUBLE_EQ(cfg.level_shares[kCommunity], 0.55);
  EXPECT_DOUBLE_EQ(cfg.level_shares[kDistrict], 0.03);
  EXPECT_NEAR(cfg.level_shares[0] + cfg.level_shares[1] + cfg.level_shares[2] + cfg.level_shares[3], 1.0, 1e-12);
  const Drill off("off", "  escalation: {cross_boundary_odds: 1}\n");
  const ResponseConfig none = p.config(off.path);
  EXPECT_TRUE(none.border_share.empty());
  EXPECT_DOUBLE_EQ(none.level_shares[kTown], 0.12);
}

TEST(DesSettings, JointMeetingsFollowTheWorkingDays) {
  const Putuo p;
  const ResponseConfig cfg = p.config(kPutuo + "response_baseline.yaml");
  ASSERT_GT(cfg.meetings.size(), 40u);
  for (const double t : cfg.meetings) {
    const auto at = time::Seconds(t) + *time::parse_iso("2026-11-01");
    EXPECT_TRUE(cfg.calendar.is_working(at)) << time::format_iso(at);
    EXPECT_EQ(at % time::kDay, 9 * time::kHour) << "at the working day's start";
  }
  const Drill weekly("weekly", "  joint_meetings: {every_working_days: 5, at: \"14:00\"}\n");
  const ResponseConfig w = p.config(weekly.path);
  ASSERT_GT(w.meetings.size(), 8u);
  EXPECT_NEAR(double(w.meetings.size()), double(cfg.meetings.size()) / 5, 1.0);
  for (const double t : w.meetings)  // warm-up meetings come before the horizon start: t < 0
    EXPECT_EQ((std::int64_t(t) % time::kDay + time::kDay) % time::kDay, 14 * time::kHour);
  const Drill none("none", "  joint_meetings: {every_working_days: 0}\n");
  EXPECT_TRUE(p.config(none.path).meetings.empty());
  const Drill bad("bad", "  joint_meetings: {every_working_days: 1.5}\n");
  EXPECT_NE(error_of(p, bad).find("bad.yaml:4:"), std::string::npos) << error_of(p, bad);
}

}  // namespace
}  // namespace riskgrid::models::response
