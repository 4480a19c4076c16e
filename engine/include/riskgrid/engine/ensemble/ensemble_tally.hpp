#pragma once
// What an ensemble keeps of its replicas: count histograms per [bin][unit] and per unit over the whole
// horizon, and exact sums per [bin][unit][category]. All integers, so merging is exact in any order.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/tally/count_histograms.hpp"

namespace riskgrid::ensemble {

/// The tally's [bin][unit][category] layout.
using TallyShape = cube::Shape;

class EnsembleTally {
 public:
  EnsembleTally() = default;
  explicit EnsembleTally(TallyShape shape);
  /// Rebuilds a tally from its exported state (shape(), replicas(), per_bin(), horizon(),
  /// sum_by_category()), e.g. read from a shard file.
  /// @throws std::invalid_argument when the parts do not fit the shape or a histogram cell does not
  ///         hold exactly `replicas` observations.
  static EnsembleTally from_parts(TallyShape shape, std::uint64_t replicas, tally::CountHistograms per_bin,
                                  tally::CountHistograms horizon, std::vector<std::uint64_t> sum_by_category);

  /// Adds one replica's counts [bin][unit][category]. Allocates only when a histogram must grow.
  void add_replica(std::span<const std::uint32_t> counts);
  void merge(const EnsembleTally& other);

  const TallyShape& shape() const { return shape_; }
  std::uint64_t replicas() const { return replicas_; }
  const tally::CountHistograms& per_bin() const { return per_bin_; }  ///< cell = bin * units + unit
  const tally::CountHistograms& horizon() const { return horizon_; }  ///< cell = unit
  const std::vector<std::uint64_t>& sum_by_category() const { return sum_by_category_; }

  bool operator==(const EnsembleTally& other) const;

 private:
  TallyShape shape_;
  std::uint64_t replicas_ = 0;
  tally::CountHistograms per_bin_;
  tally::CountHistograms horizon_;
  std::vector<std::uint64_t> sum_by_category_;
  std::vector<std::uint64_t> unit_totals_;  ///< scratch for add_replica
};

}  // namespace riskgrid::ensemble
