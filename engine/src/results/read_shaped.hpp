#pragma once
// A results.h5 dataset read with its shape checked: the loaders' one way to read an array.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_reader.hpp"

namespace riskgrid::results {

/// Reads `dataset` and checks that its shape is `dims`. @throws InputError naming file and dataset.
template <class T>
std::vector<T> read_shaped(const ResultsReader& reader, const std::string& dataset,
                           const std::vector<std::size_t>& dims) {
  Array<T> array = reader.read<T>(dataset);
  if (array.dims != dims) {
    throw InputError(fmt::format("{}: {} has shape [{}], expected [{}]", reader.path(), dataset,
                                 fmt::join(array.dims, ", "), fmt::join(dims, ", ")));
  }
  return std::move(array.values);
}

}  // namespace riskgrid::results
