// riskgrid allocate on a district of two grids with unequal load (tests/support/two_grid_district.hpp):
// the search finds the split every other split loses to on the same random numbers, never proposes worse
// than the current staff, keeps the total, respects --min/--max/--moves, does not depend on the thread
// count, and writes a scenario that reproduces the proposal when run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "riskgrid/models/response/case_handling_tally.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/run/allocate.hpp"
#include "riskgrid/run/run.hpp"
#include "riskgrid/run/stages.hpp"
#include "two_grid_district.hpp"

namespace riskgrid::run {
namespace {
namespace fs = std::filesystem;

class Allocate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_allocate_" + std::to_string(::getpid()));
    riskgrid::testing::write_two_grid_district(dir_);
    context_.threads = 2;
    prepared_ = std::make_unique<const Prepared>(context_, scenario::load_scenario(scenario()), InputOptions{});
  }
  static void TearDownTestSuite() {
    prepared_.reset();
    fs::remove_all(dir_);
  }
  static std::string scenario() { return (dir_ / "scenario.yaml").string(); }
  static AllocateRequest request(const std::string& out) {
    AllocateRequest q;
    q.scenario_path = scenario();
    q.out_dir = (dir_ / out).string();
    return q;
  }
  static std::uint32_t one_each(double people) { return static_cast<std::uint32_t>(people); }

  static inline fs::path dir_;
  static inline RunContext context_;
  static inline std::unique_ptr<const Prepared> prepared_;
};

TEST_F(Allocate, FindsTheSplitNoOtherBeatsOnTheSameReplicas) {
  const CrnEvaluator ev(context_, *prepared_, 24, AllocationObjective::kOnTime);
  std::vector<double> best;
  double best_mean = 1e300;
  for (double a = 1; a <= 7; ++a) {  // every split of 8 staff
    const Evaluation e = ev.evaluate({a, 8 - a});
    if (e.mean() < best_mean) best_mean = e.mean(), best = e.staff;
  }
  EXPECT_EQ(best, (std::vector<double>{6, 2}));  // the capacity argument of the fixture
  AllocationBounds bounds{{1, 1}, {1e9, 1e9}, {4, 4}, -1};
  const SearchResult found = search_allocation(ev, bounds, &one_each, {});
  EXPECT_EQ(found.best.staff, best);
  EXPECT_GE(found.accepted, 1);
}

TEST_F(Allocate, AMoveMustBuyTheLeastGainPerPersonMoved) {
  const CrnEvaluator ev(context_, *prepared_, 24, AllocationObjective::kOnTime);
  const AllocationBounds bounds{{1, 1}, {1e9, 1e9}, {4, 4}, -1};
  const double now = ev.evaluate({4, 4}).mean(), one = ev.evaluate({5, 3}).mean(), two = ev.evaluate({6, 2}).mean();
  ASSERT_GT(now - one, 0);
  ASSERT_GT(one - two, 0);
  SearchOptions cheap, dear;
  cheap.min_gain_per_person = 0.5 * std::min(now - one, one - two);  // each step to the optimum pays
  dear.min_gain_per_person = 2 * (now - two);                        // no move can pay this much
  EXPECT_EQ(search_allocation(ev, bounds, &one_each, cheap).best.staff, (std::vector<double>{6, 2}));
  EXPECT_EQ(search_allocation(ev, bounds, &one_each, dear).best.staff, bounds.start);
  EXPECT_DOUBLE_EQ(min_gain_per_person(AllocationObjective::kOnTime, 0.5), 0.005);  // points -> share
  EXPECT_DOUBLE_EQ(min_gain_per_person(AllocationObjective::kOverdue, std::nullopt), 0.5);
}

TEST_F(Allocate, ChangingOneGridLeavesTheOtherGridsReplicasAlone) {
  // Common random numbers: each case's draws are keyed by (replica, case), never by staff, and grid pools
  // are independent queues here, so grid b sees exactly the same cases whatever grid a has.
  const CrnEvaluator ev(context_, *prepared_, 8, AllocationObjective::kOnTime);
  const Evaluation x = ev.evaluate({4, 3}), y = ev.evaluate({6, 3});
  for (std::size_t r = 0; r < 8; ++r) {
    EXPECT_EQ(x.figures.closed[x.figures.at(r, 1)], y.figures.closed[y.figures.at(r, 1)]);
    EXPECT_EQ(x.figures.on_time[x.figures.at(r, 1)], y.figures.on_time[y.figures.at(r, 1)]);
  }
  EXPECT_NE(x.figures.on_time, y.figures.on_time);  // while grid a's do change
}

TEST_F(Allocate, ProposesNoWorseKeepsTheTotalAndWritesItsFiles) {
  const AllocateOutcome out = allocate_staff(context_, request("plain"));
  EXPECT_DOUBLE_EQ(out.total_now, 8);
  EXPECT_DOUBLE_EQ(out.total_proposed, 8);
  ASSERT_EQ(out.figures.size(), 3u);
  EXPECT_GE(out.figures[0].proposed, out.figures[0].now);  // on-time share
  EXPECT_GT(out.figures[0].difference.lo, 0);              // and significantly so here
  EXPECT_EQ(out.grids.at(0).proposed, 6);
  ASSERT_EQ(out.outputs.size(), 3u);
  for (const auto& path : out.outputs) EXPECT_TRUE(fs::exists(path)) << path;
  std::ifstream csv(out.outputs[0]);
  std::string header, a;
  std::getline(csv, header);
  std::getline(csv, a);
  EXPECT_EQ(header, "unit,name,town,staff_now,staff_proposed,change,servers_now,servers_proposed");
  EXPECT_EQ(a, "a,Busy,t,4,6,2,4,6");
}

