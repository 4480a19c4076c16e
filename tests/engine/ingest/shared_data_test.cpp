// Ingest over the real files in ../shared/data (or $RISKGRID_DATA_DIR) when they are there; skipped,
// saying so, when they are not. Counts are checked against the data's own README (Houston: 86,314
// rows, 5 without coordinates) and for determinism across thread counts.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "ingest_fixture.hpp"

namespace riskgrid::ingest {
namespace {
namespace fs = std::filesystem;

std::string shared_data() {
  if (const char* env = std::getenv("RISKGRID_DATA_DIR"); env && *env) return env;
  return RISKGRID_SHARED_DATA;
}

TEST(IngestSharedData, HoustonOffensesOnZipCodes) {
  const std::string data = shared_data();
  if (!fs::exists(data + "/houston/houston_crime_2010.csv"))
    GTEST_SKIP() << "no shared data at " << data << " (set RISKGRID_DATA_DIR to run this test)";
  const std::string dir = testing::temp_dir("shared-houston");
  std::ofstream(dir + "/district.yaml")
      << "name: Houston ZIP codes\ndata_dir: " << fs::absolute(data).string() << "\nutc_offset: \"-06:00\"\n"
      << "categories: " << testing::fixture("categories.yaml") << "\n"
      << "units:\n  path: ${data}/houston/houston_zips.geojson\n  id: zip\n"
      << "history:\n  path: ${data}/houston/houston_crime_2010.csv\n"
      << "  columns: {created: time, lon: lon, lat: lat, category: offense, source: premise}\n"
      << "  categories:\n    map: {violent: [murder, rape, robbery, \"aggravated assault\"], "
         "property: [burglary, \"*theft\"]}\n";
  const scenario::DistrictSpec spec = scenario::load_district_spec(dir + "/district.yaml");
  const catalog::CategoryCatalog catalog = catalog::load_catalog(spec.categories);
  const spatial::District district = scenario::load_district(spec).district;
  IngestOptions one;
  one.threads = 1;
  const IngestResult a = ingest_history(*spec.history_source, district, catalog, one);
  const IngestSummary& s = a.summary;
  EXPECT_EQ(s.read, 86314u);
  EXPECT_EQ(s.read, s.accepted + s.quarantined_total());
  EXPECT_EQ(testing::count(s, QuarantineReason::missing_coordinates), 5u);
  EXPECT_EQ(testing::count(s, QuarantineReason::bad_time), 0u);
  EXPECT_EQ(testing::count(s, QuarantineReason::malformed_row), 0u);
  EXPECT_EQ(testing::count(s, QuarantineReason::unknown_category), 0u);
  EXPECT_GT(s.accepted, 80000u);  // a few geocode outliers fall outside every ZIP
  IngestOptions many;
  many.threads = 4;
  many.chunk_bytes = 1 << 18;
  const IngestResult b = ingest_history(*spec.history_source, district, catalog, many);
  EXPECT_EQ(a.table.created, b.table.created);
  EXPECT_EQ(a.table.grid, b.table.grid);
  EXPECT_EQ(a.table.lon, b.table.lon);
  EXPECT_EQ(a.summary.quarantined, b.summary.quarantined);
  std::printf("houston: read %llu, accepted %llu, outside_units %llu, %.2f s\n",
              static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.accepted),
              static_cast<unsigned long long>(testing::count(s, QuarantineReason::outside_units)), s.seconds);
}

}  // namespace
}  // namespace riskgrid::ingest
