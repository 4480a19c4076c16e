// A level forecast on a horizon: each bin's mean is the level times the sum of its days' weekday (and
// trend) factors, or of its hours' shares within a day; the size is the level's, since one gamma
// factor per cell is shared by the whole horizon. Replicas draw that factor once per cell.
#include "level_forecast.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::level {

namespace {

class LevelSampler final : public ArrivalSampler {
 public:
  LevelSampler(std::size_t categories, std::size_t bins, std::vector<double> mean, std::vector<double> size,
               std::uint32_t level_purpose, std::uint32_t count_purpose)
      : categories_(categories),
        bins_(bins),
        mean_(std::move(mean)),
        size_(std::move(size)),
        level_purpose_(level_purpose),
        count_purpose_(count_purpose) {}

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    const std::size_t cells = size_.size();
    if (counts.size() != bins_ * cells) throw std::invalid_argument("level forecast: counts span does not match");
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const auto g = static_cast<std::uint32_t>(cell / categories_), c = static_cast<std::uint32_t>(cell % categories_);
      rng::Stream level = key.stream({level_purpose_, g, c}), count = key.stream({count_purpose_, g, c});
      const double k = size_[cell];
      const double factor = k < forecast::kPoissonSizeAbove ? rng::gamma(level, k) / k : 1.0;
      for (std::size_t b = 0; b < bins_; ++b) {
        const double m = mean_[b * cells + cell] * factor;
        counts[b * cells + cell] = m > 0 ? rng::poisson(count, m) : 0;
      }
    }
  }

 private:
  std::size_t categories_, bins_;
  std::vector<double> mean_, size_;  // [bin][cell] with drills; [cell]
  std::uint32_t level_purpose_, count_purpose_;
};

class LevelForecast final : public FittedArrivals {
 public:
  LevelForecast(LevelParts p, std::string_view model, std::string summary)
      : p_(std::move(p)),
        level_purpose_(rng::purpose_of(std::string(model) + ".level")),
        count_purpose_(rng::purpose_of(std::string(model) + ".count")),
        summary_(std::move(summary)) {}

  std::string summary() const override { return summary_; }

  void expected(const time::TimeGrid& horizon, cube::View<double> out) const override {
    const std::size_t cells = p_.level.size();
    if (out.size() != horizon.bins * cells) throw std::invalid_argument("level forecast: span does not match");
    const bool sub_day = sub_day_bins(horizon);
    for (std::size_t b = 0; b < horizon.bins; ++b) {
      const time::Seconds start = horizon.bin_start(b);
      for (std::size_t c = 0; c < p_.categories; ++c) {
        double factor = 0;
        if (sub_day) {
          const auto first = static_cast<std::size_t>(time::hour_of_day(start));
          const auto hours = static_cast<std::size_t>(horizon.bin_length / time::kHour);
          for (std::size_t h = first; h < first + hours; ++h) factor += p_.hour_share[c][h];
          factor *= day_factor(c, time::day_number(start) * time::kDay);
        } else {
          for (time::Seconds day = start; day < start + horizon.bin_length; day += time::kDay)
            factor += day_factor(c, day);
        }
        for (std::size_t g = 0; g < p_.grids; ++g) {
          const std::size_t cell = g * p_.categories + c;
          out[b * cells + cell] = p_.level[cell] * factor;
        }
      }
    }
  }

  void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const override {
    expected(horizon, mean);
    if (size.size() != mean.size()) throw std::invalid_argument("level forecast: spans do not match");
    const std::size_t cells = p_.size.size();
    for (std::size_t b = 0; b < horizon.bins; ++b)
      for (std::size_t cell = 0; cell < cells; ++cell) size[b * cells + cell] = p_.size[cell];
  }

  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                          cube::View<const double> multiplier) const override {
    const std::size_t cells = p_.level.size();
    std::vector<double> mean(horizon.bins * cells);
    expected(horizon, {{horizon.bins, p_.grids, p_.categories}, mean});
    if (multiplier.size() != mean.size()) throw std::invalid_argument("level forecast: multiplier does not match");
    for (std::size_t i = 0; i < mean.size(); ++i) mean[i] *= multiplier[i];
    return std::make_unique<LevelSampler>(p_.categories, horizon.bins, std::move(mean), p_.size, level_purpose_,
                                          count_purpose_);
  }

 private:
  // Weekday factor times the damped trend of the week the day falls in (days before the origin:
  // the first week's).
  double day_factor(std::size_t c, time::Seconds day) const {
    double f = p_.weekday[c][static_cast<std::size_t>(time::weekday(day))];
    if (p_.trend.empty()) return f;
    const DampedTrend& t = p_.trend[c];
    const time::Seconds ahead = std::max<time::Seconds>(0, day - p_.origin);
    const auto weeks = static_cast<int>(ahead / (7 * time::kDay)) + 1;
    double sum = 0, power = 1;
    for (int i = 1; i <= weeks; ++i) sum += (power *= t.phi);
    return f * t.scale * std::exp(t.slope * sum);
  }

  LevelParts p_;
  std::uint32_t level_purpose_, count_purpose_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> make_level_forecast(LevelParts parts, std::string_view model, std::string summary) {
  return std::make_unique<LevelForecast>(std::move(parts), model, std::move(summary));
}

}  // namespace riskgrid::models::level
