#include <utility>
#include <vector>

#include "riskgrid/run/context.hpp"
#include "riskgrid/run/ranks.hpp"

namespace riskgrid::run {

std::vector<tally::CountArrays> SingleProcess::gather_arrays_on_root(tally::CountArrays local) const {
  return {std::move(local)};
}

const Ranks& RunContext::processes() const {
  static const SingleProcess one;  // stateless: every collective is the identity
  return ranks != nullptr ? *ranks : one;
}

}  // namespace riskgrid::run
