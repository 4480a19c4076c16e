// Every table format a bureau exports ingests like the CSV of the same incidents: the same accepted
// rows (ids, times, categories, units, points) and the same quarantined lines and reasons.
#include <cpl_vsi.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "incident_tables.hpp"
#include "ingest_fixture.hpp"
#include "riskgrid/engine/error.hpp"

namespace riskgrid::ingest {
namespace {

using riskgrid::testing::incident_rows;

/// A district file over the nasty squares whose history is `history` (YAML lines, indented by 2).
std::string district(const std::string& dir, const std::string& name, const std::string& history) {
  const std::string squares = testing::fixture("nasty");
  const std::string path = dir + "/" + name + ".yaml";
  riskgrid::testing::write_text(
      path, fmt::format("name: formats\nutc_offset: \"+08:00\"\noutline: {0}/outline.geojson\ntowns: "
                        "{0}/towns.geojson\ngrids: {0}/grids.geojson\ncategories: {1}\nhistory:\n{2}  "
                        "max_bad_fraction: 0.6\n",
                        squares, testing::fixture("categories.yaml"), history));
  return path;
}

const std::string kColumns =
    "  columns: {id: id, created: created, category: category, lon: lon, lat: lat, source: note}\n";
const std::string kGeometryColumns = "  columns: {id: id, created: created, category: category, source: note}\n";

struct Ingested {
  IngestResult result;
  std::vector<std::string> quarantine;  ///< "line,reason,field" of each quarantined row
};

Ingested ingest_file(const std::string& district_file, const std::string& dir) {
  const auto spec = scenario::load_district_spec(district_file);
  const auto catalog = catalog::load_catalog(spec.categories);
  const auto loaded = scenario::load_district(spec);
  IngestOptions options;
  options.quarantine_csv = dir + "/" + std::filesystem::path(district_file).stem().string() + ".quarantine.csv";
  Ingested out{ingest_history(*spec.history_source, loaded.district, catalog, options), {}};
  std::ifstream q(options.quarantine_csv);
  std::string line;
  std::getline(q, line);
  while (std::getline(q, line)) {
    std::istringstream fields(line);
    std::string at, reason, field;
    std::getline(fields, at, ',');
    std::getline(fields, reason, ',');
    std::getline(fields, field, ',');
    if (field == kGeometryLon) field = "lon";  // the geometry's x stands where the CSV's lon stands
    out.quarantine.push_back(at + "," + reason + "," + field);
  }
  return out;
}

void expect_same(const Ingested& csv, const Ingested& other, double lonlat_tolerance) {
  const IngestSummary &a = csv.result.summary, &b = other.result.summary;
  EXPECT_EQ(a.read, b.read);
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.quarantined, b.quarantined);
  EXPECT_EQ(csv.quarantine, other.quarantine);
  const auto &x = csv.result.table, &y = other.result.table;
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.created, y.created);
  EXPECT_EQ(x.category, y.category);
  EXPECT_EQ(x.grid, y.grid);
  EXPECT_EQ(x.source, y.source);
  ASSERT_EQ(x.lon.size(), y.lon.size());
  for (std::size_t i = 0; i < x.lon.size(); ++i) {
    EXPECT_NEAR(x.lon[i], y.lon[i], lonlat_tolerance) << i;
    EXPECT_NEAR(x.lat[i], y.lat[i], lonlat_tolerance) << i;
  }
}

class TableFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    // Not testing::temp_dir: GDAL's zip paths would take "Tables.Xlsx..." in the test's name for the workbook.
    static int counter = 0;
    dir_ = (std::filesystem::temp_directory_path() / fmt::format("riskgrid-formats-{}-{}", ::getpid(), ++counter))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    riskgrid::testing::write_text(dir_ + "/history.csv", riskgrid::testing::csv_text(incident_rows()));
    csv_ = ingest_file(district(dir_, "csv", "  path: history.csv\n" + kColumns), dir_);
    // The figures the comparisons rest on: every reason the rows carry, none lost.
    const IngestSummary& s = csv_.result.summary;
    ASSERT_EQ(s.read, 60u);
    ASSERT_EQ(testing::count(s, QuarantineReason::bad_time), 8u);
    ASSERT_GT(testing::count(s, QuarantineReason::unknown_category), 0u);
    ASSERT_GT(testing::count(s, QuarantineReason::missing_coordinates), 0u);
    ASSERT_GT(testing::count(s, QuarantineReason::outside_units), 0u);
    ASSERT_EQ(s.read, s.accepted + s.quarantined_total());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
  Ingested csv_;
};

