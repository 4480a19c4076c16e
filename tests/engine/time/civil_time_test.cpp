#include "riskgrid/engine/time/civil_time.hpp"

#include <gtest/gtest.h>

namespace riskgrid::time {
namespace {

TEST(CivilTime, ParsesDatesAndTimes) {
  EXPECT_EQ(parse_iso("1970-01-01"), 0);
  EXPECT_EQ(parse_iso("1970-01-02 01:02:03"), kDay + kHour + 123);
  EXPECT_EQ(parse_iso("2024-02-29T23:59"), parse_iso("2024-03-01").value() - 60);
  EXPECT_EQ(format_iso(*parse_iso("2026-11-01 08:30:05")), "2026-11-01 08:30:05");
}

TEST(CivilTime, RejectsMalformedText) {
  for (const char* bad : {"", "2026-13-01", "2025-02-29", "2026-11-01 25:00", "2026/11/01", "2026-11-01 08",
                          "2026-11-01 08:00:00Z", "x2026-11-01"})
    EXPECT_FALSE(parse_iso(bad).has_value()) << bad;
}

TEST(CivilTime, WeekdaysHoursAndDaysOfYear) {
  EXPECT_EQ(weekday(*parse_iso("2026-11-23")), 0);  // a Monday
  EXPECT_EQ(weekday(*parse_iso("2026-11-01")), 6);  // a Sunday
  EXPECT_EQ(weekday(*parse_iso("1969-12-31")), 2);  // before the epoch
  EXPECT_EQ(hour_of_day(*parse_iso("2026-11-01 17:59")), 17);
  EXPECT_EQ(day_of_year(*parse_iso("2026-01-01")), 0);
  EXPECT_EQ(day_of_year(*parse_iso("2024-12-31")), 365);
  EXPECT_EQ(day_number(-1), -1);
}

}  // namespace
}  // namespace riskgrid::time
