// sum_tallies_on_root and gather_arrays_on_root with MPI: each rank sends its tally to rank 0 as one
// flat array of exact integers (its model tally, when it keeps one, as a second: its arrays, as in a
// shard file), and rank 0 merges them. Integer sums are exact and commutative, so the sum equals the
// tally of one process whatever the number of ranks (the reason for tallies of counts, not moments).
#include <mpi.h>

#include <climits>
#include <cstdio>
#include <memory>
#include <span>
#include <stdexcept>
#include <utility>

#include "exit_codes.hpp"
#include "ranks.hpp"

namespace riskgrid::app {
namespace {

constexpr int kTallyTag = 61;
constexpr int kArraysTag = 62;

void append(std::vector<std::uint64_t>& to, std::span<const std::uint64_t> values) {
  to.insert(to.end(), values.begin(), values.end());
}

/// [replicas, per_bin capacity, horizon capacity, per_bin frequencies, per_bin sums, horizon
/// frequencies, horizon sums, sum_by_category]: the state EnsembleTally::from_parts rebuilds from.
std::vector<std::uint64_t> pack(const ensemble::EnsembleTally& t) {
  std::vector<std::uint64_t> flat{t.replicas(), t.per_bin().capacity(), t.horizon().capacity()};
  append(flat, t.per_bin().all_frequencies());
  append(flat, t.per_bin().sums());
  append(flat, t.horizon().all_frequencies());
  append(flat, t.horizon().sums());
  append(flat, t.sum_by_category());
  return flat;
}

/// Takes the next `count` values of `flat` from `at` (std::out_of_range when there are fewer).
std::vector<std::uint64_t> take(std::span<const std::uint64_t> flat, std::size_t& at, std::size_t count) {
  if (at + count > flat.size()) throw std::out_of_range("tally from another rank is too short");
  std::vector<std::uint64_t> out(flat.begin() + static_cast<std::ptrdiff_t>(at),
                                 flat.begin() + static_cast<std::ptrdiff_t>(at + count));
  at += count;
  return out;
}

ensemble::EnsembleTally unpack(const ensemble::TallyShape& shape, std::span<const std::uint64_t> flat) {
  std::size_t at = 3;
  if (flat.size() < at) throw std::out_of_range("tally from another rank is too short");
  const auto bin_capacity = static_cast<std::uint32_t>(flat[1]), horizon_capacity = static_cast<std::uint32_t>(flat[2]);
  const std::size_t bin_cells = shape.bins * shape.units;
  auto bin_frequencies = take(flat, at, bin_cells * bin_capacity);
  auto bin_sums = take(flat, at, bin_cells);
  auto horizon_frequencies = take(flat, at, shape.units * horizon_capacity);
  auto horizon_sums = take(flat, at, shape.units);
  auto by_category = take(flat, at, shape.cells());
  return ensemble::EnsembleTally::from_parts(
      shape, flat[0], tally::CountHistograms::from_parts(bin_capacity, std::move(bin_frequencies), std::move(bin_sums)),
      tally::CountHistograms::from_parts(horizon_capacity, std::move(horizon_frequencies), std::move(horizon_sums)),
      std::move(by_category));
}

/// A tally that does not fit is a bug, and the other ranks have moved on: end the whole job.
[[noreturn]] void abort_job(const char* what) {
  std::fprintf(stderr, "riskgrid: internal error: rank %d: summing tallies: %s\n", this_rank(), what);
  MPI_Abort(MPI_COMM_WORLD, kInternal);
  std::abort();
}

/// [array count, each array's length, then every array's values]; the names stay behind (rank 0 has
/// the same ones).
std::vector<std::uint64_t> pack(const tally::CountArrays& arrays) {
  std::vector<std::uint64_t> flat{arrays.size()};
  for (const auto& a : arrays) flat.push_back(a.values.size());
  for (const auto& a : arrays) append(flat, a.values);
  return flat;
}

/// `flat` from another rank under the names of `names` (rank 0's arrays).
tally::CountArrays unpack(const tally::CountArrays& names, std::span<const std::uint64_t> flat) {
  if (flat.empty() || flat[0] != names.size()) throw std::out_of_range("arrays from another rank do not match");
  std::size_t at = 1;
  const std::vector<std::uint64_t> lengths = take(flat, at, names.size());
  tally::CountArrays out;
  for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i].name, take(flat, at, lengths[i])});
  return out;
}

/// The next message with `tag` from rank `from`, whatever its length.
std::vector<std::uint64_t> receive(int from, int tag) {
  MPI_Status status;
  MPI_Probe(from, tag, MPI_COMM_WORLD, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_UINT64_T, &count);
  std::vector<std::uint64_t> flat(static_cast<std::size_t>(count));
  MPI_Recv(flat.data(), count, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return flat;
}

void send_to_root(const std::vector<std::uint64_t>& flat, int tag) {
  if (flat.size() > static_cast<std::size_t>(INT_MAX)) abort_job("tally too large for one message");
  MPI_Send(flat.data(), static_cast<int>(flat.size()), MPI_UINT64_T, 0, tag, MPI_COMM_WORLD);
}

}  // namespace

std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local) {
  if (rank_count() == 1) return {std::move(local)};
  if (!is_root_rank()) {
    send_to_root(pack(local), kArraysTag);
    return {std::move(local)};
  }
  std::vector<tally::CountArrays> all{std::move(local)};
  try {
    for (int from = 1; from < rank_count(); ++from) all.push_back(unpack(all.front(), receive(from, kArraysTag)));
  } catch (const std::exception& e) {
    abort_job(e.what());
  }
  return all;
}

ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) {
  if (rank_count() == 1) return local;
  if (!is_root_rank()) {
    send_to_root(pack(local), kTallyTag);
    if (local.model() != nullptr) send_to_root(pack(local.model()->to_arrays()), kArraysTag);
    return local;
  }
  try {
    const tally::CountArrays names = local.model() ? local.model()->to_arrays() : tally::CountArrays{};
    for (int from = 1; from < rank_count(); ++from) {  // rank order: merging is exact, any order would do
      ensemble::EnsembleTally other = unpack(local.shape(), receive(from, kTallyTag));
      if (local.model() != nullptr) {
        std::unique_ptr<ensemble::ModelTally> model = local.model()->empty();
        model->merge_arrays(unpack(names, receive(from, kArraysTag)));
        other.set_model(std::move(model));
      }
      local.merge(other);
    }
  } catch (const std::exception& e) {
    abort_job(e.what());
  }
  return local;
}

}  // namespace riskgrid::app
