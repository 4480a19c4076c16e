#pragma once
// Reads back a results file written by write_results_h5 (docs/results-format.md): datasets as flat
// arrays with their shape, and attributes. Used by `riskgrid render`, merge and tests. HDF5 is not
// thread-safe in the Debian build: use one reader (or writer) at a time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace riskgrid::results {

/// A dataset in memory: values in row-major order (last axis fastest) and the length of each axis.
template <class T>
struct Array {
  std::vector<std::size_t> dims;
  std::vector<T> values;
};

class ResultsReader {
 public:
  /// Opens `path` read-only and checks that it is a results file this version can read.
  /// @throws IoError if it cannot be opened, has no format "riskgrid-results", or its
  ///         format_version is newer than kResultsFormatVersion.
  explicit ResultsReader(const std::string& path);
  ~ResultsReader();
  ResultsReader(ResultsReader&&) noexcept;
  ResultsReader& operator=(ResultsReader&&) noexcept;

  const std::string& path() const;
  /// The file's format_version attribute.
  int format_version() const;

  /// Reads a numeric dataset, converting to T as HDF5 does (T: double, int8_t, int32_t, int64_t,
  /// uint32_t).
  /// @param dataset path from the root, e.g. "scenarios/base/mean".
  /// @throws IoError if the dataset is missing or not numeric.
  template <class T>
  Array<T> read(const std::string& dataset) const;

  /// Reads a dataset of strings (variable- or fixed-length), flattened in row-major order.
  /// @throws IoError if the dataset is missing or does not hold strings.
  std::vector<std::string> read_strings(const std::string& dataset) const;

  /// A string attribute of the object at `object` ("/" for the root, "scenarios/base", ...).
  /// @throws IoError if the attribute is missing or not a string.
  std::string string_attribute(const std::string& object, const std::string& name) const;

  /// A numeric attribute converted to T (T: double, int64_t, uint64_t).
  /// @throws IoError if the attribute is missing or not numeric.
  template <class T>
  T number_attribute(const std::string& object, const std::string& name) const;

  /// Whether `path` names an object (group or dataset) in the file.
  bool exists(const std::string& path) const;
  /// The names of the members of a group, in name order (e.g. the scenarios under "scenarios").
  /// @throws IoError if `group` is not a group.
  std::vector<std::string> members(const std::string& group) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace riskgrid::results
