#include "riskgrid/engine/ingest/ingest.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "ingest_fixture.hpp"
#include "scoped_env.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/incident_store.hpp"

namespace riskgrid::ingest {
namespace {

using testing::count;
using testing::Fixture;
using R = QuarantineReason;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_balanced(const IngestSummary& s) { EXPECT_EQ(s.read, s.accepted + s.quarantined_total()); }

void expect_same_table(const incidents::IncidentTable& a, const incidents::IncidentTable& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.closed, b.closed);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.grid, b.grid);
  EXPECT_EQ(a.lon, b.lon);
  EXPECT_EQ(a.lat, b.lat);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.department, b.department);
}

// nasty.csv, row by row (line: fate): 2 a1 ok (CRLF, after a BOM); 3 a2 ok (zone +08:00, a quoted
// comma); 4 a3 ok (a newline inside quotes, category in capitals); 6 a4 bad_time; 7 a5 bad_time (Feb
// 30); 8 a6 missing (empty); 9 a7 missing (0, 0); 10 a8 bad_coordinates (abc); 11 a9 outside_units;
// 12 a10 unknown_category; 13 a11 malformed (6 fields); 14 a12 malformed (8 fields); 15 a13
// invalid_utf8 (Latin-1 é); 16 a14 malformed (text after a quote); 17 blank; 18 a15 ok, closed
// before created; 19 a18 bad_coordinates (lon 200); 20 a16 malformed (quote never closed); 21 a17 ok.
TEST(Ingest, CountsEveryReasonOfTheNastyRowsExactly) {
  const Fixture f("nasty");
  IngestOptions options;
  options.quarantine_csv = testing::temp_dir("nasty") + "/quarantine.csv";
  const IngestResult r = f.ingest(options);
  const IngestSummary& s = r.summary;
  EXPECT_EQ(s.read, 18u);
  EXPECT_EQ(s.accepted, 5u);
  EXPECT_EQ(count(s, R::malformed_row), 4u);
  EXPECT_EQ(count(s, R::invalid_utf8), 1u);
  EXPECT_EQ(count(s, R::bad_time), 2u);
  EXPECT_EQ(count(s, R::missing_coordinates), 2u);
  EXPECT_EQ(count(s, R::bad_coordinates), 2u);
  EXPECT_EQ(count(s, R::outside_units), 1u);
  EXPECT_EQ(count(s, R::unknown_category), 1u);
  EXPECT_EQ(s.closed_before_created, 1u);
  expect_balanced(s);
  ASSERT_EQ(r.table.id.size(), 5u);
  const std::vector<std::string> ids{"a1", "a2", "a3", "a15", "a17"};
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(r.table.id[i], ids[i]);
  EXPECT_EQ(r.table.source[1], "quoted, with comma");
  EXPECT_EQ(r.table.source[2], "two\nlines");
  EXPECT_EQ(r.table.source[3], "say \"hi\"");
  EXPECT_EQ(r.table.created[1], *time::parse_iso("2024-03-01 09:30"));
  EXPECT_EQ(r.table.closed[1], *time::parse_iso("2024-03-01 12:00"));
  EXPECT_EQ(r.table.closed[3], -1);         // closed before created: dropped
  EXPECT_TRUE(r.table.status.empty());      // derived from closed
  EXPECT_TRUE(r.table.department.empty());  // not mapped
  // Squares: sw, se, nw, ne (index order); the point decides.
  EXPECT_EQ(r.table.grid, (std::vector<std::uint32_t>{2, 0, 0, 3, 3}));
  const auto noise = f.catalog.index_of("noise");
  EXPECT_EQ(r.table.category[0], *noise);

  const std::string q = read_file(options.quarantine_csv);
  EXPECT_EQ(q.substr(0, q.find('\n')), "line,reason,field,detail,raw");
  EXPECT_NE(q.find("6,bad_time,created,"), std::string::npos) << q;
  // raw is the record's text as CSV (quoted: it holds commas), its bytes as they were.
  EXPECT_NE(q.find("15,invalid_utf8,,bytes that are not UTF-8,\"a13,2024-03-01 10:00,,noise,121.44,31.24,caf\xE9\"\n"),
            std::string::npos);
  EXPECT_NE(q.find("20,malformed_row,,a quote opened on this line is never closed,"
                   "\"a16,2024-03-01 10:00,,noise,121.47,31.27,\"\"never closed\"\n"),
            std::string::npos);
  EXPECT_NE(q.find("13,malformed_row,,\"expected 7 fields (as in the header), got 6\","), std::string::npos);
  EXPECT_NE(q.find("10,bad_coordinates,lon,"), std::string::npos);
  EXPECT_NE(q.find("8,missing_coordinates,lon,"), std::string::npos);
  EXPECT_NE(q.find("12,unknown_category,category,"), std::string::npos);
  EXPECT_NE(q.find("11,outside_units,,"), std::string::npos);
  EXPECT_NE(q.find("9,missing_coordinates,lon,"), std::string::npos);
}

