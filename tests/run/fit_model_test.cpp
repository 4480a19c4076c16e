// Issue 14: a scenario that names no model is forecast by the backtest's winner, whose choice is
// remembered in the cache folder and, remembered or not, gives the same fit.
#include "riskgrid/run/fit_model.hpp"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "../models/synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/backtest/best_of_backtest.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  spatial::District district = testing::square_district(3, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  incidents::IncidentTable history;
  time::Seconds start = *time::parse_iso("2025-06-02");
  fs::path cache = fs::temp_directory_path() / ("riskgrid-fit-model-" + std::to_string(::getpid()));
  std::vector<std::string> log;
  RunContext context;
  Fixture() {
    models::SynthSpec spec = models::default_synth_spec(catalog);
    spec.start = start;
    spec.days = 140;
    spec.daily_total = 200;
    history = models::generate_history(spec, district, catalog);
    context.cache_dir = cache.string();
    context.log = [this](const std::string& m) { log.push_back(m); };
  }
  ~Fixture() { fs::remove_all(cache); }
  models::FitInput input(int days) const { return {district, catalog, history, start, start + days * time::kDay}; }
  std::vector<double> means(const models::FittedArrivals& f) const {
    std::vector<double> out(7 * district.grids.size() * catalog.size());
    f.expected({start + 126 * time::kDay, time::kDay, 7}, {{7, district.grids.size(), catalog.size()}, out});
    return out;
  }
};

scenario::ScenarioSpec unnamed_model() {
  scenario::ScenarioSpec spec;  // as loaded from a file without `model:`
  spec.arrival_model_lists["candidates"] = {"last_4_weeks", "negbin_weekday"};
  return spec;
}

TEST(FitModel, AScenarioWithoutAModelGetsTheBacktestWinnerAndRemembersIt) {
  Fixture f;
  const scenario::ScenarioSpec spec = unnamed_model();
  ASSERT_EQ(spec.arrival_model, "best_of_backtest");
  ASSERT_FALSE(spec.arrival_model_stated);
  const auto model = make_arrival_model(spec);
  const auto first = fit_arrival_model(f.context, spec, *model, f.input(126));
  EXPECT_EQ(first->summary().rfind("best_of_backtest: chose negbin_weekday", 0), 0u) << first->summary();
  const auto& best = dynamic_cast<const models::BestOfBacktest&>(*model);
  const std::string path = remembered_choice_path(f.context, best.choice_key(f.input(126)));
  ASSERT_TRUE(fs::exists(path)) << path;

  const auto second = fit_arrival_model(f.context, spec, *model, f.input(126));
  ASSERT_FALSE(f.log.empty());
  EXPECT_NE(f.log.back().find("chosen before on the same training data"), std::string::npos) << f.log.back();
  EXPECT_EQ(second->summary(), first->summary());
  EXPECT_EQ(f.means(*second), f.means(*first));  // remembered or not: the same fit

  // Another training window is another key: chosen afresh, not read from the first one's file.
  EXPECT_NE(best.choice_key(f.input(119)), best.choice_key(f.input(126)));
}

TEST(FitModel, ARememberedChoiceThatIsNotACandidateIsMadeAgain) {
  Fixture f;
  const scenario::ScenarioSpec spec = unnamed_model();
  const auto model = make_arrival_model(spec);
  const auto& best = dynamic_cast<const models::BestOfBacktest&>(*model);
  const std::string key = best.choice_key(f.input(126));
  const std::string path = remembered_choice_path(f.context, key);
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << "riskgrid model choice v1 " << key << "\nhawkes\nhawkes 0.1\n";  // edited by hand
  const auto fitted = fit_arrival_model(f.context, spec, *model, f.input(126));
  EXPECT_EQ(fitted->summary().rfind("best_of_backtest: chose negbin_weekday", 0), 0u) << fitted->summary();
}

TEST(FitModel, TooShortATrainingForTheDefaultFallsBackToNegbinWeekdayButANamedChoiceFails) {
  Fixture f;
  scenario::ScenarioSpec spec = unnamed_model();
  const auto model = make_arrival_model(spec);
  const auto fitted = fit_arrival_model(f.context, spec, *model, f.input(35));
  EXPECT_EQ(fitted->summary().find("best_of_backtest"), std::string::npos) << fitted->summary();
  ASSERT_FALSE(f.log.empty());
  EXPECT_NE(f.log.back().find("too short to choose one by backtest"), std::string::npos) << f.log.back();
  spec.arrival_model_stated = true;  // `model: best_of_backtest` written: its error stands
  EXPECT_THROW(fit_arrival_model(f.context, spec, *model, f.input(35)), InputError);
}

TEST(FitModel, BestOfBacktestsSettingsAreCheckedWhereTheyAreWritten) {
  scenario::ScenarioSpec spec;
  spec.file = "s.yaml";
  spec.arrival_model_where = "s.yaml:9:8";
  spec.arrival_model_stated = true;
  spec.arrival_model_lists["candidates"] = {"negbin_weekday", "stacked"};
  spec.arrival_model_settings["origins"] = 2;
  EXPECT_NO_THROW(make_arrival_model(spec));
  auto error_of = [&](std::vector<std::string> candidates) {
    spec.arrival_model_lists["candidates"] = std::move(candidates);
    try {
      make_arrival_model(spec);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error_of({"negbin_wekday"}).find("unknown arrival model \"negbin_wekday\""), std::string::npos);
  EXPECT_NE(error_of({"best_of_backtest"}).find("cannot be a candidate"), std::string::npos);
  EXPECT_NE(error_of({}).find("expected at least one name"), std::string::npos);
}

}  // namespace
}  // namespace riskgrid::run
