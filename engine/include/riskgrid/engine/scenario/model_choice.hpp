#pragma once
// A model named in a scenario, plainly or with settings:
//   model: negbin_glm
//   model: {name: exp_weighted_mean, half_life_days: 7}
//   models: [negbin_glm, {name: last_4_weeks, weeks: 8, label: last_8_weeks}]   (a backtest's list)
//   model: {name: stacked, members: [shrunk_level, negbin_glm]}                  (a list of names)
// The engine only reads it; which settings a model knows is the model's business (models/plugin/model_settings.hpp).
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::scenario {

struct ModelChoice {
  std::string name;                                       ///< registry name
  std::map<std::string, double> settings;                 ///< numeric settings, by key
  std::map<std::string, std::vector<std::string>> lists;  ///< lists of names, by key (e.g. `members: [a, b]`)
  std::string label;                                      ///< given `label:`, else empty
  std::string where;                                      ///< "file:line:column" of the choice, for messages

  ModelChoice() = default;
  ModelChoice(std::string model_name) : name(std::move(model_name)) {}  // NOLINT: plain names read well
  ModelChoice(const char* model_name) : name(model_name) {}             // NOLINT

  /// What tables and files call it: the label, else the name with its settings
  /// ("last_4_weeks(weeks=8)"), else the name.
  std::string display() const;
};

/// Reads the choice at `node` (a name, or a mapping with `name:`, an optional `label:` and numbers),
/// `path` naming it in messages ("model", "backtest.models[2]"), `file` the file it was written in.
/// Errors: ScenarioError at file:line:column with what was expected.
ModelChoice read_model_choice(const YAML::Node& node, const std::string& file, const std::string& path);

}  // namespace riskgrid::scenario