TEST(Ingest, SameResultOnAnyThreadCountAndChunkSize) {
  const Fixture f("houston");
  IngestOptions one;
  one.threads = 1;
  IngestOptions many;
  many.threads = 4;
  many.chunk_bytes = 512;  // dozens of chunks in flight
  const IngestResult a = f.ingest(one);
  const IngestResult b = f.ingest(many);
  expect_same_table(a.table, b.table);
  EXPECT_EQ(a.summary.quarantined, b.summary.quarantined);
}

TEST(Ingest, TooMuchLossIsAnInputErrorWithTheCounts) {
  const Fixture f("houston");
  IngestOptions options;
  options.max_bad_fraction = 0.1;
  try {
    f.ingest(options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("houston.csv: 33 of 123 rows (26.8%) could not be used"), std::string::npos) << what;
    EXPECT_NE(what.find("missing_coordinates 3, outside_units 27, unknown_category 3"), std::string::npos) << what;
  }
}

TEST(Ingest, HoustonSliceMatchesAnIndependentCount) {
  const IngestResult r = Fixture("houston").ingest();
  EXPECT_EQ(r.summary.read, 123u);
  EXPECT_EQ(r.summary.accepted, 90u);
  EXPECT_EQ(count(r.summary, R::outside_units), 27u);
  EXPECT_EQ(count(r.summary, R::missing_coordinates), 3u);  // NA, NA
  EXPECT_EQ(count(r.summary, R::unknown_category), 3u);     // rape: not mapped, no catch-all
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2010-01-01 00:00"));
  EXPECT_EQ(r.table.id.front(), "2");  // no id column: the line number
  EXPECT_EQ(r.table.source.front(), "18A");
}

TEST(Ingest, MedellinSemicolonsDecimalCommasAndUtcTimes) {
  const riskgrid::testing::ScopedUnsetEnv own_data_dir("RISKGRID_DATA_DIR");  // the fixture names its data_dir
  const Fixture f("medellin");
  const IngestResult r = f.ingest();
  EXPECT_EQ(r.summary.read, 65u);
  EXPECT_EQ(r.summary.accepted, 55u);
  EXPECT_EQ(count(r.summary, R::missing_coordinates), 5u);
  EXPECT_EQ(count(r.summary, R::outside_units), 5u);
  // First row: 2019-04-23T12:30:00Z;-75,56985400000;6,25722555000 -> 07:30 in Colombia.
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2019-04-23 07:30"));
  EXPECT_DOUBLE_EQ(r.table.lon.front(), -75.569854);
  EXPECT_DOUBLE_EQ(r.table.lat.front(), 6.25722555);
  EXPECT_EQ(r.table.category.front(), *f.catalog.index_of("violent"));  // categories.fixed
}

TEST(Ingest, VancouverUtmIsReprojectedToAKnownPoint) {
  const IngestResult r = Fixture("vancouver").ingest();
  EXPECT_EQ(r.summary.read, 85u);
  EXPECT_EQ(r.summary.accepted, 80u);
  EXPECT_EQ(count(r.summary, R::missing_coordinates), 5u);  // 0.0, 0.0 and empty
  // Row 1: X 491059.4824, Y 5459122.4178 in EPSG:26910; gdaltransform gives this lon/lat.
  EXPECT_NEAR(r.table.lon.front(), -123.12293664388, 1e-7);
  EXPECT_NEAR(r.table.lat.front(), 49.284788460991, 1e-7);
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2020-06-19 03:40"));  // split columns
}

