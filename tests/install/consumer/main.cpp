// Checks a scenario file with the installed run library: prints "runs: N" or the error.
#include <cstdio>
#include <exception>

#include "riskgrid/run/run.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer SCENARIO.yaml\n");
    return 2;
  }
  try {
    const riskgrid::run::RunContext context;
    std::printf("runs: %zu\n", riskgrid::run::validate_scenario_file(context, argv[1]));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
}
