#include "riskgrid/engine/ingest/time_parse.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/ingest/text_util.hpp"

namespace riskgrid::ingest {
namespace {

time::Seconds at(const char* iso) { return *time::parse_iso(iso); }

std::optional<time::Seconds> parse(const std::string& format, std::string_view text, bool ignore_zone = false,
                                   std::int32_t offset = 0) {
  return TimeParser(format, ignore_zone, offset).parse(text);
}

TEST(TimeParser, IsoWithAndWithoutTimeSecondsFractionsAndSeparators) {
  EXPECT_EQ(parse("iso", "2010-01-01T00:00:00"), at("2010-01-01 00:00:00"));
  EXPECT_EQ(parse("iso", "2014-01-01 01:15"), at("2014-01-01 01:15"));
  EXPECT_EQ(parse("iso", "2024-04-16T03:03:15.000"), at("2024-04-16 03:03:15"));
  EXPECT_EQ(parse("iso", "2016-08-10"), at("2016-08-10"));
  EXPECT_EQ(parse("iso", "  2016-08-10 "), at("2016-08-10"));
  EXPECT_FALSE(parse("iso", "2016-8-10"));
  EXPECT_FALSE(parse("iso", "2016-08-10T"));
  EXPECT_FALSE(parse("iso", "2016-08-10 25:00"));
  EXPECT_FALSE(parse("iso", "2023-02-29"));
  EXPECT_EQ(parse("iso", "2024-02-29"), at("2024-02-29"));
  EXPECT_FALSE(parse("iso", ""));
  EXPECT_FALSE(parse("iso", "12:00:00."));
}

TEST(TimeParser, ZonesMoveToTheDistrictsOffsetUnlessIgnored) {
  // Medellin: 12:30 UTC is 07:30 in Colombia (-05:00).
  EXPECT_EQ(parse("iso", "2019-04-23T12:30:00Z", false, -5 * 3600), at("2019-04-23 07:30:00"));
  EXPECT_EQ(parse("iso", "2019-04-23T12:30:00+02:00", false, 0), at("2019-04-23 10:30:00"));
  EXPECT_EQ(parse("iso", "2019-04-23T12:30:00-0330", false, 0), at("2019-04-23 16:00:00"));
  EXPECT_EQ(parse("iso", "2019-04-23T12:30:00+08", false, 8 * 3600), at("2019-04-23 12:30:00"));
  // Cincinnati's Z is fake: ignore_zone keeps the written local time.
  EXPECT_EQ(parse("iso", "2017-05-25T00:00:00Z", true, -5 * 3600), at("2017-05-25 00:00:00"));
  EXPECT_FALSE(parse("iso", "2019-04-23T12:30:00+2"));
  EXPECT_FALSE(parse("iso", "2019-04-23T12:30:00 UTC"));
}

TEST(TimeParser, UsWithTwelveHourClock) {
  EXPECT_EQ(parse("us", "02/28/2023 11:45:00 PM"), at("2023-02-28 23:45:00"));
  EXPECT_EQ(parse("us", "01/01/2017 12:01:47 AM"), at("2017-01-01 00:01:47"));
  EXPECT_EQ(parse("us", "12/31/2016 12:00:00 PM"), at("2016-12-31 12:00:00"));
  EXPECT_EQ(parse("us", "1/1/2010"), at("2010-01-01"));
  EXPECT_EQ(parse("us", "3/4/2020 7:05"), at("2020-03-04 07:05"));
  EXPECT_EQ(parse("us", "3/4/2020 7:05 pm"), at("2020-03-04 19:05"));
  EXPECT_FALSE(parse("us", "13/01/2020"));
  EXPECT_FALSE(parse("us", "01/01/2020 13:00:00 PM"));
  EXPECT_FALSE(parse("us", "2020-01-01"));
}

TEST(TimeParser, DateOnly) {
  EXPECT_EQ(parse("date", "2016-08-10"), at("2016-08-10"));
  EXPECT_FALSE(parse("date", "2016-08-10 10:00"));
}

TEST(TimeParser, Patterns) {
  EXPECT_EQ(parse("%d/%m/%Y %H:%M", "31/12/2016 23:59"), at("2016-12-31 23:59"));
  EXPECT_EQ(parse("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:57:56 PM"), at("2016-12-31 23:57:56"));
  EXPECT_EQ(parse("%Y%m%d", "20200101"), at("2020-01-01"));
  EXPECT_EQ(parse("%Y-%m-%d %H:%M:%S.%f%z", "2020-01-01 10:00:00.123+01:00"), at("2020-01-01 09:00:00"));
  EXPECT_EQ(parse("%d.%m.%Y  %H", "01.02.2020 7"), at("2020-02-01 07:00"));  // spaces: one or more
  EXPECT_FALSE(parse("%d/%m/%Y", "31/12/2016 extra"));
  EXPECT_FALSE(parse("%d/%m/%Y", "12-31-2016"));
}

TEST(TimeFormat, ChecksPatterns) {
  EXPECT_EQ(check_time_format("iso"), "");
  EXPECT_EQ(check_time_format("%Y-%m-%d %H:%M"), "");
  EXPECT_NE(check_time_format("isoo"), "");
  EXPECT_NE(check_time_format("%Y-%m-%q"), "");
  EXPECT_NE(check_time_format("%H:%M"), "");
  EXPECT_NE(check_time_format("%Y-%m-%d %"), "");
}

TEST(CivilSeconds, ValidatesFields) {
  EXPECT_EQ(civil_seconds(1970, 1, 1, 0, 0, 0), 0);
  EXPECT_EQ(civil_seconds(2020, 6, 19, 3, 40, 0), at("2020-06-19 03:40"));
  EXPECT_FALSE(civil_seconds(2021, 2, 29, 0, 0, 0));
  EXPECT_FALSE(civil_seconds(2021, 4, 31, 0, 0, 0));
  EXPECT_FALSE(civil_seconds(2021, 1, 1, 24, 0, 0));
}

TEST(ParseNumber, DecimalPointOrComma) {
  EXPECT_EQ(parse_number("-95.4373883", '.'), -95.4373883);
  EXPECT_EQ(parse_number(" -75,56985400000 ", ','), -75.569854);
  EXPECT_EQ(parse_number("+1e3", '.'), 1000.0);
  EXPECT_FALSE(parse_number("-75,5", '.'));
  EXPECT_FALSE(parse_number("-75.5", ','));
  EXPECT_FALSE(parse_number("1,234.5", '.'));
  EXPECT_FALSE(parse_number("NA", '.'));
  EXPECT_FALSE(parse_number("inf", '.'));
  EXPECT_FALSE(parse_number("nan", '.'));
  EXPECT_FALSE(parse_number("", '.'));
  EXPECT_FALSE(parse_number("12abc", '.'));
  EXPECT_EQ(parse_integer("7.0"), 7);
  EXPECT_FALSE(parse_integer("7.5"));
}

}  // namespace
}  // namespace riskgrid::ingest
