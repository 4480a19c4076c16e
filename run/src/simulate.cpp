// Stage 4 of a run: the replicas of a prepared scenario, sampled and tallied.
#include <fmt/format.h>

#include "riskgrid/models/arrival/history_replay.hpp"
#include "riskgrid/models/drills/added_categories.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/response/case_handling_tally.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

/// The fitted model's sampler under the drills' multipliers; when drills add categories, wrapped so
/// that those are drawn too, with their added means times the multipliers of drills that name them.
/// A replay's arrivals are the history's own.
std::unique_ptr<models::ArrivalSampler> make_sampler(const Prepared& p) {
  const auto& s = p.in.spec;
  if (p.response && p.response->replays())
    return std::make_unique<models::HistoryReplaySampler>(p.in.history, s.horizon, p.shape);
  const cube::Cube<double> all = models::drill_multipliers(s.drills, p.in.district, p.in.catalog, s.horizon);
  const std::size_t k0 = p.in.base_catalog.size();
  if (p.shape.categories == k0) return p.fitted->prepare(s.horizon, all.view());
  const cube::View<const double> m = all.view();
  cube::Cube<double> fitted_m(p.shape.with_categories(k0));
  for (std::size_t row = 0; row < p.shape.rows(); ++row)
    std::copy_n(m.row(row).begin(), k0, fitted_m.view().row(row).begin());
  cube::Cube<double> means = p.added;
  for (std::size_t i = 0; i < p.shape.cells(); ++i) means.view().data()[i] *= m.data()[i];
  return models::with_added_categories(p.fitted->prepare(s.horizon, fitted_m.view()), k0, std::move(means));
}

ensemble::EnsembleTally simulate(const RunContext& context, const Prepared& p, ReplicaBlock range) {
  const auto& s = p.in.spec;
  const auto sampler = make_sampler(p);
  const Ranks& ranks = context.processes();
  context.say(fmt::format("simulating {} replicas of {} bins x {} grids x {} categories{}", range.count, p.shape.bins,
                          p.shape.units, p.shape.categories,
                          ranks.count() > 1 ? fmt::format(" over {} MPI ranks", ranks.count()) : ""));
  const ReplicaBlock block = ranks.block(range.first, range.count);
  // Case handling, when the scenario has it, is the ensemble's model tally: it merges with the counts
  // over threads, ranks and shards alike.
  const std::unique_ptr<ensemble::ModelTally> handling = p.response ? p.response->empty_tally() : nullptr;
  return ensemble::run_ensemble(
      {s.seed, block.first, block.count, context.threads, context.progress, handling.get()}, p.shape,
      [&](const rng::ReplicaKey& key, std::span<std::uint32_t> counts, ensemble::ModelTally* model) {
        sampler->sample(key, {p.shape, counts});
        if (p.response) p.response->run_replica(key, counts, models::response::case_handling_of(model));
      });
}

}  // namespace riskgrid::run
