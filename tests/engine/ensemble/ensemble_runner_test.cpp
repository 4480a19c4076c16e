#include "riskgrid/engine/ensemble/ensemble_runner.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "riskgrid/engine/rng/distributions.hpp"

namespace riskgrid::ensemble {
namespace {

const TallyShape kShape{24, 5, 3};

/// A model's own tally, as a response model keeps one: here the replicas and, per unit, the replicas
/// whose first bin saw more than two incidents.
class BusyStarts final : public ModelTally {
 public:
  std::unique_ptr<ModelTally> empty() const override { return std::make_unique<BusyStarts>(); }
  std::unique_ptr<ModelTally> clone() const override { return std::make_unique<BusyStarts>(*this); }
  std::uint64_t replicas() const override { return replicas_; }
  void merge(const ModelTally& other) override {
    const auto* o = dynamic_cast<const BusyStarts*>(&other);
    if (o == nullptr) throw std::invalid_argument("not a BusyStarts");
    replicas_ += o->replicas_;
    for (std::size_t u = 0; u < busy_.size(); ++u) busy_[u] += o->busy_[u];
  }
  tally::CountArrays to_arrays() const override { return {{"replicas", {replicas_}}, {"busy", busy_}}; }
  void merge_arrays(const tally::CountArrays& arrays) override {
    BusyStarts other;
    other.replicas_ = arrays.at(0).values.at(0);
    other.busy_ = arrays.at(1).values;
    merge(other);
  }
  bool equals(const ModelTally& other) const override {
    const auto* o = dynamic_cast<const BusyStarts*>(&other);
    return o != nullptr && o->replicas_ == replicas_ && o->busy_ == busy_;
  }
  void add(std::span<const std::uint32_t> counts) {
    ++replicas_;
    for (std::size_t u = 0; u < kShape.units; ++u) {
      std::uint32_t first_bin = 0;
      for (std::size_t c = 0; c < kShape.categories; ++c) first_bin += counts[u * kShape.categories + c];
      if (first_bin > 2) ++busy_[u];
    }
  }
  std::uint64_t busy(std::size_t unit) const { return busy_[unit]; }

