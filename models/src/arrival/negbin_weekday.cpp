// Fitting negbin_weekday: rates, weekday factors and hour shares by Poisson maximum likelihood (with
// small priors), the negative-binomial size k by the method of moments.
#include "riskgrid/models/arrival/negbin_weekday.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"

namespace riskgrid::models {

namespace {

// Daily counts [grid][category][day] and hour-of-day counts [category][hour] in the window.
struct WindowCounts {
  std::size_t grids = 0, categories = 0, days = 0;
  std::vector<std::uint32_t> daily;
  std::vector<std::array<double, 24>> hourly;
  std::size_t incidents = 0;

  std::uint32_t at(std::size_t g, std::size_t c, std::size_t d) const { return daily[(g * categories + c) * days + d]; }
};

std::size_t checked_days(const FitInput& in) {
  const time::Seconds length = in.train_end - in.train_start;
  // Fewer than 7 days is allowed for samples that short (the NYC 311 examples span one day): the
  // weekdays the window lacks get the neutral factor 1, and the summary says so.
  if (in.train_start % time::kDay != 0 || in.train_end % time::kDay != 0 || length < time::kDay)
    throw InputError(fmt::format("negbin_weekday: the training window {} .. {} must be whole days, at least one",
                                 time::format_iso(in.train_start), time::format_iso(in.train_end)));
  return static_cast<std::size_t>(length / time::kDay);
}

WindowCounts count_window(const FitInput& in) {
  WindowCounts w;
  w.grids = in.district.grids.size();
  w.categories = in.catalog.size();
  w.days = checked_days(in);
  w.daily.assign(w.grids * w.categories * w.days, 0);
  w.hourly.assign(w.categories, {});
  const auto& h = in.history;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const time::Seconds t = h.created[i];
    if (t < in.train_start || t >= in.train_end) continue;
    if (h.grid[i] >= w.grids || h.category[i] >= w.categories)
      throw InputError(
          fmt::format("negbin_weekday: incident {} has grid {} / category {} outside the "
                      "district ({} grids) or catalog ({} categories)",
                      h.id.size() > i ? h.id[i] : std::to_string(i), h.grid[i], h.category[i], w.grids, w.categories));
    const auto d = static_cast<std::size_t>((t - in.train_start) / time::kDay);
    ++w.daily[(std::size_t{h.grid[i]} * w.categories + h.category[i]) * w.days + d];
    w.hourly[h.category[i]][static_cast<std::size_t>(time::hour_of_day(t))] += 1;
    ++w.incidents;
  }
  if (w.incidents == 0)
    throw InputError(fmt::format("negbin_weekday: no incidents in the training window {} .. {}",
                                 time::format_date(in.train_start), time::format_date(in.train_end)));
  return w;
}

// Poisson MLE of the multiplicative model y_gcd = rate_gc * W_c(weekday d): grids share the days, so
// W_c(w) is the mean district count of weekday w (normalised to mean 1) and rate_gc = sum_d y /
// sum_d W. The prior keeps a weekday that happens to be empty in a short window from being 0.
void fit_rates(const WindowCounts& w, const std::vector<int>& weekday_of_day, NegbinWeekdayFit& fit) {
  std::array<double, 7> days_of{};
  for (const int wd : weekday_of_day) days_of[static_cast<std::size_t>(wd)] += 1;
  fit.weekday_factor.assign(w.categories, {});
  fit.rate.assign(w.grids * w.categories, 0.0);
  for (std::size_t c = 0; c < w.categories; ++c) {
    std::array<double, 7> sum{};
    for (std::size_t g = 0; g < w.grids; ++g)
      for (std::size_t d = 0; d < w.days; ++d) sum[static_cast<std::size_t>(weekday_of_day[d])] += w.at(g, c, d);
    auto& factor = fit.weekday_factor[c];
    const double seen = double(std::count_if(days_of.begin(), days_of.end(), [](double n) { return n > 0; }));
    double mean = 0;
    for (std::size_t k = 0; k < 7; ++k) {
      if (days_of[k] == 0) continue;
      factor[k] = (sum[k] + kWeekdayPriorCount) / days_of[k];
      mean += factor[k] / seen;
    }
    for (std::size_t k = 0; k < 7; ++k) factor[k] = days_of[k] > 0 ? factor[k] / mean : 1.0;
    double exposure = 0;  // sum over the window's days of the weekday factor
    for (std::size_t d = 0; d < w.days; ++d) exposure += factor[static_cast<std::size_t>(weekday_of_day[d])];
    for (std::size_t g = 0; g < w.grids; ++g) {
      double total = 0;
      for (std::size_t d = 0; d < w.days; ++d) total += w.at(g, c, d);
      // A grid that saw none of a category in training still gets a small rate: on real data (NYC's
      // precincts over 4 years) such a grid does see one now and then, and a rate of 0 gave it
      // probability 0 (an infinite log score). The floor is the baselines' (daily_rate_forecast.hpp).
      fit.rate[g * w.categories + c] = std::max(total / exposure, kMinDailyRate);
    }
  }
}

void fit_hours(const WindowCounts& w, NegbinWeekdayFit& fit) {
  fit.hour_share.assign(w.categories, {});
  for (std::size_t c = 0; c < w.categories; ++c) {
    double total = 24 * kHourPriorCount;
    for (const double n : w.hourly[c]) total += n;
    for (std::size_t h = 0; h < 24; ++h) fit.hour_share[c][h] = (w.hourly[c][h] + kHourPriorCount) / total;
  }
}

// Method of moments for the NB size: E[(y - mu)^2 - y] = mu^2 / k, so
//   1/k = (D/(D-1) * sum (y - mu)^2 - sum y) / sum mu^2
// over the (grid, day) counts of a category, against the fitted means; D/(D-1) undoes the shrinkage
// of the residuals by the one rate fitted per grid from D days. Pooling weights each count by mu^2,
// which is the efficient weighting when the mu^2/k term dominates. Under Poisson the numerator has
// variance ~ 2 sum mu^2, which gives the significance check behind looks_poisson.
void fit_dispersion(const WindowCounts& w, const std::vector<int>& weekday_of_day, NegbinWeekdayFit& fit) {
  fit.dispersion.assign(w.categories, kMaxDispersion);
  fit.inverse_dispersion_estimate.assign(w.categories, 0.0);
  fit.looks_poisson.assign(w.categories, 1);
  const double shrink = w.days > 1 ? double(w.days) / double(w.days - 1) : 1.0;
  for (std::size_t c = 0; c < w.categories; ++c) {
    double squares = 0, counts = 0, mu_squared = 0;
    for (std::size_t g = 0; g < w.grids; ++g) {
      const double rate = fit.rate_of(g, c);
      for (std::size_t d = 0; d < w.days; ++d) {
        const double mu = rate * fit.weekday_factor[c][static_cast<std::size_t>(weekday_of_day[d])];
        const double y = w.at(g, c, d);
        squares += (y - mu) * (y - mu);
        counts += y;
        mu_squared += mu * mu;
      }
    }
    if (!(mu_squared > 0)) continue;
    const double inverse = (shrink * squares - counts) / mu_squared;
    fit.inverse_dispersion_estimate[c] = inverse;
    fit.looks_poisson[c] = inverse < 3 * std::sqrt(2 * mu_squared) / mu_squared ? 1 : 0;
    fit.dispersion[c] = inverse > 0 ? std::clamp(1 / inverse, kMinDispersion, kMaxDispersion) : kMaxDispersion;
  }
}

}  // namespace

