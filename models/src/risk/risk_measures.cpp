#include "riskgrid/models/risk/risk_measures.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::models {

namespace {

/// One row (a grid in a bin, or over the horizon): normal, weighted normal and weighted forecast.
struct RowSums {
  double normal = 0, weighted_normal = 0, weighted_forecast = 0;
};

RowSums sums_of(std::span<const double> normal, std::span<const double> forecast, const std::vector<double>& w) {
  RowSums s;
  for (std::size_t c = 0; c < w.size(); ++c) {
    s.normal += normal[c];
    s.weighted_normal += w[c] * normal[c];
    s.weighted_forecast += w[c] * forecast[c];
  }
  return s;
}

double ratio_of(const RowSums& s, double pseudo_count) {
  return (s.weighted_forecast + pseudo_count) / (s.weighted_normal + pseudo_count);
}

std::int8_t level_of(double ratio, const std::array<double, 3>& bands) {
  std::int8_t level = 0;
  for (std::size_t l = 0; l < bands.size(); ++l)
    if (ratio >= bands[l]) level = static_cast<std::int8_t>(l + 1);
  return level;
}

/// Per [bin][unit]: normal, ratio, excess and level.
void measure_bins(const RiskInput& in, const std::vector<double>& w, RiskMeasures& out) {
  const std::size_t rows = in.normal.shape().rows();
  out.normal.resize(rows), out.ratio.resize(rows), out.excess.resize(rows), out.level.resize(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    const RowSums s = sums_of(in.normal.row(row), in.forecast.row(row), w);
    out.normal[row] = s.normal;
    out.ratio[row] = ratio_of(s, in.spec.pseudo_count);
    out.excess[row] = s.weighted_forecast - s.weighted_normal;
    out.level[row] = level_of(out.ratio[row], in.spec.ratio_bands);
    if (!in.overdue_life_safety_probability.empty() && in.overdue_life_safety_probability[row] >= in.red_probability)
      out.level[row] = 3;
  }
}

/// Sums [bin][unit][category] over bins into [unit][category].
std::vector<double> over_horizon(cube::View<const double> x) {
  const std::size_t cells = x.shape().units * x.shape().categories;
  std::vector<double> total(cells, 0.0);
  for (std::size_t b = 0; b < x.shape().bins; ++b)
    for (std::size_t i = 0; i < cells; ++i) total[i] += x[b * cells + i];
  return total;
}

/// The mean over bins of each grid's P(overdue life-safety case); empty without case handling.
std::vector<double> mean_overdue_probability(const RiskInput& in) {
  if (in.overdue_life_safety_probability.empty()) return {};
  const std::size_t units = in.normal.shape().units, bins = std::max<std::size_t>(1, in.normal.shape().bins);
  std::vector<double> mean(units, 0.0);
  for (std::size_t i = 0; i < in.overdue_life_safety_probability.size(); ++i)
    mean[i % units] += in.overdue_life_safety_probability[i] / static_cast<double>(bins);
  return mean;
}

/// The names of the (at most two) categories adding most to a grid's excess, largest first.
std::string top_names(std::span<const double> excess, const catalog::CategoryCatalog& catalog) {
  std::vector<std::size_t> order(excess.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return excess[a] > excess[b]; });
  std::string names;
  for (std::size_t i = 0; i < std::min<std::size_t>(2, order.size()) && excess[order[i]] > 0; ++i)
    names += fmt::format("{}{} +{:.0f}", i ? ", " : "", catalog.categories[order[i]].id, excess[order[i]]);
  return names;
}

/// The level an on-time share gives (0 when it is unknown or above every band).
std::int8_t on_time_level(double share, const std::array<double, 3>& bands) {
  std::int8_t level = 0;
  for (std::size_t l = 0; l < bands.size(); ++l)
    if (share < bands[l]) level = static_cast<std::int8_t>(l + 1);
  return level;
}

double on_time_of(const RiskInput& in, std::size_t u) {
  return in.on_time_share.empty() ? std::numeric_limits<double>::quiet_NaN() : in.on_time_share[u];
}

/// "3.4× normal (red from 3×); most excess: municipal +150, greenery +40", or the handling rule that
/// raised the level: an overdue life-safety case, or the on-time share.
std::string reason_of(const RiskMeasures& m, std::size_t u, double overdue_probability, const RiskInput& in,
                      std::span<const double> excess) {
  const auto& bands = in.spec.ratio_bands;
  const auto& levels = in.spec.levels;
  const std::int8_t by_ratio = level_of(m.horizon_ratio[u], bands);
  const std::int8_t by_on_time = on_time_level(on_time_of(in, u), in.spec.on_time_bands);
  if (m.horizon_level[u] > std::max(by_ratio, by_on_time))
    return fmt::format("overdue life-safety case likely (p {:.2f} ≥ {:.2f}); {:.2f}× normal", overdue_probability,
                       in.red_probability, m.horizon_ratio[u]);
  if (by_on_time > by_ratio)
    return fmt::format("{:.1f}% on time ({} below {:g}%); {:.2f}× normal", 100 * on_time_of(in, u),
                       levels[static_cast<std::size_t>(by_on_time)].name,
                       100 * in.spec.on_time_bands[static_cast<std::size_t>(by_on_time - 1)], m.horizon_ratio[u]);
  std::string reason = by_ratio == 0
                           ? fmt::format("{:.2f}× normal ({} from {:g}×)", m.horizon_ratio[u], levels[1].name, bands[0])
                           : fmt::format("{:.2f}× normal ({} from {:g}×)", m.horizon_ratio[u],
                                         levels[static_cast<std::size_t>(by_ratio)].name, bands[by_ratio - 1]);
  const std::string top = top_names(excess, in.catalog);
  if (by_ratio > 0 && !top.empty()) reason += "; most excess: " + top;
  return reason;
}

