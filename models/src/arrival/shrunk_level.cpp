// shrunk_level and damped_trend as arrival models: exponentially weighted sums of each cell's daily
// counts at the last training weeks' starts and at the end, the prior of each cell from the others'
// rates, the half-life and smoothing chosen by how well they forecast those weeks, then the level
// forecast (level_forecast.hpp). Single-threaded and free of random numbers: the same on any thread count.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <array>
#include <string>

#include <fmt/format.h>

#include "level_forecast.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/shrunk_level.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinPriorRate = 1e-6;  // per cell and day, so a prior mean is never 0

// How a cell's prior rate is formed from the other cells' rates: by the density (per m^2) of the
// cells of its group (town or district), or of its kernel neighbours.
struct Smoother {
  std::string name;
  std::vector<std::uint32_t> group;                                   // [grid], group kind
  std::vector<std::vector<std::pair<std::uint32_t, double>>> kernel;  // [grid] weights of the others
};

// Kernels of the given sds (in unit spacings); with `all`, also the town and the district.
std::vector<Smoother> smoothers(const spatial::District& d, const std::vector<double>& bandwidths, bool all) {
  const std::size_t G = d.grids.size();
  std::vector<Smoother> out;
  std::vector<double> areas;
  for (const auto& g : d.grids) areas.push_back(g.area_m2);
  std::nth_element(areas.begin(), areas.begin() + std::ptrdiff_t(G / 2), areas.end());
  const double spacing = std::sqrt(std::max(areas[G / 2], 1.0));
  for (const double k : bandwidths) {
    Smoother s{fmt::format("kernel sd {:.0f} m", k * spacing), {}, {}};
    s.kernel.resize(G);
    const double sd = k * spacing, cut2 = 9 * sd * sd;
    for (std::uint32_t i = 0; i < G; ++i)
      for (std::uint32_t j = 0; j < G; ++j) {
        const double dx = d.grids[i].centroid.x() - d.grids[j].centroid.x();
        const double dy = d.grids[i].centroid.y() - d.grids[j].centroid.y();
        const double d2 = dx * dx + dy * dy;
        if (i != j && d2 <= cut2) s.kernel[i].emplace_back(j, std::exp(-d2 / (2 * sd * sd)));
      }
    out.push_back(std::move(s));
  }
  Smoother town{"town", std::vector<std::uint32_t>(G), {}};
  std::map<std::string, std::uint32_t> towns;
  for (std::size_t g = 0; g < G; ++g)
    town.group[g] = towns.emplace(d.grids[g].parent, std::uint32_t(towns.size())).first->second;
  if (all && towns.size() > 1 && towns.size() < G) out.push_back(std::move(town));
  if (all) out.push_back({"district", std::vector<std::uint32_t>(G, 0), {}});
  return out;
}

// Prior rate per [grid][category] from the raw rates: the others' density times the cell's area.
std::vector<double> prior_rates(const Smoother& s, const std::vector<double>& area, const std::vector<double>& rate,
                                std::size_t C) {
  const std::size_t G = area.size();
  std::vector<double> out(G * C);
  std::vector<double> num(C), group_rate, group_area;
  if (s.kernel.empty()) {
    const std::size_t groups = *std::max_element(s.group.begin(), s.group.end()) + 1;
    group_rate.assign(groups * C, 0.0);
    group_area.assign(groups, 0.0);
    for (std::size_t g = 0; g < G; ++g) {
      group_area[s.group[g]] += area[g];
      for (std::size_t c = 0; c < C; ++c) group_rate[s.group[g] * C + c] += rate[g * C + c];
    }
  }
  for (std::size_t g = 0; g < G; ++g) {
    double den = 0;
    std::fill(num.begin(), num.end(), 0.0);
    if (s.kernel.empty()) {
      den = group_area[s.group[g]] - area[g];
      for (std::size_t c = 0; c < C; ++c) num[c] = group_rate[s.group[g] * C + c] - rate[g * C + c];
    } else {
      for (const auto& [j, w] : s.kernel[g]) {
        den += w * area[j];
        for (std::size_t c = 0; c < C; ++c) num[c] += w * rate[j * C + c];
      }
    }
    for (std::size_t c = 0; c < C; ++c) {
      const double m = den > 0 ? area[g] * num[c] / den : rate[g * C + c];
      out[g * C + c] = std::max(m, kMinPriorRate);
    }
  }
  return out;
}

