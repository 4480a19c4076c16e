// EM for near_repeat_hawkes: the E-step shares each incident between the background and its possible
// parents (earlier incidents of its category in its own grid or a neighbouring one, within the time
// cutoff); the M-step re-estimates b, eta, omega and the spill share s in closed form.
//
// No list of pairs: the kernel is exponential in time, so per grid and category two running sums over
// the incidents inside the cutoff window, of e^(omega (t_i - tau)) and (t_i - tau) e^(omega (t_i - tau)),
// give each incident's trigger intensity from its own grid and (weighted) its neighbours', and the
// M-step's sums. An E-step costs O(incidents x neighbours) whatever the density (the list of pairs grew
// with its square: ~140 s a fit on Houston's dense ZIPs). tau is an anchor moved every 200/omega days
// so nothing overflows. SQUAREM (Varadhan & Roland 2008) extrapolates the EM steps; the fit stops, as
// the plain EM did, at the first point where one EM step moves every parameter by less than the tolerance.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/near_repeat_hawkes.hpp"

namespace riskgrid::models {

namespace {

constexpr double kAnchorSpan = 200;  // omega x days between anchors: e^200 is far from overflow

struct EStepSums {
  double background = 0, offspring = 0, offspring_dt = 0, moved = 0, exposure = 0;
};

// The running sums of one E-step; the events are sorted by time.
class TriggerSums {
 public:
  TriggerSums(const std::vector<UnitEvent>& e, const UnitNeighbours& n, double horizon, double cutoff)
      : e_(e), parents_(n.size()), horizon_(horizon), cutoff_(cutoff) {
    for (std::uint32_t h = 0; h < n.size(); ++h)
      for (const auto& [g, w] : n[h]) parents_[g].emplace_back(h, w);
    for (const auto& ev : e) {
      if (ev.grid >= n.size()) throw InputError("near_repeat_hawkes: an incident's grid is not in the district");
      categories_ = std::max<std::size_t>(categories_, std::size_t{ev.category} + 1);
    }
    state_.reserve(e.size());
    for (const auto& ev : e) state_.push_back(std::size_t{ev.grid} * categories_ + ev.category);
    a_.resize(e.size()), block_.resize(e.size());
    const std::size_t states = n.size() * categories_;
    p0_.resize(states), p1_.resize(states), count_.resize(states);
  }

  EStepSums sweep(const NearRepeatParams& p, std::size_t* pairs = nullptr);

 private:
  void prepare(double omega);
  void move_anchor(std::int64_t to);
  void add(std::size_t i, double sign);

