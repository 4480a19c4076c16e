#include "riskgrid/engine/ensemble/ensemble_runner.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/rng/distributions.hpp"

namespace riskgrid::ensemble {
namespace {

const TallyShape kShape{24, 5, 3};

void toy_replica(const rng::ReplicaKey& key, std::span<std::uint32_t> counts) {
  for (std::uint32_t u = 0; u < kShape.units; ++u)
    for (std::uint32_t c = 0; c < kShape.categories; ++c) {
      rng::Stream s = key.stream({rng::kArrivalBin, u, c});
      for (std::size_t b = 0; b < kShape.bins; ++b)
        counts[(b * kShape.units + u) * kShape.categories + c] = rng::poisson(s, 0.5 + u + 3.0 * c);
    }
}

EnsembleTally run_with(int threads, std::uint64_t first, std::uint64_t replicas) {
  EnsembleConfig config;
  config.seed = 77;
  config.first_replica = first;
  config.replicas = replicas;
  config.threads = threads;
  return run_ensemble(config, kShape, toy_replica);
}

TEST(EnsembleRunner, ResultDoesNotDependOnThreadCount) {
  const EnsembleTally one = run_with(1, 0, 500);
  EXPECT_EQ(one.replicas(), 500u);
  EXPECT_EQ(one, run_with(2, 0, 500));
  EXPECT_EQ(one, run_with(4, 0, 500));  // more threads than cores still gives the same answer
}

TEST(EnsembleRunner, BlocksOfReplicasMergeToTheWholeRun) {
  EnsembleTally parts = run_with(2, 0, 200);
  parts.merge(run_with(1, 200, 300));
  EXPECT_EQ(parts, run_with(2, 0, 500));
}

TEST(EnsembleRunner, ReportsProgressUpToTheTotal) {
  EnsembleConfig config;
  config.replicas = 300;
  std::uint64_t last = 0, calls = 0, first = 1;
  config.progress = [&](std::uint64_t done, std::uint64_t total) {
    EXPECT_EQ(total, 300u);
    if (calls == 0) first = done;
    last = std::max(last, done);
    ++calls;
  };
  run_ensemble(config, kShape, toy_replica);
  EXPECT_EQ(first, 0u);  // the start is announced, so a progress clock times simulating only
  EXPECT_EQ(last, 300u);
  EXPECT_GT(calls, 10u);
}

TEST(EnsembleTally, KeepsPerCategorySumsAndUnitTotals) {
  EnsembleTally tally(TallyShape{2, 1, 2});
  const std::vector<std::uint32_t> counts{1, 2, 3, 4};  // bin 0: 1+2, bin 1: 3+4
  tally.add_replica(counts);
  EXPECT_EQ(tally.sum_by_category(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(tally.per_bin().sum(0), 3u);
  EXPECT_EQ(tally.per_bin().sum(1), 7u);
  EXPECT_EQ(tally.horizon().sum(0), 10u);
}

}  // namespace
}  // namespace riskgrid::ensemble
