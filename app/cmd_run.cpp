// riskgrid run SCENARIO.yaml: options, then run_scenario, then the top-10 table on stdout.
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "exit_codes.hpp"
#include "progress_bar.hpp"
#include "run_pipeline.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

namespace {

void print_ranking(const RunOutcome& out, std::size_t rows) {
  std::printf("\n%s — top %zu grids by risk index (%llu replicas)\n", out.title.c_str(), rows,
              static_cast<unsigned long long>(out.replicas));
  std::printf("%4s  %-16s %-14s %-7s %7s %9s %15s %8s  %s\n", "rank", "grid", "town", "level", "index",
              "expected", "90% interval", "P(exc)", "top driver");
  for (std::size_t i = 0; i < rows && i < out.ranking.size(); ++i) {
    const auto& g = out.ranking[i];
    std::printf("%4zu  %-16s %-14s %-7s %7.2f %9.1f %15s %8.3f  %s\n", i + 1, g.id.c_str(), g.town.c_str(),
                g.level.c_str(), g.risk_index, g.mean, fmt::format("{:.0f}–{:.0f}", g.p05, g.p95).c_str(),
                g.exceedance, g.top_category.c_str());
  }
  std::printf("\n");
  for (const auto& path : out.outputs) {
    const std::string_view name = std::string_view(path).substr(path.find_last_of('/') + 1);
    const char* what = name == "results.h5"     ? "results"
                       : name == "heatmap.png"  ? "heat map"
                       : name == "report.html"  ? "report"
                                                : "written";
    std::printf("%-9s %s\n", (std::string(what) + ":").c_str(), path.c_str());
  }
}

}  // namespace

int run_run(const Args& args) {
  RunOptions options;
  std::uint64_t replicas = 0, seed = 0;
  std::size_t sweep_index = 0;
  bool quiet = false;
  po::options_description visible("riskgrid run SCENARIO.yaml [options]");
  visible.add_options()("help,h", "show this help")
      ("out,o", po::value(&options.out_dir), "output folder (default out/<scenario name>)")
      ("threads,t", po::value(&options.threads)->default_value(0), "worker threads (0 = all cores)")
      ("replicas,r", po::value(&replicas), "replicas (overrides the scenario)")
      ("seed,s", po::value(&seed), "seed (overrides the scenario)")
      ("sweep-index", po::value(&sweep_index), "run only run K (from 0) of a file with sweep:")
      ("quiet,q", po::bool_switch(&quiet), "no progress or stage messages");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value(&options.scenario_path));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args)
                .options(all)
                .positional(positional)
                .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                .run(),
            vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (options.scenario_path.empty()) throw po::error("run: missing the scenario file (riskgrid run --help)");
  if (vm.count("replicas")) options.replicas = replicas;
  if (vm.count("seed")) options.seed = seed;
  if (vm.count("sweep-index")) options.sweep_index = sweep_index;
  if (!quiet) options.log = [](const std::string& m) { std::fprintf(stderr, "riskgrid: %s\n", m.c_str()); };
  ProgressBar bar("simulating", !quiet && stderr_is_terminal());
  options.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };

  const RunOutcome out = run_scenario(options);
  if (!quiet)
    std::fprintf(stderr, "riskgrid: simulated %llu replicas in %.2f s\n",
                 static_cast<unsigned long long>(out.replicas), out.simulate_seconds);
  print_ranking(out, 10);
  return kOk;
}

}  // namespace riskgrid::app
