#include "riskgrid/run/shard_merge.hpp"

#include <map>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/shard_h5.hpp"

namespace riskgrid::run {
namespace {

/// What must agree between shards of one run, as one line for messages.
std::string identity(const results::ShardRecord& r) {
  const auto& shape = r.tally.shape();
  return fmt::format("scenario sha256 {}, seed {}, {} replicas in {} shards, {} bins x {} units x {} categories",
                     r.scenario_sha256.substr(0, 12), r.seed, r.replicas, r.shards, shape.bins, shape.units,
                     shape.categories);
}

void check_coverage(const results::ShardRecord& r, const std::string& file) {
  const std::uint64_t first = shard_begin(r.replicas, r.shard, r.shards);
  const std::uint64_t count = shard_begin(r.replicas, r.shard + 1, r.shards) - first;
  if (r.shard < 1 || r.shard > r.shards || r.first_replica != first || r.tally.replicas() != count)
    throw InputError(fmt::format("{}: shard {}/{} holds replicas {}..+{}, expected {}..+{}", file, r.shard, r.shards,
                                 r.first_replica, r.tally.replicas(), first, count));
}

/// The shard's counts with its model tally rebuilt from its arrays, as the run keeps one (`kind`).
ensemble::EnsembleTally tally_of(results::ShardRecord& r, const ensemble::ModelTally* kind, const std::string& file) {
  ensemble::EnsembleTally t = std::move(r.tally);
  if (kind == nullptr && !r.response) return t;
  if (kind == nullptr)
    throw InputError(
        fmt::format("{}: damaged shard file: a model tally (group response/), but the scenario keeps none", file));
  if (!r.response)
    throw InputError(
        fmt::format("{}: the scenario has response: but the shard carries no case-handling tally "
                    "(shard format 1, made by an older riskgrid): rerun the shards",
                    file));
  try {
    std::unique_ptr<ensemble::ModelTally> model = kind->empty();
    model->merge_arrays(*r.response);
    t.set_model(std::move(model));
  } catch (const std::invalid_argument& bad) {
    throw InputError(fmt::format("{}: damaged shard file: {}", file, bad.what()));
  }
  return t;
}

}  // namespace

std::uint64_t shard_begin(std::uint64_t replicas, std::uint64_t k, std::uint64_t n) {
  // j R / n = j (R / n) + j (R % n) / n, and j (R % n) < n^2 fits in 64 bits.
  const std::uint64_t j = k - 1;
  return j * (replicas / n) + j * (replicas % n) / n;
}

MergedShards merge_shard_files(const std::vector<std::string>& files, const ModelTallyOfRun& model_of_run) {
  if (files.empty()) throw InputError("merge: no shard files given");
  std::map<std::uint32_t, std::string> by_shard;  // k -> file
  MergedShards out;
  results::ShardRecord first;
  std::unique_ptr<ensemble::ModelTally> kind;
  for (const std::string& file : files) {
    results::ShardRecord r = results::read_shard_h5(file);
    if (by_shard.empty()) {
      first = r;
      kind = model_of_run(first);
      out.tally = ensemble::EnsembleTally(r.tally.shape(), kind ? kind->empty() : nullptr);
    } else if (identity(r) != identity(first) || r.scenario_sha256 != first.scenario_sha256 ||
               r.sweep_index != first.sweep_index) {
      throw InputError(fmt::format("mixed scenarios: {} is of a different run than {}\n  {}: {}\n  {}: {}", file,
                                   by_shard.begin()->second, by_shard.begin()->second, identity(first), file,
                                   identity(r)));
    }
    check_coverage(r, file);
    const auto [at, added] = by_shard.emplace(r.shard, file);
    if (!added) throw InputError(fmt::format("duplicate shard {}/{}: {} and {}", r.shard, r.shards, at->second, file));
    out.tally.merge(tally_of(r, kind.get(), file));
  }
  std::vector<std::string> missing;
  for (std::uint32_t k = 1; k <= first.shards; ++k)
    if (!by_shard.contains(k)) missing.push_back(fmt::format("{}/{}", k, first.shards));
  if (!missing.empty())
    throw InputError(fmt::format("missing shard(s) {} of the run in {}; given: {}", fmt::join(missing, ", "),
                                 first.scenario_path, fmt::join(files, ", ")));
  out.scenario_path = first.scenario_path;
  out.scenario_sha256 = first.scenario_sha256;
  out.sweep_index = first.sweep_index;
  out.seed = first.seed;
  out.replicas = first.replicas;
  return out;
}

}  // namespace riskgrid::run
