// libFuzzer target: arbitrary bytes as a scenario file, through YAML parsing and the scenario loader
// (extends:, sweep:, drills, horizon, risk, the district file it names). Beyond "no crash, no sanitizer
// report, no hang": every refusal is one of riskgrid's typed errors (ScenarioError, InputError, IoError),
// never a yaml-cpp or standard-library exception escaping as an "internal error", and no message quotes
// more than a short excerpt of the file.
// The input is written as s.yaml in a folder holding the shipped Putuo scenario files (so `district:
// district.yaml` and `extends: typhoon.yaml` resolve); the seeds are those files (corpus/scenario_fuzz).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

using namespace riskgrid;
namespace fs = std::filesystem;

namespace {

const fs::path& folder() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("riskgrid_scenario_fuzz_" + std::to_string(::getpid()));
    fs::create_directories(d);
    for (const auto& entry : fs::directory_iterator(fs::path(RISKGRID_ROOT) / "scenarios" / "putuo"))
      if (entry.path().extension() == ".yaml")
        fs::copy_file(entry.path(), d / entry.path().filename(), fs::copy_options::overwrite_existing);
    std::atexit(
        [] { fs::remove_all(fs::temp_directory_path() / ("riskgrid_scenario_fuzz_" + std::to_string(::getpid()))); });
    return d;
  }();
  return dir;
}

void check_message(const std::string& message, std::size_t input_size) {
  // Paths and a few excerpts of 60 bytes: far less than a file of any size.
  if (input_size > 2000 && message.size() > 1500) {
    std::fprintf(stderr, "message of %zu bytes for an input of %zu\n", message.size(), input_size);
    std::abort();
  }
}

template <typename F>
void expect_typed_errors(F load, std::size_t input_size) {
  try {
    load();
  } catch (const ScenarioError& e) {
    check_message(e.what(), input_size);
  } catch (const InputError& e) {
    check_message(e.what(), input_size);
  } catch (const IoError& e) {
    check_message(e.what(), input_size);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "untyped exception: %s\n", e.what());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path file = folder() / "s.yaml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // load_scenario refuses a sweep; the check loads one run per swept value (never the whole product).
  expect_typed_errors([&] { scenario::load_scenario(file.string()); }, size);
  expect_typed_errors([&] { scenario::load_scenarios_to_check(file.string()); }, size);
  return 0;
}
