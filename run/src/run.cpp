// A run, a shard of one and a merge of shards, strung together from the stages (stages.hpp).
#include "riskgrid/run/run.hpp"

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/results/shard_h5.hpp"
#include "riskgrid/run/shard_merge.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;

namespace {

/// With several ranks, rank 0 generates a missing synthetic history before the others load it, rather
/// than every rank generating the same file at once.
void ensure_history_on_root(const RunContext& context, const RunRequest& request) {
  const Ranks& ranks = context.processes();
  if (ranks.count() == 1) return;
  ranks.on_root_rank([&] {
    scenario::ScenarioSpec spec = scenario_of(context, request);
    if (!spec.district.history_synth.empty() && !fs::exists(spec.district.history))
      prepare(context, request, std::move(spec));
  });
}

/// A scenario prepared on every rank and the tally of its replicas, whole on rank 0.
struct Simulated {
  std::unique_ptr<io::DirLock> lock;  ///< the output folder's, on rank 0 of a whole run (not of a shard)
  std::unique_ptr<const Prepared> prepared;
  ensemble::EnsembleTally tally;  ///< with case handling as its model tally (`response:`)
  double seconds = 0;             ///< simulating and summing
};

/// The replicas to simulate, given the prepared scenario; may throw.
using ReplicaRange = std::function<ReplicaBlock(const Prepared&)>;

/// Whether a run holds its output folder for itself. Shards do not: the shards of one run are meant
/// to run at once into one folder, each writing its own file.
enum class OutputLock { kTake, kNone };

/// Loads and fits the scenario on every rank, then simulates `range` over the ranks and sums the
/// tallies on rank 0. With OutputLock::kTake, rank 0 locks the output folder first (before the
/// quarantine file of an ingest goes there), so a second run into it stops before any work.
/// Every rank fits its own model rather than receiving rank 0's: the fit is deterministic (merge
/// relies on that too), each rank needs the district and history in memory anyway to sample, and
/// fitted models of every kind would otherwise need a wire format.
Simulated prepare_and_simulate(const RunContext& context, const RunRequest& request, const ReplicaRange& range,
                               OutputLock lock) {
  const Ranks& ranks = context.processes();
  Simulated out;
  ensure_history_on_root(context, request);
  std::chrono::steady_clock::time_point t0;
  ranks.on_every_rank([&] {
    scenario::ScenarioSpec spec = scenario_of(context, request);
    if (lock == OutputLock::kTake && ranks.is_root())
      out.lock = std::make_unique<io::DirLock>(output_dir(request, spec).string());
    out.prepared = prepare(context, request, std::move(spec));
    const ReplicaBlock replicas = range(*out.prepared);
    t0 = std::chrono::steady_clock::now();
    out.tally = simulate(context, *out.prepared, replicas);
  });
  out.tally = ranks.sum_tallies_on_root(std::move(out.tally));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

/// Assemble, write and draw: the end of a run, shared by run and merge so that a merged run writes
/// exactly what one run would have.
RunOutcome finish(const RunContext& context, const RunRequest& request, const Prepared& p,
                  const ensemble::EnsembleTally& tally) {
  const auto& s = p.in.spec;
  Assembled assembled = assemble(p, tally);
  RunOutcome out;
  out.ranking = rank_grids(p, assembled);
  const results::RunRecord record = record_of(p, std::move(assembled.results));
  out.outputs = write_outputs(context, p, record, output_dir(request, s));
  out.title = s.title;
  out.replicas = s.replicas;
  if (record.results.response.present) {
    out.handling = handling_by_town(p.in.district, record.results.response, record.results.time.bins);
    out.busiest_teams = busiest_teams(record.results.response);
    if (auto warning = backlog_trend_warning(out.handling, !s.drills.empty())) out.warnings.push_back(*warning);
    if (const auto& h = record.results.response; h.history_present)
      out.replay = ReplayComparison{h.district_on_time_share,     h.open_end,         h.overdue_end,
                                    h.history_on_time_share,      h.history_open_end, h.history_overdue_end,
                                    h.on_time_share_from_creation};
  }
  return out;
}

}  // namespace

RunOutcome run_scenario(const RunContext& context, const RunRequest& request) {
  const ReplicaRange all = [](const Prepared& p) { return ReplicaBlock{0, p.in.spec.replicas}; };
  const Simulated sim = prepare_and_simulate(context, request, all, OutputLock::kTake);
  RunOutcome out;
  context.processes().on_root_rank([&] { out = finish(context, request, *sim.prepared, sim.tally); });
  out.simulate_seconds = sim.seconds;
  return out;
}

RunOutcome run_shard(const RunContext& context, const RunRequest& request, Shard shard) {
  const ReplicaRange block = [&](const Prepared& p) {
    const std::uint64_t replicas = p.in.spec.replicas;
    if (shard.k < 1 || shard.k > shard.n || shard.n > replicas)
      throw ScenarioError(
          fmt::format("--shard {}/{}: expected 1 <= k <= n <= replicas ({})", shard.k, shard.n, replicas));
    const std::uint64_t first = shard_begin(replicas, shard.k, shard.n);
    return ReplicaBlock{first, shard_begin(replicas, shard.k + 1, shard.n) - first};
  };
  const Simulated sim = prepare_and_simulate(context, request, block, OutputLock::kNone);
  RunOutcome out;
  context.processes().on_root_rank([&] {
    const auto& s = sim.prepared->in.spec;
    results::ShardRecord record{s.text,
                                io::sha256_hex(s.text),
                                s.file,
                                request.sweep_index ? std::int64_t(*request.sweep_index) : -1,
                                s.seed,
                                s.replicas,
                                shard.k,
                                shard.n,
                                shard_begin(s.replicas, shard.k, shard.n),
                                sim.tally,
                                sim.tally.model() ? std::optional(sim.tally.model()->to_arrays()) : std::nullopt};
    out.outputs.push_back((output_dir(request, s) / fmt::format("shard-{}-of-{}.h5", shard.k, shard.n)).string());
    results::write_shard_h5(out.outputs.back(), record);
    out.title = s.title;
    out.replicas = record.tally.replicas();
  });
  out.simulate_seconds = sim.seconds;
  return out;
}

RunOutcome merge_shards(const RunContext& context, const MergeRequest& m) {
  RunOutcome out;
  context.processes().on_root_rank([&] {  // nothing to simulate: under mpirun, rank 0 merges alone
    RunRequest request;
    std::unique_ptr<io::DirLock> lock;
    std::unique_ptr<const Prepared> p;
    // The scenario the first shard names, prepared as its run was: its model tally is the kind to merge.
    const auto model_of_run = [&](const results::ShardRecord& first) -> std::unique_ptr<ensemble::ModelTally> {
      request.scenario_path = first.scenario_path;
      request.out_dir = m.out_dir;
      request.replicas = first.replicas;
      request.seed = first.seed;
      if (first.sweep_index >= 0) request.sweep_index = static_cast<std::size_t>(first.sweep_index);
      scenario::ScenarioSpec spec = scenario_of(context, request);
      lock = std::make_unique<io::DirLock>(output_dir(request, spec).string());
      if (io::sha256_hex(spec.text) != first.scenario_sha256)
        throw InputError(
            fmt::format("{}: scenario changed since the shards were made (sha256 {} in the shards, {} now)", spec.file,
                        first.scenario_sha256, io::sha256_hex(spec.text)));
      p = prepare(context, request, std::move(spec));
      if (p->shape.cells() != first.tally.shape().cells())
        throw InputError(fmt::format("{}: the scenario's tally shape differs from the shards'", p->in.spec.file));
      return p->response ? p->response->empty_tally() : nullptr;
    };
    const MergedShards merged = merge_shard_files(m.shards, model_of_run);
    out = finish(context, request, *p, merged.tally);
  });
  return out;
}

}  // namespace riskgrid::run
