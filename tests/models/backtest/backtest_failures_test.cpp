// A model that fails at an origin is not scored there and the others go on; best_of_backtest says
// what it chose at every origin.
#include <stdexcept>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/backtest/backtest.hpp"
#include "riskgrid/models/backtest/bin_check.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models::backtest {
namespace {

// last_4_weeks, except that fitting for the horizon starting at `broken` throws what a bug would.
class Flaky final : public ArrivalModel {
 public:
  Flaky(std::unique_ptr<ArrivalModel> inner, time::Seconds broken) : inner_(std::move(inner)), broken_(broken) {}
  std::string_view name() const override { return "flaky"; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& in) const override {
    if (in.train_end == broken_) throw std::runtime_error("flaky: broken on purpose");
    return inner_->fit(in);
  }

 private:
  std::unique_ptr<ArrivalModel> inner_;
  time::Seconds broken_;
};

struct Fixture {
  spatial::District district = testing::square_district(3, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  incidents::IncidentTable history;
  ModelRegistry registry;
  BacktestPlan plan;
  explicit Fixture(double daily_total = 80) {
    SynthSpec spec = default_synth_spec(catalog);
    spec.start = *time::parse_iso("2025-06-02");
    spec.days = 140;
    spec.daily_total = daily_total;
    history = generate_history(spec, district, catalog);
    register_builtin(registry);
    registry.arrivals.add("flaky", [](const ModelSettings&) -> std::unique_ptr<ArrivalModel> {
      ModelRegistry builtin;
      register_builtin(builtin);
      return std::make_unique<Flaky>(builtin.arrivals.create(scenario::ModelChoice{"last_4_weeks"}),
                                     *time::parse_iso("2025-09-29"));
    });
    plan.history_start = spec.start;
    for (int w = 0; w < 3; ++w) plan.origins.push_back(*time::parse_iso("2025-09-22") + w * 7 * time::kDay);
    plan.bin = 7 * time::kDay;  // weekly bins: negbin_weekday refused these once and stopped everything
  }
};

TEST(BacktestFailures, AFailingModelIsNotScoredThereAndTheOthersGoOn) {
  Fixture f;
  f.plan.models = {"negbin_weekday", "flaky", "last_4_weeks"};
  const BacktestResult r = run_backtest({f.district, f.catalog, f.history}, f.plan, f.registry.arrivals);
  EXPECT_TRUE(r.at(1, 0).error.empty());
  EXPECT_NE(r.at(1, 1).error.find("broken on purpose"), std::string::npos);
  EXPECT_TRUE(std::isnan(r.at(1, 1).log_score));
  EXPECT_TRUE(r.at(1, 2).error.empty());
  for (const std::size_t o : {0u, 2u}) EXPECT_EQ(r.at(1, o).log_score, r.at(2, o).log_score);  // same forecast
  for (std::size_t o = 0; o < 3; ++o) {
    EXPECT_TRUE(r.at(0, o).error.empty()) << r.at(0, o).error;
    EXPECT_TRUE(std::isfinite(r.at(0, o).log_score));
  }
  const auto summary = summarise(r);
  EXPECT_EQ(summary[1].origins, 2u);
  EXPECT_EQ(summary[0].origins, 3u);
  // At level grid a failure at a calibration horizon leaves the origin scored without it.
  f.plan.by_category = false;
  const BacktestResult g = run_backtest({f.district, f.catalog, f.history}, f.plan, f.registry.arrivals);
  EXPECT_NE(g.at(1, 1).error.find("broken on purpose"), std::string::npos);
  EXPECT_TRUE(g.at(1, 2).error.empty());
}

TEST(BacktestFailures, BestOfBacktestRecordsItsChoiceAtEveryOrigin) {
  Fixture f(20);  // small: every best_of_backtest fit backtests eight candidates
  f.plan.models = {"best_of_backtest", "negbin_glm"};
  f.plan.origins.resize(2);
  f.plan.bin = time::kDay;
  const BacktestResult r = run_backtest({f.district, f.catalog, f.history}, f.plan, f.registry.arrivals);
  ModelRegistry names;
  register_builtin(names);
  for (std::size_t o = 0; o < 2; ++o) {
    EXPECT_TRUE(r.at(0, o).error.empty()) << r.at(0, o).error;
    EXPECT_TRUE(names.arrivals.contains(r.at(0, o).chosen)) << "chose '" << r.at(0, o).chosen << "'";
    EXPECT_TRUE(r.at(1, o).chosen.empty());
  }
}

// Answers day bins only, as negbin_weekday once did.
class DaysOnly final : public ArrivalModel {
 public:
  std::string_view name() const override { return "days_only"; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& in) const override {
    class Fit final : public FittedArrivals {
     public:
      explicit Fit(std::unique_ptr<FittedArrivals> inner) : inner_(std::move(inner)) {}
      void expected(const time::TimeGrid& h, cube::View<double> out) const override {
        if (h.bin_length != time::kDay) throw ScenarioError("days_only: day bins only");
        inner_->expected(h, out);
      }
      std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& h, cube::View<const double> m) const override {
        return inner_->prepare(h, m);
      }
      std::string summary() const override { return "days only"; }

     private:
      std::unique_ptr<FittedArrivals> inner_;
    };
    ModelRegistry builtin;
    register_builtin(builtin);
    return std::make_unique<Fit>(builtin.arrivals.create(scenario::ModelChoice{"last_4_weeks"})->fit(in));
  }
};

TEST(BinCheck, AModelThatCannotAnswerTheBinsIsRefusedAtItsLine) {
  ModelRegistry registry;
  register_builtin(registry);
  registry.arrivals.add("days_only", [](const ModelSettings&) { return std::make_unique<DaysOnly>(); });
  scenario::ModelChoice choice{"days_only"};
  choice.where = "bt.yaml:4:22";
  EXPECT_NO_THROW(check_bins(registry.arrivals, choice, "backtest.models[1]", time::kDay, 7));
  try {
    check_bins(registry.arrivals, choice, "backtest.models[1]", 7 * time::kDay, 14);
    FAIL() << "weekly bins were accepted";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("bt.yaml:4:22: backtest.models[1]: days_only cannot forecast", 0), 0u)
        << e.what();
  }
  // Every built-in model answers every bin the backtest offers.
  for (const auto& name : registry.arrivals.names()) {
    if (name == "days_only") continue;
    for (const time::Seconds bin : {time::kHour, time::kDay, 7 * time::kDay, 14 * time::kDay})
      EXPECT_NO_THROW(check_bins(registry.arrivals, scenario::ModelChoice{name}, "m", bin, 14)) << name;
  }
}

}  // namespace
}  // namespace riskgrid::models::backtest
