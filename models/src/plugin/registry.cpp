#include "riskgrid/models/plugin/registry.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::models {

void throw_unknown_plugin(const scenario::ModelChoice& choice, std::string_view key, std::string_view kind,
                          const std::vector<std::string>& known) {
  throw ScenarioError(fmt::format("{}{}: unknown {} \"{}\"{}; known: {}",
                                  choice.where.empty() ? "" : choice.where + ": ", key, kind, choice.name,
                                  io::did_you_mean(choice.name, known), fmt::join(known, ", ")));
}

}  // namespace riskgrid::models
