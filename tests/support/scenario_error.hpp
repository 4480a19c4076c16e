#pragma once
// The message of the ScenarioError a call throws, for tests that check error texts word for word.
#include <functional>
#include <string>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::testing {

inline std::string scenario_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace riskgrid::testing