// Exponentially weighted sums of every cell's counts before day t: sum[cell], the weights' sum and
// the sum of their squares.
struct Weighted {
  std::vector<double> sum;
  double weight = 0, weight2 = 0;
  double effective_days() const { return weight * weight / weight2; }
  double effective_count(std::size_t cell) const { return sum[cell] * weight / weight2; }
  double rate(std::size_t cell) const { return sum[cell] / weight; }
};

// Sums at each day of `at` (increasing) for half-life h (days; infinity = equal weights).
std::vector<Weighted> weighted_sums(const DailyCounts& w, double h, const std::vector<std::size_t>& at) {
  const double q = std::isinf(h) ? 1.0 : std::exp2(-1 / h), half = std::isinf(h) ? 1.0 : std::exp2(-0.5 / h);
  const std::size_t cells = w.grids * w.categories;
  std::vector<Weighted> out(at.size(), Weighted{std::vector<double>(cells), 0, 0});
  double e = 0, e2 = 0;
  for (std::size_t d = 0, k = 0; k < at.size(); ++d) {
    for (; k < at.size() && at[k] == d; ++k) out[k].weight = e, out[k].weight2 = e2;
    if (d >= w.days) break;
    e = q * e + half, e2 = q * q * e2 + half * half;
  }
  for (std::size_t cell = 0; cell < cells; ++cell) {
    const std::uint32_t* y = w.daily.data() + cell * w.days;
    double s = 0;
    for (std::size_t d = 0, k = 0; k < at.size(); ++d) {
      for (; k < at.size() && at[k] == d; ++k) out[k].sum[cell] = s;
      if (d >= w.days) break;
      s = q * s + half * y[d];
    }
  }
  return out;
}

}  // namespace

namespace {

// What the validation weeks and the end of training look like to one half-life and smoother.
struct Setup {
  const DailyCounts& w;
  std::vector<double> area;
  std::vector<std::size_t> at;               // validation week starts, then the end of training
  std::vector<std::vector<double>> targets;  // [week][cell] counts of the validation weeks
};

// Posterior mean rates and shapes per cell at one origin, given the prior shapes per category.
void posterior(const Setup& s, const Weighted& sums, const Smoother& sm, const std::vector<double>& shape,
               std::vector<double>& rate, std::vector<double>& post_shape) {
  const std::size_t C = s.w.categories, cells = s.w.grids * C;
  std::vector<double> raw(cells);
  for (std::size_t cell = 0; cell < cells; ++cell) raw[cell] = sums.weight > 0 ? sums.rate(cell) : 0.0;
  const std::vector<double> prior = prior_rates(sm, s.area, raw, C);
  const double days = sums.weight > 0 ? sums.effective_days() : 0.0;
  rate.resize(cells), post_shape.resize(cells);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    const double a = shape[cell % C], y = sums.weight > 0 ? sums.effective_count(cell) : 0.0;
    rate[cell] = (a + y) / (a / prior[cell] + days);
    post_shape[cell] = a + y;
  }
}

// The prior shape per category by marginal likelihood at the end of training.
std::vector<double> prior_shapes(const Setup& s, const Weighted& end, const Smoother& sm) {
  const std::size_t C = s.w.categories, G = s.w.grids;
  std::vector<double> raw(G * C);
  for (std::size_t cell = 0; cell < raw.size(); ++cell) raw[cell] = end.rate(cell);
  const std::vector<double> prior = prior_rates(sm, s.area, raw, C);
  std::vector<double> shape(C);
  for (std::size_t c = 0; c < C; ++c) {
    std::vector<double> y(G), m(G);
    for (std::size_t g = 0; g < G; ++g) {
      y[g] = end.effective_count(g * C + c);
      m[g] = prior[g * C + c] * end.effective_days();
    }
    shape[c] = eb_gamma_shape(y, m);
  }
  return shape;
}

// Poisson log-likelihood of the validation weeks' counts, each forecast from the weeks before it.
double validation_score(const Setup& s, const std::vector<Weighted>& sums, const Smoother& sm,
                        const std::vector<double>& shape) {
  double score = 0;
  std::vector<double> rate, post;
  for (std::size_t k = 0; k < s.targets.size(); ++k) {
    posterior(s, sums[k], sm, shape, rate, post);
    for (std::size_t cell = 0; cell < rate.size(); ++cell) {
      const double mu = 7 * std::max(rate[cell], kMinDailyRate);
      score += s.targets[k][cell] * std::log(mu) - mu;
    }
  }
  return score;
}

