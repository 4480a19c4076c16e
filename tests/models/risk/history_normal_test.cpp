#include "riskgrid/models/risk/history_normal.hpp"

#include <gtest/gtest.h>

namespace riskgrid::models {
namespace {

const time::Seconds kMonday = *time::parse_iso("2026-11-02");  // a Monday

void add(incidents::IncidentTable& t, time::Seconds at, std::uint32_t grid, std::uint16_t category) {
  t.created.push_back(at), t.grid.push_back(grid), t.category.push_back(category);
}

TEST(HistoryNormal, IsTheMeanOfTheSameWeekdayOverTheTrainingWeeks) {
  incidents::IncidentTable h;
  // Eight weeks before the horizon: grid 0, category 1 has 4 cases every Monday, 1 every Tuesday.
  for (int week = 1; week <= 8; ++week) {
    const time::Seconds monday = kMonday - week * 7 * time::kDay;
    for (int i = 0; i < 4; ++i) add(h, monday + 3600 * (8 + i), 0, 1);
    add(h, monday + time::kDay + 9 * 3600, 0, 1);
  }
  const HistoryNormalSpec spec{{kMonday, time::kDay, 14}, kMonday - 8 * 7 * time::kDay, kMonday, 2, 2};
  const HistoryNormal n = history_normal(h, spec);
  EXPECT_FALSE(n.seasonal);
  EXPECT_FALSE(n.fallback);
  EXPECT_EQ(n.fewest_weeks, 8u);
  EXPECT_DOUBLE_EQ(n.expected.at(0, 0, 1), 4);  // Monday
  EXPECT_DOUBLE_EQ(n.expected.at(1, 0, 1), 1);  // Tuesday
  EXPECT_DOUBLE_EQ(n.expected.at(2, 0, 1), 0);  // Wednesday
  EXPECT_DOUBLE_EQ(n.expected.at(7, 0, 1), 4);  // the next Monday: the same weeks
  EXPECT_DOUBLE_EQ(n.expected.at(0, 1, 1), 0);  // another grid
  EXPECT_DOUBLE_EQ(n.expected.at(0, 0, 0), 0);  // another category
}

TEST(HistoryNormal, HourlyBinsCompareTheSameHourOfTheWeek) {
  incidents::IncidentTable h;
  for (int week = 1; week <= 4; ++week) add(h, kMonday - week * 7 * time::kDay + 19 * 3600 + 60, 0, 0);
  const HistoryNormalSpec spec{{kMonday, time::kHour, 48}, kMonday - 4 * 7 * time::kDay, kMonday, 1, 1};
  const HistoryNormal n = history_normal(h, spec);
  EXPECT_DOUBLE_EQ(n.expected.at(19, 0, 0), 1);
  EXPECT_DOUBLE_EQ(n.expected.at(18, 0, 0), 0);
  EXPECT_DOUBLE_EQ(n.expected.at(24 + 19, 0, 0), 0);  // Tuesday 19:00
}

TEST(HistoryNormal, WithAYearOfHistoryOnlyTheSameSeasonCounts) {
  incidents::IncidentTable h;
  // Two years of history: 10 cases a day in July and August, 1 a day otherwise.
  const time::Seconds start = *time::parse_iso("2024-11-01"), end = *time::parse_iso("2026-11-01");
  for (time::Seconds day = start; day < end; day += time::kDay) {
    const int month = std::stoi(time::format_date(day).substr(5, 2));
    for (int i = 0; i < (month == 7 || month == 8 ? 10 : 1); ++i) add(h, day + 3600 * (8 + i), 0, 0);
  }
  HistoryNormalSpec spec{{*time::parse_iso("2026-11-01"), time::kDay, 7}, start, end, 1, 1};
  const HistoryNormal november = history_normal(h, spec);
  EXPECT_TRUE(november.seasonal);
  for (std::size_t b = 0; b < 7; ++b) EXPECT_DOUBLE_EQ(november.expected.at(b, 0, 0), 1) << b;
  spec.horizon.start = *time::parse_iso("2026-07-27");  // inside the history too: only earlier weeks count
  spec.season_days = 14;
  const HistoryNormal summer = history_normal(h, spec);
  EXPECT_GT(summer.expected.at(3, 0, 0), 9);  // 30 July: summers of 2025 and 2026 alike
}

TEST(HistoryNormal, WithoutAComparableWeekTheTrainingMeanStandsIn) {
  incidents::IncidentTable h;
  for (int d = 1; d <= 4; ++d) add(h, kMonday - d * time::kDay + 3600, 0, 0), add(h, kMonday - d * time::kDay, 0, 0);
  const HistoryNormalSpec spec{{kMonday, time::kDay, 3}, kMonday - 4 * time::kDay, kMonday, 1, 1};
  const HistoryNormal n = history_normal(h, spec);
  EXPECT_TRUE(n.fallback);
  EXPECT_EQ(n.fewest_weeks, 0u);
  EXPECT_DOUBLE_EQ(n.expected.at(0, 0, 0), 2);  // 8 cases over 4 days
}

}  // namespace
}  // namespace riskgrid::models
