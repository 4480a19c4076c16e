// negbin_weekday on a horizon: expected counts, and the sampler of the ensemble's hot loop.
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/arrival/multi_day_bins.hpp"

namespace riskgrid::models {

namespace {

// A horizon's bins grouped by calendar day: bins of whole hours that divide a day and never cross
// midnight, so each bin belongs to exactly one day factor.
struct Layout {
  std::size_t bins = 0;
  std::size_t hours_per_bin = 0;
  std::vector<std::size_t> weekday;          // [bin]
  std::vector<std::size_t> first_hour;       // [bin]
  std::vector<std::uint32_t> day_first_bin;  // [day] first bin of the day; one extra at the end
};

Layout layout_of(const time::TimeGrid& h) {
  const time::Seconds into_day = h.start - time::day_number(h.start) * time::kDay;
  if (h.bin_length <= 0 || h.bin_length % time::kHour != 0 || time::kDay % h.bin_length != 0 ||
      into_day % h.bin_length != 0)
    throw ScenarioError(
        fmt::format("negbin_weekday: horizon bins of {} s starting {} are not supported (bins of whole hours "
                    "that divide a day and start on a bin boundary of the day, e.g. hour or day bins)",
                    h.bin_length, time::format_iso(h.start)));
  Layout l;
  l.bins = h.bins;
  l.hours_per_bin = static_cast<std::size_t>(h.bin_length / time::kHour);
  std::int64_t day = 0;
  for (std::size_t b = 0; b < h.bins; ++b) {
    const time::Seconds t = h.bin_start(b);
    l.weekday.push_back(static_cast<std::size_t>(time::weekday(t)));
    l.first_hour.push_back(static_cast<std::size_t>(time::hour_of_day(t)));
    if (b == 0 || time::day_number(t) != day) {
      day = time::day_number(t);
      l.day_first_bin.push_back(static_cast<std::uint32_t>(b));
    }
  }
  l.day_first_bin.push_back(static_cast<std::uint32_t>(h.bins));
  return l;
}

double share_of_day(const NegbinWeekdayFit& fit, std::size_t c, std::size_t first_hour, std::size_t hours) {
  if (hours == 24) return 1.0;
  double share = 0;
  for (std::size_t h = first_hour; h < first_hour + hours; ++h) share += fit.hour_share[c][h];
  return share;
}

// One replica: per (grid, category), one Gamma(k, 1/k) factor per day from {kArrivalDay, g, c} and
// one Poisson draw per slot from {kArrivalBin, g, c}, both in time order. A slot is a bin, or with
// bins of several days one day, its count added to its bin.
class NegbinWeekdaySampler final : public ArrivalSampler {
 public:
  NegbinWeekdaySampler(std::size_t grids, std::size_t categories, std::size_t bins, std::size_t bin_days,
                       std::vector<double> mean, std::vector<std::uint32_t> day_first_bin, std::vector<double> shape)
      : grids_(grids),
        categories_(categories),
        bins_(bins),
        slots_(bins * bin_days),
        days_per_bin_(bin_days),
        mean_(std::move(mean)),
        day_first_bin_(std::move(day_first_bin)),
        shape_(std::move(shape)) {
    active_.assign(grids_ * categories_, 0);
    for (std::size_t cell = 0; cell < active_.size(); ++cell)
      for (std::size_t s = 0; s < slots_; ++s)
        if (mean_[cell * slots_ + s] > 0) active_[cell] = 1;
  }

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    const std::size_t cells = grids_ * categories_;
    if (counts.size() != bins_ * cells)
      throw std::invalid_argument("negbin_weekday: counts span does not match the horizon");
    const std::size_t days = day_first_bin_.size() - 1;
    for (std::size_t g = 0; g < grids_; ++g) {
      for (std::size_t c = 0; c < categories_; ++c) {
        const std::size_t cell = g * categories_ + c;
        std::uint32_t* out = counts.data() + cell;
        if (!active_[cell]) {  // nothing can arrive: skip the draws (the streams are this cell's own)
          for (std::size_t b = 0; b < bins_; ++b) out[b * cells] = 0;
          continue;
        }
        const rng::StreamId day_id{rng::kArrivalDay, std::uint32_t(g), std::uint32_t(c)};
        const rng::StreamId bin_id{rng::kArrivalBin, std::uint32_t(g), std::uint32_t(c)};
        rng::Stream day_stream = key.stream(day_id);
        rng::Stream bin_stream = key.stream(bin_id);
        const double k = shape_[c];
        const double inverse_k = 1 / k;
        const double* mean = mean_.data() + cell * slots_;
        for (std::size_t b = 0; b < bins_; ++b) out[b * cells] = 0;
        for (std::size_t d = 0; d < days; ++d) {
          const double factor = rng::gamma(day_stream, k) * inverse_k;
          for (std::uint32_t s = day_first_bin_[d]; s < day_first_bin_[d + 1]; ++s)
            out[(s / days_per_bin_) * cells] += rng::poisson(bin_stream, mean[s] * factor);
        }
      }
    }
  }

