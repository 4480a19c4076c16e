// riskgrid batch DIR|FILES...: every run of every scenario into OUT/<run>/, then the comparison of
// each drill run with the baseline. With --resume, runs whose `.done` marker matches are kept.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "batch_comparison.hpp"
#include "batch_plan.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "json_out.hpp"
#include "progress_bar.hpp"
#include "ranks.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"
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
  bool json = false;                       // the summary as JSON on stdout, nothing else there
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
      "quiet,q", po::bool_switch(&a.quiet), "no progress on stderr")(
      "json", po::bool_switch(&a.json), "print the summary as JSON on stdout (runs, files, top grids), nothing else");
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

/// Runs done / total, elapsed and ETA on stderr (a bar on a terminal, a line every few seconds in a
/// log); the fraction counts replicas within a run.
class BatchProgress {
 public:
  BatchProgress(std::size_t total, ProgressMode mode)
      : total_(total), printer_(mode), start_(std::chrono::steady_clock::now()) {}
  void update(std::size_t done, const std::string& run, double within) {
    if (total_ == 0) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double fraction = (static_cast<double>(done) + within) / static_cast<double>(total_);
    const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
    printer_.show(
        fmt::format("batch: {}/{} runs done, {:<28.28} {:.0f}s elapsed, ETA {:.0f}s", done, total_, run, seconds, eta),
        done == total_);
  }
  void finish() { printer_.finish(); }

 private:
  std::size_t total_;
  ProgressPrinter printer_;
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
  BatchProgress progress(todo.size(), progress_mode(a.quiet));
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

/// --json: the runs, where they are, and each drill run's five grids of largest excess increase.
std::string batch_json(const BatchArgs& a, const std::vector<BatchRun>& runs, const std::string& baseline,
                       const results::BatchComparisonTable* table) {
  std::vector<std::string> run_objects;
  for (const auto& run : runs)
    run_objects.push_back(JsonObject().text("name", run.name).text("out", (fs::path(a.out) / run.name).string()).str());
  JsonObject json;
  json.text("out", a.out).text("baseline", baseline).raw("runs", json_array(run_objects));
  if (table == nullptr) return json.raw("comparison", "null").str();
  const std::size_t units = table->units.size();
  std::vector<std::string> compared;
  for (std::size_t r = 0; r < table->runs.size(); ++r) {
    std::vector<std::string> top;
    for (std::int32_t rank = 1; rank <= 5; ++rank) {
      for (std::size_t u = 0; u < units; ++u) {
        const std::size_t i = r * units + u;
        if (table->rank[i] != rank) continue;
        top.push_back(JsonObject()
                          .text("unit", table->units[u])
                          .text("town", table->towns[u])
                          .integer("rank", rank)
                          .number("change_per_day", table->change[i])
                          .number("change_pct", table->change_pct[i])
                          .number("excess_change", table->excess_change[i])
                          .str());
      }
    }
    compared.push_back(JsonObject().text("run", table->runs[r]).raw("top", json_array(top)).str());
  }
  return json
      .raw("comparison", JsonObject()
                             .text("h5", (fs::path(a.out) / "comparison.h5").string())
                             .text("csv", (fs::path(a.out) / "comparison.csv").string())
                             .raw("runs", json_array(compared))
                             .str())
      .str();
}

/// The comparison of every run with the baseline: files, then the top of the table on stdout.
void compare_runs(const BatchArgs& a, const std::vector<BatchRun>& runs, const std::string& baseline) {
  if (runs.size() < 2) {
    if (a.json)
      print_json(batch_json(a, runs, baseline, nullptr));
    else
      std::printf("one run only: nothing to compare\n");
    return;
  }
  remove_stale_temporaries(a.out);
  std::vector<std::string> names;
  for (const auto& run : runs) names.push_back(run.name);
  const results::BatchComparisonTable table = write_batch_comparison(a.out, names, baseline);
  if (a.json) {
    print_json(batch_json(a, runs, baseline, &table));
    return;
  }
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
  std::unique_ptr<io::DirLock> lock;  // rank 0 writes; the others never touch the folder
  on_root_rank([&] { lock = std::make_unique<io::DirLock>(a->out); });
  run_all(*a, runs);
  on_root_rank([&] { compare_runs(*a, runs, baseline); });
  return kOk;
}

}  // namespace riskgrid::app
