// The count-map baselines: last weeks' mean, the same period last year, an exponentially weighted
// mean. Each is a DailyRateForecast; only the way history becomes daily rates differs.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "shrunk_level_sums.hpp"

namespace riskgrid::models {

namespace {

class FlatRates final : public DailyRateForecast {
 public:
  FlatRates(const DailyCounts& w, std::vector<double> rate, std::string summary)
      : DailyRateForecast(w.grids, w.categories, hour_shares(w), moment_dispersion(w, kDispersionDays)),
        rate_(std::move(rate)),
        summary_(std::move(summary)) {}
  std::string summary() const override { return summary_; }

 protected:
  void daily_rates(time::Seconds, std::span<double> out) const override {
    std::copy(rate_.begin(), rate_.end(), out.begin());
  }

 private:
  std::vector<double> rate_;  // [grid][category]
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> flat_daily_rates(const DailyCounts& w, std::vector<double> rate, std::string summary) {
  return std::make_unique<FlatRates>(w, std::move(rate), std::move(summary));
}

namespace {

// The dense counts of the window's last `days` days (hour counts of the whole window): what
// moment_dispersion(., days) reads, without the dense table of the whole window.
DailyCounts last_days(const DailyCounts& head, const level::NonZeroDays& nz, std::size_t days) {
  DailyCounts tail = head;
  tail.days = std::min(days, head.days);
  const std::size_t from = head.days - tail.days;
  tail.start = head.start + static_cast<time::Seconds>(from) * time::kDay;
  tail.daily.assign(head.grids * head.categories * tail.days, 0);
  for (std::size_t cell = 0; cell + 1 < nz.first.size(); ++cell)
    for (std::size_t i = nz.first[cell]; i < nz.first[cell + 1]; ++i)
      if (nz.day[i] >= from) tail.daily[cell * tail.days + (nz.day[i] - from)] = nz.count[i];
  return tail;
}

std::string window_text(const FitInput& in, const DailyCounts& w) {
  return fmt::format("{} .. {} ({} days, {} incidents)", time::format_date(in.train_start),
                     time::format_date(in.train_end), w.days, w.incidents);
}

// Rates 52 weeks back: the mean of the 7 days centred on the day 364 days before.
class LastYearRates final : public DailyRateForecast {
 public:
  LastYearRates(DailyCounts w, std::string summary)
      : DailyRateForecast(w.grids, w.categories, hour_shares(w), moment_dispersion(w, kDispersionDays)),
        counts_(std::move(w)),
        summary_(std::move(summary)) {}
  std::string summary() const override { return summary_; }

 protected:
  void daily_rates(time::Seconds day, std::span<double> out) const override {
    const time::Seconds centre = day - 364 * time::kDay;
    const time::Seconds first = centre - 3 * time::kDay, last = centre + 4 * time::kDay;
    const time::Seconds end = counts_.start + static_cast<time::Seconds>(counts_.days) * time::kDay;
    if (first < counts_.start || last > end)
      throw InputError(
          fmt::format("same_period_last_year: forecasting {} needs history on {} .. {}, but training covers {} .. {}",
                      time::format_date(day), time::format_date(first), time::format_date(last - time::kDay),
                      time::format_date(counts_.start), time::format_date(end - time::kDay)));
    const auto d0 = static_cast<std::size_t>((first - counts_.start) / time::kDay);
    for (std::size_t g = 0; g < counts_.grids; ++g)
      for (std::size_t c = 0; c < counts_.categories; ++c)
        out[g * counts_.categories + c] = counts_.sum(g, c, d0, d0 + 7) / 7;
  }

 private:
  DailyCounts counts_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> LastWeeksMean::fit(const FitInput& input) const {
  const DailyCounts w = count_daily(input, kName, 7);
  const std::size_t days = std::min(w.days, 7 * weeks_);
  std::vector<double> rate(w.grids * w.categories);
  for (std::size_t g = 0; g < w.grids; ++g)
    for (std::size_t c = 0; c < w.categories; ++c)
      rate[g * w.categories + c] = w.sum(g, c, w.days - days, w.days) / double(days);
  return flat_daily_rates(w, std::move(rate),
                          fmt::format("{}: mean of the last {} days of {}", kName, days, window_text(input, w)));
}

std::unique_ptr<FittedArrivals> SamePeriodLastYear::fit(const FitInput& input) const {
  DailyCounts w = count_daily(input, kName, 7);
  std::string summary = fmt::format("{}: the same 7 days 52 weeks earlier, from {}", kName, window_text(input, w));
  return std::make_unique<LastYearRates>(std::move(w), std::move(summary));
}

std::unique_ptr<FittedArrivals> ExpWeightedMean::fit(const FitInput& input) const {
  // Sparse: the rates visit each cell's non-zero days only (a skipped day adds weight * 0 = +0, so the
  // sums are bit for bit the dense loop's), and only the dispersion's last days are made dense.
  const level::SparseDailyCounts sparse = level::count_sparse(input, kName, 7);
  const DailyCounts& w = sparse.head;
  const level::NonZeroDays& nz = sparse.nz;
  std::vector<double> weight(w.days);
  double total = 0;
  for (std::size_t d = 0; d < w.days; ++d) {
    const double age = double(w.days - d) - 0.5;  // days from the middle of day d to the end
    weight[d] = std::exp2(-age / half_life_days_);
    total += weight[d];
  }
  std::vector<double> rate(w.grids * w.categories);
  for (std::size_t cell = 0; cell < rate.size(); ++cell) {
    double sum = 0;
    for (std::size_t i = nz.first[cell]; i < nz.first[cell + 1]; ++i) sum += weight[nz.day[i]] * nz.count[i];
    rate[cell] = sum / total;
  }
  return flat_daily_rates(last_days(w, nz, kDispersionDays), std::move(rate),
                          fmt::format("{}: half-life {} days over {}", kName, half_life_days_, window_text(input, w)));
}

std::unique_ptr<ArrivalModel> LastWeeksMean::create(const ModelSettings& s) {
  return std::make_unique<LastWeeksMean>(s.count_or("weeks", 4, 1, 520));
}

std::unique_ptr<ArrivalModel> SamePeriodLastYear::create(const ModelSettings&) {
  return std::make_unique<SamePeriodLastYear>();
}

std::unique_ptr<ArrivalModel> ExpWeightedMean::create(const ModelSettings& s) {
  return std::make_unique<ExpWeightedMean>(s.number_or("half_life_days", 14, 0.25, 3650));
}

}  // namespace riskgrid::models
