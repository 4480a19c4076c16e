// A backtest's fits share work through one FitMemo (stacked reuses its members' week scores across
// origins): the forecasts equal those of a fresh model fitted at each origin alone, on 1 or 2
// threads, and whatever the memo evicts; the memo computes each key once and keeps its errors.
#include <atomic>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "../synth/square_district.hpp"
#include "riskgrid/models/arrival/fit_memo.hpp"
#include "riskgrid/models/backtest/backtest.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models::backtest {
namespace {

struct Fixture {
  spatial::District district = testing::square_district(3, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  incidents::IncidentTable history;
  time::Seconds start = *time::parse_iso("2025-06-02");
  ModelRegistry registry;
  Fixture() {
    SynthSpec spec = default_synth_spec(catalog);
    spec.start = start;
    spec.days = 140;
    spec.daily_total = 120;
    history = generate_history(spec, district, catalog);
    register_builtin(registry);
  }
  // A fresh stacked model fitted on [from, origin) alone (from: the history's start unless given):
  // its forecast of the week after origin.
  std::pair<std::vector<double>, std::vector<double>> alone(time::Seconds origin, FitMemo* memo = nullptr,
                                                            time::Seconds from = 0) const {
    const auto fitted =
        registry.arrivals.create("stacked")->fit({district, catalog, history, from ? from : start, origin, memo});
    const std::size_t cells = 7 * district.grids.size() * catalog.size();
    std::vector<double> mean(cells), size(cells);
    const cube::Shape shape{7, district.grids.size(), catalog.size()};
    fitted->predictive({origin, time::kDay, 7}, {shape, mean}, {shape, size});
    return {mean, size};
  }
};

TEST(StackedReuse, BacktestEqualsEachOriginFittedAlone) {
  const Fixture f;
  BacktestPlan plan;
  plan.models = {"stacked", "last_4_weeks"};
  plan.history_start = f.start;
  for (int w = 0; w < 5; ++w) plan.origins.push_back(*time::parse_iso("2025-09-15") + w * 7 * time::kDay);
  plan.keep_forecasts = true;
  auto run = [&](int threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    return run_backtest({f.district, f.catalog, f.history}, plan, f.registry.arrivals);
  };
  for (const std::size_t window : {0, 70}) {  // all history before each origin, or its last 70 days
    SCOPED_TRACE(window);
    if (window) plan.window_days = window;
    const BacktestResult one = run(1), two = run(2);
    for (std::size_t o = 0; o < plan.origins.size(); ++o) {
      SCOPED_TRACE(time::format_date(plan.origins[o]));
      ASSERT_TRUE(one.at(0, o).error.empty()) << one.at(0, o).error;
      const time::Seconds from = window ? plan.origins[o] - 70 * time::kDay : f.start;
      const auto [mean, size] = f.alone(plan.origins[o], nullptr, from);
      for (const BacktestResult* r : {&one, &two}) {
        EXPECT_EQ(r->forecasts[o].mean, mean);  // bit for bit
        EXPECT_EQ(r->forecasts[o].size, size);
        EXPECT_EQ(r->at(0, o).log_score, one.at(0, o).log_score);
      }
    }
  }
}

TEST(StackedReuse, EvictedOrKeptTheMemoGivesTheSameFits) {
  const Fixture f;
  FitMemo kept, evicting(0);  // 0 bytes: every value is dropped as soon as it is stored
  for (int w = 0; w < 3; ++w) {
    const time::Seconds origin = *time::parse_iso("2025-09-15") + w * 7 * time::kDay;
    const auto fresh = f.alone(origin);
    EXPECT_EQ(f.alone(origin, &kept), fresh);
    EXPECT_EQ(f.alone(origin, &evicting), fresh);
  }
  EXPECT_GT(kept.bytes(), 0u);
  EXPECT_EQ(evicting.bytes(), 0u);
}

TEST(StackedReuse, MemoComputesEachKeyOnceAndKeepsItsError) {
  FitMemo memo;
  const FitMemoKey key{"test.value", 0, 7, 1, 2, 3}, failing{"test.failing", 0, 7, 1, 2, 3};
  std::atomic<int> computed{0}, failed{0};
  std::vector<int> seen(64, 0);
  tbb::parallel_for(0, 64, [&](int i) {
    seen[std::size_t(i)] = *memo.get<int>(key, [&] {
      ++computed;
      return std::pair{std::make_shared<const int>(42), sizeof(int)};
    });
    try {
      memo.get<int>(failing, [&]() -> std::pair<std::shared_ptr<const int>, std::size_t> {
        ++failed;
        throw std::runtime_error("no fit");
      });
    } catch (const std::runtime_error&) {
    }
  });
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(seen, std::vector<int>(64, 42));
  memo.offer(key, std::make_shared<const int>(7), sizeof(int));  // a key with a value keeps it
  EXPECT_EQ(*memo.get<int>(key, [] { return std::pair{std::make_shared<const int>(0), sizeof(int)}; }), 42);
}

}  // namespace
}  // namespace riskgrid::models::backtest
