#pragma once
// Helpers for the ingest tests: a fixture district (tests/data/ingest/<name>/district.yaml) loaded as
// the run would load it, and ingest with a private cache folder.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::ingest::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(RISKGRID_TEST_DATA) + "/ingest/" + relative;
}

struct Fixture {
  scenario::DistrictSpec spec;
  catalog::CategoryCatalog catalog;
  spatial::District district;

  explicit Fixture(const std::string& name)
      : spec(scenario::load_district_spec(fixture(name + "/district.yaml"))),
        catalog(catalog::load_catalog(spec.categories)),
        district(scenario::load_district(spec).district) {}

  IngestResult ingest(IngestOptions options = {}) const {
    return ingest_history(*spec.history_source, district, catalog, options);
  }
};

/// A fresh folder of this test's own: ctest runs every test as its own process in parallel, so the
/// name carries the test and the process id (tests sharing a folder removed each other's files).
inline std::string temp_dir(const std::string& name) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string owner = test ? std::string(test->test_suite_name()) + "." + test->name() : "none";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("riskgrid-ingest-test-" + name + "-" + owner + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::uint64_t count(const IngestSummary& s, QuarantineReason r) {
  const auto it = s.quarantined.find(r);
  return it == s.quarantined.end() ? 0 : it->second;
}

}  // namespace riskgrid::ingest::testing
