// shrunk_level and damped_trend as arrival models: exponentially weighted sums of each cell's daily
// counts at the last training weeks' starts and at the end, the prior of each cell from the others'
// rates, the half-life and smoothing chosen by how well they forecast those weeks, then the level
// forecast (level_forecast.hpp). Single-threaded and free of random numbers: the same on any thread count.
#include <algorithm>
#include <cmath>
#include <limits>
#include <array>
#include <map>
#include <utility>
#include <string>

#include <fmt/format.h>

#include "level_forecast.hpp"
#include "shrunk_level_prior.hpp"
#include "shrunk_level_sums.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/shrunk_level.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

using level::RateMatrix;
using level::Smoother;
using level::WeightedSums;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinPriorRate = 1e-6;  // per cell and day, so a prior mean is never 0

// What the validation weeks and the end of training look like to one half-life and smoother.
struct Setup {
  const DailyCounts& w;
  std::vector<double> area;
  std::vector<std::size_t> at;               // validation week starts, then the end of training
  std::vector<std::vector<double>> targets;  // [week][cell] counts of the validation weeks
};

// One half-life and smoother: the prior rates at every origin, the prior shapes and the validation score.
struct Candidate {
  const WeightedSums* sums = nullptr;
  RateMatrix prior;  // [grid][origin * categories + category]
  std::vector<double> shape;
  double score = 0;
};

// Posterior mean rates and shapes per cell at origin k, given the prior shapes per category.
void posterior(const Setup& s, const Candidate& x, const std::vector<double>& shape, std::size_t k,
               std::vector<double>& rate, std::vector<double>& post_shape) {
  const std::size_t C = s.w.categories, cells = s.w.grids * C;
  const double days = x.sums->effective_days(k);
  rate.resize(cells), post_shape.resize(cells);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    const std::size_t g = cell / C, c = cell % C;
    const double a = shape[c], y = x.sums->effective_count(k, g, c);
    rate[cell] = (a + y) / (a / x.prior(Eigen::Index(g), Eigen::Index(k * C + c)) + days);
    post_shape[cell] = a + y;
  }
}

// The prior shape per category by marginal likelihood at the end of training.
std::vector<double> prior_shapes(const Setup& s, const Candidate& x) {
  const std::size_t C = s.w.categories, G = s.w.grids, end = s.at.size() - 1;
  std::vector<double> shape(C);
  for (std::size_t c = 0; c < C; ++c) {
    std::vector<double> y(G), m(G);
    for (std::size_t g = 0; g < G; ++g) {
      y[g] = x.sums->effective_count(end, g, c);
      m[g] = x.prior(Eigen::Index(g), Eigen::Index(end * C + c)) * x.sums->effective_days(end);
    }
    shape[c] = eb_gamma_shape(y, m);
  }
  return shape;
}

// Poisson log-likelihood of the validation weeks' counts, each forecast from the weeks before it.
double validation_score(const Setup& s, const Candidate& x) {
  double score = 0;
  std::vector<double> rate, post;
  for (std::size_t k = 0; k < s.targets.size(); ++k) {
    posterior(s, x, x.shape, k, rate, post);
    for (std::size_t cell = 0; cell < rate.size(); ++cell) {
      const double mu = 7 * std::max(rate[cell], kMinDailyRate);
      score += s.targets[k][cell] * std::log(mu) - mu;
    }
  }
  return score;
}

// The negative-binomial log-probability of n without -log(n!), which is the same for every size and
// so drops out of comparing sizes; for small n, log Gamma(n + k) - log Gamma(k) as a sum of logs.
double nb_log_pmf_but_factorial(double mean, double k, double n) {
  if (!(k < forecast::kPoissonSizeAbove)) return n * std::log(mean) - mean;
  double head = 0;
  if (n < 8) {
    for (double i = 0; i < n; ++i) head += std::log(k + i);
  } else {
    head = std::lgamma(n + k) - std::lgamma(k);
  }
  return head + k * std::log(k / (k + mean)) + (n > 0 ? n * std::log(mean / (k + mean)) : 0.0);
}

// Per category, the drift size kappa that widens the posterior (1/size = 1/(a + y) + 1/kappa), by the
// negative-binomial likelihood of the validation weeks; infinity when none shows.
std::vector<double> drift_sizes(const Setup& s, const Candidate& x) {
  const std::size_t C = s.w.categories;
  std::vector<std::vector<double>> mean(s.targets.size()), inverse(s.targets.size());
  for (std::size_t k = 0; k < s.targets.size(); ++k) {
    posterior(s, x, x.shape, k, mean[k], inverse[k]);
    for (double& m : mean[k]) m = 7 * std::max(m, kMinDailyRate);
    for (double& p : inverse[k]) p = 1 / p;
  }
  std::vector<double> kappa(C, kInf);
  for (std::size_t c = 0; c < C && !s.targets.empty(); ++c) {
    auto ll = [&](double log_kappa) {
      const double drift = std::exp(-log_kappa);
      double sum = 0;
      for (std::size_t k = 0; k < s.targets.size(); ++k)
        for (std::size_t cell = c; cell < mean[k].size(); cell += C)
          sum += nb_log_pmf_but_factorial(mean[k][cell], 1 / (inverse[k][cell] + drift), s.targets[k][cell]);
      return sum;
    };
    const double best = level::golden_max(ll, std::log(0.05), std::log(1e5), 40);
    if (best < std::log(1e5) - 0.1 && ll(best) > ll(std::log(1e9))) kappa[c] = std::exp(best);
  }
  return kappa;
}

