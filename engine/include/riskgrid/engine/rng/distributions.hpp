#pragma once
// Samplers written here rather than taken from <random>: the standard leaves its distributions'
// algorithms to the implementation, so the same seed would give other numbers under another standard
// library. These are fixed algorithms, so results are bit-identical wherever riskgrid is built.
#include <cstdint>

#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::rng {

/// Standard normal (Marsaglia polar method).
double normal(Stream& s);
/// Gamma(shape, scale = 1) (Marsaglia-Tsang; boosted for shape < 1).
double gamma(Stream& s, double shape);
/// Poisson(mean) (inversion below mean 10, Hormann's PTRS above).
std::uint32_t poisson(Stream& s, double mean);
/// Negative binomial with the given mean and size k (variance mean + mean^2 / k), as gamma-Poisson.
std::uint32_t negative_binomial(Stream& s, double mean, double size);
/// Log-normal with the given median and log-scale sigma.
double lognormal(Stream& s, double median, double sigma);

}  // namespace riskgrid::rng
