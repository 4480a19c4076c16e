#include "riskgrid/engine/incidents/time_resolution.hpp"

#include <gtest/gtest.h>

namespace riskgrid::incidents {
namespace {

time::Seconds at(const char* text) { return *time::parse_iso(text); }

TEST(TimeResolution, FindsTheCoarsestPeriodEveryRowIsAlignedTo) {
  EXPECT_EQ(detect_resolution({at("2024-01-01 00:00"), at("2024-02-01 00:00"), at("2023-03-01")}),
            TimeResolution::month);
  EXPECT_EQ(detect_resolution({at("2024-01-01 00:00"), at("2024-02-02 00:00")}), TimeResolution::day);
  EXPECT_EQ(detect_resolution({at("2024-01-01 00:00"), at("2024-02-02 13:00")}), TimeResolution::hour);
  EXPECT_EQ(detect_resolution({at("2024-01-01 00:00"), at("2024-02-02 13:05")}), TimeResolution::minute);
  EXPECT_EQ(detect_resolution({at("2024-01-01 00:00"), at("2024-02-02 13:05:09")}), TimeResolution::second);
  EXPECT_EQ(detect_resolution({at("1969-12-01 00:00")}), TimeResolution::month);  // before 1970 too
  EXPECT_EQ(describe_resolution(TimeResolution::month), "months (every row on the 1st at 00:00)");
}

TEST(TimeResolution, SpreadKeepsEveryRowInItsPeriodAndDependsOnlyOnTheSeed) {
  std::vector<time::Seconds> months;
  for (int i = 0; i < 2000; ++i) months.push_back(at(i % 2 ? "2024-02-01" : "2023-12-01"));
  auto a = months, b = months, c = months;
  spread_uniformly(a, TimeResolution::month, 7);
  spread_uniformly(b, TimeResolution::month, 7);
  spread_uniformly(c, TimeResolution::month, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  time::Seconds last_feb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const time::Seconds length = months[i] == at("2024-02-01") ? 29 * time::kDay : 31 * time::kDay;  // leap February
    ASSERT_GE(a[i], months[i]);
    ASSERT_LT(a[i], months[i] + length);
    if (i % 2) last_feb = std::max(last_feb, a[i]);
  }
  EXPECT_GT(last_feb, at("2024-02-28 00:00"));  // reaches into the leap day
  EXPECT_EQ(detect_resolution(a), TimeResolution::second);
}

}  // namespace
}  // namespace riskgrid::incidents
