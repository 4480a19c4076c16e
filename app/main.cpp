// riskgrid: parse the subcommand, dispatch, map exceptions to exit codes.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options/errors.hpp>

#include "exit_codes.hpp"
#include "ranks.hpp"
#include "riskgrid/engine/error.hpp"
#include "subcommands.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace {

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  int (*run)(const riskgrid::app::Args&);
};

constexpr Subcommand kSubcommands[] = {
    {"run", "run one scenario: fit, simulate the ensemble, write results and a heat map", riskgrid::app::run_run},
    {"validate", "check scenario files (extends, sweep, district, drills, model) without running",
     riskgrid::app::run_validate},
    {"batch", "run many scenarios and sweeps, compare each with a baseline; --resume after a kill",
     riskgrid::app::run_batch},
    {"backtest", "score arrival models on held-out history (rolling origins): table, HDF5, CSV, PNG",
     riskgrid::app::run_backtest},
    {"merge", "combine the shard files of run --shard k/n into the results of one run", riskgrid::app::run_merge},
    {"ingest", "read a city's incident CSV onto the district's units: store, quarantine, summary",
     riskgrid::app::run_ingest},
    {"calibrate", "fit handling-time distributions from closing and stage times: table, CSV, handling.yaml",
     riskgrid::app::run_calibrate},
    {"allocate", "search the allocation of grid staff that best serves case handling (common random numbers)",
     riskgrid::app::run_allocate},
    {"render", "draw heat maps, small multiples and comparisons from a results file", riskgrid::app::run_render},
    {"export", "write a results file as a tidy long table (scenario, unit, bin, measure, value) in CSV",
     riskgrid::app::run_export},
    {"monitor", "early warning: score the last days against the fitted model, rank alerts (tail, CUSUM, scan)",
     riskgrid::app::run_monitor},
    {"synth", "generate a deterministic synthetic incident history for a district", riskgrid::app::run_synth},
    {"partition", "partition a district outline into towns and grids (the default district)",
     riskgrid::app::run_partition},
};

void print_usage(std::FILE* to) {
  std::fprintf(to, "usage: riskgrid <subcommand> [options]   (riskgrid help <subcommand>, riskgrid --version)\n\n");
  for (const auto& s : kSubcommands)
    std::fprintf(to, "  %-10.*s %.*s\n", int(s.name.size()), s.name.data(), int(s.summary.size()), s.summary.data());
}

const Subcommand* find_subcommand(std::string_view name) {
  for (const auto& s : kSubcommands)
    if (s.name == name) return &s;
  return nullptr;
}

int fail(int code, const char* what) {
  std::fprintf(stderr, "riskgrid: %s\n", what);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace riskgrid;
  const app::RankSession ranks(argc, argv);  // joins the MPI job under mpirun; nothing otherwise
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
    print_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? app::kUsage : app::kOk;
  }
  if (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "-V") {
    std::printf("riskgrid %s\n", RISKGRID_VERSION);
    return app::kOk;
  }
  // `riskgrid help` is the list; `riskgrid help run` is `riskgrid run --help`.
  const bool help = std::string_view(argv[1]) == "help";
  if (help && argc < 3) {
    print_usage(stdout);
    return app::kOk;
  }
  const std::string_view name = help ? argv[2] : argv[1];
  if (const Subcommand* s = find_subcommand(name)) {
    try {
      return s->run(help ? app::Args{"--help"} : app::Args(argv + 2, argv + argc));
    } catch (const boost::program_options::error& e) {
      return fail(app::kUsage, e.what());
    } catch (const ScenarioError& e) {
      return fail(app::kUsage, e.what());
    } catch (const InputError& e) {
      return fail(app::kInputData, e.what());
    } catch (const IoError& e) {
      return fail(app::kIo, e.what());
    } catch (const std::exception& e) {
      return fail(app::kInternal, (std::string("internal error: ") + e.what()).c_str());
    }
  }
  std::fprintf(stderr, "riskgrid: unknown subcommand '%.*s'\n", int(name.size()), name.data());
  print_usage(stderr);
  return app::kUsage;
}
