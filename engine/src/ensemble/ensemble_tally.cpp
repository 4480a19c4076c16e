#include "riskgrid/engine/ensemble/ensemble_tally.hpp"

#include <stdexcept>

namespace riskgrid::ensemble {

EnsembleTally::EnsembleTally(TallyShape shape)
    : shape_(shape),
      per_bin_(shape.bins * shape.units, 32),
      horizon_(shape.units, 256),
      sum_by_category_(shape.cells(), 0),
      unit_totals_(shape.units, 0) {}

void EnsembleTally::add_replica(std::span<const std::uint32_t> counts) {
  if (counts.size() != shape_.cells()) throw std::invalid_argument("EnsembleTally: wrong count shape");
  std::fill(unit_totals_.begin(), unit_totals_.end(), 0u);
  const std::size_t k = shape_.categories;
  for (std::size_t bin = 0; bin < shape_.bins; ++bin) {
    for (std::size_t unit = 0; unit < shape_.units; ++unit) {
      const std::size_t base = (bin * shape_.units + unit) * k;
      std::uint32_t total = 0;
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
  per_bin_.merge(other.per_bin_);
  horizon_.merge(other.horizon_);
  for (std::size_t i = 0; i < sum_by_category_.size(); ++i) sum_by_category_[i] += other.sum_by_category_[i];
  replicas_ += other.replicas_;
}

bool EnsembleTally::operator==(const EnsembleTally& other) const {
  return replicas_ == other.replicas_ && per_bin_ == other.per_bin_ && horizon_ == other.horizon_ &&
         sum_by_category_ == other.sum_by_category_;
}

}  // namespace riskgrid::ensemble
