#include "riskgrid/engine/ingest/history_source.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "ingest_fixture.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/category_map.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"

namespace riskgrid::ingest {
namespace {

/// Writes `history` (indented under history:) as a district file and parses its history block.
HistorySource parse(const std::string& history, const std::string& data_dir = "/data") {
  const std::string dir = testing::temp_dir("source");
  const std::string path = dir + "/district.yaml";
  std::ofstream(path) << "name: t\nhistory:\n" << history;
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields f(root, path, "");
  return parse_history_source(io::Fields(f.required_node("history"), path, "history"), dir, data_dir);
}

std::string error_of(const std::string& history, const std::string& data_dir = "/data") {
  try {
    parse(history, data_dir);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kColumns = "  columns: {created: t, lon: x, lat: y, category: c}\n";

TEST(HistorySource, ReadsEveryKey) {
  const HistorySource s = parse(
      "  path: ${data}/city/incidents.csv\n"
      "  delimiter: \";\"\n  decimal: \",\"\n  time_format: \"%d/%m/%Y %H:%M\"\n  ignore_zone: true\n"
      "  crs: EPSG:26910\n  max_bad_fraction: 0.1\n"
      "  columns:\n    id: uid\n    created: {year: Y, month: M, day: D, hour: H, minute: MI}\n"
      "    closed: done\n    x: X\n    y: Y2\n    category: type\n    source: src\n    department: agency\n"
      "  categories:\n    map:\n      violent: [murder, \"assault*\"]\n      property: theft\n    other: misc\n");
  EXPECT_EQ(s.path, "/data/city/incidents.csv");
  EXPECT_EQ(s.delimiter, ';');
  EXPECT_EQ(s.decimal, ',');
  EXPECT_EQ(s.time_format, "%d/%m/%Y %H:%M");
  EXPECT_TRUE(s.ignore_zone);
  EXPECT_EQ(s.crs, "EPSG:26910");
  EXPECT_EQ(s.max_bad_fraction, 0.1);
  EXPECT_EQ(s.id.name, "uid");
  EXPECT_TRUE(s.created.split());
  EXPECT_EQ(s.created.minute.name, "MI");
  EXPECT_EQ(s.closed.column.name, "done");
  EXPECT_EQ(s.x.name, "X");
  EXPECT_EQ(s.y.name, "Y2");
  EXPECT_EQ(s.department.name, "agency");
  ASSERT_EQ(s.category_map.size(), 2u);
  EXPECT_EQ(s.category_map[0].patterns, (std::vector<std::string>{"murder", "assault*"}));
  EXPECT_EQ(s.category_map[1].patterns, (std::vector<std::string>{"theft"}));
  EXPECT_EQ(s.category_other, "misc");
  EXPECT_NE(s.where.find("district.yaml:3:"), std::string::npos) << s.where;
}

TEST(HistorySource, ErrorsNameFileLineAndKey) {
  EXPECT_NE(error_of("  path: a.csv\n  delimter: \";\"\n" + kColumns).find("delimter"), std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  delimter: \";\"\n" + kColumns).find("delimiter"), std::string::npos)
      << "did-you-mean";
  const std::string bad_format = error_of("  path: a.csv\n  time_format: \"%Y-%m-%q\"\n" + kColumns);
  EXPECT_NE(bad_format.find("district.yaml:4:"), std::string::npos) << bad_format;
  EXPECT_NE(bad_format.find("unknown directive %q"), std::string::npos) << bad_format;
  EXPECT_NE(error_of("  path: a.csv\n  crs: EPSG:999999\n" + kColumns).find("history.crs"), std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  decimal: \";\"\n" + kColumns).find("history.decimal"), std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  columns: {created: t, lon: x, category: c}\n").find("lon and lat together"),
            std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  columns: {lon: x, lat: y, category: c}\n").find("columns.created"),
            std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  columns: {created: t, category: c}\n").find("coordinates"), std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  columns: {created: t, lon: x, lat: y}\n").find("categories.fixed"),
            std::string::npos);
  EXPECT_NE(error_of("  path: ${data}/a.csv\n" + kColumns, "").find("no data folder"), std::string::npos);
  EXPECT_NE(error_of("  path: ${home}/a.csv\n" + kColumns).find("only variable"), std::string::npos);
  EXPECT_NE(error_of("  path: a.csv\n  max_bad_fraction: 2\n" + kColumns).find("max_bad_fraction"), std::string::npos);
}

TEST(UtcOffset, Parses) {
  EXPECT_EQ(parse_utc_offset("-06:00"), -6 * 3600);
  EXPECT_EQ(parse_utc_offset("+05:30"), 5 * 3600 + 1800);
  EXPECT_EQ(parse_utc_offset("+0545"), 5 * 3600 + 45 * 60);
  EXPECT_EQ(parse_utc_offset("Z"), 0);
  EXPECT_FALSE(parse_utc_offset("CET"));
  EXPECT_FALSE(parse_utc_offset("+5"));
}

TEST(CategoryMapper, ExactCaseInsensitiveTrimmedWildcardsOtherAndFixed) {
  catalog::CategoryCatalog catalog;
  for (const char* id : {"violent", "property", "misc"}) {
    catalog.categories.emplace_back();
    catalog.categories.back().id = id;
  }
  HistorySource s;
  s.category_map = {{"violent", {"Murder", "assault*"}, "w"}, {"property", {"*theft", "burglary"}, "w"}};
  CategoryMapper m(s, catalog);
  std::string scratch;
  EXPECT_EQ(m.map("murder", scratch), 0);
  EXPECT_EQ(m.map("  MURDER ", scratch), 0);
  EXPECT_EQ(m.map("Assault with a weapon", scratch), 0);
  EXPECT_EQ(m.map("auto theft", scratch), 1);
  EXPECT_EQ(m.map("Property", scratch), 1);  // a catalog id maps onto itself
  EXPECT_FALSE(m.map("rape", scratch));
  s.category_other = "misc";
  EXPECT_EQ(CategoryMapper(s, catalog).map("rape", scratch), 2);
  HistorySource fixed;
  fixed.category_fixed = "property";
  EXPECT_EQ(CategoryMapper(fixed, catalog).map("anything", scratch), 1);
  s.category_map.push_back({"misc", {"MURDER"}, "district.yaml:9:7"});
  EXPECT_THROW(CategoryMapper(s, catalog), ScenarioError);
  s.category_map.pop_back();
  s.category_other = "mics";
  try {
    CategoryMapper(s, catalog);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'misc'?"), std::string::npos) << e.what();
  }
}

TEST(GlobMatch, Stars) {
  EXPECT_TRUE(glob_match("*theft", "auto theft"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYc"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("a*b", "aXc"));
  EXPECT_FALSE(glob_match("abc", "abcd"));
}

// Issue 17: hostile history files are refused before they are read, or at their header.
class HostileHistory : public ::testing::Test {
 protected:
  /// A district whose history is `csv_path`, its header checked as `validate` checks it.
  static std::string check(const std::string& csv_path) {
    const catalog::CategoryCatalog catalog = catalog::load_catalog(testing::fixture("categories.yaml"));
    try {
      const HistorySource s = parse("  path: " + csv_path + "\n" + kColumns);
      check_mapping(s, catalog);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(HostileHistory, ADeviceOrFolderIsRefusedAtThePathLine) {
  EXPECT_NE(check("/dev/zero").find("district.yaml:3:9: history.path: /dev/zero is a device, not a file"),
            std::string::npos)
      << check("/dev/zero");
  EXPECT_NE(check(testing::temp_dir("folder")).find("is a directory, not a file"), std::string::npos);
}

TEST_F(HostileHistory, AMappedColumnTwiceInTheHeaderIsRefused) {
  const std::string path = testing::temp_dir("dup") + "/h.csv";
  std::ofstream(path) << "t,x,y,c,x\n2024-01-01 10:00,1,2,theft,3\n";
  EXPECT_NE(check(path).find("history column 'x' is in the header of " + path + " twice (columns 2 and 5)"),
            std::string::npos)
      << check(path);
  std::ofstream(path) << "t,x,y,c,note,note\n2024-01-01 10:00,1,2,theft,a,b\n";  // unmapped: harmless
  EXPECT_EQ(check(path), "(no error)");
}

TEST_F(HostileHistory, AHeaderLineWithoutEndIsRefusedFast) {
  const std::string path = testing::temp_dir("long") + "/h.csv";
  std::ofstream(path) << "t,x,y,c" << std::string(200'000, 'z');
  EXPECT_NE(check(path).find("h.csv:1: the header line is 200007 bytes long (at most 65536)"), std::string::npos)
      << check(path);
}

}  // namespace
}  // namespace riskgrid::ingest
