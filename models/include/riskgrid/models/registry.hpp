#pragma once
// Every built-in plug-in by name: the top of models/, which nothing in models/ includes. Adding a
// model is one line in models/src/registry.cpp (docs/architecture.md, "Adding an arrival model").
#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/plugin/registry.hpp"
#include "riskgrid/models/response/response_model.hpp"

namespace riskgrid::models {

struct ModelRegistry {
  ArrivalRegistry arrivals{"arrival model"};
  Registry<response::ResponseModel> responses{"response model"};
};

/// Registers every built-in model (models/src/registry.cpp): one line per model.
void register_builtin(ModelRegistry& registry);

}  // namespace riskgrid::models
