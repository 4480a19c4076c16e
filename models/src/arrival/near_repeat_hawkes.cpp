// near_repeat_hawkes as an arrival model: shrunk_level's background, the EM fit on the window's
// incidents, the expected cascade over grids as the forecast, replicas by branching across grids.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/arrival/near_repeat_hawkes.hpp"
#include "riskgrid/models/arrival/shrunk_level.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

struct Recent {
  time::Seconds t;
  std::uint32_t grid;
  std::uint16_t category;
};

// Share of the children of an event placed uniformly in a bin of `days` that fall k bins later.
double bin_kernel(double omega, double days, std::size_t k) {
  const double x = omega * days, stay = (1 - std::exp(-x)) / x;
  if (k == 0) return 1 - stay;
  return (1 - std::exp(-x)) * stay * std::exp(-x * double(k - 1));
}

// The spatial kernel applied to one bin's counts per [grid][category]: out += scale * K^T x.
void spread(const UnitNeighbours& n, double spill, std::size_t C, const double* x, double scale, double* out) {
  for (std::size_t h = 0; h < n.size(); ++h) {
    const double keep = n[h].empty() ? 1.0 : 1 - spill;
    for (std::size_t c = 0; c < C; ++c) {
      const double v = scale * x[h * C + c];
      if (v == 0) continue;
      out[h * C + c] += keep * v;
      for (const auto& [g, w] : n[h]) out[std::size_t{g} * C + c] += spill * w * v;
    }
  }
}

class NearRepeatSampler final : public ArrivalSampler {
 public:
  NearRepeatSampler(std::shared_ptr<const UnitNeighbours> n, std::size_t C, std::size_t bins, double bin_days,
                    NearRepeatParams p, std::vector<double> immigrants, std::vector<double> size)
      : hold_(std::move(n)),
        n_(*hold_),
        C_(C),
        bins_(bins),
        bin_days_(bin_days),
        p_(p),
        immigrants_(std::move(immigrants)),
        size_(std::move(size)) {}

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    const std::size_t cells = n_.size() * C_;
    if (counts.size() != bins_ * cells) throw std::invalid_argument("near_repeat_hawkes: counts span does not match");
    static const std::uint32_t level = rng::purpose_of("near_repeat_hawkes.level"),
                               count = rng::purpose_of("near_repeat_hawkes.count");
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const auto g = static_cast<std::uint32_t>(cell / C_), c = static_cast<std::uint32_t>(cell % C_);
      rng::Stream ls = key.stream({level, g, c}), cs = key.stream({count, g, c});
      const double k = size_[cell], factor = k < forecast::kPoissonSizeAbove ? rng::gamma(ls, k) / k : 1.0;
      for (std::size_t b = 0; b < bins_; ++b) {
        const double m = immigrants_[b * cells + cell] * factor;
        counts[b * cells + cell] = m > 0 ? rng::poisson(cs, m) : 0;
      }
    }
    if (p_.branching > 0) branch(key, counts);
  }

 private:
  // Every event's children, bin by bin and generation by generation; a child lands in its parent's
  // grid or, with probability s, in a neighbour drawn by the weights. Scratch is per thread.
  void branch(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const {
    static const std::uint32_t purpose = rng::purpose_of("near_repeat_hawkes.branch");
    const std::size_t cells = n_.size() * C_;
    thread_local std::vector<std::uint32_t> todo, next;
    todo.resize(cells), next.resize(cells);
    for (std::size_t b = 0; b < bins_; ++b) {
      std::copy(counts.begin() + std::ptrdiff_t(b * cells), counts.begin() + std::ptrdiff_t((b + 1) * cells),
                todo.begin());
      for (std::uint32_t generation = 0; std::any_of(todo.begin(), todo.end(), [](auto v) { return v > 0; });
           ++generation) {
        std::fill(next.begin(), next.end(), 0u);
        for (std::size_t cell = 0; cell < cells; ++cell) {
          if (todo[cell] == 0) continue;
          const std::size_t h = cell / C_, c = cell % C_;
          rng::Stream s = key.stream({purpose, static_cast<std::uint32_t>(cell),
                                      static_cast<std::uint32_t>(b * 1024 + std::min(generation, 1023u))});
          for (std::uint32_t kids = rng::poisson(s, p_.branching * todo[cell]); kids > 0; --kids) {
            const double at = s.uniform() - std::log(s.uniform()) / (p_.decay_per_day * bin_days_);
            std::size_t g = h;
            if (!n_[h].empty() && s.uniform() < p_.spill) {
              double u = s.uniform();
              std::size_t i = 0;
              while (i + 1 < n_[h].size() && u >= n_[h][i].second) u -= n_[h][i++].second;
              g = n_[h][i].first;
            }
            const auto later = static_cast<std::size_t>(at);
            if (b + later >= bins_) continue;
            ++counts[(b + later) * cells + g * C_ + c];
            if (later == 0) ++next[g * C_ + c];
          }
        }
        todo.swap(next);
      }
    }
  }

  std::shared_ptr<const UnitNeighbours> hold_;
  const UnitNeighbours& n_;
  std::size_t C_, bins_;
  double bin_days_;
  NearRepeatParams p_;
  std::vector<double> immigrants_, size_;  // [bin][cell]
};

