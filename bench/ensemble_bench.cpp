// The ensemble's inner loop on the default district: one replica of arrivals (sample) and its tally,
// for the typhoon drill's hourly 72-bin horizon and the baseline's daily 30-bin horizon.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace {
using namespace riskgrid;

struct Prepared {
  ensemble::TallyShape shape;
  std::unique_ptr<models::ArrivalSampler> sampler;
};

/// Loads a shipped scenario and prepares its sampler, as `riskgrid run` does.
Prepared prepare(const std::string& name) {
  const auto spec = scenario::load_scenario(std::string(RISKGRID_SCENARIOS) + "/putuo/" + name + ".yaml");
  const auto& d = spec.district;
  static const auto catalog = catalog::load_catalog(d.categories);
  static const auto district = spatial::load_district(d.outline, d.towns, d.grids, d.name);
  if (!std::filesystem::exists(d.history)) models::ensure_history(d.history, d.history_synth, district, catalog);
  static const auto history = incidents::read_history_csv(d.history, district, catalog);
  models::ModelRegistry registry;
  models::register_builtin(registry);
  const auto fitted =
      registry.arrivals.create(spec.arrival_model)->fit({district, catalog, history, spec.train_start, spec.train_end});
  const auto multipliers = models::drill_multipliers(spec.drills, district, catalog, spec.horizon);
  return {multipliers.shape(), fitted->prepare(spec.horizon, multipliers.view())};
}

void BM_SampleReplica(benchmark::State& state, const std::string& scenario) {
  const Prepared p = prepare(scenario);
  std::vector<std::uint32_t> counts(p.shape.cells());
  std::uint64_t replica = 0;
  for (auto _ : state) {
    p.sampler->sample({1, replica++}, {p.shape, counts});
    benchmark::DoNotOptimize(counts.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["cells"] = double(p.shape.cells());
}

void BM_SampleAndTallyReplica(benchmark::State& state, const std::string& scenario) {
  const Prepared p = prepare(scenario);
  std::vector<std::uint32_t> counts(p.shape.cells());
  ensemble::EnsembleTally tally(p.shape);
  std::uint64_t replica = 0;
  for (auto _ : state) {
    p.sampler->sample({1, replica++}, {p.shape, counts});
    tally.add_replica(counts);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Ensemble(benchmark::State& state, const std::string& scenario) {
  const Prepared p = prepare(scenario);
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    ensemble::EnsembleConfig config;
    config.replicas = 1000;
    config.threads = threads;
    auto tally = ensemble::run_ensemble(
        config, p.shape, [&](const rng::ReplicaKey& key, std::span<std::uint32_t> c, ensemble::ModelTally*) {
          p.sampler->sample(key, {p.shape, c});
        });
    benchmark::DoNotOptimize(tally.replicas());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

BENCHMARK_CAPTURE(BM_SampleReplica, typhoon_72h, std::string("typhoon"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SampleReplica, baseline_30d, std::string("baseline"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SampleAndTallyReplica, typhoon_72h, std::string("typhoon"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Ensemble, typhoon_1000_replicas, std::string("typhoon"))
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
