#include "riskgrid/engine/tally/count_histograms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"

namespace riskgrid::tally {
namespace {

TEST(CountHistograms, QuantilesAndExceedanceOnAHandCase) {
  CountHistograms h(1, 2);  // small capacity: forces growth
  for (std::uint32_t v : {0u, 1u, 1u, 2u, 3u, 3u, 3u, 5u, 8u, 13u}) h.add(0, v);
  EXPECT_EQ(h.observations(0), 10u);
  EXPECT_DOUBLE_EQ(h.mean(0), 3.9);
  EXPECT_EQ(h.quantile(0, 0.05), 0u);   // ceil(0.5) = 1st value
  EXPECT_EQ(h.quantile(0, 0.50), 3u);   // 5th value
  EXPECT_EQ(h.quantile(0, 0.95), 13u);  // ceil(9.5) = 10th value
  EXPECT_DOUBLE_EQ(h.exceedance(0, 3.0), 0.3);
  EXPECT_DOUBLE_EQ(h.exceedance(0, 2.5), 0.6);
}

TEST(CountHistograms, MergeIsExactInAnyOrder) {
  // Ten parts with different capacities, merged in many orders, equal the single histogram.
  rng::Stream s(1, 2, {});
  std::vector<CountHistograms> parts(10, CountHistograms(3, 4));
  CountHistograms whole(3, 4);
  for (int i = 0; i < 5000; ++i) {
    const std::size_t part = static_cast<std::size_t>(i) % parts.size();
    for (std::size_t cell = 0; cell < 3; ++cell) {
      const std::uint32_t v = rng::poisson(s, 3.0 + 20.0 * double(cell) + double(part));
      parts[part].add(cell, v);
      whole.add(cell, v);
    }
  }
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  for (int trial = 0; trial < 20; ++trial) {
    std::rotate(order.begin(), order.begin() + 3, order.end());
    if (trial % 2) std::reverse(order.begin(), order.end());
    CountHistograms merged(3, 1);
    for (std::size_t i : order) merged.merge(parts[i]);
    ASSERT_EQ(merged, whole) << "trial " << trial;
    EXPECT_EQ(merged.quantile(2, 0.95), whole.quantile(2, 0.95));
  }
}

TEST(CountHistograms, MergeRejectsOtherShapes) {
  CountHistograms a(2), b(3);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

// Issue 17: a count near 2^31 doubled a 32-bit capacity past 2^32 to 0, and grow() looped forever; a
// runaway count asked for tens of gigabytes. Now the capacity is doubled in 64 bits and bounded.
TEST(CountHistograms, ACountBeyondTheMaximumIsRefusedNotWrappedOrAllocated) {
  CountHistograms h(4, 32);
  EXPECT_THROW(h.add(0, std::uint64_t{1} << 31), ScenarioError);
  EXPECT_THROW(h.add(0, 4'294'967'295ULL), ScenarioError);
  EXPECT_THROW(h.add(0, kMaxCount), ScenarioError);
  EXPECT_EQ(h.capacity(), 32u);  // nothing was allocated for them
  h.add(0, 40'000);
  EXPECT_EQ(h.capacity(), 65'536u);
  EXPECT_EQ(h.sum(0), 40'000u);
}

TEST(CountHistograms, FromPartsRefusesACapacityAboveTheMaximum) {
  EXPECT_THROW(CountHistograms::from_parts(std::numeric_limits<std::uint32_t>::max(), {}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::tally
