#include "riskgrid/engine/tally/count_histograms.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::tally {

CountHistograms::CountHistograms(std::size_t cells, std::uint32_t initial_capacity)
    : capacity_(std::max<std::uint32_t>(1, initial_capacity)), frequency_(cells * capacity_, 0), sum_(cells, 0) {}

CountHistograms CountHistograms::from_parts(std::uint32_t capacity, std::vector<std::uint64_t> frequencies,
                                            std::vector<std::uint64_t> sums) {
  if (capacity == 0 || capacity > kMaxCount || frequencies.size() != sums.size() * capacity)
    throw std::invalid_argument("CountHistograms::from_parts: frequencies are not cells x capacity");
  CountHistograms h;
  h.capacity_ = capacity;
  h.frequency_ = std::move(frequencies);
  h.sum_ = std::move(sums);
  // The sums are redundant with the frequencies; checking them catches a mismatched or damaged import.
  for (std::size_t cell = 0; cell < h.cells(); ++cell) {
    std::uint64_t sum = 0;
    const auto freq = h.frequencies(cell);
    for (std::uint32_t c = 0; c < capacity; ++c) sum += freq[c] * c;
    if (sum != h.sum_[cell])
      throw std::invalid_argument("CountHistograms::from_parts: a cell's sum does not match its counts");
  }
  return h;
}

void CountHistograms::grow(std::uint64_t needed) {
  if (needed > kMaxCount)
    throw ScenarioError(
        fmt::format("a simulated count of {} in one cell is above the {} riskgrid can tally (lower "
                    "the drills' factor or per_day, or use shorter bins)",
                    needed - 1, kMaxCount - 1));
  // Doubled in 64 bits and capped: a 32-bit capacity doubling past 2^31 wrapped to 0 and looped forever.
  std::uint64_t capacity = std::max<std::uint64_t>(capacity_, 1);
  while (capacity < needed) capacity = std::min(capacity * 2, kMaxCount);
  std::vector<std::uint64_t> wider(cells() * capacity, 0);
  for (std::size_t cell = 0; cell < cells(); ++cell)
    std::copy_n(frequency_.begin() + static_cast<std::ptrdiff_t>(cell * capacity_), capacity_,
                wider.begin() + static_cast<std::ptrdiff_t>(cell * capacity));
  frequency_.swap(wider);
  capacity_ = static_cast<std::uint32_t>(capacity);
}

void CountHistograms::merge(const CountHistograms& other) {
  if (other.cells() != cells()) throw std::invalid_argument("CountHistograms::merge: shapes differ");
  if (other.capacity_ > capacity_) grow(other.capacity_);
  for (std::size_t cell = 0; cell < cells(); ++cell) {
    const auto theirs = other.frequencies(cell);
    std::uint64_t* ours = frequency_.data() + cell * capacity_;
    for (std::size_t c = 0; c < theirs.size(); ++c) ours[c] += theirs[c];
    sum_[cell] += other.sum_[cell];
  }
}

std::uint64_t CountHistograms::observations(std::size_t cell) const {
  std::uint64_t n = 0;
  for (const std::uint64_t f : frequencies(cell)) n += f;
  return n;
}

double CountHistograms::mean(std::size_t cell) const {
  const std::uint64_t n = observations(cell);
  return n == 0 ? 0.0 : static_cast<double>(sum_[cell]) / static_cast<double>(n);
}

std::uint32_t CountHistograms::quantile(std::size_t cell, double p) const {
  const auto freq = frequencies(cell);
  const std::uint64_t n = observations(cell);
  if (n == 0) return 0;
  // Integer target avoids a floating comparison deciding between two neighbouring counts.
  const auto target = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(n)));
  std::uint64_t cumulative = 0;
  for (std::uint32_t c = 0; c < freq.size(); ++c) {
    cumulative += freq[c];
    if (cumulative >= std::max<std::uint64_t>(target, 1)) return c;
  }
  return capacity_ - 1;
}

double CountHistograms::exceedance(std::size_t cell, double threshold) const {
  const auto freq = frequencies(cell);
  const std::uint64_t n = observations(cell);
  if (n == 0) return 0.0;
  std::uint64_t above = 0;
  for (std::uint32_t c = 0; c < freq.size(); ++c)
    if (static_cast<double>(c) > threshold) above += freq[c];
  return static_cast<double>(above) / static_cast<double>(n);
}

bool CountHistograms::operator==(const CountHistograms& other) const {
  if (cells() != other.cells() || sum_ != other.sum_) return false;
  for (std::size_t cell = 0; cell < cells(); ++cell) {
    const auto a = frequencies(cell), b = other.frequencies(cell);
    const std::size_t common = std::min(a.size(), b.size());
    if (!std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(common), b.begin())) return false;
    for (std::size_t c = common; c < a.size(); ++c)
      if (a[c] != 0) return false;
    for (std::size_t c = common; c < b.size(); ++c)
      if (b[c] != 0) return false;
  }
  return true;
}

}  // namespace riskgrid::tally
