// The incident store carries its key and is checked on use; on a full disk it is not written at all.
#include "riskgrid/engine/ingest/incident_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "full_disk.hpp"
#include "ingest_fixture.hpp"
#include "riskgrid/engine/error.hpp"

namespace riskgrid::ingest {
namespace {
namespace fs = std::filesystem;
using testing::Fixture;

TEST(IncidentStore, AStoreUnderAnotherKeysNameIsNotTrusted) {
  const Fixture nasty("nasty"), nyc("nyc311_web");
  IngestOptions options;
  options.cache_dir = testing::temp_dir("cache");
  options.max_bad_fraction = 1;
  const IngestResult a = nasty.ingest(options);
  const IngestResult b = nyc.ingest(options);
  ASSERT_FALSE(a.store.empty());
  ASSERT_NE(a.key, b.key);
  EXPECT_TRUE(read_incident_store(a.store, a.key).has_value());
  EXPECT_FALSE(read_incident_store(a.store, b.key).has_value());  // the name is only a claim
  // nyc's store copied over nasty's name: ingesting nasty again parses its own file.
  fs::copy_file(b.store, a.store, fs::copy_options::overwrite_existing);
  const IngestResult again = nasty.ingest(options);
  EXPECT_FALSE(again.summary.from_cache);
  EXPECT_EQ(again.summary.accepted, a.summary.accepted);
  EXPECT_EQ(again.table.size(), a.table.size());
  // ... and rewrites the store, which serves the next one.
  EXPECT_TRUE(nasty.ingest(options).summary.from_cache);
}

TEST(IncidentStore, AFullDiskEndsWithTheCauseAndNoStore) {
  const Fixture f("nasty");
  IngestOptions options;
  options.max_bad_fraction = 1;
  const IngestResult result = f.ingest(options);
  const riskgrid::testing::FullDisk disk(testing::temp_dir("full"));
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  const std::string path = (disk.dir() / "incidents-key.h5").string();
  try {
    write_incident_store(path, result, f.district, f.catalog);
    FAIL() << "wrote the store on a full disk";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": cannot write the incident store file: No space left on device"),
              std::string::npos)
        << e.what();
  }
  std::set<std::string> left;
  for (const auto& entry : fs::directory_iterator(disk.dir())) left.insert(entry.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{".filler"}));
}

}  // namespace
}  // namespace riskgrid::ingest
