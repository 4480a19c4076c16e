// day_bootstrap: candidate days per horizon day, their hour-by-hour counts, and replicas that copy
// one candidate day for every grid and category at once.
#include "riskgrid/models/arrival/day_bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

// The horizon cut into (day, bin) pieces of whole hours.
struct Piece {
  std::size_t day = 0;  // index among the horizon's days
  std::size_t bin = 0;
  std::size_t first_hour = 0, end_hour = 0;  // hours of that day
};

struct HorizonDays {
  std::vector<time::Seconds> day;  // midnights
  std::vector<Piece> pieces;
};

HorizonDays cut(const time::TimeGrid& h) {
  if (h.bin_length % time::kHour != 0 || h.start % time::kHour != 0)
    throw ScenarioError("day_bootstrap: horizon bins must be whole hours starting on the hour");
  HorizonDays out;
  const std::size_t hours = h.bins * static_cast<std::size_t>(h.bin_length / time::kHour);
  for (std::size_t i = 0; i < hours; ++i) {
    const time::Seconds t = h.start + static_cast<time::Seconds>(i) * time::kHour;
    const time::Seconds midnight = time::day_number(t) * time::kDay;
    if (out.day.empty() || out.day.back() != midnight) out.day.push_back(midnight);
    const auto bin = static_cast<std::size_t>((t - h.start) / h.bin_length);
    const auto hour = static_cast<std::size_t>(time::hour_of_day(t));
    if (!out.pieces.empty() && out.pieces.back().bin == bin && out.pieces.back().day == out.day.size() - 1)
      out.pieces.back().end_hour = hour + 1;
    else
      out.pieces.push_back({out.day.size() - 1, bin, hour, hour + 1});
  }
  return out;
}

// Training counts per (day, hour), non-zero cells only: most grid-hours of a long history see no
// incident, so this is the history's size rather than days x 24 x cells.
struct HourTable {
  std::vector<std::size_t> offset;   // [day * 24 + hour + 1]: the slot's entries are [offset[s], offset[s+1])
  std::vector<std::uint32_t> cell;   // grid * categories + category
  std::vector<std::uint16_t> count;  // capped at 0xffff
};

// Counts the window's incidents into a HourTable (cells already checked by count_daily).
HourTable count_hours(const FitInput& in, std::size_t days, std::size_t categories) {
  const std::size_t cells = in.district.grids.size() * categories;
  std::vector<std::uint64_t> keys;  // (day * 24 + hour) * cells + cell
  for (std::size_t i = 0; i < in.history.size(); ++i) {
    const time::Seconds t = in.history.created[i];
    if (t < in.train_start || t >= in.train_end) continue;
    const auto d = static_cast<std::size_t>((t - in.train_start) / time::kDay);
    const auto h = static_cast<std::size_t>(time::hour_of_day(t));
    keys.push_back((d * 24 + h) * cells + std::size_t{in.history.grid[i]} * categories + in.history.category[i]);
  }
  std::sort(keys.begin(), keys.end());
  HourTable table;
  table.offset.assign(days * 24 + 1, 0);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && keys[i] == keys[i - 1]) {
      if (table.count.back() < 0xffff) ++table.count.back();
      continue;
    }
    table.cell.push_back(static_cast<std::uint32_t>(keys[i] % cells));
    table.count.push_back(1);
    ++table.offset[keys[i] / cells + 1];
  }
  for (std::size_t slot = 0; slot < days * 24; ++slot) table.offset[slot + 1] += table.offset[slot];
  return table;
}