class FittedNearRepeat final : public FittedArrivals {
 public:
  FittedNearRepeat(std::unique_ptr<FittedArrivals> background, std::shared_ptr<const UnitNeighbours> n,
                   NearRepeatParams p, std::vector<Recent> recent, std::size_t C, std::string summary)
      : background_(std::move(background)),
        n_(std::move(n)),
        p_(p),
        recent_(std::move(recent)),
        C_(C),
        summary_(std::move(summary)) {}
  std::string summary() const override { return summary_; }

  void expected(const time::TimeGrid& h, cube::View<double> out) const override {
    cube::Cube<double> size(out.shape());
    predictive(h, out, size.view());
  }

  // The expected cascade: each bin's immigrants, plus the children of earlier bins' expected counts
  // spread over the grids, plus the bin's own children (a fixed point: eta * stay < 1).
  void predictive(const time::TimeGrid& h, cube::View<double> mean, cube::View<double> size) const override {
    const std::size_t cells = n_->size() * C_;
    if (h.bin_length > time::kDay && h.bin_length % time::kDay == 0 && h.start % time::kDay == 0) {
      // Bins of several days: the cascade on day bins, summed, so a week is exactly its days (the
      // background's size is the level's, the same for any bin).
      const auto per = static_cast<std::size_t>(h.bin_length / time::kDay);
      std::vector<double> m(h.bins * per * cells), k(m.size());
      const cube::Shape days{h.bins * per, n_->size(), C_};
      predictive({h.start, time::kDay, h.bins * per}, {days, m}, {days, k});
      std::vector<double> unused(mean.size());
      background_->predictive(h, {mean.shape(), unused}, size);
      std::fill(mean.begin(), mean.end(), 0.0);
      for (std::size_t d = 0; d < h.bins * per; ++d)
        for (std::size_t i = 0; i < cells; ++i) mean[(d / per) * cells + i] += m[d * cells + i];
      return;
    }
    std::vector<double> imm(mean.size()), spread_of(mean.size(), 0.0), x(cells);
    immigrants_of(h, {mean.shape(), imm}, size);
    const double days = double(h.bin_length) / double(time::kDay);
    const double stay = p_.branching * bin_kernel(p_.decay_per_day, days, 0);
    for (std::size_t b = 0; b < h.bins; ++b) {
      double* m = mean.data() + b * cells;
      std::copy(imm.begin() + std::ptrdiff_t(b * cells), imm.begin() + std::ptrdiff_t((b + 1) * cells), m);
      for (std::size_t e = 0; e < b; ++e) {
        const double k = p_.branching * bin_kernel(p_.decay_per_day, days, b - e);
        for (std::size_t i = 0; i < cells; ++i) m[i] += k * spread_of[e * cells + i];
      }
      const std::vector<double> base(m, m + cells);
      for (int it = 0; it < 1000 && stay > 0; ++it) {
        std::copy(base.begin(), base.end(), x.begin());
        spread(*n_, p_.spill, C_, m, stay, x.data());
        double change = 0;
        for (std::size_t i = 0; i < cells; ++i) change = std::max(change, std::abs(x[i] - m[i]) / (m[i] + 1e-300));
        std::copy(x.begin(), x.end(), m);
        if (change < 1e-12) break;
      }
      spread(*n_, p_.spill, C_, m, 1.0, spread_of.data() + b * cells);
    }
  }

  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& h, cube::View<const double> multiplier) const override {
    const std::size_t cells = n_->size() * C_;
    std::vector<double> imm(h.bins * cells), size(imm.size());
    const cube::Shape shape{h.bins, n_->size(), C_};
    immigrants_of(h, {shape, imm}, {shape, size});
    if (multiplier.size() != imm.size()) throw std::invalid_argument("near_repeat_hawkes: multiplier does not match");
    for (std::size_t i = 0; i < imm.size(); ++i) imm[i] *= multiplier[i];
    std::vector<double> cell_size(size.begin(), size.begin() + std::ptrdiff_t(cells));
    return std::make_unique<NearRepeatSampler>(n_, C_, h.bins, double(h.bin_length) / double(time::kDay), p_,
                                               std::move(imm), std::move(cell_size));
  }

 private:
  // Scaled background plus the expected direct children of the recent history, spread over grids.
  void immigrants_of(const time::TimeGrid& h, cube::View<double> out, cube::View<double> size) const {
    const std::size_t cells = n_->size() * C_;
    if (out.size() != h.bins * cells || size.size() != out.size())
      throw std::invalid_argument("near_repeat_hawkes: spans do not match the horizon");
    background_->predictive(h, out, size);
    for (double& m : out) m *= p_.background_scale;
    const double day = double(time::kDay);
    for (const auto& e : recent_) {
      const auto& around = (*n_)[e.grid];
      const double keep = around.empty() ? 1.0 : 1 - p_.spill;
      for (std::size_t b = 0; b < h.bins; ++b) {
        const double from = double(h.bin_start(b) - e.t) / day, to = double(h.bin_start(b + 1) - e.t) / day;
        const double k = p_.branching * (std::exp(-p_.decay_per_day * from) - std::exp(-p_.decay_per_day * to));
        double* o = out.data() + b * cells;
        o[std::size_t{e.grid} * C_ + e.category] += keep * k;
        for (const auto& [g, w] : around) o[std::size_t{g} * C_ + e.category] += p_.spill * w * k;
      }
    }
  }

  std::unique_ptr<FittedArrivals> background_;
  std::shared_ptr<const UnitNeighbours> n_;
  NearRepeatParams p_;
  std::vector<Recent> recent_;
  std::size_t C_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> NearRepeatHawkes::fit(const FitInput& in) const {
  auto background = ShrunkLevel().fit(in);
  const time::Seconds start =
      std::max(in.train_start, in.train_end - static_cast<time::Seconds>(settings_.window_days) * time::kDay);
  const auto days = static_cast<std::size_t>((in.train_end - start) / time::kDay);
  const std::size_t G = in.district.grids.size(), C = in.catalog.size();
  std::vector<double> rate(days * G * C), unused(rate.size());
  const cube::Shape shape{days, G, C};
  background->predictive({start, time::kDay, days}, {shape, rate}, {shape, unused});
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < in.history.size(); ++i)
    if (in.history.created[i] >= start && in.history.created[i] < in.train_end && in.history.grid[i] < G &&
        in.history.category[i] < C)
      rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return in.history.created[a] < in.history.created[b]; });
  std::vector<UnitEvent> events;
  std::vector<Recent> recent;
  const time::Seconds recent_from =
      in.train_end - static_cast<time::Seconds>(settings_.time_cutoff_days * double(time::kDay));
  for (const std::size_t r : rows) {
    const std::uint32_t g = in.history.grid[r];
    const std::uint16_t c = in.history.category[r];
    const auto d = static_cast<std::size_t>((in.history.created[r] - start) / time::kDay);
    events.push_back({double(in.history.created[r] - start) / double(time::kDay), g, c, rate[(d * G + g) * C + c]});
    if (in.history.created[r] >= recent_from) recent.push_back({in.history.created[r], g, c});
  }
  auto n = std::make_shared<const UnitNeighbours>(unit_neighbours(in.district));
  const double integral = std::accumulate(rate.begin(), rate.end(), 0.0);
  const NearRepeatFit fit = fit_near_repeat_em(events, *n, double(days), integral, settings_);
  const NearRepeatParams& p = fit.params;
  std::string summary = fmt::format(
      "{}: {} incidents of {} .. {}: background x {:.3f}, branching ratio {:.3f}, decay {:.3f}/day, {:.0f}% of "
      "children in a neighbouring grid; {} pairs, {} EM iterations{}\n  background: {}",
      kName, events.size(), time::format_date(start), time::format_date(in.train_end), p.background_scale, p.branching,
      p.decay_per_day, 100 * p.spill, fit.pairs, fit.iterations, fit.converged ? "" : " (not converged)",
      background->summary());
  return std::make_unique<FittedNearRepeat>(std::move(background), std::move(n), p, std::move(recent), C,
                                            std::move(summary));
}

std::unique_ptr<ArrivalModel> NearRepeatHawkes::create(const ModelSettings& s) {
  NearRepeatSettings h;  // docs/models.md
  h.window_days = s.number_or("window_days", h.window_days, 7, 3660);
  h.time_cutoff_days = s.number_or("time_cutoff_days", h.time_cutoff_days, 0.5, 365);
  return std::make_unique<NearRepeatHawkes>(h);
}

}  // namespace riskgrid::models
