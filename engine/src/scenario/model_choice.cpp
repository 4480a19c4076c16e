#include "riskgrid/engine/scenario/model_choice.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::scenario {

std::string ModelChoice::display() const {
  if (!label.empty()) return label;
  if (settings.empty()) return name;
  std::string out = name + "(";
  for (const auto& [key, value] : settings) out += fmt::format("{}{}={}", out.back() == '(' ? "" : ",", key, value);
  return out + ")";
}

ModelChoice read_model_choice(const YAML::Node& node, const std::string& file, const std::string& path) {
  const std::string at = io::where(file, node);
  if (node.IsScalar()) {
    ModelChoice c(node.Scalar());
    c.where = at;
    return c;
  }
  if (!node.IsMap())
    throw ScenarioError(
        fmt::format("{}: {}: expected a model name or a mapping like "
                    "{{name: last_4_weeks, weeks: 8}}",
                    at, path));
  const io::Fields f(node, file, path);
  ModelChoice c(f.text("name"));
  c.where = at;
  c.label = f.text_or("label", "");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key != "name" && key != "label") c.settings[key] = f.number(key);
  }
  return c;
}

}  // namespace riskgrid::scenario
