// The three rules on the observed window, with the null replicas that give cusum and scan their
// familywise Monte Carlo p-values, and the ranking of the alerts.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "rules.hpp"

namespace riskgrid::models::monitor {

namespace {

using detail::CellScores;
using detail::SpaceTimeScan;

// The rules share the nominal level equally, so together they stay at or below it.
constexpr double kRules = 3;

/// The largest CUSUM and scan ratio of each null replica, by replica index (thread-independent).
struct NullMaxima {
  std::vector<double> cusum, scan;
};

void draw_replica(const WindowCounts& w, const rng::ReplicaKey& key, cube::View<std::uint32_t> out) {
  static constexpr std::uint32_t kPurpose = rng::purpose_of("monitor.null");
  const cube::Shape& s = w.mean.shape();
  for (std::size_t g = 0; g < s.units; ++g) {
    for (std::size_t c = 0; c < s.categories; ++c) {
      rng::Stream stream = key.stream({kPurpose, static_cast<std::uint32_t>(g), static_cast<std::uint32_t>(c)});
      for (std::size_t day = 0; day < s.bins; ++day) {
        const forecast::CountDistribution d = detail::distribution_of(w, s.index(day, g, c));
        out.at(day, g, c) = d.poisson() ? rng::poisson(stream, d.mean) : rng::negative_binomial(stream, d.mean, d.size);
      }
    }
  }
}

NullMaxima simulate_null(const WindowCounts& w, const CellScores& scores, const SpaceTimeScan& scan,
                         const MonitorSettings& settings, std::uint64_t seed, std::uint64_t stream_base) {
  NullMaxima out{std::vector<double>(settings.replicas), std::vector<double>(settings.replicas)};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, settings.replicas, 8),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      cube::Cube<std::uint32_t> counts(w.mean.shape());
                      std::vector<double> scratch;
                      for (std::size_t r = range.begin(); r != range.end(); ++r) {
                        draw_replica(w, {seed, stream_base + r}, counts.view());
                        const detail::CusumLast cusum = detail::cusum_last(scores, counts.view(), settings.cusum_k);
                        out.cusum[r] = *std::max_element(cusum.value.begin(), cusum.value.end());
                        out.scan[r] = scan.max_llr(counts.view(), scratch);
                      }
                    });
  std::sort(out.cusum.begin(), out.cusum.end());
  std::sort(out.scan.begin(), out.scan.end());
  return out;
}

/// (1 + replicas whose largest statistic reaches `value`) / (R + 1); `sorted` ascending.
double monte_carlo_p(const std::vector<double>& sorted, double value) {
  const auto at_or_above = static_cast<double>(sorted.end() - std::lower_bound(sorted.begin(), sorted.end(), value));
  return (1 + at_or_above) / static_cast<double>(sorted.size() + 1);
}

void tail_alerts(const WindowCounts& w, const CellScores& scores, double level, std::vector<Alert>& out) {
  const cube::Shape& s = w.mean.shape();
  const double cells = static_cast<double>(s.units * s.categories);
  for (std::size_t day = 0; day < s.bins; ++day)
    for (std::size_t g = 0; g < s.units; ++g)
      for (std::size_t c = 0; c < s.categories; ++c) {
        const std::size_t cell = s.index(day, g, c);
        const double tail = scores.tail(cell, w.observed[cell]);
        const double p = std::min(1.0, tail * cells);
        if (p <= level)
          out.push_back({Rule::tail,
                         {g},
                         c,
                         day,
                         day,
                         static_cast<double>(w.observed[cell]),
                         w.mean[cell],
                         p,
                         -std::log10(std::max(tail, 1e-300))});
      }
}