/// Over the horizon: sums, ratio, excess, level (with the life-safety rule), reason and drivers.
void measure_horizon(const RiskInput& in, const std::vector<double>& w, RiskMeasures& out) {
  const std::size_t units = in.normal.shape().units, k = w.size();
  const std::vector<double> normal = over_horizon(in.normal), forecast = over_horizon(in.forecast);
  const std::vector<double> overdue = mean_overdue_probability(in);
  out.category_excess.assign(units * k, 0.0);
  out.top_category.assign(units, -1);
  for (std::size_t u = 0; u < units; ++u) {
    const std::span<const double> n(normal.data() + u * k, k), f(forecast.data() + u * k, k);
    const RowSums s = sums_of(n, f, w);
    out.horizon_normal.push_back(s.normal);
    out.horizon_ratio.push_back(ratio_of(s, in.spec.pseudo_count));
    out.horizon_excess.push_back(s.weighted_forecast - s.weighted_normal);
    std::int8_t level = level_of(out.horizon_ratio.back(), in.spec.ratio_bands);
    level = std::max(level, on_time_level(on_time_of(in, u), in.spec.on_time_bands));
    if (!overdue.empty() && overdue[u] >= in.red_probability) level = 3;
    out.horizon_level.push_back(level);
    double best = 0;
    for (std::size_t c = 0; c < k; ++c) {
      const double e = w[c] * (f[c] - n[c]);
      out.category_excess[u * k + c] = e;
      if (e > best) best = e, out.top_category[u] = static_cast<int>(c);
    }
    out.level_reason.push_back(reason_of(out, u, overdue.empty() ? 0.0 : overdue[u], in,
                                         std::span<const double>(out.category_excess.data() + u * k, k)));
  }
}

/// Rank 1 = the largest excess (per 10,000 residents, or in incidents); ties keep grid order.
void rank_grids(const RiskInput& in, RiskMeasures& out) {
  const std::size_t units = out.horizon_excess.size();
  for (std::size_t u = 0; u < units; ++u) {
    const double population = in.district.grids[u].population;
    const bool per_capita = in.spec.rank_by == scenario::RiskSpec::RankBy::per_capita && population > 0;
    out.rank_value.push_back(per_capita ? out.horizon_excess[u] / population * 1e4 : out.horizon_excess[u]);
  }
  std::vector<std::size_t> order(units);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return out.rank_value[a] > out.rank_value[b]; });
  out.rank.assign(units, 0);
  for (std::size_t i = 0; i < units; ++i) out.rank[order[i]] = static_cast<std::int32_t>(i + 1);
}

}  // namespace

std::vector<double> category_weights(const catalog::CategoryCatalog& catalog, const scenario::RiskSpec& spec) {
  std::vector<double> w;
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) w.push_back(c.weight), ids.push_back(c.id);
  for (const auto& [id, value] : spec.weights) {
    const auto i = catalog.index_of(id);
    if (!i) {
      const std::string hint = io::closest_match(id, ids);
      throw ScenarioError(fmt::format("risk.weights: unknown category \"{}\"{}", id, io::did_you_mean(hint)));
    }
    if (value < 0) throw ScenarioError(fmt::format("risk.weights.{}: expected a weight >= 0", id));
    w[*i] = value;
  }
  return w;
}

std::string rank_measure_name(const scenario::RiskSpec& spec) {
  return spec.rank_by == scenario::RiskSpec::RankBy::per_capita ? "weighted excess per 10,000 residents"
                                                                : "weighted excess incidents";
}

RiskMeasures measure_risk(const RiskInput& in) {
  if (!(in.normal.shape() == in.forecast.shape()) || in.normal.shape().categories != in.catalog.size() ||
      in.normal.shape().units != in.district.grids.size())
    throw std::invalid_argument("measure_risk: normal, forecast, catalog and district disagree in shape");
  const std::vector<double> w = category_weights(in.catalog, in.spec);
  RiskMeasures out;
  measure_bins(in, w, out);
  measure_horizon(in, w, out);
  rank_grids(in, out);
  return out;
}

}  // namespace riskgrid::models
