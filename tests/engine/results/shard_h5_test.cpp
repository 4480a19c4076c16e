#include "riskgrid/engine/results/shard_h5.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <unistd.h>
#include <vector>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::results {
namespace {
namespace fs = std::filesystem;

TEST(ShardH5, WritesAndReadsBackTheExactTally) {
  ensemble::EnsembleTally tally({2, 3, 2});
  std::vector<std::uint32_t> counts(12);
  for (std::uint32_t r = 0; r < 4; ++r) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::uint32_t>(r + i);
    tally.add_replica(counts);
  }
  const tally::CountArrays response{{"shape", {2, 3, 4}}, {"arrived", {5, 0, 7, 1, 2, 9}}, {"busy_ms", {1}}};
  const ShardRecord record{"name: t\n", "abc", "/x/t.yaml", 2, 9, 10, 2, 3, 3, tally, response};
  const auto path = (fs::temp_directory_path() / ("shard_h5_" + std::to_string(::getpid()) + ".h5")).string();
  write_shard_h5(path, record);
  const ShardRecord back = read_shard_h5(path);
  fs::remove(path);
  EXPECT_EQ(back.tally, tally);
  EXPECT_EQ(back.tally.shape().cells(), 12u);
  EXPECT_EQ(back.scenario_text, record.scenario_text);
  EXPECT_EQ(back.scenario_path, "/x/t.yaml");
  EXPECT_EQ(back.sweep_index, 2);
  EXPECT_EQ(back.seed, 9u);
  EXPECT_EQ(back.replicas, 10u);
  EXPECT_EQ(back.shard, 2u);
  EXPECT_EQ(back.shards, 3u);
  EXPECT_EQ(back.first_replica, 3u);
  ASSERT_TRUE(back.response.has_value());
  const tally::CountArrays by_name{response[1], response[2], response[0]};  // read back in name order
  EXPECT_EQ(*back.response, by_name);
}

TEST(ShardH5, AShardWithoutCaseHandlingReadsBackWithout) {
  ensemble::EnsembleTally tally({1, 1, 1});
  tally.add_replica(std::vector<std::uint32_t>{4});
  const ShardRecord record{"name: t\n", "abc", "/x/t.yaml", -1, 9, 1, 1, 1, 0, tally, std::nullopt};
  const auto path = (fs::temp_directory_path() / ("shard_h5_none_" + std::to_string(::getpid()) + ".h5")).string();
  write_shard_h5(path, record);
  const ShardRecord back = read_shard_h5(path);
  fs::remove(path);
  EXPECT_EQ(back.tally, tally);
  EXPECT_FALSE(back.response.has_value());
}

TEST(ShardH5, RejectsAFileThatIsNotAShard) {
  const auto path = (fs::temp_directory_path() / ("not_shard_" + std::to_string(::getpid()) + ".h5")).string();
  std::ofstream(path) << "hello";
  EXPECT_THROW(read_shard_h5(path), IoError);
  fs::remove(path);
}

}  // namespace
}  // namespace riskgrid::results
