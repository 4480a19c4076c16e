#include "riskgrid/engine/ingest/time_parse.hpp"

#include "riskgrid/engine/ingest/text_util.hpp"

namespace riskgrid::ingest {

namespace {

constexpr std::string_view kDirectives = "YmdHIMSpfz%";

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads between min and max digits at the front of `t`; -1 when there are fewer than min.
int take_digits(std::string_view& t, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  int value = 0;
  while (n < max && n < t.size() && t[n] >= '0' && t[n] <= '9') value = value * 10 + (t[n++] - '0');
  if (n < min) return -1;
  t.remove_prefix(n);
  return value;
}

bool take(std::string_view& t, char c) {
  if (t.empty() || t[0] != c) return false;
  t.remove_prefix(1);
  return true;
}

bool take_fraction(std::string_view& t) {  // [.fff] (any number of digits), dropped
  if (!take(t, '.') && !take(t, ',')) return true;
  std::size_t n = 0;
  while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
  t.remove_prefix(n);
  return n > 0;
}

// Z | ±hh[:mm] | ±hhmm
bool take_zone(std::string_view& t, std::optional<std::int32_t>& zone) {
  if (take(t, 'Z') || take(t, 'z')) {
    zone = 0;
    return true;
  }
  if (t.empty() || (t[0] != '+' && t[0] != '-')) return false;
  const int sign = t[0] == '-' ? -1 : 1;
  t.remove_prefix(1);
  const int h = take_digits(t, 2, 2);
  if (h < 0 || h > 18) return false;
  int m = 0;
  const bool colon = take(t, ':');
  if (colon || (!t.empty() && t[0] >= '0' && t[0] <= '9')) {
    m = take_digits(t, 2, 2);
    if (m < 0 || m > 59) return false;
  }
  zone = sign * (h * 3600 + m * 60);
  return true;
}

// " AM" / "PM" (case-insensitive, spaces before allowed): 0 none, 1 AM, 2 PM, -1 bad.
int take_meridiem(std::string_view& t) {
  std::string_view s = t;
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  if (s.size() < 2 || (s[1] != 'M' && s[1] != 'm')) return 0;
  const char c = static_cast<char>(s[0] | 0x20);
  if (c != 'a' && c != 'p') return 0;
  t = s.substr(2);
  return c == 'a' ? 1 : 2;
}

struct Clock {
  int hour = 0, minute = 0, second = 0;
};

// hh:mm[:ss[.fff]]
bool take_clock(std::string_view& t, Clock& c, std::size_t min_hour_digits) {
  c.hour = take_digits(t, min_hour_digits, 2);
  if (c.hour < 0 || !take(t, ':')) return false;
  c.minute = take_digits(t, 2, 2);
  if (c.minute < 0) return false;
  if (take(t, ':')) {
    c.second = take_digits(t, 2, 2);
    if (c.second < 0 || !take_fraction(t)) return false;
  }
  return true;
}

int to_24h(int hour, int meridiem) {  // meridiem as take_meridiem; -1 when the hour is not 1-12
  if (meridiem == 0) return hour;
  if (hour < 1 || hour > 12) return -1;
  return hour % 12 + (meridiem == 2 ? 12 : 0);
}

}  // namespace

std::optional<time::Seconds> civil_seconds(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * time::kDay +
         hour * time::kHour + minute * 60 + second;
}

std::string check_time_format(const std::string& format) {
  if (format == "iso" || format == "us" || format == "date") return "";
  if (format.find('%') == std::string::npos) return "a pattern needs % directives";
  bool year = false, month = false, day = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "a % at the end";
    const char d = format[++i];
    if (kDirectives.find(d) == std::string_view::npos) return std::string("unknown directive %") + d;
    year |= d == 'Y';
    month |= d == 'm';
    day |= d == 'd';
  }
  if (!year || !month || !day) return "a pattern needs %Y, %m and %d";
  return "";
}

