#pragma once
// A tally kept by a model outside the engine (e.g. case handling), handed over as named arrays of
// exact counts: the engine carries them between MPI ranks and through shard files without knowing
// their layout, and the model rebuilds and merges its tally from them.
#include <cstdint>
#include <string>
#include <vector>

namespace riskgrid::tally {

struct CountArray {
  std::string name;  ///< unique within its tally; letters, digits and '_' (an HDF5 dataset name)
  std::vector<std::uint64_t> values;
  bool operator==(const CountArray&) const = default;
};

using CountArrays = std::vector<CountArray>;

}  // namespace riskgrid::tally
