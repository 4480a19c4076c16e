// A daily-rate forecast on a horizon: bins within a day take the category's hour shares, bins of
// whole days add their days up; replicas are drawn cell by cell from their own streams.
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

bool sub_day_bins(const time::TimeGrid& h) {
  const time::Seconds into_day = h.start - time::day_number(h.start) * time::kDay;
  if (h.bin_length > 0 && h.bin_length % time::kHour == 0 && time::kDay % h.bin_length == 0 &&
      into_day % h.bin_length == 0)
    return true;
  if (h.bin_length > 0 && h.bin_length % time::kDay == 0 && into_day == 0) return false;
  throw ScenarioError(
      fmt::format("horizon bins of {} s starting {} are not supported by this model (whole hours dividing a day, "
                  "or whole days, starting at a bin boundary)",
                  h.bin_length, time::format_iso(h.start)));
}

namespace {

// Mean and variance per [bin][grid][category] of a horizon, from a model's daily rates.
struct Moments {
  std::vector<double> mean, variance;
};

// One replica: per cell and bin, a gamma factor (unless Poisson) and a Poisson draw.
class DailyRateSampler final : public ArrivalSampler {
 public:
  DailyRateSampler(std::size_t cells, std::size_t categories, std::size_t bins, std::vector<double> mean,
                   std::vector<double> size)
      : cells_(cells), categories_(categories), bins_(bins), mean_(std::move(mean)), size_(std::move(size)) {}

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    if (counts.size() != bins_ * cells_)
      throw std::invalid_argument("daily rate sampler: counts span does not match the horizon");
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      const auto g = static_cast<std::uint32_t>(cell / categories_);
      const auto c = static_cast<std::uint32_t>(cell % categories_);
      rng::Stream day_stream = key.stream({rng::kArrivalDay, g, c});
      rng::Stream bin_stream = key.stream({rng::kArrivalBin, g, c});
      for (std::size_t b = 0; b < bins_; ++b) {
        const double m = mean_[cell * bins_ + b], k = size_[cell * bins_ + b];
        const bool poisson = !(k < forecast::kPoissonSizeAbove);
        const double factor = poisson ? 1.0 : rng::gamma(day_stream, k) / k;
        counts[b * cells_ + cell] = m > 0 ? rng::poisson(bin_stream, m * factor) : 0;
      }
    }
  }

 private:
  std::size_t cells_, categories_, bins_;
  std::vector<double> mean_, size_;  // [cell][bin], drills applied to the mean
};

}  // namespace

DailyRateForecast::DailyRateForecast(std::size_t grids, std::size_t categories,
                                     std::vector<std::array<double, 24>> hour_share, std::vector<double> size)
    : grids_(grids), categories_(categories), hour_share_(std::move(hour_share)), size_(std::move(size)) {}

void DailyRateForecast::expected(const time::TimeGrid& horizon, cube::View<double> out) const {
  cube::Cube<double> size(out.shape());
  predictive(horizon, out, size.view());
}

void DailyRateForecast::predictive(const time::TimeGrid& horizon, cube::View<double> mean,
                                   cube::View<double> size) const {
  const std::size_t cells = grids_ * categories_;
  if (mean.size() != horizon.bins * cells || size.size() != mean.size())
    throw std::invalid_argument("daily rate forecast: spans do not match the horizon");
  const bool sub_day = sub_day_bins(horizon);
  std::vector<double> rate(cells);
  time::Seconds rate_day = -1;
  auto rates_on = [&](time::Seconds day) {
    if (day == rate_day) return;
    daily_rates(day, rate);
    for (double& r : rate) r = std::max(r, kMinDailyRate);
    rate_day = day;
  };
  for (std::size_t b = 0; b < horizon.bins; ++b) {
    const time::Seconds start = horizon.bin_start(b);
    double* m = mean.data() + b * cells;
    double* k = size.data() + b * cells;
    if (sub_day) {
      rates_on(time::day_number(start) * time::kDay);
      const auto first_hour = static_cast<std::size_t>(time::hour_of_day(start));
      const auto hours = static_cast<std::size_t>(horizon.bin_length / time::kHour);
      for (std::size_t cell = 0; cell < cells; ++cell) {
        const auto& share = hour_share_[cell % categories_];
        double s = 0;
        for (std::size_t h = first_hour; h < first_hour + hours; ++h) s += share[h];
        m[cell] = rate[cell] * (hours == 24 ? 1.0 : s);
        k[cell] = size_[cell % categories_];
      }
      continue;
    }
    std::vector<double> variance(cells, 0.0);
    std::fill(m, m + cells, 0.0);
    for (time::Seconds day = start; day < start + horizon.bin_length; day += time::kDay) {
      rates_on(day);
      for (std::size_t cell = 0; cell < cells; ++cell) {
        const double kc = size_[cell % categories_];
        m[cell] += rate[cell];
        variance[cell] += forecast::CountDistribution{rate[cell], kc}.variance();
      }
    }
    for (std::size_t cell = 0; cell < cells; ++cell)
      k[cell] = forecast::moment_matched_sum(m[cell], variance[cell]).size;
  }
}

std::unique_ptr<ArrivalSampler> DailyRateForecast::prepare(const time::TimeGrid& horizon,
                                                           cube::View<const double> multiplier) const {
  const std::size_t cells = grids_ * categories_, bins = horizon.bins;
  std::vector<double> mean(bins * cells), size(bins * cells);
  const cube::Shape shape{bins, grids_, categories_};
  predictive(horizon, {shape, mean}, {shape, size});
  if (multiplier.size() != mean.size())
    throw std::invalid_argument("daily rate forecast: multiplier span does not match the horizon");
  std::vector<double> cell_mean(mean.size()), cell_size(mean.size());
  for (std::size_t b = 0; b < bins; ++b)
    for (std::size_t cell = 0; cell < cells; ++cell) {
      cell_mean[cell * bins + b] = mean[b * cells + cell] * multiplier[b * cells + cell];
      cell_size[cell * bins + b] = size[b * cells + cell];
    }
  return std::make_unique<DailyRateSampler>(cells, categories_, bins, std::move(cell_mean), std::move(cell_size));
}

}  // namespace riskgrid::models
