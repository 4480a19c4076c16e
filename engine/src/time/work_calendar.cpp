#include "riskgrid/engine/time/work_calendar.hpp"

#include <algorithm>
#include <stdexcept>

namespace riskgrid::time {

CalendarRules CalendarRules::always() {
  CalendarRules r;
  r.day_start = 0;
  r.day_end = kDay;
  r.weekend_days.clear();
  return r;
}

WorkCalendar::WorkCalendar(CalendarRules rules, std::int64_t first_day, std::int64_t days)
    : rules_(std::move(rules)), first_day_(first_day) {
  if (rules_.day_start < 0 || rules_.day_end > kDay || rules_.day_start >= rules_.day_end)
    throw std::invalid_argument("working hours must satisfy 0 <= start < end <= 24:00");
  for (const int d : rules_.weekend_days) {
    if (d < 0 || d > 6) throw std::invalid_argument("weekend days are 0 (Monday) .. 6 (Sunday)");
    weekend_mask_ = static_cast<std::uint8_t>(weekend_mask_ | (1u << d));
  }
  holidays_ = rules_.holidays;
  workdays_ = rules_.workdays;
  std::sort(holidays_.begin(), holidays_.end());
  std::sort(workdays_.begin(), workdays_.end());
  prefix_.resize(static_cast<std::size_t>(std::max<std::int64_t>(days, 0)) + 1, 0);
  for (std::size_t i = 1; i < prefix_.size(); ++i)
    prefix_[i] = prefix_[i - 1] + (is_working_day(first_day_ + std::int64_t(i) - 1) ? day_length() : 0);
}

bool WorkCalendar::is_working_day(std::int64_t day) const {
  if (std::binary_search(workdays_.begin(), workdays_.end(), day)) return true;
  if (std::binary_search(holidays_.begin(), holidays_.end(), day)) return false;
  return (weekend_mask_ & (1u << weekday(day * kDay))) == 0;
}

bool WorkCalendar::is_working(Seconds t) const {
  const std::int64_t day = day_number(t);
  const Seconds tod = t - day * kDay;
  return tod >= rules_.day_start && tod < rules_.day_end && is_working_day(day);
}

Seconds WorkCalendar::worked_on(std::int64_t day, Seconds time_of_day) const {
  if (!is_working_day(day)) return 0;
  return std::clamp(time_of_day, rules_.day_start, rules_.day_end) - rules_.day_start;
}

Seconds WorkCalendar::before_day(std::int64_t day) const {
  const std::int64_t last = first_day_ + std::int64_t(prefix_.size()) - 1;
  if (day >= first_day_ && day <= last) return prefix_[static_cast<std::size_t>(day - first_day_)];
  Seconds total = 0;  // outside the table: count the days in between
  if (day > last) {
    total = prefix_.back();
    for (std::int64_t d = last; d < day; ++d) total += worked_on(d, kDay);
  } else {
    for (std::int64_t d = day; d < first_day_; ++d) total -= worked_on(d, kDay);
  }
  return total;
}

Seconds WorkCalendar::cumulative(Seconds t) const {
  const std::int64_t day = day_number(t);
  return before_day(day) + worked_on(day, t - day * kDay);
}

Seconds WorkCalendar::working_between(Seconds a, Seconds b) const { return b <= a ? 0 : cumulative(b) - cumulative(a); }

Seconds WorkCalendar::add_working(Seconds t, Seconds work) const {
  if (work <= 0) return t;
  const Seconds target = cumulative(t) + work;
  // The day the work ends on: the first day d >= day(t) whose end reaches the target.
  std::int64_t day = day_number(t);
  const std::int64_t last = first_day_ + std::int64_t(prefix_.size()) - 1;
  if (day >= first_day_ && day < last && prefix_.back() >= target) {
    const auto from = prefix_.begin() + (day - first_day_ + 1);
    day = first_day_ + (std::lower_bound(from, prefix_.end(), target) - prefix_.begin()) - 1;
  } else {
    while (before_day(day + 1) < target) ++day;
  }
  return day * kDay + rules_.day_start + (target - before_day(day));
}

std::vector<Seconds> WorkCalendar::period_starts(Seconds from, Seconds to) const {
  std::vector<Seconds> out;
  for (std::int64_t day = day_number(from); day * kDay < to; ++day) {
    const Seconds start = day * kDay + rules_.day_start;
    if (start >= from && start < to && is_working_day(day)) out.push_back(start);
  }
  return out;
}

std::vector<Seconds> WorkCalendar::duty_starts(Seconds from, Seconds to) const {
  std::vector<Seconds> out;
  for (std::int64_t day = day_number(from); day * kDay < to; ++day) {
    const Seconds start = day * kDay + rules_.day_start;
    if (start >= from && start < to && !is_working_day(day)) out.push_back(start);
  }
  return out;
}

}  // namespace riskgrid::time
