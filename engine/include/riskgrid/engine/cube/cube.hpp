#pragma once
// Arrays laid out [bin][unit][category], category fastest: expected counts, drill multipliers, sampled
// counts, means by category — what the stages of a run hand each other. A View checks its size once,
// where it is made, so the functions that take one need neither loose sizes nor run-time span checks,
// and at(bin, unit, category) replaces the index arithmetic.
#include <algorithm>
#include <cstddef>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace riskgrid::cube {

struct Shape {
  std::size_t bins = 0;
  std::size_t units = 0;
  std::size_t categories = 0;

  std::size_t cells() const { return bins * units * categories; }
  /// (bin, unit) pairs: the rows of categories.
  std::size_t rows() const { return bins * units; }
  std::size_t index(std::size_t bin, std::size_t unit, std::size_t category) const {
    return (bin * units + unit) * categories + category;
  }
  /// The same bins and units with another number of categories.
  Shape with_categories(std::size_t k) const { return {bins, units, k}; }
  bool operator==(const Shape&) const = default;
};

template <class T>
class View {
 public:
  /// Throws std::invalid_argument when `data` does not hold shape.cells() values.
  View(Shape shape, std::span<T> data) : shape_(shape), data_(data) {
    if (data.size() != shape.cells())
      throw std::invalid_argument("cube: " + std::to_string(data.size()) + " values for [" +
                                  std::to_string(shape.bins) + " bins x " + std::to_string(shape.units) + " units x " +
                                  std::to_string(shape.categories) + " categories]");
  }
  /// A view of const values from a view of mutable ones.
  template <class U>
  requires std::is_same_v<const U, T> View(const View<U>& other)
      : shape_(other.shape()), data_(other.span()) {}  // NOLINT: like span's

  const Shape& shape() const { return shape_; }
  /// The flat values, for code that walks every cell in order (as a span would).
  std::span<T> span() const { return data_; }
  T* data() const { return data_.data(); }
  std::size_t size() const { return data_.size(); }
  T& operator[](std::size_t cell) const { return data_[cell]; }
  auto begin() const { return data_.begin(); }
  auto end() const { return data_.end(); }
  T& at(std::size_t bin, std::size_t unit, std::size_t category) const {
    return data_[shape_.index(bin, unit, category)];
  }
  /// The categories of row `row` (= bin * units + unit).
  std::span<T> row(std::size_t row) const { return data_.subspan(row * shape_.categories, shape_.categories); }

 private:
  Shape shape_;
  std::span<T> data_;
};

/// An array that owns its values.
template <class T>
class Cube {
 public:
  Cube() = default;
  explicit Cube(Shape shape, T fill = T{}) : shape_(shape), values_(shape.cells(), fill) {}
  /// Throws std::invalid_argument when `values` does not hold shape.cells() values.
  Cube(Shape shape, std::vector<T> values) : shape_(shape), values_(std::move(values)) {
    (void)View<const T>(shape_, std::span<const T>(values_));  // checks the size
  }

  const Shape& shape() const { return shape_; }
  const std::vector<T>& values() const { return values_; }
  View<T> view() { return {shape_, values_}; }
  View<const T> view() const { return {shape_, values_}; }
  T& at(std::size_t bin, std::size_t unit, std::size_t category) { return values_[shape_.index(bin, unit, category)]; }
  const T& at(std::size_t bin, std::size_t unit, std::size_t category) const {
    return values_[shape_.index(bin, unit, category)];
  }

 private:
  Shape shape_;
  std::vector<T> values_;
};

/// `c` with `k` >= its categories per row: its own first, the added ones `fill` (e.g. a baseline's
/// values on the categories of a run that adds some).
template <class T>
Cube<T> widened(const Cube<T>& c, std::size_t k, T fill = T{}) {
  if (k < c.shape().categories) throw std::invalid_argument("cube: cannot widen to fewer categories");
  Cube<T> wide(c.shape().with_categories(k), fill);
  for (std::size_t row = 0; row < c.shape().rows(); ++row) {
    const auto from = c.view().row(row);
    std::copy(from.begin(), from.end(), wide.view().row(row).begin());
  }
  return wide;
}

}  // namespace riskgrid::cube

// A View refers to values it does not own, so a span may outlive it (as std::span itself allows);
// with data(), size(), begin() and end() it converts to a span wherever one is expected.
template <class T>
inline constexpr bool std::ranges::enable_borrowed_range<riskgrid::cube::View<T>> = true;
