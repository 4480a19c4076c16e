// A replay's arrivals are the history's own incidents, counted per bin, grid and category.
#include "riskgrid/models/arrival/history_replay.hpp"

#include <stdexcept>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace riskgrid::models {
namespace {

incidents::IncidentTable history_of(const std::vector<std::tuple<time::Seconds, std::uint32_t, std::uint16_t>>& rows) {
  incidents::IncidentTable h;
  for (const auto& [t, g, c] : rows) {
    h.created.push_back(t);
    h.grid.push_back(g);
    h.category.push_back(c);
  }
  return h;
}

TEST(HistoryReplay, CountsTheHistorysIncidentsInEachBinGridAndCategory) {
  const time::Seconds start = 10 * time::kDay;
  const auto h = history_of({{start - 1, 0, 0},                       // before the horizon
                             {start, 0, 0},                           // its first second
                             {start + time::kHour - 1, 1, 1},         // the first hour's last second
                             {start + time::kHour, 1, 1},             // the second hour
                             {start + 5 * time::kHour, 2, 0},         // the last hour
                             {start + 6 * time::kHour, 2, 0},         // at the end: excluded
                             {start + 5 * time::kHour + 59, 2, 0}});  // the last hour again
  const time::TimeGrid hours{start, time::kHour, 6};
  const HistoryReplaySampler replay(h, hours, {6, 3, 2});
  std::vector<std::uint32_t> counts(36, 99);
  replay.sample({1, 0}, {{6, 3, 2}, counts});
  const cube::View<const std::uint32_t> c({6, 3, 2}, counts);
  EXPECT_EQ(c.at(0, 0, 0), 1u);
  EXPECT_EQ(c.at(0, 1, 1), 1u);
  EXPECT_EQ(c.at(1, 1, 1), 1u);
  EXPECT_EQ(c.at(5, 2, 0), 2u);
  std::uint32_t total = 0;
  for (const auto n : counts) total += n;
  EXPECT_EQ(total, 5u);  // nothing else, and the 99s overwritten
  std::vector<std::uint32_t> again(36, 0);
  replay.sample({7, 123}, {{6, 3, 2}, again});
  EXPECT_EQ(again, counts);  // the same for every replica and seed

  const HistoryReplaySampler days(h, {start, time::kDay, 1}, {1, 3, 2});
  EXPECT_EQ(days.counts().at(0, 2, 0), 3u);  // the day holds the incident at 06:00 too
  std::vector<std::uint32_t> wrong(6 * 3 * 3);
  EXPECT_THROW(replay.sample({1, 0}, {{6, 3, 3}, wrong}), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::models
