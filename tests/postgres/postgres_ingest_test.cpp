// A work-order table in a real PostgreSQL server ingests like the CSV of the same rows. The test starts
// a throw-away server from Debian's packages (initdb in a temporary folder, a Unix socket there and no
// TCP port), loads the table through GDAL's PostgreSQL driver and stops and removes the server even
// when an assertion fails. Label `postgres`; CI installs the packages (scripts/install-deps.sh).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <glob.h>

#include <fmt/format.h>

#include "incident_tables.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "scoped_env.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;

/// The newest /usr/lib/postgresql/<version>/bin holding initdb, or empty.
std::string server_bin() {
  glob_t found{};
  std::string bin;
  if (::glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &found) == 0 && found.gl_pathc > 0)
    bin = fs::path(found.gl_pathv[found.gl_pathc - 1]).parent_path().string();
  ::globfree(&found);
  return bin;
}

/// A server in `dir` (data in dir/data, socket in dir), as the `postgres` user when we are root (the
/// server refuses to run as root).
class Server {
 public:
  Server(std::string bin, fs::path dir) : bin_(std::move(bin)), dir_(std::move(dir)) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (::geteuid() == 0) {
      as_ = "runuser -u postgres -- ";
      run("chown postgres " + dir_.string());
    }
    run(as_ + bin_ + "/initdb -D " + (dir_ / "data").string() +
        " -A trust -U riskgrid -E UTF8 --no-locale --no-sync > " + (dir_ / "initdb.log").string() + " 2>&1");
    run(as_ + bin_ + "/pg_ctl -D " + (dir_ / "data").string() + " -l " + (dir_ / "server.log").string() +
        " -w -t 20 -o \"-k " + dir_.string() + " -c listen_addresses= -c fsync=off\" start > /dev/null");
    started_ = true;
  }
  ~Server() {
    if (started_)
      std::system(
          (as_ + bin_ + "/pg_ctl -D " + (dir_ / "data").string() + " -m immediate -w stop > /dev/null 2>&1").c_str());
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  std::string connection() const { return fmt::format("host={} dbname=postgres user=riskgrid", dir_.string()); }
  std::string log() const {
    std::ostringstream s;
    s << std::ifstream(dir_ / "server.log").rdbuf() << std::ifstream(dir_ / "initdb.log").rdbuf();
    return s.str();
  }

 private:
  void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command + "\n" + log());
  }
  std::string bin_, as_;
  fs::path dir_;
  bool started_ = false;
};

std::string district(const fs::path& dir, const std::string& name, const std::string& history) {
  const std::string squares = std::string(RISKGRID_TEST_DATA) + "/ingest/nasty";
  const fs::path path = dir / (name + ".yaml");
  std::ofstream(path) << fmt::format(
      "name: pg\nutc_offset: \"+08:00\"\noutline: {0}/outline.geojson\ntowns: {0}/towns.geojson\ngrids: "
      "{0}/grids.geojson\ncategories: {0}/../categories.yaml\nhistory:\n{1}  max_bad_fraction: 0.6\n  columns: {{id: "
      "id, created: created, category: category, lon: lon, lat: lat, source: note}}\n",
      squares, history);
  return path.string();
}

ingest::IngestResult ingest_file(const std::string& district_file) {
  const auto spec = scenario::load_district_spec(district_file);
  const auto catalog = catalog::load_catalog(spec.categories);
  return ingest::ingest_history(*spec.history_source, scenario::load_district(spec).district, catalog, {});
}

void expect_same(const ingest::IngestResult& a, const ingest::IngestResult& b) {
  EXPECT_EQ(a.summary.read, b.summary.read);
  EXPECT_EQ(a.summary.accepted, b.summary.accepted);
  EXPECT_EQ(a.summary.quarantined, b.summary.quarantined);
  EXPECT_EQ(a.table.id, b.table.id);
  EXPECT_EQ(a.table.created, b.table.created);
  EXPECT_EQ(a.table.category, b.table.category);
  EXPECT_EQ(a.table.grid, b.table.grid);
  EXPECT_EQ(a.table.lon, b.table.lon);
  EXPECT_EQ(a.table.lat, b.table.lat);
  EXPECT_EQ(a.table.source, b.table.source);
}

TEST(Postgres, AWorkOrderTableIngestsLikeTheCsvRowForRow) {
  const std::string bin = server_bin();
  if (bin.empty())
    GTEST_SKIP() << "SKIPPED: no PostgreSQL server (/usr/lib/postgresql/*/bin/initdb); "
                    "apt-get install postgresql (scripts/install-deps.sh does)";
  const fs::path dir = fs::temp_directory_path() / fmt::format("riskgrid-pg-{}", ::getpid());
  Server server(bin, dir / "server");
  const auto rows = testing::incident_rows();
  testing::write_text((dir / "history.csv").string(), testing::csv_text(rows));
  testing::write_table(rows, "PostgreSQL", "PG:" + server.connection(), false);
  const auto csv = ingest_file(district(dir, "csv", "  path: history.csv\n"));
  ASSERT_EQ(csv.summary.read, 60u);
  ASSERT_GT(csv.summary.quarantined_total(), 0u);

  const auto table = ingest_file(
      district(dir, "table",
               fmt::format("  format: postgresql\n  connection: \"{}\"\n  table: incidents\n", server.connection())));
  expect_same(csv, table);
  EXPECT_EQ(table.summary.source, "postgresql:incidents");
  // A query, the connection from libpq's environment (PGHOST, PGDATABASE, PGUSER).
  ::setenv("PGHOST", (dir / "server").c_str(), 1);
  ::setenv("PGDATABASE", "postgres", 1);
  ::setenv("PGUSER", "riskgrid", 1);
  const auto query =
      ingest_file(district(dir, "query", "  format: postgresql\n  sql: SELECT * FROM incidents ORDER BY ogc_fid\n"));
  for (const char* name : {"PGHOST", "PGDATABASE", "PGUSER"}) ::unsetenv(name);
  expect_same(csv, query);
  fs::remove_all(dir);
}

TEST(Postgres, APasswordInTheScenarioIsRefused) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("riskgrid-pg-password-{}", ::getpid());
  fs::create_directories(dir);
  try {
    scenario::load_district_spec(
        district(dir, "pw", "  format: postgresql\n  connection: \"host=db password=secret\"\n  table: t\n"));
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("without a password (put it in PGPASSWORD or ~/.pgpass)"), std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace riskgrid
