#include "riskgrid/models/risk/risk_index.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/stats/quantile.hpp"

namespace riskgrid::models {

namespace {

std::vector<double> exposure(const spatial::District& district, bool by_population) {
  std::vector<double> e(district.grids.size(), 1.0);
  if (!by_population) return e;
  double total = 0;
  for (const auto& g : district.grids) total += g.population;
  const double mean = total / static_cast<double>(std::max<std::size_t>(1, e.size()));
  for (std::size_t u = 0; u < e.size(); ++u) e[u] = mean > 0 ? district.grids[u].population / mean : 1.0;
  return e;
}

/// Each category's term of the index, per [row][unit][category]; `counts`, `baseline` are alike.
std::vector<double> contributions_of(std::span<const double> counts, std::span<const double> baseline, std::size_t rows,
                                     std::size_t units, const std::vector<double>& weights,
                                     const std::vector<double>& exposure) {
  const std::size_t k = weights.size();
  double weight_sum = 0;
  for (double w : weights) weight_sum += w;
  const double norm = weight_sum > 0 ? weight_sum : 1.0;
  std::vector<double> out(rows * units * k, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < k; ++c) {
      double mean_over_units = 0;
      for (std::size_t u = 0; u < units; ++u) mean_over_units += baseline[(r * units + u) * k + c];
      mean_over_units /= static_cast<double>(units);
      if (mean_over_units <= 0) continue;
      for (std::size_t u = 0; u < units; ++u) {
        const std::size_t i = (r * units + u) * k + c;
        out[i] = weights[c] * counts[i] / mean_over_units * exposure[u] / norm;
      }
    }
  }
  return out;
}

/// The index per [row][unit]: the sum of its categories' terms.
std::vector<double> index_of(std::span<const double> counts, std::span<const double> baseline, std::size_t rows,
                             std::size_t units, const std::vector<double>& weights,
                             const std::vector<double>& exposure) {
  const std::size_t k = weights.size();
  const std::vector<double> terms = contributions_of(counts, baseline, rows, units, weights, exposure);
  std::vector<double> out(rows * units, 0.0);
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t c = 0; c < k; ++c) out[i] += terms[i * k + c];
  return out;
}

/// Sums [bin][unit][category] over bins into [unit][category].
std::vector<double> over_horizon(std::span<const double> x, std::size_t bins, std::size_t cells) {
  std::vector<double> total(cells, 0.0);
  for (std::size_t b = 0; b < bins; ++b)
    for (std::size_t i = 0; i < cells; ++i) total[i] += x[b * cells + i];
  return total;
}

std::vector<std::int8_t> levels_of(const std::vector<double>& index, const double thresholds[3]) {
  std::vector<std::int8_t> level(index.size(), 0);
  for (std::size_t i = 0; i < index.size(); ++i)
    for (int l = 0; l < 3; ++l)
      if (index[i] >= thresholds[l]) level[i] = static_cast<std::int8_t>(l + 1);
  return level;
}

void band_thresholds(const std::vector<double>& reference, const scenario::RiskSpec& spec, double out[3]) {
  out[2] = stats::quantile_of(reference, 1.0 - spec.red_share);
  out[1] = stats::quantile_of(reference, 1.0 - spec.red_share - spec.orange_share);
  out[0] = stats::quantile_of(reference, 1.0 - spec.red_share - spec.orange_share - spec.yellow_share);
}

/// Red in a bin where an overdue life-safety case is likely enough, and over the horizon where it is on
/// average over the bins (a single unlucky bin does not colour a whole month).
void force_red_for_overdue_life_safety(const RiskInput& in, std::size_t units, RiskOutput& out) {
  if (in.overdue_life_safety_probability.empty()) return;
  std::vector<double> mean(units, 0.0);
  for (std::size_t i = 0; i < out.level.size(); ++i) {
    mean[i % units] += in.overdue_life_safety_probability[i] / static_cast<double>(std::max<std::size_t>(1, in.bins));
    if (in.overdue_life_safety_probability[i] >= in.red_probability) out.level[i] = 3;
  }
  for (std::size_t u = 0; u < units; ++u)
    if (mean[u] >= in.red_probability) out.horizon_level[u] = 3;
}

std::vector<int> top_categories(const std::vector<double>& contributions, std::size_t units, std::size_t k) {
  std::vector<int> top(units, -1);
  for (std::size_t u = 0; u < units; ++u) {
    double best = 0;
    for (std::size_t c = 0; c < k; ++c)
      if (contributions[u * k + c] > best) best = contributions[u * k + c], top[u] = static_cast<int>(c);
  }
  return top;
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

RiskOutput score_risk(const RiskInput& in) {
  const std::size_t units = in.district.grids.size(), k = in.catalog.size();
  const std::vector<double> w = category_weights(in.catalog, in.spec);
  const std::vector<double> e = exposure(in.district, in.spec.exposure_population);
  RiskOutput out;
  const std::span<const double> scale = in.scale.empty() ? in.baseline_expected : in.scale;
  out.index = index_of(in.forecast_mean, scale, in.bins, units, w, e);
  const std::vector<double> forecast_total = over_horizon(in.forecast_mean, in.bins, units * k);
  const std::vector<double> baseline_total = over_horizon(in.baseline_expected, in.bins, units * k);
  const std::vector<double> scale_total = over_horizon(scale, in.bins, units * k);
  out.horizon_index = index_of(forecast_total, scale_total, 1, units, w, e);

  double per_bin[3];
  const bool baseline_ref = in.spec.bands_from_baseline;
  band_thresholds(baseline_ref ? index_of(in.baseline_expected, scale, in.bins, units, w, e) : out.index, in.spec,
                  per_bin);
  band_thresholds(baseline_ref ? index_of(baseline_total, scale_total, 1, units, w, e) : out.horizon_index, in.spec,
                  out.thresholds);
  out.level = levels_of(out.index, per_bin);
  out.horizon_level = levels_of(out.horizon_index, out.thresholds);
  force_red_for_overdue_life_safety(in, units, out);
  out.category_contribution = contributions_of(forecast_total, scale_total, 1, units, w, e);
  out.top_category = top_categories(out.category_contribution, units, k);
  return out;
}

}  // namespace riskgrid::models
