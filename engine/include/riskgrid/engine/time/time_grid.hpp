#pragma once
// The forecast horizon cut into equal bins (hourly or daily).
#include <cstddef>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::time {

struct TimeGrid {
  Seconds start = 0;
  Seconds bin_length = kDay;  ///< kHour or kDay
  std::size_t bins = 0;

  Seconds bin_start(std::size_t bin) const { return start + static_cast<Seconds>(bin) * bin_length; }
  Seconds end() const { return bin_start(bins); }
};

}  // namespace riskgrid::time
