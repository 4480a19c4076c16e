#include "riskgrid/engine/ensemble/ensemble_tally.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace riskgrid::ensemble {
namespace {

const TallyShape kShape{3, 2, 2};

/// A tally of a few replicas whose counts include one large enough to make a histogram grow.
EnsembleTally sample_tally() {
  EnsembleTally tally(kShape);
  std::vector<std::uint32_t> counts(kShape.cells());
  for (std::uint32_t r = 0; r < 5; ++r) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::uint32_t>((r * 7 + i * 3) % 11);
    if (r == 3) counts[4] = 300;
    tally.add_replica(counts);
  }
  return tally;
}

tally::CountHistograms copy_of(const tally::CountHistograms& h) {
  const auto f = h.all_frequencies();
  const auto s = h.sums();
  return tally::CountHistograms::from_parts(h.capacity(), {f.begin(), f.end()}, {s.begin(), s.end()});
}

TEST(EnsembleTally, ExportedPartsRebuildTheSameTally) {
  const EnsembleTally original = sample_tally();
  const EnsembleTally copy =
      EnsembleTally::from_parts(original.shape(), original.replicas(), copy_of(original.per_bin()),
                                copy_of(original.horizon()), original.sum_by_category());
  EXPECT_EQ(copy, original);
  EXPECT_EQ(copy.per_bin().capacity(), original.per_bin().capacity());
  EnsembleTally doubled = copy;  // an imported tally merges like any other
  doubled.merge(original);
  EXPECT_EQ(doubled.replicas(), 10u);
}

TEST(EnsembleTally, FromPartsRejectsInconsistentParts) {
  const EnsembleTally t = sample_tally();
  EXPECT_THROW(EnsembleTally::from_parts(t.shape(), t.replicas() + 1, copy_of(t.per_bin()), copy_of(t.horizon()),
                                         t.sum_by_category()),
               std::invalid_argument);
  EXPECT_THROW(EnsembleTally::from_parts(t.shape(), t.replicas(), copy_of(t.horizon()), copy_of(t.horizon()),
                                         t.sum_by_category()),
               std::invalid_argument);
  const auto f = t.horizon().all_frequencies();
  std::vector<std::uint64_t> sums(t.horizon().sums().begin(), t.horizon().sums().end());
  sums[0] += 1;
  EXPECT_THROW(tally::CountHistograms::from_parts(t.horizon().capacity(), {f.begin(), f.end()}, sums),
               std::invalid_argument);
  EXPECT_THROW(tally::CountHistograms::from_parts(0, {}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::ensemble
