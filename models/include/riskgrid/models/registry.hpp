#pragma once
// Plug-ins registered by name in one explicit registry (no static-initialisation tricks): a scenario
// names a model, the registry builds it, an unknown name lists the known ones.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/model_settings.hpp"
#include "riskgrid/models/response/response_model.hpp"

namespace riskgrid::models {

template <class Base>
class Registry {
 public:
  /// Builds a model from the settings a scenario gave it (reading only those it knows).
  using Factory = std::function<std::unique_ptr<Base>(const ModelSettings&)>;

  void add(const std::string& name, Factory factory) { factories_[name] = std::move(factory); }
  bool contains(const std::string& name) const { return factories_.count(name) != 0; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, factory] : factories_) out.push_back(name);
    return out;
  }
  /// nullptr when unknown; callers report the name with names() as the choices. Throws
  /// ScenarioError for a setting out of range or one the model does not know.
  std::unique_ptr<Base> create(const std::string& name, const ModelSettings& settings = {}) const {
    const auto it = factories_.find(name);
    if (it == factories_.end()) return nullptr;
    auto model = it->second(settings);
    settings.check_all_read();
    return model;
  }
  std::unique_ptr<Base> create(const char* name) const { return create(std::string(name)); }
  std::unique_ptr<Base> create(const scenario::ModelChoice& choice) const {
    return create(choice.name, ModelSettings(choice));
  }

 private:
  std::map<std::string, Factory> factories_;
};

struct ModelRegistry {
  Registry<ArrivalModel> arrivals;
  Registry<response::ResponseModel> responses;
};

/// Registers every built-in model (models/src/registry.cpp): one line per model.
void register_builtin(ModelRegistry& registry);

}  // namespace riskgrid::models
