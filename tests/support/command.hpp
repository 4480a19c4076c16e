#pragma once
// Runs the real `riskgrid` binary in end-to-end tests and captures its exit code and output.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace riskgrid::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  const auto log = std::filesystem::temp_directory_path() /
                   ("riskgrid_cmd_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand()) + ".log");
  const int status = std::system((command + " > " + log.string() + " 2>&1").c_str());
  std::ostringstream text;
  text << std::ifstream(log).rdbuf();
  std::filesystem::remove(log);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

inline CommandResult riskgrid(const std::string& arguments) {
  return run_command(std::string(RISKGRID_BINARY) + " " + arguments);
}

}  // namespace riskgrid::testing
