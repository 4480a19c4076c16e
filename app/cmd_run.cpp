// riskgrid run SCENARIO.yaml: options, then run_scenario, then the top-10 table on stdout.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_line.hpp"
#include "exit_codes.hpp"
#include "command_context.hpp"
#include "ingest_flags.hpp"
#include "json_out.hpp"
#include "riskgrid/engine/error.hpp"
#include "progress_bar.hpp"
#include "ranks.hpp"
#include "ranking_table.hpp"
#include "riskgrid/run/run.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

/// "k/n" with 1 <= k <= n, else a usage error (exit 2).
run::Shard parse_shard(const std::string& text) {
  run::Shard shard;
  char slash = 0, rest = 0;
  unsigned k = 0, n = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c", &k, &slash, &n, &rest) != 3 || slash != '/' || k < 1 || k > n ||
      text.find_first_not_of("0123456789/") != std::string::npos)
    throw po::error(fmt::format("--shard: expected k/n with 1 <= k <= n (e.g. 2/8), got \"{}\"", text));
  shard.k = k;
  shard.n = n;
  return shard;
}

/// --json: the run's outputs and its summary.json, whole (docs/results-format.md), as one object.
std::string run_json(const run::RunOutcome& out) {
  JsonObject json;
  json.text("title", out.title).integer("replicas", static_cast<std::int64_t>(out.replicas));
  json.number("simulate_seconds", out.simulate_seconds).texts("outputs", out.outputs);
  for (const std::string& path : out.outputs) {
    if (fs::path(path).filename() != "summary.json") continue;
    std::ifstream in(path);
    if (!in) throw IoError(fmt::format("{}: cannot read the summary just written", path));
    json.raw("summary", std::string(std::istreambuf_iterator<char>(in), {}));
  }
  return json.str();
}

}  // namespace

int run_run(const Args& args) {
  run::RunRequest options;
  int threads = 0;
  bool no_cache = false;
  std::uint64_t replicas = 0, seed = 0;
  std::size_t sweep_index = 0;
  std::string shard;
  bool quiet = false;
  bool json = false;
  po::options_description visible("riskgrid run SCENARIO.yaml [options]");
  visible.add_options()("help,h", "show this help")("out,o", po::value(&options.out_dir),
                                                    "output folder (default out/<scenario name>)")(
      "threads,t", po::value(&threads)->default_value(0), "worker threads (0 = all cores)")(
      "replicas,r", po::value(&replicas), "replicas (overrides the scenario)")(
      "seed,s", po::value(&seed), "seed (overrides the scenario)")("sweep-index", po::value(&sweep_index),
                                                                   "run only run K (from 0) of a file with sweep:")(
      "shard", po::value(&shard),
      "simulate only shard K/N of the replicas into <out>/shard-K-of-N.h5 "
      "(combine with riskgrid merge)")("quiet,q", po::bool_switch(&quiet), "no progress or stage messages")(
      "no-cache", po::bool_switch(&no_cache), "ingest a mapped history without the incident store")(
      "json", po::bool_switch(&json),
      "print the summary as JSON on stdout (summary.json and the outputs), nothing else");
  IngestFlags ingest_flags;
  ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value(&options.scenario_path));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (options.scenario_path.empty()) throw po::error("run: missing the scenario file (riskgrid run --help)");
  ingest_flags.apply();
  options.max_bad_fraction = ingest_flags.max_bad();
  if (vm.count("replicas")) options.replicas = replicas;
  if (vm.count("seed")) options.seed = seed;
  if (vm.count("sweep-index")) options.sweep_index = sweep_index;
  run::RunContext context = command_context(threads, quiet, ingest_flags, no_cache);
  ProgressBar bar("simulating", progress_mode(quiet));
  context.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };

  if (vm.count("shard")) {
    const run::RunOutcome out = run::run_shard(context, options, parse_shard(shard));
    if (!is_root_rank()) return kOk;  // under mpirun rank 0 reports for all
    if (!quiet)
      std::fprintf(stderr, "riskgrid: simulated %llu replicas in %.2f s\n",
                   static_cast<unsigned long long>(out.replicas), out.simulate_seconds);
    if (json)
      print_json(JsonObject().text("shard", out.outputs.front()).integer("replicas", std::int64_t(out.replicas)).str());
    else
      std::printf("shard:    %s\n", out.outputs.front().c_str());
    return kOk;
  }
  const run::RunOutcome out = run::run_scenario(context, options);
  if (!is_root_rank()) return kOk;
  if (!quiet)
    std::fprintf(stderr, "riskgrid: simulated %llu replicas in %.2f s\n", static_cast<unsigned long long>(out.replicas),
                 out.simulate_seconds);
  if (json) {
    print_json(run_json(out));
    for (const auto& warning : out.warnings) std::fprintf(stderr, "riskgrid: warning: %s\n", warning.c_str());
  } else {
    print_ranking(out, 10);
  }
  return kOk;
}

}  // namespace riskgrid::app