void cusum_alerts(const WindowCounts& w, const CellScores& scores, const NullMaxima& null, const MonitorSettings& m,
                  double level, std::vector<Alert>& out) {
  const cube::Shape& s = w.mean.shape();
  const detail::CusumLast cusum = detail::cusum_last(scores, w.observed, m.cusum_k);
  for (std::size_t g = 0; g < s.units; ++g)
    for (std::size_t c = 0; c < s.categories; ++c) {
      const std::size_t i = g * s.categories + c;
      if (cusum.value[i] < m.cusum_h) continue;
      const double p = monte_carlo_p(null.cusum, cusum.value[i]);
      if (p > level) continue;
      Alert a{Rule::cusum, {g}, c, cusum.start[i], s.bins - 1, 0, 0, p, cusum.value[i]};
      for (std::size_t day = a.start_day; day < s.bins; ++day) {
        a.observed += w.observed.at(day, g, c);
        a.expected += w.mean.at(day, g, c);
      }
      out.push_back(std::move(a));
    }
}

/// The significant cylinders of each category, strongest first, none sharing a grid with a stronger
/// one of the same category (SaTScan's secondary clusters without geographical overlap).
void scan_alerts(const WindowCounts& w, const SpaceTimeScan& scan, const NullMaxima& null, double level,
                 std::vector<Alert>& out) {
  const cube::Shape& s = w.mean.shape();
  std::vector<detail::Cylinder> all = scan.cylinders(w.observed);
  std::sort(all.begin(), all.end(), [](const detail::Cylinder& a, const detail::Cylinder& b) {
    return std::tie(b.llr, a.category, a.centre, a.size, a.days) <
           std::tie(a.llr, b.category, b.centre, b.size, b.days);
  });
  std::vector<char> taken(s.units * s.categories, 0);
  for (const auto& cyl : all) {
    const double p = monte_carlo_p(null.scan, cyl.llr);
    if (p > level) break;  // sorted by ratio: every later one is weaker
    const auto& n = scan.neighbourhood(cyl.centre);
    const std::vector<std::size_t> grids(n.begin(), n.begin() + static_cast<std::ptrdiff_t>(cyl.size));
    if (std::any_of(grids.begin(), grids.end(), [&](std::size_t g) { return taken[g * s.categories + cyl.category]; }))
      continue;
    for (const std::size_t g : grids) taken[g * s.categories + cyl.category] = 1;
    out.push_back(
        {Rule::scan, grids, cyl.category, s.bins - cyl.days, s.bins - 1, cyl.observed, cyl.expected, p, cyl.llr});
  }
}

bool ranks_before(const Alert& a, const Alert& b) {
  const double excess_a = a.observed - a.expected, excess_b = b.observed - b.expected;
  return std::tie(a.p_value, excess_b, a.rule, a.category, a.grids, a.start_day) <
         std::tie(b.p_value, excess_a, b.rule, b.category, b.grids, b.start_day);
}

}  // namespace

std::string_view rule_name(Rule rule) {
  switch (rule) {
    case Rule::tail:
      return "tail";
    case Rule::cusum:
      return "cusum";
    case Rule::scan:
      return "scan";
  }
  return "?";
}

std::vector<Alert> score_window(const WindowCounts& w, const std::vector<std::vector<std::size_t>>& neighbourhoods,
                                const MonitorSettings& settings, std::uint64_t seed, std::uint64_t stream_base) {
  if (!(w.observed.shape() == w.mean.shape()) || !(w.size.shape() == w.mean.shape()))
    throw std::invalid_argument("score_window: observed, mean and size differ in shape");
  if (w.mean.shape().bins == 0 || settings.replicas == 0)
    throw std::invalid_argument("score_window: no days or no replicas");
  const double level = settings.alpha / kRules;
  const CellScores scores(w);
  const SpaceTimeScan scan(w, neighbourhoods, settings.max_days);
  const NullMaxima null = simulate_null(w, scores, scan, settings, seed, stream_base);
  std::vector<Alert> alerts;
  tail_alerts(w, scores, level, alerts);
  cusum_alerts(w, scores, null, settings, level, alerts);
  scan_alerts(w, scan, null, level, alerts);
  std::sort(alerts.begin(), alerts.end(), ranks_before);
  return alerts;
}

}  // namespace riskgrid::models::monitor