  const std::vector<UnitEvent>& e_;
  UnitNeighbours parents_;  // [g]: the grids h with g among their neighbours, and n_hg
  double horizon_, cutoff_, span_ = 0;
  std::size_t categories_ = 1;
  std::vector<std::size_t> state_;  // [event] grid x categories + category
  std::vector<double> a_;           // [event] e^(omega (t - its block's anchor))
  std::vector<std::int64_t> block_;
  std::vector<double> shift_, tail_;  // [blocks back] e^(-omega span blocks); [block] e^(-omega (horizon - anchor))
  std::vector<double> p0_, p1_;       // [state] the running sums at the anchor `anchor_`
  std::vector<std::uint32_t> count_;  // [state] incidents in the window
  std::int64_t anchor_ = 0;           // block of the current anchor
};

void TriggerSums::prepare(double omega) {
  span_ = kAnchorSpan / omega;
  for (std::size_t i = 0; i < e_.size(); ++i) {
    block_[i] = static_cast<std::int64_t>(std::floor(e_[i].t / span_));
    a_[i] = std::exp(omega * (e_[i].t - double(block_[i]) * span_));
  }
  const auto blocks = static_cast<std::size_t>(block_.back() - block_.front()) + 1;
  shift_.resize(blocks), tail_.resize(blocks);
  for (std::size_t k = 0; k < blocks; ++k) {
    shift_[k] = std::exp(-kAnchorSpan * double(k));
    tail_[k] = std::exp(-omega * (horizon_ - double(block_.front() + std::int64_t(k)) * span_));
  }
  std::fill(p0_.begin(), p0_.end(), 0.0), std::fill(p1_.begin(), p1_.end(), 0.0);
  std::fill(count_.begin(), count_.end(), 0u);
  anchor_ = block_.front();
}

// The sums re-expressed at a later anchor: sum e^(omega (t_i - tau')) = e^(-omega delta) sum e^(omega (t_i - tau)).
void TriggerSums::move_anchor(std::int64_t to) {
  const double f = shift_[static_cast<std::size_t>(to - anchor_)], delta = double(to - anchor_) * span_;
  for (std::size_t s = 0; s < p0_.size(); ++s) {
    p1_[s] = f * (p1_[s] - delta * p0_[s]);
    p0_[s] *= f;
  }
  anchor_ = to;
}

// Event i into (sign 1) or out of (sign -1) its state's window; an empty window is exactly zero.
void TriggerSums::add(std::size_t i, double sign) {
  const std::size_t s = state_[i];
  const double v = sign * a_[i] * shift_[static_cast<std::size_t>(anchor_ - block_[i])];
  count_[s] = sign > 0 ? count_[s] + 1 : count_[s] - 1;
  if (count_[s] == 0) {
    p0_[s] = p1_[s] = 0;
    return;
  }
  p0_[s] += v;
  p1_[s] += (e_[i].t - double(anchor_) * span_) * v;
}

EStepSums TriggerSums::sweep(const NearRepeatParams& p, std::size_t* pairs) {
  prepare(p.decay_per_day);
  EStepSums out;
  const double keep = 1 - p.spill;
  std::size_t lo = 0, hi = 0;
  for (std::size_t j = 0; j < e_.size(); ++j) {
    const UnitEvent& ev = e_[j];
    if (block_[j] > anchor_) move_anchor(block_[j]);
    for (; hi < j && e_[hi].t < ev.t; ++hi) add(hi, 1);  // simultaneous incidents are not parents
    for (; lo < hi && ev.t - e_[lo].t > cutoff_; ++lo) add(lo, -1);
    const std::size_t s = state_[j];
    double nb0 = 0, nb1 = 0;
    for (const auto& [h, w] : parents_[ev.grid]) {
      nb0 += w * p0_[std::size_t{h} * categories_ + ev.category];
      nb1 += w * p1_[std::size_t{h} * categories_ + ev.category];
    }
    if (pairs) {
      *pairs += count_[s];
      for (const auto& [h, w] : parents_[ev.grid]) *pairs += count_[std::size_t{h} * categories_ + ev.category];
    }
    // Sums at t_j: e^(-omega (t_j - tau)) x the anchored sums; the dt-weighted ones as (t_j - tau) p0 - p1.
    const double x = ev.t - double(anchor_) * span_, k = p.branching * p.decay_per_day / a_[j];
    const double own = k * keep * std::max(p0_[s], 0.0), near = k * p.spill * std::max(nb0, 0.0);
    const double dt = k * (keep * std::max(x * p0_[s] - p1_[s], 0.0) + p.spill * std::max(x * nb0 - nb1, 0.0));
    const double background = p.background_scale * ev.background, lambda = background + own + near;
    if (lambda > 0) {
      out.background += background / lambda;
      out.offspring += (own + near) / lambda;
      out.offspring_dt += dt / lambda;
      out.moved += near / lambda;
    }
    out.exposure += 1 - a_[j] * tail_[static_cast<std::size_t>(block_[j] - block_.front())];
  }
  return out;
}

NearRepeatParams m_step(const NearRepeatParams& p, const EStepSums& s, double background_integral) {
  NearRepeatParams next = p;
  next.background_scale = s.background / background_integral;
  next.branching = std::clamp(s.exposure > 0 ? s.offspring / s.exposure : 0.0, 0.0, 0.95);
  if (s.offspring_dt > 0) next.decay_per_day = std::clamp(s.offspring / s.offspring_dt, 0.01, 100.0);
  if (s.offspring > 1e-9) next.spill = std::clamp(s.moved / s.offspring, 0.0, 1.0);
  return next;
}

// The convergence measure: relative change of b, eta and omega, absolute change of s.
double change(const NearRepeatParams& next, const NearRepeatParams& p) {
  auto rel = [](double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-3); };
  return std::max({rel(next.background_scale, p.background_scale), rel(next.branching, p.branching),
                   rel(next.decay_per_day, p.decay_per_day), std::abs(next.spill - p.spill)});
}

// SQUAREM's coordinates: logs of the positive scales, the shares as they are.
using Coordinates = std::array<double, 4>;
Coordinates coordinates(const NearRepeatParams& p) {
  return {std::log(p.background_scale), p.branching, std::log(p.decay_per_day), p.spill};
}

// |r|/|v| with r = u1 - u, v = u2 - 2 u1 + u: SQUAREM's step length is minus this (0: none).
double squarem_length(const NearRepeatParams& p, const NearRepeatParams& p1, const NearRepeatParams& p2) {
  if (!(p.background_scale > 0) || !(p1.background_scale > 0) || !(p2.background_scale > 0)) return 0;
  const Coordinates u = coordinates(p), u1 = coordinates(p1), u2 = coordinates(p2);
  double rr = 0, vv = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double r = u1[i] - u[i], v = u2[i] - 2 * u1[i] + u[i];
    rr += r * r, vv += v * v;
  }
  return vv > 0 ? std::sqrt(rr / vv) : 0;
}

