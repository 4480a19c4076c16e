// ResponseTally as named arrays: the tallies of replica blocks, carried as arrays (between MPI ranks,
// through shard files) and merged, equal the tally of all replicas at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "response_fixtures.hpp"
#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/response/case_handling_tally.hpp"
#include "riskgrid/models/response/response_runner.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {
namespace {

using testing::busy_config;
using testing::busy_setup;
using testing::poisson_counts;

const time::Seconds kStart = *time::parse_iso("2026-11-02");

/// The case-handling tally of replicas [first, first + count) of a busy three-grid setup.
ResponseTally busy_block(std::uint64_t first, std::uint64_t count) {
  const ResponseConfig cfg = busy_config(kStart, 7);
  const SimulationSetup setup = busy_setup(cfg, kStart, 7);
  std::vector<double> rates;
  for (std::size_t b = 0; b < setup.horizon.bins; ++b) rates.insert(rates.end(), {7, 1.5, 6, 1, 8, 2.5});
  ResponseRunner runner(setup);
  const CaseHandlingTally kind(setup.horizon.bins, setup.grids, 0);
  const ensemble::EnsembleTally tally = ensemble::run_ensemble(
      {11, first, count, 1, {}, &kind}, {setup.horizon.bins, setup.grids, setup.categories},
      [&](const rng::ReplicaKey& key, std::span<std::uint32_t> counts, ensemble::ModelTally* model) {
        std::vector<std::uint32_t> drawn;
        poisson_counts(key, rates, drawn);
        std::copy(drawn.begin(), drawn.end(), counts.begin());
        runner.run_replica(key, counts, case_handling_of(model));
      });
  return *case_handling_of(tally);
}

TEST(ResponseTallyArrays, BlocksCarriedAsArraysMergeToTheWholeRun) {
  const ResponseTally whole = busy_block(0, 30);
  ResponseTally merged = ResponseTally::from_arrays(busy_block(0, 11).to_arrays());
  tally::CountArrays second = busy_block(11, 19).to_arrays();
  std::reverse(second.begin(), second.end());  // arrays are found by name, not position
  merged.merge(ResponseTally::from_arrays(second));
  EXPECT_EQ(merged.replicas, 30u);
  EXPECT_EQ(merged.teams, 2u + 1u + 2u);  // two town teams, the district team, two departments
  EXPECT_GT(std::count_if(merged.team_busy_ms.begin(), merged.team_busy_ms.end(), [](auto n) { return n > 0; }), 0);
  EXPECT_GT(std::count_if(merged.escalations.begin(), merged.escalations.end(), [](auto n) { return n > 0; }), 0);
  EXPECT_TRUE(merged == whole);
}

TEST(ResponseTallyArrays, MissingOrMisSizedArraysAreRefusedByName) {
  const tally::CountArrays good = busy_block(0, 3).to_arrays();
  tally::CountArrays missing = good;
  std::erase_if(missing, [](const tally::CountArray& a) { return a.name == "lead_hist"; });
  try {
    ResponseTally::from_arrays(missing);
    FAIL() << "accepted a tally without lead_hist";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no array 'lead_hist'"), std::string::npos) << e.what();
  }
  tally::CountArrays short_one = good;
  for (auto& a : short_one)
    if (a.name == "queue_ms") a.values.pop_back();
  EXPECT_THROW(ResponseTally::from_arrays(short_one), std::invalid_argument);
  // A shard of an older riskgrid carries no team arrays: it still loads, without teams.
  tally::CountArrays older = good;
  std::erase_if(older, [](const tally::CountArray& a) { return a.name.starts_with("team_"); });
  EXPECT_EQ(ResponseTally::from_arrays(older).teams, 0u);
  ResponseTally other(3, 1);
  ResponseTally mine = ResponseTally::from_arrays(good);
  EXPECT_THROW(mine.merge(other), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::models::response
