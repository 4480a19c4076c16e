// negbin_glm as an arrival model: daily counts of the training window, one regression per category
// (in parallel: categories are independent, so results do not depend on threads), forecast as daily
// rates exp(alpha + x(day) . theta) with the category's k.
#include <cmath>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"

namespace riskgrid::models {

namespace {

struct Design {
  time::Seconds origin = 0;  // end of training: the trend's 0, the Fourier terms' phase
  int harmonics = 0;
  bool trend = false;
};

class FittedNegbinRegression final : public DailyRateForecast {
 public:
  FittedNegbinRegression(const DailyCounts& w, Design design, std::vector<GlmFit> fits, std::string summary)
      : DailyRateForecast(w.grids, w.categories, hour_shares(w), sizes(fits)),
        design_(design),
        fits_(std::move(fits)),
        summary_(std::move(summary)) {}
  std::string summary() const override { return summary_; }

 protected:
  void daily_rates(time::Seconds day, std::span<double> out) const override {
    const std::vector<double> x = day_covariates(day, design_.origin, design_.harmonics, design_.trend);
    const Eigen::Map<const Eigen::VectorXd> xv(x.data(), Eigen::Index(x.size()));
    const std::size_t C = fits_.size();
    for (std::size_t c = 0; c < C; ++c) {
      const double shift = xv.dot(fits_[c].theta);
      for (std::size_t g = 0; g < fits_[c].alpha.size(); ++g) out[g * C + c] = std::exp(fits_[c].alpha[g] + shift);
    }
  }

 private:
  static std::vector<double> sizes(const std::vector<GlmFit>& fits) {
    std::vector<double> k;
    for (const auto& f : fits) k.push_back(f.size);
    return k;
  }
  Design design_;
  std::vector<GlmFit> fits_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> NegbinRegression::fit(const FitInput& input) const {
  const DailyCounts w = count_daily(input, kName, 14);
  Design design{input.train_end, 0, false};
  if (w.days >= settings_.min_days_for_season) {
    design.harmonics = settings_.harmonics;
    design.trend = settings_.trend;
  }
  const std::vector<double> first = day_covariates(w.start, design.origin, design.harmonics, design.trend);
  Eigen::MatrixXd x(Eigen::Index(w.days), Eigen::Index(first.size()));
  for (std::size_t d = 0; d < w.days; ++d) {
    const auto row = day_covariates(w.start + static_cast<time::Seconds>(d) * time::kDay, design.origin,
                                    design.harmonics, design.trend);
    for (std::size_t j = 0; j < row.size(); ++j) x(Eigen::Index(d), Eigen::Index(j)) = row[j];
  }
  std::vector<GlmFit> fits(w.categories);
  tbb::parallel_for(std::size_t{0}, w.categories, [&](std::size_t c) {
    const GlmCounts counts = summarise_counts(w.daily.data() + c * w.days, w.grids, w.days, w.categories * w.days);
    fits[c] = fit_negbin_glm(counts, x, settings_);
  });
  std::vector<std::string> ks;
  int not_converged = 0;
  for (std::size_t c = 0; c < w.categories; ++c) {
    ks.push_back(fmt::format("{} {:.3g}", input.catalog.categories[c].id, fits[c].size));
    not_converged += fits[c].converged ? 0 : 1;
  }
  std::string summary = fmt::format(
      "{}: {} .. {} ({} days, {} incidents), covariates: weekday{}{}; NB size k per category: {}{}", kName,
      time::format_date(input.train_start), time::format_date(input.train_end), w.days, w.incidents,
      design.harmonics ? fmt::format(", {} annual harmonics", design.harmonics) : "", design.trend ? ", trend" : "",
      fmt::join(ks, ", "), not_converged ? fmt::format(" ({} categories did not converge)", not_converged) : "");
  return std::make_unique<FittedNegbinRegression>(w, design, std::move(fits), std::move(summary));
}

std::unique_ptr<ArrivalModel> NegbinRegression::create(const ModelSettings& s) {
  NegbinRegressionSettings g;  // docs/backtest.md "Model settings"
  g.harmonics = static_cast<int>(s.count_or("harmonics", std::size_t(g.harmonics), 0, 6));
  g.min_days_for_season = s.count_or("min_days_for_season", g.min_days_for_season, 28, 3660);
  g.ridge = s.number_or("ridge", g.ridge, 0, 100);
  return std::make_unique<NegbinRegression>(g);
}

}  // namespace riskgrid::models