TEST_F(TableFormats, XlsxSheetIngestsLikeTheCsv) {
  riskgrid::testing::write_table(incident_rows(), "XLSX", dir_ + "/history.xlsx", false);
  expect_same(csv_, ingest_file(district(dir_, "xlsx", "  path: history.xlsx\n  sheet: incidents\n" + kColumns), dir_),
              0);
  // The first sheet when none is named, the format from the extension.
  expect_same(csv_, ingest_file(district(dir_, "xlsx_first", "  path: history.xlsx\n" + kColumns), dir_), 0);
}

TEST_F(TableFormats, OdsWithTypedDatesAndNumbersIngestsLikeTheCsv) {
  riskgrid::testing::write_table(incident_rows(), "ODS", dir_ + "/history.ods", false, 4326, true);
  expect_same(csv_, ingest_file(district(dir_, "ods", "  path: history.ods\n  format: ods\n" + kColumns), dir_), 0);
}

TEST_F(TableFormats, GeoPackagePointsInWebMercatorIngestLikeTheCsv) {
  riskgrid::testing::write_table(incident_rows(), "GPKG", dir_ + "/history.gpkg", true, 3857);
  expect_same(
      csv_, ingest_file(district(dir_, "gpkg", "  path: history.gpkg\n  layer: incidents\n" + kGeometryColumns), dir_),
      1e-9);
}

TEST_F(TableFormats, GzipAndZipCsvIngestLikeTheCsv) {
  const std::string text = riskgrid::testing::csv_text(incident_rows());
  for (const std::string& vsi : {"/vsigzip/" + dir_ + "/history.csv.gz", "/vsizip/" + dir_ + "/history.zip/h.csv"}) {
    VSILFILE* f = VSIFOpenL(vsi.c_str(), "wb");
    ASSERT_NE(f, nullptr) << vsi;
    ASSERT_EQ(VSIFWriteL(text.data(), 1, text.size(), f), text.size());
    VSIFCloseL(f);
  }
  const Ingested gz = ingest_file(district(dir_, "gz", "  path: history.csv.gz\n" + kColumns), dir_);
  expect_same(csv_, gz, 0);
  EXPECT_NE(gz.result.summary.source_sha256, csv_.result.summary.source_sha256);  // of the file as stored
  expect_same(csv_, ingest_file(district(dir_, "zip", "  path: history.zip\n" + kColumns), dir_), 0);
}

TEST_F(TableFormats, AWorkbookNamedCsvIsRefusedNamingWhatItIs) {
  riskgrid::testing::write_table(incident_rows(), "XLSX", dir_ + "/history.xlsx", false);
  std::filesystem::copy_file(dir_ + "/history.xlsx", dir_ + "/export.csv");  // as a download names it
  try {
    scenario::load_district_spec(district(dir_, "wrong", "  path: export.csv\n" + kColumns));
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("is an XLSX workbook, not CSV: name the sheet with `sheet:`"),
              std::string::npos)
        << e.what();
  }
  // Naming the sheet is enough: the content says which workbook it is.
  expect_same(csv_, ingest_file(district(dir_, "named", "  path: export.csv\n  sheet: incidents\n" + kColumns), dir_),
              0);
}

TEST_F(TableFormats, AnUnknownSheetIsRefusedWithTheSheetsThereAre) {
  riskgrid::testing::write_table(incident_rows(), "XLSX", dir_ + "/history.xlsx", false);
  try {
    ingest_file(district(dir_, "sheet", "  path: history.xlsx\n  sheet: incident\n" + kColumns), dir_);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("'incident' is not in"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("did you mean 'incidents'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace riskgrid::ingest