class BootstrapSampler final : public ArrivalSampler {
 public:
  BootstrapSampler(std::size_t cells, std::size_t categories, std::size_t bins, HorizonDays days,
                   std::vector<std::vector<std::size_t>> candidates, std::shared_ptr<const HourTable> hourly,
                   std::vector<double> multiplier)
      : cells_(cells),
        categories_(categories),
        bins_(bins),
        days_(std::move(days)),
        candidates_(std::move(candidates)),
        hourly_(std::move(hourly)),
        multiplier_(std::move(multiplier)) {}

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    if (counts.size() != bins_ * cells_) throw std::invalid_argument("day_bootstrap: counts span does not match");
    std::fill(counts.begin(), counts.end(), 0u);
    rng::Stream pick = key.stream({rng::kResampleDay, 0, 0});
    std::size_t current_day = days_.day.size(), source = 0;
    for (const Piece& p : days_.pieces) {
      if (p.day != current_day) {  // one draw per horizon day, shared by every grid and category
        current_day = p.day;
        const auto& c = candidates_[p.day];
        source = c[std::min(c.size() - 1, static_cast<std::size_t>(pick.uniform() * double(c.size())))];
      }
      for (std::size_t h = p.first_hour; h < p.end_hour; ++h) {
        const HourTable& t = *hourly_;
        for (std::size_t i = t.offset[source * 24 + h]; i < t.offset[source * 24 + h + 1]; ++i)
          counts[p.bin * cells_ + t.cell[i]] += t.count[i];
      }
    }
    apply_drills(key, counts);
  }

 private:
  // Drills scale resampled counts: thinning below 1, Poisson extra incidents above.
  void apply_drills(const rng::ReplicaKey& key, std::span<std::uint32_t> counts) const {
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      bool any = false;
      for (std::size_t b = 0; b < bins_; ++b) any = any || multiplier_[b * cells_ + cell] != 1.0;
      if (!any) continue;
      rng::Stream s =
          key.stream({rng::kArrivalBin, std::uint32_t(cell / categories_), std::uint32_t(cell % categories_)});
      for (std::size_t b = 0; b < bins_; ++b) {
        const double m = multiplier_[b * cells_ + cell];
        std::uint32_t& n = counts[b * cells_ + cell];
        if (m > 1) {
          n += rng::poisson(s, (m - 1) * n);
        } else if (m < 1) {
          std::uint32_t kept = 0;
          for (std::uint32_t i = 0; i < n; ++i) kept += s.uniform() < m ? 1 : 0;
          n = kept;
        }
      }
    }
  }

  std::size_t cells_, categories_, bins_;
  HorizonDays days_;
  std::vector<std::vector<std::size_t>> candidates_;  // [horizon day] training day indices
  std::shared_ptr<const HourTable> hourly_;           // shared with the fitted model
  std::vector<double> multiplier_;
};

class FittedBootstrap final : public FittedArrivals {
 public:
  FittedBootstrap(time::Seconds start, std::size_t days, std::size_t cells, std::size_t categories, HourTable hourly,
                  DayBootstrapSettings s, std::string summary)
      : start_(start),
        days_(days),
        cells_(cells),
        categories_(categories),
        hourly_(std::make_shared<const HourTable>(std::move(hourly))),
        s_(s),
        summary_(std::move(summary)) {}

  std::string summary() const override { return summary_; }

  void expected(const time::TimeGrid& horizon, cube::View<double> out) const override {
    cube::Cube<double> size(out.shape());
    predictive(horizon, out, size.view());
  }

