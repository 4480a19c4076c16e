// Issue 17: a run that would not fit in memory is refused before it allocates, naming what to change.
#include "riskgrid/run/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/run/run.hpp"

namespace riskgrid::run {
namespace {

const std::string kScenarios = RISKGRID_SCENARIOS;

std::string error_of(const scenario::ScenarioSpec& spec, const MemoryEstimate& e, const ExpectedCounts& counts,
                     std::uint64_t available) {
  try {
    check_memory(spec, e, counts, available);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "(no error)";
}

scenario::ScenarioSpec spec_with_drill(double factor) {
  scenario::ScenarioSpec spec;
  spec.file = "s.yaml";
  spec.horizon_where = "s.yaml:3:10";
  scenario::Drill d;
  d.name = "big";
  d.factor = factor;
  d.where = "s.yaml:6:5";
  spec.drills.push_back(d);
  return spec;
}

TEST(MemoryEstimate, GrowsWithBinsGridsCategoriesWorkersAndCounts) {
  const MemoryEstimate small = estimate_memory({24, 100, 10}, 4, false, {});
  EXPECT_EQ(small.workers, 4u);
  EXPECT_EQ(small.bin_capacity, 32u);
  EXPECT_EQ(small.horizon_capacity, 256u);
  EXPECT_EQ(small.histograms, 5u * (24 * 100 * 32 + 100 * 256) * 8);
  EXPECT_GT(estimate_memory({48, 100, 10}, 4, false, {}).total(), small.total());
  EXPECT_GT(estimate_memory({24, 100, 10}, 8, false, {}).total(), small.total());
  EXPECT_GT(estimate_memory({24, 100, 10}, 4, true, {}).total(), small.total());
  const MemoryEstimate counted = estimate_memory({24, 100, 10}, 4, false, {1000, 20000});
  EXPECT_EQ(counted.bin_capacity, 2048u);  // 2 x 1000 + 32, to a power of two
  EXPECT_EQ(counted.horizon_capacity, 65536u);
}

TEST(MemoryEstimate, AHugeHorizonIsRefusedNamingTheHorizon) {
  // 100 years of hours over 300 grids: what `days: 36500, bin: hour` used to try.
  const MemoryEstimate e = estimate_memory({876'000, 300, 20}, 16, false, {});
  const std::string m = error_of(spec_with_drill(2), e, {}, std::uint64_t{64} << 30);
  EXPECT_NE(m.find("s.yaml:3:10: horizon: shorten it (days, hours) or use bin: day, or use fewer --threads: the run "
                   "would need about"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("more than the 64.0 GiB available"), std::string::npos) << m;
}

TEST(MemoryEstimate, LargeCountsAreBlamedOnTheStrongestDrill) {
  const ExpectedCounts counts{200'000, 2'000'000};
  const MemoryEstimate e = estimate_memory({168, 300, 20}, 16, false, counts);
  const std::string m = error_of(spec_with_drill(1000), e, counts, std::uint64_t{64} << 30);
  EXPECT_NE(m.find("s.yaml:6:5: drill 'big': lower its factor"), std::string::npos) << m;
  // Beyond what a histogram can hold at all, whatever the memory.
  const ExpectedCounts runaway{1e12, 1e14};
  EXPECT_NE(error_of(spec_with_drill(1000), estimate_memory({1, 1, 1}, 1, false, runaway), runaway, ~0ULL)
                .find("incidents over the horizon, more than riskgrid can tally"),
            std::string::npos);
}

TEST(MemoryEstimate, AnOrdinaryRunFits) {
  const ExpectedCounts counts{40, 3000};
  EXPECT_EQ(
      error_of(spec_with_drill(12), estimate_memory({72, 300, 12}, 16, true, counts), counts, std::uint64_t{8} << 30),
      "(no error)");
}

TEST(MemoryEstimate, ValidateRefusesWhatWillNotFit) {
  RunContext context;
  context.threads = 2;
  context.memory_bytes = std::uint64_t{1} << 20;  // 1 MiB: the typhoon's arrays need more
  try {
    validate_scenario_file(context, kScenarios + "/putuo/typhoon.yaml");
    ADD_FAILURE() << "validated";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("typhoon.yaml:16:10: horizon: shorten it"), std::string::npos) << e.what();
  }
  context.memory_bytes = 0;  // the machine's memory
  EXPECT_EQ(validate_scenario_file(context, kScenarios + "/putuo/typhoon.yaml"), 1u);
}

}  // namespace
}  // namespace riskgrid::run