TEST_F(Allocate, RespectsMinMaxAndMoves) {
  AllocateRequest q = request("bounded");
  q.max_staff = 5;
  AllocateOutcome out = allocate_staff(context_, q);
  EXPECT_EQ(out.grids[0].proposed, 5);
  q = request("floor");
  q.min_staff = 3;
  out = allocate_staff(context_, q);
  EXPECT_EQ(out.grids[1].proposed, 3);
  q = request("moves");
  q.moves = 1;
  out = allocate_staff(context_, q);
  EXPECT_LE(out.moved, 1);
  EXPECT_EQ(out.grids[0].proposed, 5);
  q = request("more");
  q.staff = 10;
  out = allocate_staff(context_, q);
  EXPECT_DOUBLE_EQ(out.total_proposed, 10);
  q = request("csv");
  q.bounds_csv = (dir_ / "bounds.csv").string();
  std::ofstream(q.bounds_csv) << "grid,min,max\nb,3,\n";
  out = allocate_staff(context_, q);
  EXPECT_EQ(out.grids[1].proposed, 3);
  std::ofstream(q.bounds_csv) << "grid,min,max\nc,3,4\n";
  EXPECT_THROW(allocate_staff(context_, q), InputError);
  q = request("impossible");
  q.max_staff = 3;
  EXPECT_THROW(allocate_staff(context_, q), ScenarioError);
}

TEST_F(Allocate, SameProposalOnAnyThreadCount) {
  RunContext one;
  one.threads = 1;
  const CrnEvaluator a(one, *prepared_, 12, AllocationObjective::kOverdue),
      b(context_, *prepared_, 12, AllocationObjective::kOverdue);
  const Evaluation x = a.evaluate({5, 3}), y = b.evaluate({5, 3});
  EXPECT_EQ(x.figures.on_time, y.figures.on_time);
  EXPECT_EQ(x.figures.busy_ms, y.figures.busy_ms);
  EXPECT_EQ(x.objective, y.objective);
  AllocateRequest q = request("threads1");
  q.objective = AllocationObjective::kOverdue;
  const AllocateOutcome p = allocate_staff(one, q);
  q.out_dir = (dir_ / "threads2").string();
  const AllocateOutcome r = allocate_staff(context_, q);
  for (std::size_t g = 0; g < 2; ++g) EXPECT_EQ(p.grids[g].proposed, r.grids[g].proposed);
  EXPECT_EQ(p.figures[1].proposed, r.figures[1].proposed);
}

TEST_F(Allocate, WrittenScenarioValidatesAndReproducesTheProposal) {
  const AllocateOutcome out = allocate_staff(context_, request("written"));
  const std::string written = out.outputs.at(2);
  EXPECT_EQ(validate_scenario_file(context_, written), 1u);
  const Prepared p(context_, scenario::load_scenario(written), InputOptions{});
  EXPECT_EQ(p.in.spec.replicas, out.replicas);
  const ensemble::EnsembleTally tally = simulate(context_, p, {0, p.in.spec.replicas});
  const models::response::ResponseTally& t = *models::response::case_handling_of(tally);
  const double closed = double(std::accumulate(t.closed.begin(), t.closed.end(), std::uint64_t{0}));
  const double on_time = double(std::accumulate(t.closed_on_time.begin(), t.closed_on_time.end(), std::uint64_t{0}));
  // The run's pooled share and the proposal's replica figures come from the same cases.
  const CrnEvaluator ev(context_, *prepared_, out.replicas, AllocationObjective::kOnTime);
  const Evaluation e = ev.evaluate({out.grids[0].proposed, out.grids[1].proposed});
  EXPECT_EQ(closed, double(std::accumulate(e.figures.closed.begin(), e.figures.closed.end(), std::uint64_t{0})));
  EXPECT_EQ(on_time, double(std::accumulate(e.figures.on_time.begin(), e.figures.on_time.end(), std::uint64_t{0})));
  double mean_share = 0;
  for (std::size_t r = 0; r < out.replicas; ++r) mean_share += on_time_share(e.figures, r) / double(out.replicas);
  EXPECT_DOUBLE_EQ(mean_share, out.figures[0].proposed);
}

TEST(WholeAllocation, RoundsToTheTotalWithinBounds) {
  const std::vector<double> now{30.75, 20.25, 9};
  const std::vector<double> x = whole_allocation(now, 60, {1, 1, 1}, {1e9, 1e9, 1e9});
  EXPECT_EQ(x, (std::vector<double>{31, 20, 9}));
  EXPECT_EQ(whole_allocation({4, 4}, 8, {1, 1}, {9, 9}), (std::vector<double>{4, 4}));
  EXPECT_EQ(whole_allocation({4, 4}, 8, {1, 5}, {9, 9}), (std::vector<double>{3, 5}));
  EXPECT_THROW(whole_allocation({4, 4}, 8, {1, 1}, {3, 3}), ScenarioError);
}

TEST(PairedDifference, IntervalAndOneSidedTest) {
  const PairedDifference d = paired_difference({1, 2, 3, 4}, {0, 1.5, 2, 3.5}, 0.05);
  EXPECT_DOUBLE_EQ(d.mean, -0.75);
  EXPECT_LT(d.lo, d.mean);
  EXPECT_GT(d.hi, d.mean);
  EXPECT_LT(d.p_less, 0.05);
  EXPECT_GT(paired_difference({1, 2, 3}, {1, 2, 3.5}, 0.05).p_less, 0.5);
}

}  // namespace
}  // namespace riskgrid::run
