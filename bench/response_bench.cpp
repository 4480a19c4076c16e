// Case handling on the default district: case lifecycles per second on one core (the "des" response
// model of response_baseline.yaml: 45 staff pools, teams, departments, 35 warm-up days + 30 forecast
// days, ~1,100 cases a day), and the process's peak memory as replicas grow (it must not grow).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>
#include <memory>

#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/response/des_response.hpp"
#include "riskgrid/models/response/des_settings.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace {
using namespace riskgrid;
using namespace riskgrid::models::response;

/// response_baseline.yaml prepared as `riskgrid run` prepares it, with a few replicas of arrivals.
struct Prepared {
  ResponseConfig config;
  SimulationSetup setup;
  std::vector<std::vector<std::uint32_t>> counts;  ///< sampled before timing: only handling is measured
};

std::unique_ptr<Prepared> prepare(const std::string& name) {
  const auto spec = scenario::load_scenario(std::string(RISKGRID_SCENARIOS) + "/putuo/" + name + ".yaml");
  const auto& d = spec.district;
  const auto catalog = catalog::load_catalog(d.categories);
  const auto district = spatial::load_district(d.outline, d.towns, d.grids, d.name);
  if (!std::filesystem::exists(d.history)) models::ensure_history(d.history, d.history_synth, district, catalog);
  const auto history = incidents::read_history_csv(d.history, district, catalog);
  models::ModelRegistry registry;
  models::register_builtin(registry);
  const auto fitted =
      registry.arrivals.create(spec.arrival_model)->fit({district, catalog, history, spec.train_start, spec.train_end});
  const std::size_t grids = district.grids.size(), k = catalog.size(), cells = spec.horizon.bins * grids * k;
  std::vector<double> baseline(cells), rate(grids * k, 0.0);
  const cube::Shape shape{spec.horizon.bins, grids, k};
  fitted->expected(spec.horizon, {shape, baseline});
  for (std::size_t i = 0; i < cells; ++i) rate[i % (grids * k)] += baseline[i] / double(spec.horizon.bins);
  auto p = std::make_unique<Prepared>();
  const DesSettings s = read_des_settings(spec.response);
  p->config =
      build_des_config(s, district, catalog, rate, time::day_number(spec.horizon.start) - 40, 500, spec.horizon);
  p->setup.config = &p->config;
  p->setup.horizon = spec.horizon;
  p->setup.grids = grids;
  p->setup.categories = k;
  p->setup.warmup_days = s.warmup_days;
  p->setup.warmup_daily_rate = rate;
  p->setup.hour_cdf = hour_profile(history, spec.train_start, spec.train_end);
  const std::vector<double> ones(cells, 1.0);
  const auto sampler = fitted->prepare(spec.horizon, {shape, ones});
  for (std::uint64_t r = 0; r < 8; ++r) {
    p->counts.emplace_back(cells);
    sampler->sample({1, r}, {shape, p->counts.back()});
  }
  return p;
}

double max_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024;
}

/// One replica of case handling per iteration; items = case lifecycles (warm-up cases included).
void BM_CaseLifecycles(benchmark::State& state, const std::string& scenario) {
  const auto p = prepare(scenario);
  CaseSimulator sim(p->setup);
  ResponseTally tally(p->setup.horizon.bins, p->setup.grids);
  std::uint64_t replica = 0, cases = 0;
  for (auto _ : state) {
    sim.run({1, replica}, p->counts[replica % p->counts.size()], tally);
    cases += sim.cases();
    ++replica;
  }
  state.SetItemsProcessed(std::int64_t(cases));
  state.counters["cases_per_replica"] = double(cases) / double(replica);
  state.counters["max_rss_MB"] = max_rss_mb();
}

/// Peak memory after N replicas through one simulator and tally: flat in N.
void BM_MemoryOverReplicas(benchmark::State& state) {
  const auto p = prepare("response_baseline");
  for (auto _ : state) {
    CaseSimulator sim(p->setup);
    ResponseTally tally(p->setup.horizon.bins, p->setup.grids);
    for (std::int64_t r = 0; r < state.range(0); ++r)
      sim.run({2, std::uint64_t(r)}, p->counts[std::size_t(r) % p->counts.size()], tally);
    benchmark::DoNotOptimize(tally.replicas);
  }
  state.counters["max_rss_MB"] = max_rss_mb();
}

}  // namespace

BENCHMARK_CAPTURE(BM_CaseLifecycles, baseline_30d, std::string("response_baseline"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CaseLifecycles, typhoon_72h, std::string("typhoon_response"))->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemoryOverReplicas)->Arg(10)->Arg(100)->Arg(400)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
