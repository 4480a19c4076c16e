// A model choice may carry lists of names (`members: [a, b]`, for stacked) beside its numbers; a list
// item that is not a name is an error at its line.
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/model_choice.hpp"

namespace riskgrid::scenario {
namespace {

TEST(ModelChoiceLists, NamesAndNumbersAreReadApart) {
  const YAML::Node node = YAML::Load("{name: stacked, members: [shrunk_level, negbin_glm], origins: 6}");
  const ModelChoice c = read_model_choice(node, "b.yaml", "backtest.models[3]");
  EXPECT_EQ(c.name, "stacked");
  ASSERT_EQ(c.lists.count("members"), 1u);
  EXPECT_EQ(c.lists.at("members"), (std::vector<std::string>{"shrunk_level", "negbin_glm"}));
  EXPECT_EQ(c.settings.at("origins"), 6);
  EXPECT_EQ(c.display(), "stacked(origins=6,members=[shrunk_level|negbin_glm])");
}

TEST(ModelChoiceLists, AListItemThatIsNotANameIsAnErrorAtItsLine) {
  const YAML::Node node = YAML::Load("name: stacked\nmembers:\n  - shrunk_level\n  - {name: hawkes}\n");
  try {
    read_model_choice(node, "b.yaml", "model");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("b.yaml:4:"), std::string::npos) << what;
    EXPECT_NE(what.find("model.members[1]: expected a model name"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace riskgrid::scenario
