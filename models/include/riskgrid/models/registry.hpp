#pragma once
// Plug-ins registered by name in one explicit registry (no static-initialisation tricks): a scenario
// names a model, the registry builds it, an unknown name lists the known ones.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/response/response_model.hpp"

namespace riskgrid::models {

template <class Base>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Base>()>;

  void add(const std::string& name, Factory factory) { factories_[name] = std::move(factory); }
  bool contains(const std::string& name) const { return factories_.count(name) != 0; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, factory] : factories_) out.push_back(name);
    return out;
  }
  /// nullptr when unknown; callers report the name with names() as the choices.
  std::unique_ptr<Base> create(const std::string& name) const {
    const auto it = factories_.find(name);
    return it == factories_.end() ? nullptr : it->second();
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
