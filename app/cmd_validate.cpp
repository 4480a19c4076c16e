// riskgrid validate FILE...: checks scenario files without running them (and without reading the
// incident history, so it is fast enough for an editor hook or CI).
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>

#include "backtest_spec.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "riskgrid/engine/error.hpp"
#include "command_context.hpp"
#include "riskgrid/run/run.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

namespace {

/// Checks one file: prints "ok FILE (N runs)" or the error, returns its exit code. Every file is
/// checked even after a failure, so one call reports them all.
int validate_one(const run::RunContext& context, const std::string& path) {
  try {
    const std::size_t runs = run::validate_scenario_file(context, path);
    if (has_backtest_block(path)) load_backtest_spec(path);  // docs/backtest.md
    std::printf("ok %s (%zu run%s)\n", path.c_str(), runs, runs == 1 ? "" : "s");
    return kOk;
  } catch (const ScenarioError& e) {
    std::fprintf(stderr, "riskgrid: %s\n", e.what());
    return kUsage;
  } catch (const InputError& e) {
    std::fprintf(stderr, "riskgrid: %s\n", e.what());
    return kInputData;
  } catch (const IoError& e) {
    std::fprintf(stderr, "riskgrid: %s\n", e.what());
    return kIo;
  }
}

}  // namespace

int run_validate(const Args& args) {
  std::vector<std::string> files;
  po::options_description visible("riskgrid validate SCENARIO.yaml... [options]");
  visible.add_options()("help,h", "show this help");
  IngestFlags ingest_flags;
  ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("files", po::value(&files));
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (files.empty()) throw po::error("validate: missing the scenario files (riskgrid validate --help)");
  ingest_flags.apply();
  const run::RunContext context = command_context(0, /*quiet=*/true, ingest_flags, /*no_cache=*/true);
  int code = kOk;
  for (const auto& file : files) {
    const int file_code = validate_one(context, file);
    std::fflush(stdout);
    if (code == kOk) code = file_code;  // the first failure's class decides the exit code
  }
  return code;
}

}  // namespace riskgrid::app