// Per category, the drift size kappa that widens the posterior (1/size = 1/(a + y) + 1/kappa), by the
// negative-binomial likelihood of the validation weeks; infinity when none shows.
std::vector<double> drift_sizes(const Setup& s, const std::vector<Weighted>& sums, const Smoother& sm,
                                const std::vector<double>& shape) {
  const std::size_t C = s.w.categories;
  std::vector<std::vector<double>> rate(s.targets.size()), post(s.targets.size());
  for (std::size_t k = 0; k < s.targets.size(); ++k) posterior(s, sums[k], sm, shape, rate[k], post[k]);
  std::vector<double> kappa(C, kInf);
  for (std::size_t c = 0; c < C && !s.targets.empty(); ++c) {
    auto ll = [&](double log_kappa) {
      double sum = 0;
      for (std::size_t k = 0; k < s.targets.size(); ++k)
        for (std::size_t cell = c; cell < rate[k].size(); cell += C) {
          const double size = 1 / (1 / post[k][cell] + std::exp(-log_kappa));
          const forecast::CountDistribution d{7 * std::max(rate[k][cell], kMinDailyRate), size};
          sum += forecast::log_pmf(d, static_cast<std::uint32_t>(s.targets[k][cell]));
        }
      return sum;
    };
    const double best = level::golden_max(ll, std::log(0.05), std::log(1e5), 40);
    if (best < std::log(1e5) - 0.1 && ll(best) > ll(std::log(1e9))) kappa[c] = std::exp(best);
  }
  return kappa;
}

}  // namespace

namespace {

// [category] weekday factors (mean 1) from the last `days` days, one incident added to each weekday.
std::vector<std::array<double, 7>> weekday_factors(const DailyCounts& w, std::size_t days) {
  std::vector<std::array<double, 7>> out(w.categories);
  const std::size_t first = w.days - std::min(days, w.days);
  for (std::size_t c = 0; c < w.categories; ++c) {
    std::array<double, 7> n{}, exposure{};
    for (std::size_t d = first; d < w.days; ++d) {
      const auto wd = static_cast<std::size_t>(time::weekday(w.start + static_cast<time::Seconds>(d) * time::kDay));
      exposure[wd] += 1;
      for (std::size_t g = 0; g < w.grids; ++g) n[wd] += w.at(g, c, d);
    }
    double mean = 0;
    for (std::size_t i = 0; i < 7; ++i) mean += (out[c][i] = (n[i] + 1) / std::max(exposure[i], 1.0)) / 7;
    for (double& f : out[c]) f /= mean;
  }
  return out;
}

// [category] damped trend of the log weekly district totals, scaled to the cells' levels.
std::vector<level::DampedTrend> damped_trends(const DailyCounts& w, const std::vector<double>& level,
                                              const catalog::CategoryCatalog& catalog, std::string& text) {
  const std::size_t weeks = w.days / 7, C = w.categories;
  std::vector<level::DampedTrend> out(C);
  for (std::size_t c = 0; c < C; ++c) {
    std::vector<double> y(weeks);
    for (std::size_t k = 0; k < weeks; ++k) {
      const std::size_t from = w.days - 7 * (weeks - k);
      double total = 0;
      for (std::size_t g = 0; g < w.grids; ++g) total += w.sum(g, c, from, from + 7);
      y[k] = std::log(total + 0.5);
    }
    const DampedTrendFit fit = fit_damped_trend(y);
    double cells_total = 0;
    for (std::size_t g = 0; g < w.grids; ++g) cells_total += level[g * C + c];
    const double daily = std::max(std::exp(fit.level) - 0.5, 1e-3) / 7;
    out[c] = {daily / cells_total, fit.slope, fit.phi};
    text += fmt::format("; {} trend: alpha {} beta {} phi {}, {:+.2f}%/week now", catalog.categories[c].id, fit.alpha,
                        fit.beta, fit.phi, 100 * fit.slope);
  }
  return out;
}

}  // namespace

