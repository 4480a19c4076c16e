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

TEST(Stream, NamedPurposesAreStableAndNeverMeetTheNumberedOnes) {
  // 32-bit FNV-1a with the top bit set (FNV-1a("a") = 0xe40c292c, the published test vector): a
  // change to the hash would move every draw of every model that names its streams.
  static_assert(purpose_of("") == (2166136261u | 0x8000'0000u));
  EXPECT_EQ(purpose_of("a"), 0xe40c292cu);
  EXPECT_NE(purpose_of("hawkes.branch"), purpose_of("hawkes.delay"));
  const std::set<std::uint32_t> numbered{kArrivalDay,     kArrivalBin,   kArrivalAdded,  kSynthCounts,
                                         kSynthPlace,     kSynthRepeat,  kSynthClose,    kResponseArrival,
                                         kResponseWarmup, kResponseCase, kArrivalBranch, kResampleDay};
  EXPECT_EQ(numbered.size(), 12u) << "two numbered purposes share a number";
  for (const std::uint32_t purpose : numbered) EXPECT_LT(purpose, 0x8000'0000u);
  EXPECT_GE(purpose_of("toy.counts"), 0x8000'0000u);
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
