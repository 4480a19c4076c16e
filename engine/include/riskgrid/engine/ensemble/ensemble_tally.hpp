#pragma once
// What an ensemble keeps of its replicas: count histograms per [bin][unit] and per unit over the whole
// horizon, exact sums per [bin][unit][category], and the model tally of a model that keeps one (case
// handling, model_tally.hpp). All integers, so merging is exact in any order.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/ensemble/model_tally.hpp"
#include "riskgrid/engine/tally/count_histograms.hpp"

namespace riskgrid::ensemble {

/// The tally's [bin][unit][category] layout.
using TallyShape = cube::Shape;

class EnsembleTally {
 public:
  EnsembleTally() = default;
  /// An empty tally; `model`, when given, is the model tally to keep beside the counts (empty too).
  explicit EnsembleTally(TallyShape shape, std::unique_ptr<ModelTally> model = nullptr);
  EnsembleTally(const EnsembleTally& other);
  EnsembleTally& operator=(const EnsembleTally& other);
  EnsembleTally(EnsembleTally&&) noexcept = default;
  EnsembleTally& operator=(EnsembleTally&&) noexcept = default;
  ~EnsembleTally() = default;
  /// Rebuilds a tally from its exported state (shape(), replicas(), per_bin(), horizon(),
  /// sum_by_category()), e.g. read from a shard file.
  /// @throws std::invalid_argument when the parts do not fit the shape or a histogram cell does not
  ///         hold exactly `replicas` observations.
  static EnsembleTally from_parts(TallyShape shape, std::uint64_t replicas, tally::CountHistograms per_bin,
                                  tally::CountHistograms horizon, std::vector<std::uint64_t> sum_by_category);

  /// An empty tally of the same shape, with an empty model tally of the same kind when this has one.
  EnsembleTally empty_like() const;
  /// Sets the model tally of a tally rebuilt from its parts (e.g. a shard file's counts).
  /// @throws std::invalid_argument when `model` holds other replicas than the counts.
  void set_model(std::unique_ptr<ModelTally> model);

  /// Adds one replica's counts [bin][unit][category]. Allocates only when a histogram must grow. The
  /// replica's model tally, when kept, is filled by the caller (model()).
  void add_replica(std::span<const std::uint32_t> counts);
  /// Adds another tally of the same shape, counts and model tally alike.
  /// @throws std::invalid_argument when the shapes differ or one has a model tally and the other not.
  void merge(const EnsembleTally& other);

  const TallyShape& shape() const { return shape_; }
  std::uint64_t replicas() const { return replicas_; }
  const tally::CountHistograms& per_bin() const { return per_bin_; }  ///< cell = bin * units + unit
  const tally::CountHistograms& horizon() const { return horizon_; }  ///< cell = unit
  const std::vector<std::uint64_t>& sum_by_category() const { return sum_by_category_; }
  ModelTally* model() { return model_.get(); }  ///< null when no model keeps one
  const ModelTally* model() const { return model_.get(); }

  bool operator==(const EnsembleTally& other) const;

 private:
  TallyShape shape_;
  std::uint64_t replicas_ = 0;
  tally::CountHistograms per_bin_;
  tally::CountHistograms horizon_;
  std::vector<std::uint64_t> sum_by_category_;
  std::vector<std::uint64_t> unit_totals_;  ///< scratch for add_replica
  std::unique_ptr<ModelTally> model_;
};

}  // namespace riskgrid::ensemble
