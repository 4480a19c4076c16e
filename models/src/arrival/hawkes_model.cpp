// hawkes as an arrival model: the negbin_glm background, the EM fit on the window's incidents, and
// forecasts of the expected cascade per grid. Offspring are placed in their parent's grid: the fitted
// spread (~100-300 m) is small against a grid, and this keeps the forecast per grid exact in time.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "hotspot_lattice.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/arrival/hawkes.hpp"
#include "riskgrid/models/arrival/multi_day_bins.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

struct RecentEvent {
  time::Seconds t;
  std::uint32_t grid;
  std::uint16_t category;
};

// Share of the children of an event placed uniformly in a bin of L days that fall k bins later.
double bin_kernel(double omega, double days, std::size_t k) {
  const double x = omega * days, stay = (1 - std::exp(-x)) / x;
  if (k == 0) return 1 - stay;
  return (1 - std::exp(-x)) * stay * std::exp(-x * double(k - 1));
}

// One replica: immigrants (background and children of history) per cell and bin, then every event's
// children by branching, in time order, into the counts themselves (no allocation).
class HawkesSampler final : public ArrivalSampler {
 public:
  HawkesSampler(std::size_t cells, std::size_t categories, std::size_t bins, double bin_days, HawkesParams p,
                std::vector<double> immigrants, std::vector<double> size)
      : cells_(cells),
        categories_(categories),
        bins_(bins),
        bin_days_(bin_days),
        p_(p),
        immigrants_(std::move(immigrants)),
        size_(std::move(size)) {}

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    if (counts.size() != bins_ * cells_) throw std::invalid_argument("hawkes: counts span does not match the horizon");
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      const auto g = static_cast<std::uint32_t>(cell / categories_), c = static_cast<std::uint32_t>(cell % categories_);
      rng::Stream day = key.stream({rng::kArrivalDay, g, c}), bin = key.stream({rng::kArrivalBin, g, c}),
                  branch = key.stream({rng::kArrivalBranch, g, c});
      for (std::size_t b = 0; b < bins_; ++b) {
        const double m = immigrants_[b * cells_ + cell], k = size_[b * cells_ + cell];
        const double factor = k < forecast::kPoissonSizeAbove ? rng::gamma(day, k) / k : 1.0;
        counts[b * cells_ + cell] = m > 0 ? rng::poisson(bin, m * factor) : 0;
      }
      if (!(p_.branching > 0)) continue;
      for (std::size_t b = 0; b < bins_; ++b) {
        std::uint32_t todo = counts[b * cells_ + cell];  // events of bin b whose children are undrawn
        while (todo > 0) {
          std::uint32_t kids = rng::poisson(branch, p_.branching * todo);
          todo = 0;
          for (; kids > 0; --kids) {
            const double at = branch.uniform() - std::log(branch.uniform()) / (p_.decay_per_day * bin_days_);
            const auto later = static_cast<std::size_t>(at);
            if (b + later >= bins_) continue;
            ++counts[(b + later) * cells_ + cell];
            if (later == 0) ++todo;
          }
        }
      }
    }
  }

 private:
  std::size_t cells_, categories_, bins_;
  double bin_days_;
  HawkesParams p_;
  std::vector<double> immigrants_, size_;  // [bin][cell]
};

class FittedHawkes final : public FittedArrivals {
 public:
  FittedHawkes(std::unique_ptr<FittedArrivals> background, HawkesFit fit, std::vector<RecentEvent> recent,
               std::size_t cells, std::size_t categories, std::string summary)
      : background_(std::move(background)),
        fit_(fit),
        recent_(std::move(recent)),
        cells_(cells),
        categories_(categories),
        summary_(std::move(summary)) {}

  std::string summary() const override { return summary_; }

  void expected(const time::TimeGrid& horizon, cube::View<double> out) const override {
    cube::Cube<double> size(out.shape());
    predictive(horizon, out, size.view());
  }

