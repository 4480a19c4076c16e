// A growing export is ingested incrementally: the rows appended since the last ingest are read alone
// and the result is the whole file's, row for row, count for count, quarantine line for line.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "ingest_fixture.hpp"

namespace riskgrid::ingest {
namespace {
namespace fs = std::filesystem;
using testing::Fixture;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

/// The fixture "nasty" (a byte-order mark, CRLF lines, a quoted line break, every quarantine reason,
/// a blank line, an unclosed quote, no line end at the end) with its history at `path`.
struct GrowingExport {
  Fixture fixture{"nasty"};
  std::string whole = read_all(testing::fixture("nasty.csv"));
  std::string path;
  HistorySource source;

  explicit GrowingExport(const std::string& dir) : path(dir + "/export.csv"), source(*fixture.spec.history_source) {
    source.path = path;
  }
  /// The file's bytes up to the end of the line holding `marker`.
  std::string up_to(const std::string& marker) const {
    return whole.substr(0, whole.find('\n', whole.find(marker)) + 1);
  }
  IngestResult ingest(const std::string& cache, const std::string& quarantine) const {
    IngestOptions o;
    o.cache_dir = cache;
    o.quarantine_csv = quarantine;
    o.max_bad_fraction = 1;
    return ingest_history(source, fixture.district, fixture.catalog, o);
  }
};

void expect_same_rows(const IngestResult& a, const IngestResult& b) {
  ASSERT_EQ(a.table.size(), b.table.size());
  for (std::size_t i = 0; i < a.table.size(); ++i) {
    EXPECT_EQ(std::string_view(a.table.id[i]), std::string_view(b.table.id[i])) << "row " << i;
    EXPECT_EQ(a.table.created[i], b.table.created[i]) << "row " << i;
    EXPECT_EQ(a.table.closed[i], b.table.closed[i]) << "row " << i;
    EXPECT_EQ(a.table.category[i], b.table.category[i]) << "row " << i;
    EXPECT_EQ(a.table.grid[i], b.table.grid[i]) << "row " << i;
    EXPECT_EQ(a.table.lon[i], b.table.lon[i]) << "row " << i;
  }
  EXPECT_EQ(a.summary.read, b.summary.read);
  EXPECT_EQ(a.summary.accepted, b.summary.accepted);
  EXPECT_EQ(a.summary.quarantined, b.summary.quarantined);
  EXPECT_EQ(a.summary.closed_before_created, b.summary.closed_before_created);
  EXPECT_EQ(a.summary.source_sha256, b.summary.source_sha256);
}

TEST(IncrementalIngest, AppendedRowsAreReadAloneAndGiveTheWholeFilesResult) {
  const std::string dir = testing::temp_dir("grow");
  const GrowingExport e(dir);
  write_all(e.path, e.up_to("a9,"));
  const IngestResult morning = e.ingest(dir + "/cache", dir + "/q1.csv");
  EXPECT_EQ(morning.summary.read_before, 0u);
  write_all(e.path, e.whole);  // tonight's export: the same rows and more after them
  const IngestResult next = e.ingest(dir + "/cache", dir + "/q2.csv");
  EXPECT_EQ(next.summary.read_before, morning.summary.read);
  EXPECT_GT(next.summary.read, morning.summary.read);

  const IngestResult whole = e.ingest(dir + "/fresh_cache", dir + "/q_whole.csv");
  EXPECT_EQ(whole.summary.read_before, 0u);
  expect_same_rows(next, whole);
  EXPECT_EQ(read_all(dir + "/q2.csv"), read_all(dir + "/q_whole.csv"));  // line numbers continue
  EXPECT_TRUE(e.ingest(dir + "/cache", "").summary.from_cache);          // and the new store serves
  EXPECT_FALSE(fs::exists(morning.store)) << "the superseded store stays behind";
}

TEST(IncrementalIngest, AnExportEditedBeforeItsEndIsReadWhole) {
  const std::string dir = testing::temp_dir("edit");
  const GrowingExport e(dir);
  write_all(e.path, e.up_to("a9,"));
  e.ingest(dir + "/cache", "");
  std::string edited = e.whole;
  edited.replace(edited.find("a1,2024-03-01 08:00"), 19, "a1,2024-03-02 08:00");  // an old row corrected
  write_all(e.path, edited);
  const IngestResult next = e.ingest(dir + "/cache", "");
  EXPECT_EQ(next.summary.read_before, 0u);
  const IngestResult whole = e.ingest(dir + "/fresh_cache", "");
  expect_same_rows(next, whole);
}

TEST(IncrementalIngest, ARowCutShortByTheLastExportIsReadWhole) {
  const std::string dir = testing::temp_dir("cut");
  const GrowingExport e(dir);
  const std::string prefix = e.up_to("a9,");
  write_all(e.path, prefix.substr(0, prefix.size() - 5));  // the export stopped inside a9's row
  e.ingest(dir + "/cache", "");
  write_all(e.path, e.whole);
  const IngestResult next = e.ingest(dir + "/cache", "");
  EXPECT_EQ(next.summary.read_before, 0u);
  expect_same_rows(next, e.ingest(dir + "/fresh_cache", ""));
}

}  // namespace
}  // namespace riskgrid::ingest
