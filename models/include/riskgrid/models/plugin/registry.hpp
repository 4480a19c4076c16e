#pragma once
// Plug-ins registered by name in one explicit registry (no static-initialisation tricks): a scenario
// names a model, the registry builds it with the settings the scenario gave, and an unknown name is an
// error that says where it was written, what the closest known name is and which names are known.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "riskgrid/models/plugin/model_settings.hpp"

namespace riskgrid::models {

/// Throws the ScenarioError for an unknown plug-in name:
///   model.yaml:4:8: model: unknown arrival model "negbin_weekdy" (did you mean 'negbin_weekday'?); known: ...
[[noreturn]] void throw_unknown_plugin(const scenario::ModelChoice& choice, std::string_view key, std::string_view kind,
                                       const std::vector<std::string>& known);

template <class Base>
class Registry {
 public:
  /// Builds a model from the settings a scenario gave it (reading only those it knows).
  using Factory = std::function<std::unique_ptr<Base>(const ModelSettings&)>;

  /// `kind` names the plug-ins in messages, e.g. "arrival model".
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  void add(std::string_view name, Factory factory) { factories_[std::string(name)] = std::move(factory); }
  bool contains(const std::string& name) const { return factories_.count(name) != 0; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, factory] : factories_) out.push_back(name);
    return out;
  }

  /// The model `choice` names, built with its settings. `key` is where the scenario names it
  /// ("model", "backtest.models[1]", "response.model"). Throws ScenarioError for an unknown name, an
  /// unknown setting or one out of range, at the choice's file:line:column.
  std::unique_ptr<Base> create(const scenario::ModelChoice& choice, std::string_view key = "model") const {
    const auto it = factories_.find(choice.name);
    if (it == factories_.end()) throw_unknown_plugin(choice, key, kind_, names());
    const ModelSettings settings(choice);
    auto model = it->second(settings);
    settings.check_all_read();
    return model;
  }

 private:
  std::string kind_;
  std::map<std::string, Factory> factories_;
};

}  // namespace riskgrid::models
