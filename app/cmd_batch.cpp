// riskgrid batch DIR|FILES...: every run of every scenario into OUT/<run>/, then the comparison of
// each drill run with the baseline. With --resume, runs whose `.done` marker matches are kept.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "batch_comparison.hpp"
#include "batch_plan.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "progress_bar.hpp"
#include "ranks.hpp"
#include "riskgrid/engine/error.hpp"
#include "command_context.hpp"
#include "riskgrid/run/run.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct BatchArgs {
  std::vector<std::string> inputs;
  std::string out = "out/batch";
  std::string baseline;  // empty: "baseline" if there is such a run, else the first
  int threads = 0;
  std::optional<std::uint64_t> replicas;
  bool resume = false;
  bool quiet = false;
  std::optional<double> max_bad_fraction;  // mapped histories (docs/ingest.md)
  IngestFlags ingest;
};

/// Parses the options; nullopt after printing --help.
std::optional<BatchArgs> parse(const Args& args) {
  BatchArgs a;
  std::uint64_t replicas = 0;
  po::options_description visible(
      "riskgrid batch DIR|FILES... [options]\n\n"
      "Runs every run of the scenarios (a directory: its scenario *.yaml files, by name; a sweep:\n"
      "one run per sweep index) into OUT/<run>/, then compares each run with the baseline:\n"
      "OUT/comparison.h5, OUT/comparison.csv, OUT/<run>/compare.png.\n\nOptions");
  visible.add_options()("help,h", "show this help")("out,o", po::value(&a.out)->default_value("out/batch"),
                                                    "output folder")(
      "baseline", po::value(&a.baseline), "the run to compare with (default: 'baseline', else the first)")(
      "threads,t", po::value(&a.threads)->default_value(0), "worker threads per run (0 = all cores)")(
      "replicas,r", po::value(&replicas), "replicas of every run (overrides the scenarios)")(
      "resume", po::bool_switch(&a.resume), "keep finished runs (their .done marker matches), redo the rest")(
      "quiet,q", po::bool_switch(&a.quiet), "no progress on stderr");
  IngestFlags& ingest_flags = a.ingest;
  ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("inputs", po::value(&a.inputs)->composing());
  po::positional_options_description positional;
  positional.add("inputs", -1);
  po::variables_map vm = parse_command_line(args, all, positional);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  if (a.inputs.empty()) throw po::error("batch: missing scenario files or a directory (riskgrid batch --help)");
  if (vm.count("replicas")) a.replicas = replicas;
  ingest_flags.apply();
  a.max_bad_fraction = ingest_flags.max_bad();
  return a;
}

std::string pick_baseline(const std::vector<BatchRun>& runs, const std::string& wanted) {
  const std::string name = wanted.empty() ? "baseline" : wanted;
  for (const auto& run : runs)
    if (run.name == name) return name;
  if (wanted.empty()) return runs.front().name;
  std::string known;
  for (const auto& run : runs) known += (known.empty() ? "" : ", ") + run.name;
  throw ScenarioError(fmt::format("batch: --baseline: no run named \"{}\"; runs: {}", wanted, known));
}

/// Runs done / total, elapsed and ETA on one stderr line; the fraction counts replicas within a run.
class BatchProgress {
 public:
  BatchProgress(std::size_t total, bool enabled)
      : total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(std::size_t done, const std::string& run, double within) const {
    if (!enabled_ || total_ == 0) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double fraction = (static_cast<double>(done) + within) / static_cast<double>(total_);
    const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\rbatch: %zu/%zu runs done, %-28.28s %.0fs elapsed, ETA %.0fs ", done, total_, run.c_str(),
                 seconds, eta);
    std::fflush(stderr);
  }
  void finish() const {
    if (enabled_) std::fputc('\n', stderr);
  }

 private:
  std::size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

