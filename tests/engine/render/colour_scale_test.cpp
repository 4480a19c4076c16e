// Colour scales: the ramps' ends, symmetry of the diverging scale, round ticks.
#include "riskgrid/engine/render/colour_scale.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace riskgrid::render {
namespace {

int red(std::uint32_t rgb) { return static_cast<int>((rgb >> 16) & 0xffu); }
int blue(std::uint32_t rgb) { return static_cast<int>(rgb & 0xffu); }

TEST(ColourScale, SequentialRunsFromLightYellowToDarkRedAndClamps) {
  const ColourScale s = ColourScale::sequential(0, 100);
  EXPECT_EQ(s.colour(0), 0xffffccu);
  EXPECT_EQ(s.colour(100), 0x800026u);
  EXPECT_EQ(s.colour(-5), 0xffffccu);
  EXPECT_EQ(s.colour(1e9), 0x800026u);
  EXPECT_EQ(s.colour(50), 0xfd8d3cu);  // the middle stop of nine
  EXPECT_EQ(s.colour(std::numeric_limits<double>::quiet_NaN()), kNoValueColour);
  EXPECT_FALSE(s.is_diverging());
}

TEST(ColourScale, SequentialForRoundsTheRangeOutToTicks) {
  const std::vector<double> values{205.3, 431.9, std::numeric_limits<double>::infinity()};
  const ColourScale s = ColourScale::sequential_for(values);
  EXPECT_DOUBLE_EQ(s.lo(), 200);
  EXPECT_DOUBLE_EQ(s.hi(), 450);
  EXPECT_EQ(s.ticks(5), (std::vector<double>{200, 250, 300, 350, 400, 450}));
}

TEST(ColourScale, AFlatRangeIsWidenedAroundTheValue) {
  const std::vector<double> same{3, 3, 3};
  const ColourScale s = ColourScale::sequential_for(same);
  EXPECT_LT(s.lo(), 3);
  EXPECT_GT(s.hi(), 3);
  EXPECT_EQ(s.colour(3), s.colour((s.lo() + s.hi()) / 2));
}

TEST(ColourScale, DivergingIsWhiteAtZeroBlueBelowRedAboveAndSymmetric) {
  const std::vector<double> diff{-12, 3, 47};
  const ColourScale s = ColourScale::diverging_for(diff);
  EXPECT_TRUE(s.is_diverging());
  EXPECT_DOUBLE_EQ(s.lo(), -s.hi());
  EXPECT_GE(s.hi(), 47);
  EXPECT_LE(s.hi(), 60);
  EXPECT_EQ(s.colour(0), 0xf7f7f7u);
  EXPECT_GT(blue(s.colour(-30)), red(s.colour(-30)) + 40);
  EXPECT_GT(red(s.colour(30)), blue(s.colour(30)) + 40);
  EXPECT_EQ(s.ticks(4).front(), -s.ticks(4).back());
}

TEST(ColourScale, ReversedGivesTheLowEndTheDarkColour) {
  const ColourScale up = ColourScale::sequential(0.9, 1.0);
  const ColourScale down = up.reversed();
  EXPECT_EQ(down.lo(), 0.9);
  EXPECT_EQ(down.hi(), 1.0);
  EXPECT_EQ(down.colour(0.9), up.colour(1.0));
  EXPECT_EQ(down.colour(1.0), up.colour(0.9));
  EXPECT_EQ(down.colour(0.93), up.colour(0.97));
  EXPECT_EQ(down.stops().front().rgb, up.stops().back().rgb);
  EXPECT_EQ(down.stops().front().at, 0);
}

TEST(ColourScale, RejectsBadRanges) {
  EXPECT_THROW(ColourScale::sequential(2, 1), std::invalid_argument);
  EXPECT_THROW(ColourScale::sequential(0, std::nan("")), std::invalid_argument);
  EXPECT_THROW(ColourScale::diverging(0), std::invalid_argument);
  EXPECT_NO_THROW(ColourScale::diverging_for(std::vector<double>{0, 0}));
}

TEST(NiceStep, PicksTheNearestOneTwoOrFive) {
  EXPECT_DOUBLE_EQ(nice_step(100, 5), 20);
  EXPECT_DOUBLE_EQ(nice_step(250, 5), 50);
  EXPECT_DOUBLE_EQ(nice_step(1, 4), 0.2);
  EXPECT_DOUBLE_EQ(nice_step(0, 5), 1);
}

}  // namespace
}  // namespace riskgrid::render
