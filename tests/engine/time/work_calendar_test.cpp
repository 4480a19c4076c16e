#include "riskgrid/engine/time/work_calendar.hpp"

#include <gtest/gtest.h>

namespace riskgrid::time {
namespace {

Seconds at(const char* text) { return *parse_iso(text); }
std::int64_t day(const char* text) { return day_number(at(text)); }

/// China 2026, National Day: 1-7 October off, Saturday 10 October worked (调休).
CalendarRules national_day_2026() {
  CalendarRules rules;
  for (std::int64_t d = day("2026-10-01"); d <= day("2026-10-07"); ++d) rules.holidays.push_back(d);
  rules.workdays = {day("2026-10-10")};
  return rules;
}

WorkCalendar autumn_2026() { return WorkCalendar(national_day_2026(), day("2026-09-01"), 120); }

TEST(WorkCalendar, SkipsTheWeekend) {
  const WorkCalendar cal = autumn_2026();
  EXPECT_EQ(cal.add_working(at("2026-11-06 16:00"), 2 * kHour), at("2026-11-09 10:00"));  // Friday -> Monday
  EXPECT_EQ(cal.working_between(at("2026-11-06 16:00"), at("2026-11-09 10:00")), 2 * kHour);
  EXPECT_FALSE(cal.is_working(at("2026-11-07 10:00")));  // Saturday
  EXPECT_TRUE(cal.is_working(at("2026-11-09 09:00")));
  EXPECT_FALSE(cal.is_working(at("2026-11-09 17:00")));  // working hours end at 17:00 (exclusive)
}

TEST(WorkCalendar, SkipsPublicHolidaysAndWorksMakeUpDays) {
  const WorkCalendar cal = autumn_2026();
  // Wednesday 30 September 16:00 + one working day: 1 h that day, then Thursday 8 October 9:00 + 7 h.
  EXPECT_EQ(cal.add_working(at("2026-09-30 16:00"), 8 * kHour), at("2026-10-08 16:00"));
  EXPECT_TRUE(cal.is_working_day(day("2026-10-10")));   // Saturday worked
  EXPECT_FALSE(cal.is_working_day(day("2026-10-05")));  // Monday off
  // Friday 9 October 17:00 + 3 h ends on the make-up Saturday at 12:00.
  EXPECT_EQ(cal.add_working(at("2026-10-09 17:00"), 3 * kHour), at("2026-10-10 12:00"));
}

TEST(WorkCalendar, WorkStartingOutsideHoursBeginsAtTheNextOpening) {
  const WorkCalendar cal = autumn_2026();
  EXPECT_EQ(cal.add_working(at("2026-11-02 03:00"), 4 * kHour), at("2026-11-02 13:00"));
  EXPECT_EQ(cal.add_working(at("2026-11-02 17:00"), 8 * kHour), at("2026-11-03 17:00"));
  EXPECT_EQ(cal.add_working(at("2026-11-02 03:00"), 0), at("2026-11-02 03:00"));
  EXPECT_EQ(cal.working_between(at("2026-11-02 10:00"), at("2026-11-02 09:00")), 0);
}

TEST(WorkCalendar, AddingAndMeasuringAreInverse) {
  const WorkCalendar cal = autumn_2026();
  for (Seconds t = at("2026-09-25"); t < at("2026-11-20"); t += 7 * kHour + 13 * 60) {
    const Seconds work = (t / 60) % (30 * kHour);
    const Seconds u = cal.add_working(t, work);
    ASSERT_EQ(cal.working_between(t, u), work) << format_iso(t);
    if (work > 0) {
      ASSERT_LT(cal.working_between(t, u - 1), work) << format_iso(t);
    }
  }
}

TEST(WorkCalendar, AnswersTheSameOutsideItsTable) {
  const WorkCalendar table = autumn_2026();
  const WorkCalendar none(national_day_2026(), day("2026-11-01"), 0);
  for (Seconds t = at("2026-09-20"); t < at("2026-10-20"); t += 5 * kHour + 7 * 60) {
    ASSERT_EQ(table.add_working(t, 20 * kHour), none.add_working(t, 20 * kHour)) << format_iso(t);
    ASSERT_EQ(table.working_between(t, t + 9 * kDay), none.working_between(t, t + 9 * kDay)) << format_iso(t);
  }
}

TEST(WorkCalendar, AlwaysCountsEverySecond) {
  const WorkCalendar cal(CalendarRules::always(), day("2026-11-01"), 30);
  EXPECT_EQ(cal.add_working(at("2026-11-07 22:00"), 5 * kHour), at("2026-11-08 03:00"));
  EXPECT_EQ(cal.period_starts(at("2026-11-01"), at("2026-11-04")).size(), 3u);
}

TEST(WorkCalendar, ListsTheStartsOfWorkingPeriods) {
  const WorkCalendar cal = autumn_2026();
  const auto starts = cal.period_starts(at("2026-10-01"), at("2026-10-13"));
  ASSERT_EQ(starts.size(), 4u);  // 8, 9, 10 (make-up Saturday), 12 October
  EXPECT_EQ(starts.front(), at("2026-10-08 09:00"));
  EXPECT_EQ(starts[2], at("2026-10-10 09:00"));
}

TEST(WorkCalendar, RejectsBadWorkingHours) {
  CalendarRules rules;
  rules.day_start = 18 * kHour;
  EXPECT_THROW(WorkCalendar(rules, 0, 10), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::time