TEST(Ingest, NycTitleCaseUsTimesClosedAndAgency) {
  const Fixture f("nyc311_web");
  const IngestResult r = f.ingest();
  EXPECT_EQ(r.summary.read, 60u);
  EXPECT_EQ(r.summary.accepted, 55u);
  EXPECT_EQ(count(r.summary, R::missing_coordinates), 3u);
  EXPECT_EQ(count(r.summary, R::outside_units), 2u);
  EXPECT_EQ(r.summary.closed_before_created, 2u);
  EXPECT_EQ(r.table.id.front(), "56923577");
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2023-02-28 23:45"));
  EXPECT_EQ(r.table.department.front(), "DOT");
}

TEST(Ingest, SanFranciscoLatLonText) {
  const IngestResult r = Fixture("sf_fire").ingest();
  EXPECT_EQ(r.summary.accepted, 60u);
  // "(37.745858648581, -122.456664252061)": lat first in the text.
  EXPECT_DOUBLE_EQ(r.table.lon.front(), -122.456664252061);
  EXPECT_DOUBLE_EQ(r.table.lat.front(), 37.745858648581);
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2016-12-31 23:57:56"));
  EXPECT_EQ(r.table.closed.front(), *time::parse_iso("2017-01-01 00:24:11"));
}

TEST(Ingest, CincinnatiMissingCoordinatesAndAFakeZone) {
  const IngestResult r = Fixture("cincinnati").ingest();
  EXPECT_EQ(r.summary.read, 56u);
  EXPECT_EQ(r.summary.accepted, 48u);
  EXPECT_EQ(count(r.summary, R::missing_coordinates), 7u);
  EXPECT_EQ(count(r.summary, R::unknown_category), 1u);                      // AGGRAVATED BURGLARY
  EXPECT_EQ(r.table.created.front(), *time::parse_iso("2017-05-25 00:00"));  // ignore_zone
}

TEST(Ingest, TheStoreServesTheSecondRunAndHoldsTheSameTable) {
  const Fixture f("nyc311_web");
  IngestOptions options;
  options.cache_dir = testing::temp_dir("cache");
  const std::string dir = testing::temp_dir("cache-out");
  options.quarantine_csv = dir + "/q1.csv";
  const IngestResult first = f.ingest(options);
  EXPECT_FALSE(first.summary.from_cache);
  options.quarantine_csv = dir + "/q2.csv";
  const IngestResult second = f.ingest(options);
  EXPECT_TRUE(second.summary.from_cache);
  expect_same_table(first.table, second.table);
  EXPECT_EQ(first.table.status, second.table.status);
  EXPECT_EQ(first.summary.quarantined, second.summary.quarantined);
  EXPECT_EQ(first.summary.source_sha256, second.summary.source_sha256);
  EXPECT_EQ(first.summary.source_sha256.size(), 64u);
  EXPECT_EQ(read_file(dir + "/q1.csv"), read_file(dir + "/q2.csv"));
  // `riskgrid ingest` copies the store: the summary without decoding the rows.
  options.load_table = false;
  const IngestResult summary_only = f.ingest(options);
  EXPECT_TRUE(summary_only.summary.from_cache);
  EXPECT_EQ(summary_only.summary.accepted, first.table.size());
  EXPECT_EQ(summary_only.table.size(), 0u);
  EXPECT_EQ(summary_only.store, second.store);
  options.load_table = true;
  // Another mapping is another store.
  auto source = *f.spec.history_source;
  source.category_other.clear();
  source.text += "\n# changed";
  options.max_bad_fraction = 1;
  const IngestResult third = ingest_history(source, f.district, f.catalog, options);
  EXPECT_FALSE(third.summary.from_cache);
}

TEST(Ingest, AColumnNotInTheHeaderNamesTheDistrictFileAndSuggests) {
  Fixture f("houston");
  f.spec.history_source->lon.name = "Lon";
  try {
    f.ingest();
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("houston/district.yaml:"), std::string::npos) << what;
    EXPECT_NE(what.find("history column 'Lon' is not in the header of"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean 'lon'?"), std::string::npos) << what;
  }
}

TEST(Ingest, AnUnknownCatalogIdIsAScenarioError) {
  Fixture f("vancouver");
  f.spec.history_source->category_other = "miscc";
  EXPECT_THROW(f.ingest(), ScenarioError);
}

TEST(Ingest, AMissingFileIsAnIoError) {
  Fixture f("vancouver");
  f.spec.history_source->path = "/nonexistent/vancouver.csv";
  EXPECT_THROW(f.ingest(), IoError);
}

}  // namespace
}  // namespace riskgrid::ingest
