#include "riskgrid/engine/rng/stream.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace riskgrid::rng {
namespace {

std::vector<std::uint64_t> draw(Stream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}

TEST(Stream, SameIdentityGivesSameNumbers) {
  EXPECT_EQ(draw(Stream(42, 7, {kArrivalBin, 3, 4}), 100), draw(Stream(42, 7, {kArrivalBin, 3, 4}), 100));
}

TEST(Stream, EveryPartOfTheIdentityChangesTheNumbers) {
  const auto base = draw(Stream(42, 7, {kArrivalBin, 3, 4}), 8);
  EXPECT_NE(base, draw(Stream(43, 7, {kArrivalBin, 3, 4}), 8));
  EXPECT_NE(base, draw(Stream(42, 8, {kArrivalBin, 3, 4}), 8));
  EXPECT_NE(base, draw(Stream(42, 7, {kArrivalDay, 3, 4}), 8));
  EXPECT_NE(base, draw(Stream(42, 7, {kArrivalBin, 4, 3}), 8));
  EXPECT_NE(base, draw(Stream(42, 7, {kArrivalBin, 3, 5}), 8));
}

TEST(Stream, UniformStaysInsideTheOpenInterval) {
  Stream s(1, 0, {});
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = s.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
}

TEST(Stream, LongStreamsDoNotRepeatBlocks) {
  Stream s(9, 9, {1, 2, 3});
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 200000; ++i) seen.insert(s.next_u64());
  EXPECT_EQ(seen.size(), 200000u);
}

}  // namespace
}  // namespace riskgrid::rng
