#include "riskgrid/engine/ensemble/ensemble_tally.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace riskgrid::ensemble {

EnsembleTally::EnsembleTally(TallyShape shape, std::unique_ptr<ModelTally> model)
    : shape_(shape),
      per_bin_(shape.bins * shape.units, 32),
      horizon_(shape.units, 256),
      sum_by_category_(shape.cells(), 0),
      unit_totals_(shape.units, 0) {
  set_model(std::move(model));
}

EnsembleTally::EnsembleTally(const EnsembleTally& other)
    : shape_(other.shape_),
      replicas_(other.replicas_),
      per_bin_(other.per_bin_),
      horizon_(other.horizon_),
      sum_by_category_(other.sum_by_category_),
      unit_totals_(other.unit_totals_),
      model_(other.model_ ? other.model_->clone() : nullptr) {}

EnsembleTally& EnsembleTally::operator=(const EnsembleTally& other) {
  if (this != &other) *this = EnsembleTally(other);
  return *this;
}

EnsembleTally EnsembleTally::empty_like() const { return EnsembleTally(shape_, model_ ? model_->empty() : nullptr); }

void EnsembleTally::set_model(std::unique_ptr<ModelTally> model) {
  if (model && model->replicas() != replicas_)
    throw std::invalid_argument("EnsembleTally: the model tally holds " + std::to_string(model->replicas()) +
                                " replicas, the counts " + std::to_string(replicas_));
  model_ = std::move(model);
}

EnsembleTally EnsembleTally::from_parts(TallyShape shape, std::uint64_t replicas, tally::CountHistograms per_bin,
                                        tally::CountHistograms horizon, std::vector<std::uint64_t> sum_by_category) {
  if (per_bin.cells() != shape.bins * shape.units || horizon.cells() != shape.units ||
      sum_by_category.size() != shape.cells())
    throw std::invalid_argument("EnsembleTally::from_parts: parts do not fit the shape");
  // Every replica adds once to every cell: anything else would make means and quantiles wrong.
  for (const auto* h : {&per_bin, &horizon})
    for (std::size_t cell = 0; cell < h->cells(); ++cell)
      if (h->observations(cell) != replicas)
        throw std::invalid_argument("EnsembleTally::from_parts: a histogram cell does not hold every replica");
  EnsembleTally t(shape);
  t.replicas_ = replicas;
  t.per_bin_ = std::move(per_bin);
  t.horizon_ = std::move(horizon);
  t.sum_by_category_ = std::move(sum_by_category);
  return t;
}

void EnsembleTally::add_replica(std::span<const std::uint32_t> counts) {
  if (counts.size() != shape_.cells()) throw std::invalid_argument("EnsembleTally: wrong count shape");
  std::fill(unit_totals_.begin(), unit_totals_.end(), std::uint64_t{0});
  const std::size_t k = shape_.categories;
  for (std::size_t bin = 0; bin < shape_.bins; ++bin) {
    for (std::size_t unit = 0; unit < shape_.units; ++unit) {
      const std::size_t base = (bin * shape_.units + unit) * k;
      std::uint64_t total = 0;  // 64-bit: categories near the 32-bit limit must not wrap to a small sum
      for (std::size_t c = 0; c < k; ++c) {
        total += counts[base + c];
        sum_by_category_[base + c] += counts[base + c];
      }
      per_bin_.add(bin * shape_.units + unit, total);
      unit_totals_[unit] += total;
    }
  }
  for (std::size_t unit = 0; unit < shape_.units; ++unit) horizon_.add(unit, unit_totals_[unit]);
  ++replicas_;
}

void EnsembleTally::merge(const EnsembleTally& other) {
  if (other.shape_.cells() != shape_.cells()) throw std::invalid_argument("EnsembleTally: shapes differ");
  if (bool(model_) != bool(other.model_))
    throw std::invalid_argument("EnsembleTally: one tally keeps a model tally, the other none");
  if (model_) model_->merge(*other.model_);  // first: it throws for another kind, before anything is added
  per_bin_.merge(other.per_bin_);
  horizon_.merge(other.horizon_);
  for (std::size_t i = 0; i < sum_by_category_.size(); ++i) sum_by_category_[i] += other.sum_by_category_[i];
  replicas_ += other.replicas_;
}

bool EnsembleTally::operator==(const EnsembleTally& other) const {
  if (bool(model_) != bool(other.model_) || (model_ && !model_->equals(*other.model_))) return false;
  return replicas_ == other.replicas_ && per_bin_ == other.per_bin_ && horizon_ == other.horizon_ &&
         sum_by_category_ == other.sum_by_category_;
}

}  // namespace riskgrid::ensemble