// [category] weekday factors (mean 1) from the last `days` days, one incident added to each weekday.
std::vector<std::array<double, 7>> weekday_factors(const DailyCounts& w, const std::vector<std::vector<double>>& total,
                                                   std::size_t days) {
  std::vector<std::array<double, 7>> out(w.categories);
  const std::size_t first = w.days - std::min(days, w.days);
  for (std::size_t c = 0; c < w.categories; ++c) {
    std::array<double, 7> n{}, exposure{};
    for (std::size_t d = first; d < w.days; ++d) {
      const auto wd = static_cast<std::size_t>(time::weekday(w.start + static_cast<time::Seconds>(d) * time::kDay));
      exposure[wd] += 1;
      n[wd] += total[c][d];
    }
    double mean = 0;
    for (std::size_t i = 0; i < 7; ++i) mean += (out[c][i] = (n[i] + 1) / std::max(exposure[i], 1.0)) / 7;
    for (double& f : out[c]) f /= mean;
  }
  return out;
}

// [category] damped trend of the log weekly district totals, scaled to the cells' levels.
std::vector<level::DampedTrend> damped_trends(const DailyCounts& w, const std::vector<std::vector<double>>& daily_total,
                                              const std::vector<double>& level, const catalog::CategoryCatalog& catalog,
                                              std::string& text) {
  const std::size_t weeks = w.days / 7, C = w.categories;
  std::vector<level::DampedTrend> out(C);
  for (std::size_t c = 0; c < C; ++c) {
    std::vector<double> y(weeks);
    for (std::size_t k = 0; k < weeks; ++k) {
      const std::size_t from = w.days - 7 * (weeks - k);
      double total = 0;
      for (std::size_t d = from; d < from + 7; ++d) total += daily_total[c][d];
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
  const level::SparseDailyCounts counts = level::count_sparse(in, name(), 28);
  const DailyCounts& w = counts.head;  // without the dense daily counts
  const level::NonZeroDays& nz = counts.nz;
  const std::size_t C = w.categories, G = w.grids, cells = G * C;
  const std::size_t weeks = std::min(settings_.validation_weeks, (w.days - 28) / 7);
  Setup s{w, level::grid_areas(in.district), {}, level::window_sums(nz, w.days - 7 * weeks, weeks)};
  for (std::size_t k = 0; k < weeks; ++k) s.at.push_back(w.days - 7 * (weeks - k));
  s.at.push_back(w.days);
  const bool choose_smoothing = !(settings_.bandwidth_spacings > 0);
  const std::vector<double> bandwidths = choose_smoothing
                                             ? std::vector<double>(std::begin(kBandwidths), std::end(kBandwidths))
                                             : std::vector<double>{settings_.bandwidth_spacings};
  const auto shared_smoothers = level::smoothers(in.district, bandwidths, choose_smoothing, in.memo);
  const std::vector<Smoother>& sm = *shared_smoothers;
  std::vector<double> half_lives(std::begin(kHalfLives), std::end(kHalfLives));
  if (settings_.half_life_days > 0) half_lives = {settings_.half_life_days};
  std::map<std::size_t, WeightedSums> sums;                        // [half-life index]
  std::map<std::pair<std::size_t, std::size_t>, Candidate> tried;  // [half-life index, smoother]
  auto candidate = [&](std::size_t h, std::size_t i) -> const Candidate& {
    if (auto it = tried.find({h, i}); it != tried.end()) return it->second;
    auto it = sums.find(h);
    if (it == sums.end()) it = sums.emplace(h, level::weighted_sums(w, nz, half_lives[h], s.at)).first;
    Candidate x{&it->second, level::prior_rates(sm[i], s.area, it->second.rates(), kMinPriorRate), {}, 0};
    x.shape = prior_shapes(s, x);
    x.score = validation_score(s, x);
    return tried.emplace(std::pair{h, i}, std::move(x)).first->second;
  };
  // Coordinate search: the half-life under the middle smoother, then the smoother under that half-life.
  std::size_t best_sm = std::min<std::size_t>(1, sm.size() - 1), best_h = 0;
  double best = -kInf;
  for (std::size_t h = 0; h < half_lives.size(); ++h)
    if (const double v = half_lives.size() > 1 ? candidate(h, best_sm).score : 0.0; v > best) best = v, best_h = h;
  best = -kInf;
  for (std::size_t i = 0; i < sm.size(); ++i)
    if (const double v = sm.size() > 1 ? candidate(best_h, i).score : 0.0; v > best) best = v, best_sm = i;
  const Candidate& chosen = candidate(best_h, best_sm);
  const std::vector<double> kappa = drift_sizes(s, chosen);
  const std::vector<std::vector<double>> daily_total = level::daily_totals(w, nz);
  level::LevelParts parts{
      G, C, {}, {}, weekday_factors(w, daily_total, settings_.weekday_days), hour_shares(w), {}, in.train_end};
  posterior(s, chosen, chosen.shape, s.at.size() - 1, parts.level, parts.size);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    parts.level[cell] = std::max(parts.level[cell], kMinDailyRate);
    parts.size[cell] = 1 / (1 / parts.size[cell] + 1 / kappa[cell % C]);
  }
  std::string text = fmt::format("{}: {} days, {} incidents; half-life {} days, prior from {} ({} validation weeks)",
                                 name(), w.days, w.incidents, half_lives[best_h], sm[best_sm].name, weeks);
  for (std::size_t c = 0; c < C; ++c)
    text += fmt::format("; {} shape {:.3g} drift {:.3g}", in.catalog.categories[c].id, chosen.shape[c], kappa[c]);
  if (settings_.damped_trend && w.days >= 8 * 7)
    parts.trend = damped_trends(w, daily_total, parts.level, in.catalog, text);
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
