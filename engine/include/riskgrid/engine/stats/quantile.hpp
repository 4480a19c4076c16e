#pragma once
#include <vector>

namespace riskgrid::stats {

/// Linear-interpolation sample quantile (Hyndman-Fan type 7, R's default) of `values`; p in [0, 1].
double quantile_of(std::vector<double> values, double p);

}  // namespace riskgrid::stats