  void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const override {
    if (mean.size() != horizon.bins * cells_ || size.size() != mean.size())
      throw std::invalid_argument("day_bootstrap: spans do not match the horizon");
    const HorizonDays days = cut(horizon);
    std::vector<double> variance(mean.size(), 0.0);
    std::fill(mean.begin(), mean.end(), 0.0);
    std::vector<double> sum(cells_), squares(cells_), piece(cells_, 0.0);
    std::vector<std::uint32_t> touched;
    const HourTable& t = *hourly_;
    for (const Piece& p : days.pieces) {
      const auto candidates = candidates_for(days.day[p.day]);
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(squares.begin(), squares.end(), 0.0);
      for (const std::size_t d : candidates) {  // the cells with incidents in the piece's hours of day d
        touched.clear();
        for (std::size_t i = t.offset[d * 24 + p.first_hour]; i < t.offset[d * 24 + p.end_hour]; ++i) {
          if (piece[t.cell[i]] == 0) touched.push_back(t.cell[i]);
          piece[t.cell[i]] += t.count[i];
        }
        for (const std::uint32_t cell : touched) {
          sum[cell] += piece[cell];
          squares[cell] += piece[cell] * piece[cell];
          piece[cell] = 0;
        }
      }
      const double n = double(candidates.size());
      for (std::size_t cell = 0; cell < cells_; ++cell) {
        const double m = sum[cell] / n;
        mean[p.bin * cells_ + cell] += m;
        variance[p.bin * cells_ + cell] += std::max(0.0, squares[cell] / n - m * m);
      }
    }
    const double floor = kMinDailyRate * double(horizon.bin_length) / double(time::kDay);
    for (std::size_t i = 0; i < mean.size(); ++i) {
      mean[i] = std::max(mean[i], floor);
      size[i] = forecast::moment_matched_sum(mean[i], std::max(variance[i], mean[i])).size;
    }
  }

  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                          cube::View<const double> multiplier) const override {
    if (multiplier.size() != horizon.bins * cells_)
      throw std::invalid_argument("day_bootstrap: multiplier span does not match the horizon");
    HorizonDays days = cut(horizon);
    std::vector<std::vector<std::size_t>> candidates;
    for (const auto day : days.day) candidates.push_back(candidates_for(day));
    return std::make_unique<BootstrapSampler>(cells_, categories_, horizon.bins, std::move(days), std::move(candidates),
                                              hourly_, std::vector<double>(multiplier.begin(), multiplier.end()));
  }

 private:
  // Same weekday, within +-season_days of the day of the year; else the last same-weekday days.
  std::vector<std::size_t> candidates_for(time::Seconds day) const {
    const double year = 365.2425;
    const auto doy = [&](time::Seconds t) { return std::fmod(double(time::day_number(t)), year); };
    std::vector<std::size_t> in_season, same_weekday;
    for (std::size_t d = 0; d < days_; ++d) {
      const time::Seconds t = start_ + static_cast<time::Seconds>(d) * time::kDay;
      if (time::weekday(t) != time::weekday(day)) continue;
      same_weekday.push_back(d);
      const double gap = std::abs(doy(t) - doy(day));
      if (std::min(gap, year - gap) <= s_.season_days + 0.5) in_season.push_back(d);
    }
    if (in_season.size() >= s_.min_candidates) return in_season;
    const std::size_t keep = std::min(same_weekday.size(), s_.fallback_weeks);
    return {same_weekday.end() - static_cast<std::ptrdiff_t>(keep), same_weekday.end()};
  }

  time::Seconds start_;
  std::size_t days_, cells_, categories_;
  // [training day][hour][grid * categories + category], shared with the samplers it prepares
  std::shared_ptr<const HourTable> hourly_;
  DayBootstrapSettings s_;
  std::string summary_;
};

}  // namespace

std::unique_ptr<FittedArrivals> DayBootstrap::fit(const FitInput& in) const {
  const DailyCounts w = count_daily(in, kName, 7);
  const std::size_t cells = w.grids * w.categories;
  HourTable hourly = count_hours(in, w.days, w.categories);
  std::string summary = fmt::format(
      "{}: whole days of {} .. {} ({} days, {} incidents), same weekday within +-{} "
      "days of the season",
      kName, time::format_date(in.train_start), time::format_date(in.train_end), w.days, w.incidents,
      settings_.season_days);
  return std::make_unique<FittedBootstrap>(in.train_start, w.days, cells, w.categories, std::move(hourly), settings_,
                                           std::move(summary));
}

std::unique_ptr<ArrivalModel> DayBootstrap::create(const ModelSettings& s) {
  DayBootstrapSettings b;  // docs/backtest.md "Model settings"
  b.season_days = static_cast<int>(s.count_or("season_days", std::size_t(b.season_days), 0, 182));
  b.min_candidates = s.count_or("min_candidates", b.min_candidates, 1, 100);
  b.fallback_weeks = s.count_or("fallback_weeks", b.fallback_weeks, 1, 520);
  return std::make_unique<DayBootstrap>(b);
}

}  // namespace riskgrid::models