TimeParser::TimeParser(const std::string& format, bool ignore_zone, std::int32_t utc_offset_seconds)
    : ignore_zone_(ignore_zone), utc_offset_(utc_offset_seconds) {
  if (format == "iso") {
    kind_ = Kind::kIso;
  } else if (format == "us") {
    kind_ = Kind::kUs;
  } else if (format == "date") {
    kind_ = Kind::kDate;
  } else {
    kind_ = Kind::kPattern;
    for (std::size_t i = 0; i < format.size(); ++i) {
      if (format[i] == ' ' && !tokens_.empty() && tokens_.back().directive == 0 && tokens_.back().literal == ' ')
        continue;  // a run of spaces matches one or more spaces
      if (format[i] == '%' && i + 1 < format.size() && format[i + 1] != '%')
        tokens_.push_back({format[++i], 0});
      else
        tokens_.push_back({0, format[i] == '%' ? format[++i] : format[i]});
    }
  }
}

std::optional<time::Seconds> TimeParser::parse_pattern(std::string_view t, std::optional<std::int32_t>& zone) const {
  int y = -1, mo = -1, d = -1, h = 0, mi = 0, s = 0, meridiem = 0;
  for (const Token& tok : tokens_) {
    int* field = nullptr;
    std::size_t min = 1, max = 2;
    switch (tok.directive) {
      case 0:
        if (tok.literal == ' ') {
          if (!take(t, ' ')) return std::nullopt;
          while (take(t, ' ')) {
          }
        } else if (!take(t, tok.literal)) {
          return std::nullopt;
        }
        continue;
      case 'Y':
        field = &y;
        min = 4;
        max = 4;
        break;
      case 'm':
        field = &mo;
        break;
      case 'd':
        field = &d;
        break;
      case 'H':
      case 'I':
        field = &h;
        break;
      case 'M':
        field = &mi;
        break;
      case 'S':
        field = &s;
        break;
      case 'f': {
        std::size_t n = 0;
        while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
        if (n == 0) return std::nullopt;
        t.remove_prefix(n);
        continue;
      }
      case 'p':
        meridiem = take_meridiem(t);
        if (meridiem == 0) return std::nullopt;
        continue;
      case 'z':
        if (!take_zone(t, zone)) return std::nullopt;
        continue;
      default:
        return std::nullopt;
    }
    *field = take_digits(t, min, max);
    if (*field < 0) return std::nullopt;
  }
  if (!t.empty()) return std::nullopt;
  h = to_24h(h, meridiem);
  if (h < 0) return std::nullopt;
  return civil_seconds(y, mo, d, h, mi, s);
}

std::optional<time::Seconds> TimeParser::parse(std::string_view text) const {
  std::string_view t = trim(text);
  std::optional<std::int32_t> zone;
  std::optional<time::Seconds> local;
  if (kind_ == Kind::kPattern) {
    local = parse_pattern(t, zone);
  } else if (kind_ == Kind::kUs) {
    const int mo = take_digits(t, 1, 2);
    if (mo < 0 || !take(t, '/')) return std::nullopt;
    const int d = take_digits(t, 1, 2);
    if (d < 0 || !take(t, '/')) return std::nullopt;
    const int y = take_digits(t, 4, 4);
    Clock c;
    if (!t.empty()) {
      if (!take(t, ' ') && !take(t, 'T')) return std::nullopt;
      if (!take_clock(t, c, 1)) return std::nullopt;
      c.hour = to_24h(c.hour, take_meridiem(t));
      if (c.hour < 0) return std::nullopt;
    }
    if (!t.empty()) return std::nullopt;
    local = civil_seconds(y, mo, d, c.hour, c.minute, c.second);
  } else {
    const int y = take_digits(t, 4, 4);
    if (y < 0 || !take(t, '-')) return std::nullopt;
    const int mo = take_digits(t, 2, 2);
    if (mo < 0 || !take(t, '-')) return std::nullopt;
    const int d = take_digits(t, 2, 2);
    if (d < 0) return std::nullopt;
    Clock c;
    if (kind_ == Kind::kIso && !t.empty()) {
      if (!take(t, 'T') && !take(t, ' ')) return std::nullopt;
      if (!take_clock(t, c, 2)) return std::nullopt;
      if (!t.empty() && !take_zone(t, zone)) return std::nullopt;
    }
    if (!t.empty()) return std::nullopt;
    local = civil_seconds(y, mo, d, c.hour, c.minute, c.second);
  }
  if (!local) return std::nullopt;
  if (zone && !ignore_zone_) *local += utc_offset_ - *zone;
  return local;
}

}  // namespace riskgrid::ingest
