#pragma once
// The case-handling tally (ResponseTally) as the ensemble's model tally (engine/ensemble/model_tally.hpp):
// each worker of the ensemble fills its own, and it merges with the counts on the ensemble's one path
// over threads, MPI ranks and shard files.
#include <cstddef>
#include <memory>
#include <utility>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/ensemble/model_tally.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {

class CaseHandlingTally final : public ensemble::ModelTally {
 public:
  /// Empty, sized for `bins` x `grids` and `teams` pools beyond the grids' (0: sized by the first merge).
  CaseHandlingTally(std::size_t bins, std::size_t grids, std::size_t teams);
  explicit CaseHandlingTally(ResponseTally tally) : tally_(std::move(tally)) {}

  std::unique_ptr<ensemble::ModelTally> empty() const override;
  std::unique_ptr<ensemble::ModelTally> clone() const override;
  std::uint64_t replicas() const override { return tally_.replicas; }
  void merge(const ensemble::ModelTally& other) override;
  tally::CountArrays to_arrays() const override { return tally_.to_arrays(); }
  void merge_arrays(const tally::CountArrays& arrays) override { tally_.merge(ResponseTally::from_arrays(arrays)); }
  bool equals(const ensemble::ModelTally& other) const override;

  ResponseTally& tally() { return tally_; }
  const ResponseTally& tally() const { return tally_; }

 private:
  ResponseTally tally_;
};

/// The case-handling tally a replica function is handed (EnsembleConfig::model).
/// @throws std::logic_error for a null or another kind of model tally (a bug in the caller).
ResponseTally& case_handling_of(ensemble::ModelTally* model);
/// The case-handling tally an ensemble kept; null when it kept no model tally.
/// @throws std::logic_error for another kind of model tally.
const ResponseTally* case_handling_of(const ensemble::EnsembleTally& tally);

}  // namespace riskgrid::models::response
