#pragma once
// Integer histograms of counts, one per cell (e.g. per time bin x unit), over the replicas of an
// ensemble. Adding and merging are exact integer sums, so the merged result is the same in any order:
// the reason results are bit-identical on any thread or rank count. Histograms give means, quantiles and
// exceedance probabilities without keeping replicas (OpenMC keeps moments; we keep the whole law).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace riskgrid::tally {

/// The largest count a histogram holds is kMaxCount - 1. Histograms are dense ([cell][count]), so their
/// memory grows with the largest count: runs are refused before they could get near this (run::
/// estimate_memory); the bound keeps the capacity from wrapping and a runaway count from asking for
/// terabytes.
inline constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 28;

class CountHistograms {
 public:
  CountHistograms() = default;
  /// `cells` histograms with room for counts 0..initial_capacity-1 before growing.
  explicit CountHistograms(std::size_t cells, std::uint32_t initial_capacity = 64);
  /// Rebuilds histograms from their exported state (all_frequencies(), sums()), e.g. a shard file.
  /// @throws std::invalid_argument when capacity is 0 or above kMaxCount, the frequencies are not
  ///         cells x capacity, or a cell's sum is not the sum of its counts (a damaged or mismatched file).
  static CountHistograms from_parts(std::uint32_t capacity, std::vector<std::uint64_t> frequencies,
                                    std::vector<std::uint64_t> sums);

  /// Records one observation `count` in `cell`. Grows (rarely) when a count exceeds the capacity.
  /// @throws ScenarioError when count >= kMaxCount (a simulated count no histogram can hold).
  void add(std::size_t cell, std::uint64_t count) {
    if (count >= capacity_) grow(count + 1);
    ++frequency_[cell * capacity_ + count];
    sum_[cell] += count;
  }
  /// Adds another set of histograms of the same shape (exact, commutative, associative).
  void merge(const CountHistograms& other);

  std::size_t cells() const { return sum_.size(); }
  std::uint32_t capacity() const { return capacity_; }
  /// Observations per cell (the same for every cell when each replica adds once per cell).
  std::uint64_t observations(std::size_t cell) const;
  std::uint64_t sum(std::size_t cell) const { return sum_[cell]; }
  double mean(std::size_t cell) const;
  /// Smallest count c with P(X <= c) >= p (the inverse of the empirical distribution function).
  std::uint32_t quantile(std::size_t cell, double p) const;
  /// P(X > threshold).
  double exceedance(std::size_t cell, double threshold) const;
  /// frequency of each count in a cell, 0..capacity-1.
  std::span<const std::uint64_t> frequencies(std::size_t cell) const {
    return {frequency_.data() + cell * capacity_, capacity_};
  }

  /// All frequencies, [cell][count] with `capacity()` counts per cell (for export).
  std::span<const std::uint64_t> all_frequencies() const { return frequency_; }
  /// The sum of the observed counts of each cell (for export).
  std::span<const std::uint64_t> sums() const { return sum_; }

  bool operator==(const CountHistograms& other) const;

 private:
  void grow(std::uint64_t needed);

  std::uint32_t capacity_ = 0;
  std::vector<std::uint64_t> frequency_;  ///< [cell][count]
  std::vector<std::uint64_t> sum_;        ///< [cell]
};

}  // namespace riskgrid::tally
