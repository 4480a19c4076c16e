#include "riskgrid/engine/incidents/text_columns.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace riskgrid::incidents {
namespace {

TEST(IncidentTextColumns, StringColumnKeepsEveryIdIncludingEmptyAndUtf8) {
  const std::vector<std::string> ids{"PT20240301-00017", "", "56923577", "普陀-7", "a,\"b\""};
  StringColumn c;
  c.reserve(ids.size(), 12);
  for (const auto& id : ids) c.push_back(id);
  ASSERT_EQ(c.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(c[i], ids[i]) << i;
  EXPECT_EQ(c.front(), "PT20240301-00017");
  EXPECT_EQ(c.longest(), std::string("PT20240301-00017").size());
  StringColumn same;
  for (const auto& id : ids) same.push_back(id);
  EXPECT_EQ(c, same);
  same.clear();
  EXPECT_TRUE(same.empty());
}

TEST(IncidentTextColumns, CodedColumnStoresEachDistinctValueOnce) {
  const std::vector<std::string> rows{"hotline", "hotline", "grid_patrol", "", "hotline", "petition", ""};
  CodedColumn c;
  for (const auto& r : rows) c.push_back(r);
  ASSERT_EQ(c.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(c[i], rows[i]) << i;
  EXPECT_EQ(c.values(), (std::vector<std::string>{"hotline", "grid_patrol", "", "petition"}));
  EXPECT_EQ(c.codes(), (std::vector<std::uint16_t>{0, 0, 1, 2, 0, 3, 2}));
  CodedColumn other;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) other.push_back(*it);
  EXPECT_NE(c, other);
  CodedColumn copy = c;
  EXPECT_EQ(copy, c);
  copy.push_back("hotline");  // the copy keeps its own index
  EXPECT_EQ(copy.codes().back(), 0);
}

TEST(IncidentTextColumns, CodedColumnRefusesAFreeTextColumn) {
  CodedColumn c;
  for (int i = 0; i <= 65535; ++i) c.push_back(std::to_string(i));
  EXPECT_THROW(c.push_back("one too many"), std::length_error);
  EXPECT_EQ(c[65535], "65535");
}

}  // namespace
}  // namespace riskgrid::incidents
