// EM for the space-time Hawkes process (Veen and Schoenberg 2008; Mohler et al. 2011): the E-step
// shares each event between the background and its possible parents, the M-step re-estimates the
// parameters from those shares in closed form. Candidate pairs are found once (sorted by time, a
// spatial bucket grid of the space cutoff) and kept with their time and squared distance.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/hawkes.hpp"

namespace riskgrid::models {

namespace {

struct Pair {
  std::uint32_t parent, child;
  double dt, d2;
};

std::vector<Pair> candidate_pairs(const std::vector<HawkesEvent>& e, const HawkesSettings& s) {
  // Buckets of the space cutoff: a child's parents lie in its own or the 8 neighbouring buckets.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> buckets;
  auto key = [&](double x, double y) {
    return std::pair{static_cast<std::int64_t>(std::floor(x / s.space_cutoff_m)),
                     static_cast<std::int64_t>(std::floor(y / s.space_cutoff_m))};
  };
  std::vector<Pair> pairs;
  const double cut2 = s.space_cutoff_m * s.space_cutoff_m;
  for (std::uint32_t j = 0; j < e.size(); ++j) {
    const auto [bx, by] = key(e[j].x, e[j].y);
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = buckets.find({bx + dx, by + dy});
        if (it == buckets.end()) continue;
        // Newest first; stop at the time cutoff.
        for (auto i = it->second.rbegin(); i != it->second.rend(); ++i) {
          const HawkesEvent& p = e[*i];
          const double dt = e[j].t - p.t;
          if (dt > s.time_cutoff_days) break;
          if (p.category != e[j].category || !(dt > 0)) continue;
          const double d2 = (e[j].x - p.x) * (e[j].x - p.x) + (e[j].y - p.y) * (e[j].y - p.y);
          if (d2 <= cut2) pairs.push_back({*i, j, dt, d2});
        }
      }
    buckets[key(e[j].x, e[j].y)].push_back(j);
  }
  // Group by child for the E-step (the bucket walk gives them grouped already, parents unordered).
  return pairs;
}

double relative_change(const HawkesParams& a, const HawkesParams& b) {
  auto rel = [](double x, double y) { return std::abs(x - y) / std::max(std::abs(y), 1e-12); };
  return std::max({rel(a.background_scale, b.background_scale), rel(a.branching, b.branching),
                   rel(a.decay_per_day, b.decay_per_day), rel(a.sigma_m, b.sigma_m)});
}

}  // namespace

HawkesFit fit_hawkes_em(const std::vector<HawkesEvent>& e, double horizon_days, double background_integral,
                        const HawkesSettings& s, HawkesParams p) {
  if (e.empty() || !(background_integral > 0))
    throw InputError("hawkes: no incidents (or no background) in the fitting window");
  const std::vector<Pair> pairs = candidate_pairs(e, s);
  HawkesFit fit;
  fit.pairs = pairs.size();
  constexpr double kTwoPi = 6.283185307179586;
  std::vector<double> lambda(e.size()), trigger(pairs.size());
  for (fit.iterations = 1; fit.iterations <= s.max_iterations; ++fit.iterations) {
    // E-step: intensities at the events, then the shares.
    const double norm = p.branching * p.decay_per_day / (kTwoPi * p.sigma_m * p.sigma_m);
    for (std::size_t j = 0; j < e.size(); ++j) lambda[j] = p.background_scale * e[j].background;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      trigger[k] = norm * std::exp(-p.decay_per_day * pairs[k].dt - pairs[k].d2 / (2 * p.sigma_m * p.sigma_m));
      lambda[pairs[k].child] += trigger[k];
    }
    double background_share = 0, offspring = 0, offspring_dt = 0, offspring_d2 = 0;
    for (std::size_t j = 0; j < e.size(); ++j)
      if (lambda[j] > 0) background_share += p.background_scale * e[j].background / lambda[j];
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const double share = lambda[pairs[k].child] > 0 ? trigger[k] / lambda[pairs[k].child] : 0;
      offspring += share;
      offspring_dt += share * pairs[k].dt;
      offspring_d2 += share * pairs[k].d2;
    }
    // M-step. Each event could have had offspring only until the window's end: its exposure is
    // 1 - exp(-omega (T - t_i)) (edge correction).
    double exposure = 0;
    for (const auto& ev : e) exposure += 1 - std::exp(-p.decay_per_day * (horizon_days - ev.t));
    HawkesParams next;
    next.background_scale = background_share / background_integral;
    next.branching = std::clamp(exposure > 0 ? offspring / exposure : 0.0, 0.0, 0.95);
    next.decay_per_day = offspring_dt > 0 ? offspring / offspring_dt : p.decay_per_day;
    next.sigma_m = offspring > 0 ? std::sqrt(offspring_d2 / (2 * offspring)) : p.sigma_m;
    next.sigma_m = std::max(next.sigma_m, 1.0);
    const double change = relative_change(next, p);
    p = next;
    if (change < s.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.params = p;
  return fit;
}

}  // namespace riskgrid::models
