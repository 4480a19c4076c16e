// Model settings from a scenario: ranges, whole numbers, and settings nobody read.
#include "riskgrid/models/plugin/model_settings.hpp"

#include <gtest/gtest.h>

#include "scenario_error.hpp"

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/registry.hpp"

namespace riskgrid::models {
namespace {

scenario::ModelChoice choice(std::map<std::string, double> settings) {
  scenario::ModelChoice c("last_4_weeks");
  c.settings = std::move(settings);
  c.where = "s.yaml:3:5";
  return c;
}

TEST(ModelSettings, ReadsWithinRangeAndFallsBack) {
  const ModelSettings s(choice({{"weeks", 8}}));
  EXPECT_EQ(s.count_or("weeks", 4, 1, 520), 8u);
  EXPECT_EQ(s.number_or("other", 2.5, 0, 10), 2.5);
  EXPECT_NO_THROW(s.check_all_read());
}

TEST(ModelSettings, OutOfRangeFractionalAndUnreadSettingsAreErrors) {
  EXPECT_EQ(riskgrid::testing::scenario_error_of([] {
              ModelSettings(choice({{"weeks", 0}})).count_or("weeks", 4, 1, 520);
            }),
            "s.yaml:3:5: last_4_weeks.weeks: expected a number in [1, 520], got 0");
  EXPECT_EQ(riskgrid::testing::scenario_error_of([] {
              ModelSettings(choice({{"weeks", 2.5}})).count_or("weeks", 4, 1, 520);
            }),
            "s.yaml:3:5: last_4_weeks.weeks: expected a whole number, got 2.5");
  const ModelSettings typo(choice({{"week", 8}}));
  typo.count_or("weeks", 4, 1, 520);
  EXPECT_EQ(riskgrid::testing::scenario_error_of([&] { typo.check_all_read(); }),
            "s.yaml:3:5: last_4_weeks: unknown setting 'week' (did you mean 'weeks'?); known: weeks");
}

TEST(ModelSettings, TheRegistryHandsThemToTheModel) {
  ModelRegistry registry;
  register_builtin(registry);
  const auto model = registry.arrivals.create(choice({{"weeks", 8}}));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->name(), "last_4_weeks");
  EXPECT_EQ(riskgrid::testing::scenario_error_of([&] {
              registry.arrivals.create(choice({{"half_life_days", 3}}));
            }),
            "s.yaml:3:5: last_4_weeks: unknown setting 'half_life_days'; known: weeks");
  EXPECT_EQ(choice({{"weeks", 8}}).display(), "last_4_weeks(weeks=8)");
}

}  // namespace
}  // namespace riskgrid::models
