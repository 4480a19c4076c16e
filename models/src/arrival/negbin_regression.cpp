// negbin_glm as an arrival model: daily counts of the training window, one regression per category
// (in parallel: categories are independent, so results do not depend on threads), forecast as daily
// rates exp(alpha + x(day) . theta) with the category's k.
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "shrunk_level_sums.hpp"

namespace riskgrid::models {

namespace {

// summarise_counts of category c from each cell's non-zero days (already in day order), without the
// dense grid x category x day table: the same entries, totals and histogram in the same order.
GlmCounts summarise_category(const level::NonZeroDays& nz, std::size_t c, std::size_t grids, std::size_t categories,
                             std::size_t days) {
  GlmCounts out;
  out.units = grids;
  out.days = days;
  out.offset.assign(grids + 1, 0);
  out.unit_total.assign(grids, 0.0);
  std::map<std::uint32_t, double> histogram;
  for (std::size_t u = 0; u < grids; ++u) {
    const std::size_t cell = u * categories + c;
    for (std::size_t i = nz.first[cell]; i < nz.first[cell + 1]; ++i) {
      out.day.push_back(nz.day[i]);
      out.y.push_back(nz.count[i]);
      out.unit_total[u] += nz.count[i];
      histogram[nz.count[i]] += 1;
    }
    out.offset[u + 1] = out.day.size();
    out.total += out.unit_total[u];
  }
  out.histogram.assign(histogram.begin(), histogram.end());
  return out;
}

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
  const level::SparseDailyCounts sparse = level::count_sparse(input, kName, 14);
  const DailyCounts& w = sparse.head;  // no dense table: the fits read the non-zero days only
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
    const GlmCounts counts = summarise_category(sparse.nz, c, w.grids, w.categories, w.days);
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