// u - 2 alpha r + alpha^2 v, back in the parameters' ranges.
NearRepeatParams extrapolate(const NearRepeatParams& p, const NearRepeatParams& p1, const NearRepeatParams& p2,
                             double alpha) {
  const Coordinates u = coordinates(p), u1 = coordinates(p1), u2 = coordinates(p2);
  Coordinates w{};
  for (std::size_t i = 0; i < u.size(); ++i)
    w[i] = u[i] - 2 * alpha * (u1[i] - u[i]) + alpha * alpha * (u2[i] - 2 * u1[i] + u[i]);
  return {std::exp(w[0]), std::clamp(w[1], 0.0, 0.95), std::clamp(std::exp(w[2]), 0.01, 100.0),
          std::clamp(w[3], 0.0, 1.0)};
}

}  // namespace

NearRepeatFit fit_near_repeat_em(const std::vector<UnitEvent>& e, const UnitNeighbours& n, double horizon_days,
                                 double background_integral, const NearRepeatSettings& s, NearRepeatParams p) {
  if (e.empty() || !(background_integral > 0))
    throw InputError("near_repeat_hawkes: no incidents (or no background) in the fitting window");
  TriggerSums sums(e, n, horizon_days, s.time_cutoff_days);
  NearRepeatFit fit;
  auto step = [&](const NearRepeatParams& q) {
    ++fit.iterations;
    return m_step(q, sums.sweep(q, fit.iterations == 1 ? &fit.pairs : nullptr), background_integral);
  };
  // Each pass: two EM steps p -> p1 -> p2, the extrapolation q along them (alpha in [-step_max, -1];
  // -1 is p2 itself), one EM step from q, kept when it is no longer than p1's (else p2). step_max
  // grows 4x when the length is cut by it and shrinks after a rejection (SQUAREM's global scheme).
  double step_max = 1;
  auto stop = [&](const NearRepeatParams& next, const NearRepeatParams& from) {
    fit.converged = change(next, from) < s.tolerance;
    return fit.converged || fit.iterations >= s.max_iterations;
  };
  while (fit.iterations < s.max_iterations) {
    const NearRepeatParams p1 = step(p);
    if (stop(p1, p) || !s.accelerate) {
      p = p1;
      if (fit.converged) break;
      continue;
    }
    const NearRepeatParams p2 = step(p1);
    if (stop(p2, p1)) {
      p = p2;
      break;
    }
    const double length = squarem_length(p, p1, p2), alpha = -std::clamp(length, 1.0, step_max);
    if (length >= step_max) step_max *= 4;
    if (alpha == -1.0) {
      p = p2;
      continue;
    }
    const NearRepeatParams q = extrapolate(p, p1, p2, alpha), p3 = step(q);
    if (std::isfinite(p3.background_scale) && change(p3, q) <= change(p2, p1)) {
      p = p3;
      if (stop(p3, q)) break;
    } else {
      p = p2;
      step_max = std::max(1.0, step_max / 4);
    }
  }
  fit.params = p;
  return fit;
}

// Candidates from the strip |dx| <= 3 sd of the grids sorted by x, then the same test and order (by
// grid) as a scan of all pairs: the weights are the same to the bit, at a fraction of G^2.
UnitNeighbours unit_neighbours(const spatial::District& d) {
  const std::size_t G = d.grids.size();
  std::vector<double> areas;
  for (const auto& g : d.grids) areas.push_back(g.area_m2);
  UnitNeighbours out(G);
  if (G < 2) return out;
  std::nth_element(areas.begin(), areas.begin() + std::ptrdiff_t(G / 2), areas.end());
  const double sd = std::sqrt(std::max(areas[G / 2], 1.0)), cut2 = 9 * sd * sd, strip = 3 * sd * (1 + 1e-9);
  std::vector<std::pair<double, std::uint32_t>> by_x;
  for (std::uint32_t g = 0; g < G; ++g) by_x.emplace_back(d.grids[g].centroid.x(), g);
  std::sort(by_x.begin(), by_x.end());
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t h = 0; h < G; ++h) {
    const double x = d.grids[h].centroid.x();
    candidates.clear();
    for (auto it = std::lower_bound(by_x.begin(), by_x.end(), std::pair{x - strip, std::uint32_t{0}});
         it != by_x.end() && it->first <= x + strip; ++it)
      candidates.push_back(it->second);
    std::sort(candidates.begin(), candidates.end());
    double total = 0;
    for (const std::uint32_t g : candidates) {
      const double dx = d.grids[h].centroid.x() - d.grids[g].centroid.x();
      const double dy = d.grids[h].centroid.y() - d.grids[g].centroid.y();
      const double d2 = dx * dx + dy * dy;
      if (g == h || d2 > cut2) continue;
      out[h].emplace_back(g, std::exp(-d2 / (2 * sd * sd)));
      total += out[h].back().second;
    }
    for (auto& [g, w] : out[h]) w /= total;
  }
  return out;
}

}  // namespace riskgrid::models
