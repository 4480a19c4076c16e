#include "environment.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace riskgrid::app {
namespace fs = std::filesystem;

std::string default_cache_dir() {
  if (const char* dir = std::getenv("RISKGRID_CACHE_DIR"); dir && *dir) return dir;
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return (fs::path(dir) / "riskgrid").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "riskgrid").string();
  return "";
}

std::string data_dir_from_environment() {
  const char* dir = std::getenv("RISKGRID_DATA_DIR");
  return dir != nullptr ? dir : "";
}

void test_kill_point(std::string_view point) {
  const char* at = std::getenv("RISKGRID_TEST_KILL_AT");
  if (at != nullptr && point == at) ::kill(::getpid(), SIGKILL);
}

}  // namespace riskgrid::app
