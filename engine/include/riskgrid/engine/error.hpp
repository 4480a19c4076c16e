#pragma once
// The library's typed exceptions. The command maps each class to its own exit code (app/exit_codes.hpp);
// library code never exits.
#include <stdexcept>
#include <string>

namespace riskgrid {

/// A scenario or option the user wrote is invalid (exit code: usage).
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Input data (history, boundaries, catalog) cannot be used as given (exit code: input data).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file could not be read or written (exit code: I/O).
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace riskgrid
