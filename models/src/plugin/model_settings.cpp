#include "riskgrid/models/plugin/model_settings.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models {

double ModelSettings::number_or(const std::string& key, double fallback, double min, double max) const {
  known_.insert(key);
  if (lists_.count(key))
    throw ScenarioError(fmt::format("{}: {}.{}: expected a number, got a list", where_, model_, key));
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  if (!(it->second >= min && it->second <= max))
    throw ScenarioError(
        fmt::format("{}: {}.{}: expected a number in [{}, {}], got {}", where_, model_, key, min, max, it->second));
  return it->second;
}

std::size_t ModelSettings::count_or(const std::string& key, std::size_t fallback, std::size_t min,
                                    std::size_t max) const {
  const double v = number_or(key, double(fallback), double(min), double(max));
  if (v != std::floor(v))
    throw ScenarioError(fmt::format("{}: {}.{}: expected a whole number, got {}", where_, model_, key, v));
  return static_cast<std::size_t>(v);
}

std::vector<std::string> ModelSettings::names_or(const std::string& key, std::vector<std::string> fallback) const {
  known_.insert(key);
  if (values_.count(key))
    throw ScenarioError(
        fmt::format("{}: {}.{}: expected a list of model names like [a, b], got a number", where_, model_, key));
  const auto it = lists_.find(key);
  if (it == lists_.end()) return fallback;
  if (it->second.empty())
    throw ScenarioError(fmt::format("{}: {}.{}: expected at least one name", where_, model_, key));
  return it->second;
}

void ModelSettings::check_all_read() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : values_) keys.push_back(key);
  for (const auto& [key, value] : lists_) keys.push_back(key);
  for (const auto& key : keys) {
    if (known_.count(key)) continue;
    const std::vector<std::string> known(known_.begin(), known_.end());
    const std::string hint = io::closest_match(key, known);
    throw ScenarioError(
        fmt::format("{}: {}: unknown setting '{}'{}; {}", where_, model_, key, io::did_you_mean(hint),
                    known.empty() ? "this model has no settings" : fmt::format("known: {}", fmt::join(known, ", "))));
  }
}

}  // namespace riskgrid::models
