#include "riskgrid/engine/incidents/history_csv.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::incidents {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;

  Fixture() {
    district.projection = geo::LocalProjection(121.4, 31.25);
    for (const char* id : {"g1", "g2"}) {
      spatial::Unit g;
      g.id = id;
      g.parent = "t";
      district.grids.push_back(g);
    }
    for (const char* id : {"noise", "property"}) {
      catalog::Category c;
      c.id = id;
      c.department = std::string(id) + "_dept";
      catalog.categories.push_back(c);
    }
  }
};

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_history_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

IncidentTable sample_table() {
  IncidentTable t;
  auto add = [&](std::string id, const char* created, const char* closed, std::uint16_t cat, std::uint32_t grid,
                 std::string source, double lon, double lat) {
    t.id.push_back(std::move(id));
    t.created.push_back(*time::parse_iso(created));
    t.closed.push_back(closed ? *time::parse_iso(closed) : -1);
    t.category.push_back(cat);
    t.grid.push_back(grid);
    t.source.push_back(std::move(source));
    t.lon.push_back(lon);
    t.lat.push_back(lat);
    t.status.push_back(closed ? "closed" : "open");
  };
  add("PT2025110100001", "2025-11-01 08:15:00", "2025-11-01 12:00:30", 0, 0, "hotline", 121.4012346, 31.2523456);
  add("PT2025110100002", "2025-11-01 23:59:59", nullptr, 1, 1, "grid_patrol", 121.3999, 31.2499);
  add("id with \"quotes\", and comma", "2025-11-02 00:00:00", "2025-11-09 00:00:00", 1, 0, "multi\nline", -0.5, 0.25);
  return t;
}

TEST(HistoryCsv, RoundTripsATable) {
  const Fixture f;
  const IncidentTable in = sample_table();
  const fs::path path = temp_dir("roundtrip") / "history.csv";
  write_history_csv(path.string(), in, f.district, f.catalog);
  const IncidentTable out = read_history_csv(path.string(), f.district, f.catalog);
  ASSERT_EQ(out.size(), in.size());
  EXPECT_EQ(out.id, in.id);
  EXPECT_EQ(out.created, in.created);
  EXPECT_EQ(out.closed, in.closed);
  EXPECT_EQ(out.category, in.category);
  EXPECT_EQ(out.grid, in.grid);
  EXPECT_EQ(out.source, in.source);
  EXPECT_EQ(out.status, in.status);
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_NEAR(out.lon[i], in.lon[i], 5e-7);
    EXPECT_NEAR(out.lat[i], in.lat[i], 5e-7);
  }
  fs::remove_all(path.parent_path());
}

TEST(HistoryCsv, WritesTheDocumentedColumns) {
  const Fixture f;
  const fs::path path = temp_dir("columns") / "history.csv";
  write_history_csv(path.string(), sample_table(), f.district, f.catalog);
  std::ifstream in(path);
  std::string header, first, second;
  std::getline(in, header);
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(header, "id,created,closed,category,source,lon,lat,grid,town,department,status");
  EXPECT_EQ(first,
            "PT2025110100001,2025-11-01 08:15:00,2025-11-01 12:00:30,noise,hotline,121.401235,"
            "31.252346,g1,t,noise_dept,closed");
  EXPECT_EQ(second,
            "PT2025110100002,2025-11-01 23:59:59,,property,grid_patrol,121.399900,31.249900,g2,t,"
            "property_dept,open");
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
  fs::remove_all(path.parent_path());
}

TEST(HistoryCsv, BadTimeNamesFileLineAndColumn) {
  const Fixture f;
  const std::string path = std::string(RISKGRID_TEST_DATA) + "/history/bad_time.csv";
  try {
    read_history_csv(path, f.district, f.catalog);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":3: column 'created': expected a time like 2025-01-31 08:00:00, got 'xyz'");
  }
}

TEST(HistoryCsv, UnknownCategorySuggestsTheClosestId) {
  const Fixture f;
  const std::string path = std::string(RISKGRID_TEST_DATA) + "/history/unknown_category.csv";
  try {
    read_history_csv(path, f.district, f.catalog);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":2: column 'category': unknown category 'nosie' (did you mean 'noise'?)");
  }
}

TEST(HistoryCsv, MapsColumnsByNameInAnyOrder) {
  const Fixture f;
  const std::string path = std::string(RISKGRID_TEST_DATA) + "/history/reordered_columns.csv";
  const IncidentTable t = read_history_csv(path, f.district, f.catalog);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.id[0], "PT,1");
  EXPECT_EQ(t.grid[0], 1u);
  EXPECT_EQ(t.category[0], 1u);
  EXPECT_EQ(t.created[0], *time::parse_iso("2025-11-02 09:00"));
  EXPECT_EQ(t.closed[0], -1);  // no 'closed' column
  EXPECT_EQ(t.status[0], "open");
  EXPECT_DOUBLE_EQ(t.lon[0], 121.4002);
}

TEST(HistoryCsv, MissingColumnIsReported) {
  const Fixture f;
  const fs::path path = temp_dir("missing") / "h.csv";
  std::ofstream(path) << "id,created,category,lon,lat\n1,2025-11-01,noise,1,2\n";
  try {
    read_history_csv(path.string(), f.district, f.catalog);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(":1: missing column 'grid'"), std::string::npos) << e.what();
  }
  fs::remove_all(path.parent_path());
}

TEST(HistoryCsv, MissingFileIsAnIoError) {
  const Fixture f;
  EXPECT_THROW(read_history_csv("/nonexistent/h.csv", f.district, f.catalog), IoError);
}

}  // namespace
}  // namespace riskgrid::incidents