  void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const override {
    // The cascade spreads each bin's events evenly over the bin; day bins summed keep a week's
    // forecast equal to its days' (the even spread over a whole week would shift ~0.2% of the mean).
    if (days_per_bin(horizon) > 1) return predictive_summing_days(*this, horizon, mean, size);
    std::vector<double> immigrants(mean.size());
    immigrants_of(horizon, {mean.shape(), immigrants}, size);
    const HawkesParams& p = fit_.params;
    const double days = double(horizon.bin_length) / double(time::kDay);
    const double stay = p.branching * bin_kernel(p.decay_per_day, days, 0);
    for (std::size_t b = 0; b < horizon.bins; ++b)
      for (std::size_t cell = 0; cell < cells_; ++cell) {
        double m = immigrants[b * cells_ + cell];
        for (std::size_t e = 0; e < b; ++e)
          m += p.branching * bin_kernel(p.decay_per_day, days, b - e) * mean[e * cells_ + cell];
        mean[b * cells_ + cell] = m / (1 - stay);
      }
  }

  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                          cube::View<const double> multiplier) const override {
    std::vector<double> immigrants(horizon.bins * cells_), size(immigrants.size());
    const cube::Shape shape{horizon.bins, cells_ / categories_, categories_};
    immigrants_of(horizon, {shape, immigrants}, {shape, size});
    if (multiplier.size() != immigrants.size())
      throw std::invalid_argument("hawkes: multiplier span does not match the horizon");
    for (std::size_t i = 0; i < immigrants.size(); ++i) immigrants[i] *= multiplier[i];
    return std::make_unique<HawkesSampler>(cells_, categories_, horizon.bins,
                                           double(horizon.bin_length) / double(time::kDay), fit_.params,
                                           std::move(immigrants), std::move(size));
  }

 private:
  // Scaled background plus the expected direct children of the history, per [bin][cell]; the
  // background's NB size for each.
  void immigrants_of(const time::TimeGrid& horizon, cube::View<double> out, cube::View<double> size) const {
    if (out.size() != horizon.bins * cells_ || size.size() != out.size())
      throw std::invalid_argument("hawkes: spans do not match the horizon");
    background_->predictive(horizon, out, size);
    const HawkesParams& p = fit_.params;
    for (double& m : out) m *= p.background_scale;
    const double day = double(time::kDay);
    for (const auto& e : recent_) {
      const std::size_t cell = std::size_t{e.grid} * categories_ + e.category;
      for (std::size_t b = 0; b < horizon.bins; ++b) {
        const double from = double(horizon.bin_start(b) - e.t) / day, to = double(horizon.bin_start(b + 1) - e.t) / day;
        out[b * cells_ + cell] += p.branching * (std::exp(-p.decay_per_day * from) - std::exp(-p.decay_per_day * to));
      }
    }
  }

  std::unique_ptr<FittedArrivals> background_;
  HawkesFit fit_;
  std::vector<RecentEvent> recent_;
  std::size_t cells_, categories_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> Hawkes::fit(const FitInput& in) const {
  auto background = NegbinRegression().fit(in);
  const time::Seconds start =
      std::max(in.train_start, in.train_end - static_cast<time::Seconds>(settings_.window_days) * time::kDay);
  const std::size_t days = static_cast<std::size_t>((in.train_end - start) / time::kDay);
  const std::size_t G = in.district.grids.size(), C = in.catalog.size();
  std::vector<double> rate(days * G * C), unused(rate.size());
  const cube::Shape shape{days, G, C};
  background->predictive({start, time::kDay, days}, {shape, rate}, {shape, unused});
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < in.history.size(); ++i)
    if (in.history.created[i] >= start && in.history.created[i] < in.train_end) rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return in.history.created[a] < in.history.created[b]; });
  const std::vector<geo::Point> points = hotspot::incident_points(in.history, rows, in.district);
  std::vector<HawkesEvent> events;
  std::vector<RecentEvent> recent;
  const time::Seconds recent_from =
      in.train_end - static_cast<time::Seconds>(settings_.time_cutoff_days * double(time::kDay));
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const std::size_t r = rows[j];
    const std::uint32_t g = in.history.grid[r];
    const std::uint16_t c = in.history.category[r];
    const auto d = static_cast<std::size_t>((in.history.created[r] - start) / time::kDay);
    const double t = double(in.history.created[r] - start) / double(time::kDay);
    events.push_back({t, points[j].x(), points[j].y(), c, rate[(d * G + g) * C + c] / in.district.grids[g].area_m2});
    if (in.history.created[r] >= recent_from) recent.push_back({in.history.created[r], g, c});
  }
  const double integral = std::accumulate(rate.begin(), rate.end(), 0.0);
  const HawkesFit fit = fit_hawkes_em(events, double(days), integral, settings_);
  const HawkesParams& p = fit.params;
  std::string summary = fmt::format(
      "{}: {} incidents of {} .. {}: background x {:.3f}, branching ratio {:.3f}, decay {:.3f}/day "
      "(mean delay {:.1f} days), spread {:.0f} m; {} EM iterations{}\n  background: {}",
      kName, events.size(), time::format_date(start), time::format_date(in.train_end), p.background_scale, p.branching,
      p.decay_per_day, 1 / p.decay_per_day, p.sigma_m, fit.iterations, fit.converged ? "" : " (not converged)",
      background->summary());
  return std::make_unique<FittedHawkes>(std::move(background), fit, std::move(recent), G * C, C, std::move(summary));
}

std::unique_ptr<ArrivalModel> Hawkes::create(const ModelSettings& s) {
  HawkesSettings h;  // docs/backtest.md "Model settings"
  h.window_days = s.number_or("window_days", h.window_days, 7, 3660);
  h.time_cutoff_days = s.number_or("time_cutoff_days", h.time_cutoff_days, 0.5, 365);
  h.space_cutoff_m = s.number_or("space_cutoff_m", h.space_cutoff_m, 10, 100'000);
  return std::make_unique<Hawkes>(h);
}

}  // namespace riskgrid::models
