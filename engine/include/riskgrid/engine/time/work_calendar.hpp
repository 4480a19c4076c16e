#pragma once
// A working calendar: working hours on working days, where weekends and public holidays are not
// working days and make-up working days (调休) are. Time limits of cases count working time on it.
#include <cstdint>
#include <vector>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::time {

/// The calendar's rules as plain values (e.g. read from a calendar.yaml).
struct CalendarRules {
  Seconds day_start = 9 * kHour;        ///< working hours start, seconds after midnight
  Seconds day_end = 17 * kHour;         ///< working hours end (exclusive), day_start < day_end <= kDay
  std::vector<int> weekend_days{5, 6};  ///< 0 = Monday ... 6 = Sunday
  std::vector<std::int64_t> holidays;   ///< day numbers (day_number()) that are not working days
  std::vector<std::int64_t> workdays;   ///< day numbers that are working days although at a weekend
  /// Every second of every day is working time (24/7), e.g. for on-call teams and queueing tests.
  static CalendarRules always();
};

/// Answers working-time questions in O(log days) from a table of cumulative working time per day over
/// [first_day, first_day + days); outside that range it counts day by day (correct, slower).
class WorkCalendar {
 public:
  WorkCalendar() : WorkCalendar(CalendarRules{}, 0, 0) {}
  WorkCalendar(CalendarRules rules, std::int64_t first_day, std::int64_t days);

  bool is_working_day(std::int64_t day) const;
  /// True when `t` lies in working hours of a working day.
  bool is_working(Seconds t) const;
  /// Working seconds in [a, b) (0 when b <= a).
  Seconds working_between(Seconds a, Seconds b) const;
  /// The earliest instant u >= t with working_between(t, u) == work (t itself when work <= 0).
  Seconds add_working(Seconds t, Seconds work) const;
  /// Starts of working periods in [from, to), in order (one per working day at most).
  std::vector<Seconds> period_starts(Seconds from, Seconds to) const;
  /// Starts of the same daytime hours on days off (weekends, holidays) in [from, to), in order: when a
  /// duty roster works.
  std::vector<Seconds> duty_starts(Seconds from, Seconds to) const;
  /// Working seconds of one working day.
  Seconds day_length() const { return rules_.day_end - rules_.day_start; }

 private:
  /// Working seconds of `day` before its second `time_of_day`.
  Seconds worked_on(std::int64_t day, Seconds time_of_day) const;
  /// Working seconds in [first_day_, day): negative for days before the table.
  Seconds before_day(std::int64_t day) const;
  Seconds cumulative(Seconds t) const;

  CalendarRules rules_;
  std::uint8_t weekend_mask_ = 0;
  std::vector<std::int64_t> holidays_;  ///< sorted
  std::vector<std::int64_t> workdays_;  ///< sorted
  std::int64_t first_day_ = 0;
  std::vector<Seconds> prefix_;  ///< prefix_[i] = working seconds in [first_day_, first_day_ + i)
};

}  // namespace riskgrid::time