 private:
  std::uint64_t replicas_ = 0;
  std::vector<std::uint64_t> busy_ = std::vector<std::uint64_t>(kShape.units, 0);
};

void toy_replica(const rng::ReplicaKey& key, std::span<std::uint32_t> counts, ModelTally* model) {
  for (std::uint32_t u = 0; u < kShape.units; ++u)
    for (std::uint32_t c = 0; c < kShape.categories; ++c) {
      rng::Stream s = key.stream({rng::kArrivalBin, u, c});
      for (std::size_t b = 0; b < kShape.bins; ++b)
        counts[(b * kShape.units + u) * kShape.categories + c] = rng::poisson(s, 0.5 + u + 3.0 * c);
    }
  if (model != nullptr) dynamic_cast<BusyStarts&>(*model).add(counts);
}

EnsembleTally run_with(int threads, std::uint64_t first, std::uint64_t replicas, const ModelTally* model = nullptr) {
  EnsembleConfig config;
  config.seed = 77;
  config.first_replica = first;
  config.replicas = replicas;
  config.threads = threads;
  config.model = model;
  return run_ensemble(config, kShape, toy_replica);
}

TEST(EnsembleRunner, ResultDoesNotDependOnThreadCount) {
  const EnsembleTally one = run_with(1, 0, 500);
  EXPECT_EQ(one.replicas(), 500u);
  EXPECT_EQ(one, run_with(2, 0, 500));
  EXPECT_EQ(one, run_with(4, 0, 500));  // more threads than cores still gives the same answer
}

TEST(EnsembleRunner, BlocksOfReplicasMergeToTheWholeRun) {
  EnsembleTally parts = run_with(2, 0, 200);
  parts.merge(run_with(1, 200, 300));
  EXPECT_EQ(parts, run_with(2, 0, 500));
}

TEST(EnsembleRunner, KeepsAModelTallyBesideTheCountsOnAnyThreadCount) {
  const BusyStarts kind;
  const EnsembleTally one = run_with(1, 0, 400, &kind);
  ASSERT_NE(one.model(), nullptr);
  EXPECT_EQ(one.model()->replicas(), 400u);
  const auto& busy = dynamic_cast<const BusyStarts&>(*one.model());
  EXPECT_GT(busy.busy(4), busy.busy(0));  // unit 4's mean first bin is 13.5 incidents, unit 0's 5.5
  EXPECT_LT(busy.busy(0), 400u);
  EXPECT_EQ(one, run_with(2, 0, 400, &kind));
  EXPECT_EQ(one, run_with(4, 0, 400, &kind));
  EXPECT_FALSE(one == run_with(1, 0, 400));  // the same counts without the model tally
}

TEST(EnsembleRunner, ModelTalliesOfBlocksMergeLikeTheCountsThroughArraysToo) {
  const BusyStarts kind;
  const EnsembleTally whole = run_with(2, 0, 300, &kind);
  EnsembleTally by_merge = run_with(1, 0, 120, &kind);
  by_merge.merge(run_with(2, 120, 180, &kind));
  EXPECT_EQ(by_merge, whole);
  // As between ranks or through a shard file: the counts' parts, the model tally as arrays.
  const EnsembleTally second = run_with(1, 120, 180, &kind);
  EnsembleTally counts_only = EnsembleTally::from_parts(kShape, second.replicas(), second.per_bin(), second.horizon(),
                                                        second.sum_by_category());
  std::unique_ptr<ModelTally> model = kind.empty();
  model->merge_arrays(second.model()->to_arrays());
  counts_only.set_model(std::move(model));
  EnsembleTally by_arrays = run_with(1, 0, 120, &kind);
  by_arrays.merge(counts_only);
  EXPECT_EQ(by_arrays, whole);
}

TEST(EnsembleTally, RefusesToMergeAModelTallyWithNone) {
  const BusyStarts kind;
  EnsembleTally with = run_with(1, 0, 10, &kind);
  EXPECT_THROW(with.merge(run_with(1, 10, 10)), std::invalid_argument);
  EnsembleTally without = run_with(1, 0, 10);
  EXPECT_THROW(without.merge(with), std::invalid_argument);
  // A model tally of other replicas than the counts'.
  EXPECT_THROW(without.set_model(run_with(1, 0, 20, &kind).model()->clone()), std::invalid_argument);
}

TEST(EnsembleTally, CopiesItsModelTally) {
  const BusyStarts kind;
  const EnsembleTally original = run_with(1, 0, 50, &kind);
  EnsembleTally copy = original;
  copy.merge(run_with(1, 50, 50, &kind));
  EXPECT_EQ(original.model()->replicas(), 50u);
  EXPECT_EQ(copy.model()->replicas(), 100u);
}

TEST(EnsembleRunner, ReportsProgressUpToTheTotal) {
  EnsembleConfig config;
  config.replicas = 300;
  std::uint64_t last = 0, calls = 0, first = 1;
  config.progress = [&](std::uint64_t done, std::uint64_t total) {
    EXPECT_EQ(total, 300u);
    if (calls == 0) first = done;
    last = std::max(last, done);
    ++calls;
  };
  run_ensemble(config, kShape, toy_replica);
  EXPECT_EQ(first, 0u);  // the start is announced, so a progress clock times simulating only
  EXPECT_EQ(last, 300u);
  EXPECT_GT(calls, 10u);
}

TEST(EnsembleTally, KeepsPerCategorySumsAndUnitTotals) {
  EnsembleTally tally(TallyShape{2, 1, 2});
  const std::vector<std::uint32_t> counts{1, 2, 3, 4};  // bin 0: 1+2, bin 1: 3+4
  tally.add_replica(counts);
  EXPECT_EQ(tally.sum_by_category(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(tally.per_bin().sum(0), 3u);
  EXPECT_EQ(tally.per_bin().sum(1), 7u);
  EXPECT_EQ(tally.horizon().sum(0), 10u);
}

}  // namespace
}  // namespace riskgrid::ensemble
