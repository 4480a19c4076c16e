#include "riskgrid/engine/render/time_windows.hpp"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace riskgrid::render {
namespace {

bool at_midnight(time::Seconds t) { return time::hour_of_day(t) == 0 && t % time::kHour == 0; }

/// "MM-DD" of a time.
std::string month_day(time::Seconds t) { return time::format_date(t).substr(5); }
/// "hh:mm" of a time.
std::string clock(time::Seconds t) { return time::format_iso(t).substr(11, 5); }

std::string window_label(time::Seconds start, time::Seconds end, time::Seconds bin_length) {
  if (bin_length % time::kDay == 0 && at_midnight(start)) {
    const time::Seconds last_day = end - time::kDay;  // shown inclusive
    if (last_day <= start) return month_day(start);
    return fmt::format("{} \u2013 {}", month_day(start), month_day(last_day));
  }
  if (time::day_number(start) == time::day_number(end)) {
    return fmt::format("{} {}\u2013{}", month_day(start), clock(start), clock(end));
  }
  if (at_midnight(end) && time::day_number(end) == time::day_number(start) + 1) {
    return fmt::format("{} {}\u201324:00", month_day(start), clock(start));
  }
  return fmt::format("{} {} \u2013 {} {}", month_day(start), clock(start), month_day(end), clock(end));
}

}  // namespace

std::size_t default_panel_count(const time::TimeGrid& grid) {
  const std::size_t bins = grid.bins;
  if (bins < 4) return bins;
  const bool hourly = grid.bin_length < time::kDay;
  std::size_t best = 6;
  int best_score = 1 << 20;
  for (std::size_t n = 4; n <= 9 && n <= bins; ++n) {
    int score = std::abs(static_cast<int>(n) - 6);
    if (bins % n != 0) score += 10;  // unequal windows are harder to compare
    const time::Seconds window = static_cast<time::Seconds>(bins / n) * grid.bin_length;
    if (hourly && time::kDay % window != 0 && window % time::kDay != 0) score += 3;
    if (score < best_score) best_score = score, best = n;
  }
  return best;
}

std::vector<TimeWindow> time_windows(const time::TimeGrid& grid, std::size_t panels) {
  if (panels == 0) throw std::invalid_argument("small multiples: expected at least 1 panel");
  if (grid.bins == 0) throw std::invalid_argument("small multiples: the horizon has no bins");
  const std::size_t n = std::min(panels, grid.bins);
  std::vector<TimeWindow> out;
  for (std::size_t k = 0; k < n; ++k) {
    TimeWindow w;
    w.first_bin = k * grid.bins / n;
    w.end_bin = (k + 1) * grid.bins / n;
    w.start = grid.bin_start(w.first_bin);
    w.end = grid.bin_start(w.end_bin);
    w.label = window_label(w.start, w.end, grid.bin_length);
    out.push_back(std::move(w));
  }
  return out;
}

std::string duration_text(time::Seconds length, time::Seconds bin_length) {
  const bool daily = bin_length > 0 && bin_length % time::kDay == 0;
  // Up to three days read better in hours (a 72 h typhoon drill); longer in days.
  if (length % time::kDay == 0 && (daily || length > 3 * time::kDay)) {
    const time::Seconds days = length / time::kDay;
    return fmt::format("{} day{}", days, days == 1 ? "" : "s");
  }
  if (length % time::kHour == 0) return fmt::format("{} h", length / time::kHour);
  return fmt::format("{} min", length / 60);
}

std::string span_text(const time::TimeGrid& grid) {
  if (grid.bin_length % time::kDay == 0 && at_midnight(grid.start)) {
    return fmt::format("{} \u2013 {}", time::format_date(grid.start), time::format_date(grid.end() - time::kDay));
  }
  return fmt::format("{} \u2013 {}", time::format_iso(grid.start).substr(0, 16),
                     time::format_iso(grid.end()).substr(0, 16));
}

}  // namespace riskgrid::render
