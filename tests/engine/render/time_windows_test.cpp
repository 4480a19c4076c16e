// Time windows of small multiples and the values drawn in them.
#include "riskgrid/engine/render/time_windows.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

#include <cmath>

#include "render_fixtures.hpp"
#include "riskgrid/engine/render/measures.hpp"

namespace riskgrid::render {
namespace {

time::TimeGrid grid(std::size_t bins, time::Seconds length) { return {*time::parse_iso("2026-11-01"), length, bins}; }

TEST(DefaultPanelCount, PicksEqualWindowsOfNaturalLengthNearSix) {
  EXPECT_EQ(default_panel_count(grid(72, time::kHour)), 6u);   // 12 h
  EXPECT_EQ(default_panel_count(grid(30, time::kDay)), 6u);    // 5 days
  EXPECT_EQ(default_panel_count(grid(14, time::kDay)), 7u);    // 2 days
  EXPECT_EQ(default_panel_count(grid(168, time::kHour)), 7u);  // 1 day, not 28 h
  EXPECT_EQ(default_panel_count(grid(3, time::kDay)), 3u);
}

TEST(TimeWindows, CoverEveryBinOnceWithReadableLabels) {
  const auto hours = time_windows(grid(72, time::kHour), 6);
  ASSERT_EQ(hours.size(), 6u);
  EXPECT_EQ(hours[0].label, "11-01 00:00\u201312:00");
  EXPECT_EQ(hours[1].label, "11-01 12:00\u201324:00");
  EXPECT_EQ(hours[5].end_bin, 72u);
  const auto days = time_windows(grid(30, time::kDay), 6);
  EXPECT_EQ(days[0].label, "11-01 \u2013 11-05");
  EXPECT_EQ(days[5].label, "11-26 \u2013 11-30");
  // Unequal when the bins do not divide: 10 bins in 4 windows.
  const auto uneven = time_windows(grid(10, time::kDay), 4);
  std::size_t next = 0;
  for (const auto& w : uneven) {
    EXPECT_EQ(w.first_bin, next);
    EXPECT_GT(w.end_bin, w.first_bin);
    next = w.end_bin;
  }
  EXPECT_EQ(next, 10u);
  EXPECT_EQ(time_windows(grid(2, time::kDay), 6).size(), 2u);  // at most one window per bin
  EXPECT_THROW(time_windows(grid(2, time::kDay), 0), std::invalid_argument);
}

TEST(TimeWindows, NamesDurationsAndSpans) {
  EXPECT_EQ(duration_text(72 * time::kHour), "72 h");
  EXPECT_EQ(duration_text(30 * time::kDay), "30 days");
  EXPECT_EQ(duration_text(2 * time::kDay, time::kDay), "2 days");
  EXPECT_EQ(duration_text(2 * time::kDay, time::kHour), "48 h");
  EXPECT_EQ(duration_text(time::kDay, time::kDay), "1 day");
  EXPECT_EQ(span_text(grid(30, time::kDay)), "2026-11-01 \u2013 2026-11-30");
  EXPECT_EQ(span_text(grid(72, time::kHour)), "2026-11-01 00:00 \u2013 2026-11-04 00:00");
}

TEST(Measures, WindowValuesAddMeansAndTakePeaks) {
  const results::ScenarioResults r = fixtures::scenario(6, time::kHour);
  // Grid 1, bins 2..4: means (1+1)*(3,4,5) = 6, 8, 10.
  EXPECT_DOUBLE_EQ(window_values(r, Measure::mean, 2, 5)[1], 24);
  EXPECT_DOUBLE_EQ(window_values(r, Measure::p95, 2, 5)[1], 20);
  EXPECT_DOUBLE_EQ(window_values(r, Measure::ratio_to_normal, 2, 5)[1], 1);  // the bins' mean
  EXPECT_DOUBLE_EQ(window_values(r, Measure::excess, 2, 5)[1], 12);          // the bins' sum: (6 + 8 + 10) / 2
  EXPECT_EQ(window_levels(r, 0, 2)[3], 3);                                   // (3 + 0) % 4 = 3
  EXPECT_EQ(window_levels(r, 1, 2)[3], 0);                                   // (3 + 1) % 4 = 0
  EXPECT_THROW(window_values(r, Measure::mean, 3, 3), std::out_of_range);
  EXPECT_THROW(window_levels(r, 0, 7), std::out_of_range);
  EXPECT_EQ(horizon_values(r, Measure::p95), r.horizon.p95);
  EXPECT_EQ(parse_measure("ratio_to_normal"), Measure::ratio_to_normal);
  EXPECT_EQ(parse_measure("on_time"), Measure::on_time);
  EXPECT_THROW(horizon_values(r, Measure::on_time), std::invalid_argument);  // no case handling
  EXPECT_FALSE(parse_measure("risk_index").has_value());  // the rank-based index of results format 1 is gone
  EXPECT_FALSE(parse_measure("Mean").has_value());
}

TEST(Measures, OnTimeOfAWindowIsItsCasesClosedOnTimeOverItsCasesClosed) {
  results::ScenarioResults r = fixtures::scenario(3, time::kDay);
  r.response.present = true;
  r.response.closed_mean.assign(3 * 4, 10);
  r.response.closed_on_time_mean.assign(3 * 4, 10);
  r.response.closed_on_time_mean[1 * 4 + 2] = 4;  // grid 2: bin 1 closes 10, 4 of them on time
  r.response.closed_mean[2 * 4 + 3] = 0;          // grid 3: nothing closed in bin 2
  r.response.closed_on_time_mean[2 * 4 + 3] = 0;
  const std::vector<double> bins_1_2 = window_values(r, Measure::on_time, 1, 3);
  EXPECT_DOUBLE_EQ(bins_1_2[0], 1);
  EXPECT_DOUBLE_EQ(bins_1_2[2], 14.0 / 20);  // pooled over the window's cases, not the bins' shares
  EXPECT_DOUBLE_EQ(bins_1_2[3], 1);
  EXPECT_TRUE(std::isnan(window_values(r, Measure::on_time, 2, 3)[3]));
  EXPECT_TRUE(lower_is_worse(Measure::on_time));
  EXPECT_TRUE(measure_text(Measure::on_time, "incidents", "30 days").percent);  // grid labels "99.6%"
  EXPECT_FALSE(measure_text(Measure::mean, "incidents", "30 days").percent);
  EXPECT_FALSE(lower_is_worse(Measure::excess));
}

}  // namespace
}  // namespace riskgrid::render