 private:
  std::size_t grids_, categories_, bins_, slots_, days_per_bin_;
  std::vector<double> mean_;  // [grid][category][slot], drills applied
  std::vector<std::uint32_t> day_first_bin_;
  std::vector<double> shape_;         // [category] k
  std::vector<std::uint8_t> active_;  // [grid][category] any bin with a positive mean
};

}  // namespace

void FittedNegbinWeekday::expected(const time::TimeGrid& horizon, cube::View<double> out) const {
  if (days_per_bin(horizon) > 1) {
    cube::Cube<double> size(out.shape());
    return predictive_summing_days(*this, horizon, out, size.view());
  }
  const Layout l = layout_of(horizon);
  const std::size_t G = fit_.grids, C = fit_.categories;
  if (out.size() != l.bins * G * C)
    throw std::invalid_argument("negbin_weekday: expected span does not match the horizon");
  for (std::size_t b = 0; b < l.bins; ++b)
    for (std::size_t c = 0; c < C; ++c) {
      const double factor =
          fit_.weekday_factor[c][l.weekday[b]] * share_of_day(fit_, c, l.first_hour[b], l.hours_per_bin);
      for (std::size_t g = 0; g < G; ++g) out[(b * G + g) * C + c] = fit_.rate_of(g, c) * factor;
    }
}

void FittedNegbinWeekday::predictive(const time::TimeGrid& horizon, cube::View<double> mean,
                                     cube::View<double> size) const {
  if (size.size() != mean.size()) throw std::invalid_argument("negbin_weekday: size span does not match the horizon");
  if (days_per_bin(horizon) > 1) return predictive_summing_days(*this, horizon, mean, size);
  expected(horizon, mean);
  const std::size_t C = fit_.categories;
  for (std::size_t i = 0; i < size.size(); ++i) size[i] = fit_.dispersion[i % C];
}

std::unique_ptr<ArrivalSampler> FittedNegbinWeekday::prepare(const time::TimeGrid& horizon,
                                                             cube::View<const double> multiplier) const {
  // Bins of several days are drawn day by day (one slot per day) and added up.
  const std::size_t n = days_per_bin(horizon);
  const Layout l = layout_of(n > 1 ? time::TimeGrid{horizon.start, time::kDay, horizon.bins * n} : horizon);
  const std::size_t G = fit_.grids, C = fit_.categories;
  std::vector<double> expected_counts(l.bins * G * C);
  expected(n > 1 ? time::TimeGrid{horizon.start, time::kDay, l.bins} : horizon, {{l.bins, G, C}, expected_counts});
  if (multiplier.size() != horizon.bins * G * C)
    throw std::invalid_argument("negbin_weekday: multiplier span does not match the horizon");
  std::vector<double> mean(expected_counts.size());
  for (std::size_t s = 0; s < l.bins; ++s)
    for (std::size_t cell = 0; cell < G * C; ++cell)
      mean[cell * l.bins + s] = expected_counts[s * G * C + cell] * multiplier[(s / n) * G * C + cell];
  return std::make_unique<NegbinWeekdaySampler>(G, C, horizon.bins, n, std::move(mean), l.day_first_bin,
                                                fit_.dispersion);
}

}  // namespace riskgrid::models