NegbinWeekdayFit fit_negbin_weekday(const FitInput& input) {
  const WindowCounts counts = count_window(input);
  NegbinWeekdayFit fit;
  fit.grids = counts.grids;
  fit.categories = counts.categories;
  fit.train_start = input.train_start;
  fit.train_end = input.train_end;
  fit.train_days = counts.days;
  fit.incidents = counts.incidents;
  for (const auto& c : input.catalog.categories) fit.category_ids.push_back(c.id);
  std::vector<int> weekday_of_day(counts.days);
  for (std::size_t d = 0; d < counts.days; ++d)
    weekday_of_day[d] = time::weekday(input.train_start + static_cast<time::Seconds>(d) * time::kDay);
  fit_rates(counts, weekday_of_day, fit);
  fit_hours(counts, fit);
  fit_dispersion(counts, weekday_of_day, fit);
  return fit;
}

std::unique_ptr<FittedArrivals> NegbinWeekday::fit(const FitInput& input) const {
  return std::make_unique<FittedNegbinWeekday>(fit_negbin_weekday(input));
}

FittedNegbinWeekday::FittedNegbinWeekday(NegbinWeekdayFit fit) : fit_(std::move(fit)) {}

std::string FittedNegbinWeekday::summary() const {
  std::string out =
      fmt::format("negbin_weekday: fitted on {} .. {} ({} days, {} incidents, {} grids x {} categories)\n",
                  time::format_date(fit_.train_start), time::format_date(fit_.train_end), fit_.train_days,
                  fit_.incidents, fit_.grids, fit_.categories);
  std::vector<std::string> ks, poisson;
  for (std::size_t c = 0; c < fit_.categories; ++c) {
    const std::string id = c < fit_.category_ids.size() ? fit_.category_ids[c] : std::to_string(c);
    ks.push_back(fmt::format("{} {:.3g}", id, fit_.dispersion[c]));
    if (fit_.looks_poisson[c]) poisson.push_back(id);
  }
  out += fmt::format("  NB size k per category: {}\n", fmt::join(ks, ", "));
  if (fit_.train_days < 7)
    out += fmt::format(
        "  the training window has only {} days: the weekdays it lacks get factor 1, and "
        "rates are that short sample's\n",
        fit_.train_days);
  if (!poisson.empty())
    out += fmt::format("  no significant over-dispersion (counts look Poisson) in categories: {}\n",
                       fmt::join(poisson, ", "));
  return out;
}

std::unique_ptr<ArrivalModel> NegbinWeekday::create(const ModelSettings&) { return std::make_unique<NegbinWeekday>(); }

}  // namespace riskgrid::models