/// With --resume, which runs are finished (their marker matches). Rank 0 looks, so that under mpirun
/// every rank works on the same runs.
std::vector<std::uint8_t> finished_runs(const BatchArgs& a, const std::vector<BatchRun>& runs) {
  std::vector<std::uint8_t> finished(runs.size(), 0);
  on_root_rank([&] {
    for (std::size_t i = 0; i < runs.size() && a.resume; ++i) {
      finished[i] = run_is_finished((fs::path(a.out) / runs[i].name).string(), runs[i]);
      if (finished[i] && !a.quiet) std::fprintf(stderr, "riskgrid: %s: finished earlier, kept\n", runs[i].name.c_str());
    }
  });
  return flags_from_root(std::move(finished));
}

/// Runs (or, with --resume, keeps) every run; the marker goes last, after all of the run's outputs.
/// Under mpirun every run's replicas are split over all ranks (run_scenario) and rank 0 writes.
void run_all(const BatchArgs& a, const std::vector<BatchRun>& runs) {
  const std::vector<std::uint8_t> finished = finished_runs(a, runs);
  std::vector<const BatchRun*> todo;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!finished[i]) todo.push_back(&runs[i]);
  const BatchProgress progress(todo.size(), !a.quiet && stderr_is_terminal());
  for (std::size_t k = 0; k < todo.size(); ++k) {
    const BatchRun& run = *todo[k];
    run::RunRequest options;
    options.scenario_path = run.file;
    options.sweep_index = run.sweep_index;
    options.out_dir = (fs::path(a.out) / run.name).string();
    options.replicas = run.replicas;
    options.max_bad_fraction = a.max_bad_fraction;
    run::RunContext context = command_context(a.threads, /*quiet=*/true, a.ingest, /*no_cache=*/false);
    context.progress = [&](std::uint64_t done, std::uint64_t total) {
      progress.update(k, run.name, total ? static_cast<double>(done) / static_cast<double>(total) : 0);
    };
    on_root_rank([&] {
      prepare_run_dir(options.out_dir);
      progress.update(k, run.name, 0);
    });
    run::run_scenario(context, options);
    on_root_rank([&] {
      write_done_marker(options.out_dir, run);
      if (!a.quiet && !stderr_is_terminal())
        std::fprintf(stderr, "riskgrid: %s: done (%zu/%zu)\n", run.name.c_str(), k + 1, todo.size());
    });
  }
  progress.update(todo.size(), "", 0);
  progress.finish();
}

/// The comparison of every run with the baseline: files, then the top of the table on stdout.
void compare_runs(const BatchArgs& a, const std::vector<BatchRun>& runs, const std::string& baseline) {
  if (runs.size() < 2) {
    std::printf("one run only: nothing to compare\n");
    return;
  }
  remove_stale_temporaries(a.out);
  std::vector<std::string> names;
  for (const auto& run : runs) names.push_back(run.name);
  const results::BatchComparisonTable table = write_batch_comparison(a.out, names, baseline);
  print_batch_comparison(table, 5);
  std::printf("\ncomparison: %s\n            %s\n", (fs::path(a.out) / "comparison.h5").c_str(),
              (fs::path(a.out) / "comparison.csv").c_str());
}

}  // namespace

int run_batch(const Args& args) {
  const std::optional<BatchArgs> a = parse(args);
  if (!a) return kOk;
  // Everything that can be checked is checked before the first run.
  const std::vector<BatchRun> runs =
      plan_batch(command_context(a->threads, true, a->ingest, false), collect_scenario_files(a->inputs), a->replicas);
  const std::string baseline = pick_baseline(runs, a->baseline);
  if (!a->quiet)
    std::fprintf(stderr, "riskgrid: batch of %zu runs into %s, baseline %s\n", runs.size(), a->out.c_str(),
                 baseline.c_str());
  run_all(*a, runs);
  on_root_rank([&] { compare_runs(*a, runs, baseline); });
  return kOk;
}

}  // namespace riskgrid::app
