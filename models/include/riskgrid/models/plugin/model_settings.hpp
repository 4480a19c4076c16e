#pragma once
// The numeric settings a scenario gives one model instance, as its factory reads them: each read
// names the setting and its valid range, and a setting nobody read is an error that lists the ones
// the model knows (a typo must not silently fall back to a default).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "riskgrid/engine/scenario/model_choice.hpp"

namespace riskgrid::models {

class ModelSettings {
 public:
  ModelSettings() = default;
  explicit ModelSettings(const scenario::ModelChoice& choice)
      : model_(choice.name), where_(choice.where), values_(choice.settings), lists_(choice.lists) {}

  /// The setting `key`, which must lie in [min, max]; `fallback` when the scenario does not give it.
  double number_or(const std::string& key, double fallback, double min, double max) const;
  /// The same for a whole number.
  std::size_t count_or(const std::string& key, std::size_t fallback, std::size_t min, std::size_t max) const;

  /// The list of names `key` (e.g. `members: [a, b]`); `fallback` when the scenario does not give it.
  std::vector<std::string> names_or(const std::string& key, std::vector<std::string> fallback) const;
  /// "file:line:column" of the model's choice, for messages about its settings.
  const std::string& where() const { return where_; }

  /// Throws ScenarioError for the first setting no read asked for, with the model's known settings.
  void check_all_read() const;

 private:
  std::string model_, where_;
  std::map<std::string, double> values_;
  std::map<std::string, std::vector<std::string>> lists_;
  mutable std::set<std::string> known_;
};

}  // namespace riskgrid::models
