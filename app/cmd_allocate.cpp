// riskgrid allocate SCENARIO.yaml: options, then allocate_staff, then current against proposed on stdout.
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_context.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "json_out.hpp"
#include "ranks.hpp"
#include "riskgrid/run/allocate.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

namespace {

std::string figure_json(const run::AllocationFigure& f) {
  return JsonObject()
      .text("name", f.name)
      .number("now", f.now)
      .number("proposed", f.proposed)
      .number("difference", f.difference.mean)
      .number("difference_lo95", f.difference.lo)
      .number("difference_hi95", f.difference.hi)
      .str();
}

std::string outcome_json(const run::AllocateOutcome& o) {
  std::vector<std::string> figures, moves;
  for (const auto& f : o.figures) figures.push_back(figure_json(f));
  for (const auto& g : o.grids)
    if (g.proposed != g.now)
      moves.push_back(JsonObject()
                          .text("unit", g.id)
                          .number("staff_now", g.now)
                          .number("staff_proposed", g.proposed)
                          .number("change", g.proposed - g.now)
                          .str());
  return JsonObject()
      .text("title", o.title)
      .text("objective", o.objective)
      .integer("replicas", std::int64_t(o.replicas))
      .integer("seed", std::int64_t(o.seed))
      .number("staff_now", o.total_now)
      .number("staff_proposed", o.total_proposed)
      .number("people_moved", o.moved)
      .integer("evaluations", std::int64_t(o.evaluations))
      .number("seconds", o.seconds)
      .raw("figures", json_array(figures))
      .raw("changes", json_array(moves))
      .texts("outputs", o.outputs)
      .str();
}

void print_outcome(const run::AllocateOutcome& o) {
  std::printf("%s\nobjective %s, %llu replicas (common random numbers), %zu candidates simulated\n", o.title.c_str(),
              o.objective.c_str(), static_cast<unsigned long long>(o.replicas), o.evaluations);
  std::printf("staff: %g now, %g proposed, %g people change grid\n\n", o.total_now, o.total_proposed, o.moved);
  std::printf("%-15s %10s %10s %10s   %s\n", "figure", "now", "proposed", "change", "95% interval of the change");
  for (const auto& f : o.figures)
    std::printf("%-15s %10.4f %10.4f %+10.4f   %+.4f .. %+.4f\n", f.name.c_str(), f.now, f.proposed, f.difference.mean,
                f.difference.lo, f.difference.hi);
  std::printf("\nmoves (grid: now -> proposed people, servers):\n");
  for (const auto& g : o.grids)
    if (g.proposed != g.now)
      std::printf("  %-12s %-16s %6g -> %-6g (%+g)  %u -> %u\n", g.id.c_str(), g.town.c_str(), g.now, g.proposed,
                  g.proposed - g.now, g.servers_now, g.servers_proposed);
  for (const auto& path : o.outputs) std::printf("wrote %s\n", path.c_str());
}

}  // namespace

int run_allocate(const Args& args) {
  run::AllocateRequest q;
  int threads = 0;
  std::uint64_t replicas = 0, seed = 0;
  double staff = 0, max_staff = 0, moves = 0, min_gain = 0;
  std::string objective = "on_time";
  bool quiet = false, json = false, no_cache = false;
  po::options_description visible("riskgrid allocate SCENARIO.yaml [options]");
  visible.add_options()("help,h", "show this help")("staff", po::value(&staff),
                                                    "people in all grids (default: today's total, rounded)")(
      "min", po::value(&q.min_staff)->default_value(1), "least people per grid")(
      "max", po::value(&max_staff), "most people per grid (default: no limit)")(
      "bounds", po::value(&q.bounds_csv), "CSV grid,min,max overriding --min/--max per grid")(
      "moves", po::value(&moves), "at most this many people change grid")(
      "objective", po::value(&objective)->default_value("on_time"),
      "on_time (district on-time share) or overdue (cases overdue at the end)")(
      "alpha", po::value(&q.search.alpha)->default_value(0.05), "level of the paired test that accepts a candidate")(
      "min-gain", po::value(&min_gain),
      "least gain a move must buy per person moved: on-time points (default 0.01 [E]) or overdue cases "
      "(default 0.5 [E]); 0 takes every significant gain")("rounds", po::value(&q.search.max_rounds)->default_value(12),
                                                           "most marginal rounds")(
      "replicas,r", po::value(&replicas), "common replicas (default: the scenario's, at most 30)")(
      "seed,s", po::value(&seed), "seed (overrides the scenario)")("threads,t", po::value(&threads)->default_value(0),
                                                                   "worker threads (0 = all cores)")(
      "out,o", po::value(&q.out_dir), "output folder (default out/<scenario name>_allocate)")(
      "quiet,q", po::bool_switch(&quiet), "no stage messages")("no-cache", po::bool_switch(&no_cache),
                                                               "ingest a mapped history without the incident store")(
      "json", po::bool_switch(&json), "print the outcome as JSON on stdout, nothing else");
  IngestFlags ingest_flags;
  ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value(&q.scenario_path));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (q.scenario_path.empty()) throw po::error("allocate: missing the scenario file (riskgrid allocate --help)");
  if (objective != "on_time" && objective != "overdue")
    throw po::error(fmt::format("--objective: expected on_time or overdue, got \"{}\"", objective));
  q.objective = objective == "overdue" ? run::AllocationObjective::kOverdue : run::AllocationObjective::kOnTime;
  if (!(q.search.alpha > 0 && q.search.alpha < 1)) throw po::error("--alpha: expected a level in (0, 1)");
  if (vm.count("min-gain") && !(min_gain >= 0)) throw po::error("--min-gain: expected 0 or more");
  q.search.min_gain_per_person =
      run::min_gain_per_person(q.objective, vm.count("min-gain") ? std::optional(min_gain) : std::nullopt);
  if (q.search.max_rounds < 0) throw po::error("--rounds: expected 0 or more");
  if (!(q.min_staff >= 0)) throw po::error("--min: expected people >= 0");
  if (vm.count("staff")) q.staff = staff;
  if (vm.count("max")) q.max_staff = max_staff;
  if (vm.count("moves")) {
    if (!(moves >= 0)) throw po::error("--moves: expected people >= 0");
    q.moves = moves;
  }
  if (vm.count("replicas")) q.replicas = replicas;
  if (vm.count("seed")) q.seed = seed;
  ingest_flags.apply();
  run::RunContext context = command_context(threads, quiet, ingest_flags, no_cache);
  const run::AllocateOutcome out = run::allocate_staff(context, q);
  if (!is_root_rank()) return kOk;
  if (json)
    print_json(outcome_json(out));
  else
    print_outcome(out);
  return kOk;
}

}  // namespace riskgrid::app
