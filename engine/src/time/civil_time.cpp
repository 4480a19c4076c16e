#include "riskgrid/engine/time/civil_time.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace riskgrid::time {
namespace chr = std::chrono;

namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const char* first = text.data() + pos;
  for (std::size_t i = 0; i < len; ++i)
    if (first[i] < '0' || first[i] > '9') return false;
  return std::from_chars(first, first + len, out).ec == std::errc{};
}

chr::year_month_day civil_date(Seconds t) { return chr::year_month_day{chr::sys_days{chr::days{day_number(t)}}}; }

}  // namespace

std::optional<Seconds> parse_iso(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_int(text, 5, 2, mo) || text[7] != '-' ||
      !read_int(text, 8, 2, d))
    return std::nullopt;
  const chr::year_month_day date{chr::year{y}, chr::month{unsigned(mo)}, chr::day{unsigned(d)}};
  if (!date.ok()) return std::nullopt;
  if (text.size() > 10) {
    if ((text[10] != ' ' && text[10] != 'T') || !read_int(text, 11, 2, h) || text.size() < 16 || text[13] != ':' ||
        !read_int(text, 14, 2, mi))
      return std::nullopt;
    if (text.size() > 16 && (text[16] != ':' || !read_int(text, 17, 2, s) || text.size() != 19)) return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  }
  const auto days = chr::sys_days{date}.time_since_epoch().count();
  return static_cast<Seconds>(days) * kDay + h * kHour + mi * 60 + s;
}

std::int64_t day_number(Seconds t) { return t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay); }

std::string format_date(Seconds t) {
  const auto ymd = civil_date(t);
  return fmt::format("{:04d}-{:02d}-{:02d}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::string format_iso(Seconds t) {
  const Seconds in_day = t - day_number(t) * kDay;
  return fmt::format("{} {:02d}:{:02d}:{:02d}", format_date(t), in_day / kHour, in_day % kHour / 60, in_day % 60);
}

int weekday(Seconds t) {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const std::int64_t d = day_number(t);
  return static_cast<int>(((d + 3) % 7 + 7) % 7);
}

int hour_of_day(Seconds t) { return static_cast<int>((t - day_number(t) * kDay) / kHour); }

int day_of_year(Seconds t) {
  const auto ymd = civil_date(t);
  const chr::sys_days jan1{ymd.year() / chr::January / 1};
  return static_cast<int>(day_number(t) - jan1.time_since_epoch().count());
}

}  // namespace riskgrid::time
