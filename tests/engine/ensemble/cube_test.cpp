#include "riskgrid/engine/cube/cube.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace riskgrid::cube {
namespace {

TEST(Cube, AtAddressesBinUnitCategoryWithCategoryFastest) {
  Cube<int> c({2, 3, 4});
  c.at(1, 2, 3) = 7;
  c.at(0, 1, 0) = 5;
  EXPECT_EQ(c.values()[(1 * 3 + 2) * 4 + 3], 7);
  EXPECT_EQ(c.values()[(0 * 3 + 1) * 4 + 0], 5);
  EXPECT_EQ(c.view().row(1 * 3 + 2)[3], 7);  // row = bin * units + unit
  EXPECT_EQ(c.shape().rows(), 6u);
  EXPECT_EQ(c.shape().with_categories(2), (Shape{2, 3, 2}));
}

TEST(Cube, AViewOfTheWrongSizeIsRefusedWhereItIsMade) {
  std::vector<double> values(23);
  try {
    View<double> v({2, 3, 4}, values);
    FAIL() << "a view of 23 values on 24 cells was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "cube: 23 values for [2 bins x 3 units x 4 categories]");
  }
  EXPECT_THROW(Cube<double>({2, 3, 4}, std::vector<double>(25)), std::invalid_argument);
}

TEST(Cube, AConstViewComesFromAMutableOne) {
  Cube<double> c({1, 1, 2}, 1.5);
  const View<const double> read = c.view();
  c.at(0, 0, 1) = 4;
  EXPECT_EQ(read.at(0, 0, 1), 4);
  EXPECT_EQ(read.span().size(), 2u);
}

TEST(Cube, WidenedKeepsEachRowsCategoriesFirstAndFillsTheAddedOnes) {
  Cube<int> c({2, 1, 2}, std::vector<int>{1, 2, 3, 4});
  const Cube<int> wide = widened(c, 3, -1);
  EXPECT_EQ(wide.shape(), (Shape{2, 1, 3}));
  EXPECT_EQ(wide.values(), (std::vector<int>{1, 2, -1, 3, 4, -1}));
  EXPECT_EQ(widened(c, 2).values(), c.values());
  EXPECT_THROW(widened(c, 1), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::cube
