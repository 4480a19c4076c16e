#include "riskgrid/engine/scenario/model_choice.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::scenario {

std::string ModelChoice::display() const {
  if (!label.empty()) return label;
  if (settings.empty() && lists.empty()) return name;
  std::string out = name + "(";
  for (const auto& [key, value] : settings) out += fmt::format("{}{}={}", out.back() == '(' ? "" : ",", key, value);
  for (const auto& [key, names] : lists)
    out += fmt::format("{}{}=[{}]", out.back() == '(' ? "" : ",", key, fmt::join(names, "|"));
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
    if (key == "name" || key == "label") continue;
    if (!entry.second.IsSequence()) {
      c.settings[key] = f.number(key);
      continue;
    }
    auto& names = c.lists[key];
    for (std::size_t i = 0; i < entry.second.size(); ++i) {
      if (!entry.second[i].IsScalar())
        throw ScenarioError(
            fmt::format("{}: {}.{}[{}]: expected a model name", io::where(file, entry.second[i]), path, key, i));
      names.push_back(entry.second[i].Scalar());
    }
  }
  return c;
}

}  // namespace riskgrid::scenario
