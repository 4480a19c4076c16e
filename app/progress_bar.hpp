#pragma once
// Progress on stderr for long steps: shown only on a terminal and never with --quiet.
#include <chrono>
#include <cstdint>
#include <string>

namespace riskgrid::app {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  void update(std::uint64_t done, std::uint64_t total);

 private:
  std::string label_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

/// True when stderr is a terminal (progress bars are noise in logs and CI).
bool stderr_is_terminal();

}  // namespace riskgrid::app