std::unique_ptr<FittedArrivals> ShrunkLevel::fit(const FitInput& in) const {
  const DailyCounts w = count_daily(in, name(), 28);
  const std::size_t C = w.categories, G = w.grids, cells = G * C;
  Setup s{w, {}, {}, {}};
  for (const auto& g : in.district.grids) s.area.push_back(std::max(g.area_m2, 1.0));
  const std::size_t weeks = std::min(settings_.validation_weeks, (w.days - 28) / 7);
  for (std::size_t k = 0; k < weeks; ++k) {
    s.at.push_back(w.days - 7 * (weeks - k));
    std::vector<double> y(cells);
    for (std::size_t cell = 0; cell < cells; ++cell) y[cell] = w.sum(cell / C, cell % C, s.at.back(), s.at.back() + 7);
    s.targets.push_back(std::move(y));
  }
  s.at.push_back(w.days);
  const bool choose_smoothing = !(settings_.bandwidth_spacings > 0);
  const std::vector<double> bandwidths = choose_smoothing
                                             ? std::vector<double>(std::begin(kBandwidths), std::end(kBandwidths))
                                             : std::vector<double>{settings_.bandwidth_spacings};
  const std::vector<Smoother> sm = smoothers(in.district, bandwidths, choose_smoothing);
  std::vector<double> half_lives(std::begin(kHalfLives), std::end(kHalfLives));
  if (settings_.half_life_days > 0) half_lives = {settings_.half_life_days};
  std::map<double, std::vector<Weighted>> sums;
  auto sums_of = [&](double h) -> const std::vector<Weighted>& {
    auto it = sums.find(h);
    return it != sums.end() ? it->second : sums.emplace(h, weighted_sums(w, h, s.at)).first->second;
  };
  auto score = [&](double h, std::size_t i) {
    return validation_score(s, sums_of(h), sm[i], prior_shapes(s, sums_of(h).back(), sm[i]));
  };
  // Coordinate search: the half-life under the middle smoother, then the smoother under that half-life.
  std::size_t best_sm = std::min<std::size_t>(1, sm.size() - 1);
  double best_h = half_lives.front(), best = -kInf;
  for (const double h : half_lives)
    if (const double v = half_lives.size() > 1 ? score(h, best_sm) : 0.0; v > best) best = v, best_h = h;
  best = -kInf;
  for (std::size_t i = 0; i < sm.size(); ++i)
    if (const double v = sm.size() > 1 ? score(best_h, i) : 0.0; v > best) best = v, best_sm = i;
  const std::vector<Weighted>& chosen = sums_of(best_h);
  const std::vector<double> shape = prior_shapes(s, chosen.back(), sm[best_sm]);
  const std::vector<double> kappa = drift_sizes(s, chosen, sm[best_sm], shape);
  level::LevelParts parts{G, C, {}, {}, weekday_factors(w, settings_.weekday_days), hour_shares(w), {}, in.train_end};
  posterior(s, chosen.back(), sm[best_sm], shape, parts.level, parts.size);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    parts.level[cell] = std::max(parts.level[cell], kMinDailyRate);
    parts.size[cell] = 1 / (1 / parts.size[cell] + 1 / kappa[cell % C]);
  }
  std::string text = fmt::format("{}: {} days, {} incidents; half-life {} days, prior from {} ({} validation weeks)",
                                 name(), w.days, w.incidents, best_h, sm[best_sm].name, weeks);
  for (std::size_t c = 0; c < C; ++c)
    text += fmt::format("; {} shape {:.3g} drift {:.3g}", in.catalog.categories[c].id, shape[c], kappa[c]);
  if (settings_.damped_trend && w.days >= 8 * 7) parts.trend = damped_trends(w, parts.level, in.catalog, text);
  return level::make_level_forecast(std::move(parts), name(), std::move(text));
}

std::unique_ptr<ArrivalModel> ShrunkLevel::create(const ModelSettings& s) {
  ShrunkLevelSettings h;  // docs/models.md
  h.half_life_days = s.number_or("half_life_days", 0, 0, 100'000);
  h.bandwidth_spacings = s.number_or("bandwidth_spacings", 0, 0, 1000);
  h.validation_weeks = s.count_or("validation_weeks", h.validation_weeks, 0, 104);
  return std::make_unique<ShrunkLevel>(h);
}

std::unique_ptr<ArrivalModel> DampedTrendLevel::create(const ModelSettings& s) {
  ShrunkLevelSettings h;
  h.half_life_days = s.number_or("half_life_days", 0, 0, 100'000);
  h.bandwidth_spacings = s.number_or("bandwidth_spacings", 0, 0, 1000);
  h.validation_weeks = s.count_or("validation_weeks", h.validation_weeks, 0, 104);
  h.damped_trend = true;
  return std::make_unique<ShrunkLevel>(h);
}

}  // namespace riskgrid::models
