#include "riskgrid/models/response/des_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/response/case_handling_tally.hpp"
#include "riskgrid/models/response/des_settings.hpp"
#include "riskgrid/models/response/response_runner.hpp"

namespace riskgrid::models::response {

namespace {

/// Expected arrivals per day [grid][category]: the no-drill forecast averaged over the horizon.
std::vector<double> daily_rate(std::span<const double> baseline, const time::TimeGrid& horizon, std::size_t cells) {
  std::vector<double> rate(cells, 0);
  for (std::size_t b = 0; b < horizon.bins; ++b)
    for (std::size_t i = 0; i < cells; ++i) rate[i] += baseline[b * cells + i];
  const double days = double(horizon.end() - horizon.start) / double(time::kDay);
  for (double& r : rate) r /= days;
  return rate;
}

class DesPrepared final : public PreparedResponse {
 public:
  DesPrepared(const ResponseInput& in, const DesSettings& s) : red_probability_(s.red_probability), replay_(s.replay) {
    const std::size_t grids = in.district.grids.size(), k = in.catalog.size();
    const std::vector<double> rate = daily_rate(in.baseline, in.horizon, grids * k);
    const std::int64_t first_day = time::day_number(in.horizon.start) - std::int64_t(std::ceil(s.warmup_days)) - 2;
    const std::int64_t days = (in.horizon.end() - in.horizon.start) / time::kDay + std::int64_t(s.warmup_days) + 400;
    config_ = build_des_config(s, in.district, in.catalog, rate, first_day, days, in.horizon);
    SimulationSetup setup;
    setup.config = &config_;
    setup.horizon = in.horizon;
    setup.grids = grids;
    setup.categories = k;
    setup.warmup_days = s.warmup_days;
    setup.warmup_daily_rate = rate;
    setup.hour_cdf = hour_profile(in.history, in.train_start, in.train_end);
    if (replay_) {
      arrivals_ = replay_arrivals(in.history, in.horizon, s.warmup_days, "history");
      setup.replay = &arrivals_;
      const time::Seconds from = in.horizon.start - time::Seconds(std::ceil(s.warmup_days)) * time::kDay;
      history_ = response::history_handling(in.history, config_, in.horizon, from);
      // One replica of its own, judged like the history (the simulation restarts a re-opened case's limit).
      history_->replay_on_time_from_creation =
          replay_judged_like_history(setup, {0, rng::purpose_of("replay.like_history")}).on_time_share();
    }
    runner_ = std::make_unique<ResponseRunner>(std::move(setup));
    for (const auto& town : in.district.towns) team_names_.push_back("town:" + town.id);
    team_names_.emplace_back("district");
    for (const auto& department : config_.departments) team_names_.push_back("department:" + department);
  }

  std::vector<std::string> team_names() const override { return team_names_; }

  bool replays() const override { return replay_; }
  std::unique_ptr<ensemble::ModelTally> empty_tally() const override {
    const SimulationSetup& setup = runner_->setup();
    return std::make_unique<CaseHandlingTally>(setup.horizon.bins, setup.grids,
                                               config_.pools.size() - config_.town_pool0);
  }
  void run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& into) override {
    runner_->run_replica(key, counts, into);
  }
  std::optional<HistoryHandling> history_handling() const override { return history_; }
  double red_probability() const override { return red_probability_; }
  std::string summary() const override {
    std::uint32_t grid_servers = 0, other = 0;
    for (std::size_t p = 0; p < config_.pools.size(); ++p)
      (p < config_.town_pool0 ? grid_servers : other) += config_.pools[p].servers;
    return fmt::format("{} mode, {} staff pools with {} case slots, {} team and department slots{}",
                       replay_ ? "replay" : "forecast", config_.town_pool0, grid_servers, other,
                       replay_ ? fmt::format(", {} incidents replayed", arrivals_.time.size()) : "");
  }

 private:
  double red_probability_;
  bool replay_;
  ResponseConfig config_;
  std::vector<std::string> team_names_;
  ReplayArrivals arrivals_;
  std::optional<HistoryHandling> history_;  ///< replay only
  std::unique_ptr<ResponseRunner> runner_;
};

}  // namespace

std::array<double, 24> hour_profile(const incidents::IncidentTable& history, time::Seconds from, time::Seconds to) {
  std::array<double, 24> cdf{};
  cdf.fill(1);
  for (std::size_t i = 0; i < history.size(); ++i)
    if (history.created[i] >= from && history.created[i] < to)
      cdf[std::size_t(time::hour_of_day(history.created[i]))] += 1;
  std::partial_sum(cdf.begin(), cdf.end(), cdf.begin());
  const double total = cdf.back();
  for (double& c : cdf) c /= total;
  cdf.back() = 1;
  return cdf;
}

ReplayArrivals replay_arrivals(const incidents::IncidentTable& history, const time::TimeGrid& horizon,
                               double warmup_days, const std::string& history_name) {
  const time::Seconds from = horizon.start - time::Seconds(std::ceil(warmup_days)) * time::kDay;
  const time::Seconds end = horizon.end();
  std::vector<std::size_t> rows;
  time::Seconds last = std::numeric_limits<time::Seconds>::min();
  for (std::size_t i = 0; i < history.size(); ++i) {
    last = std::max(last, history.created[i]);
    if (history.created[i] >= from && history.created[i] < end) rows.push_back(i);
  }
  if (last < end - time::kDay)
    throw InputError(fmt::format("{}: replay needs incidents up to {}, but the history ends {}", history_name,
                                 time::format_iso(end), history.size() ? time::format_iso(last) : "empty"));
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return history.created[a] < history.created[b]; });
  ReplayArrivals r;
  r.bin_offset.assign(horizon.bins + 1, 0);
  for (const std::size_t i : rows) {
    r.time.push_back(double(history.created[i] - horizon.start));
    r.grid.push_back(history.grid[i]);
    r.category.push_back(history.category[i]);
  }
  std::size_t i = 0;
  for (std::size_t b = 0; b <= horizon.bins; ++b) {
    const double edge = double(horizon.bin_start(b) - horizon.start);
    while (i < r.time.size() && r.time[i] < edge) ++i;
    r.bin_offset[b] = i;
  }
  return r;
}

void DesResponse::check(const scenario::ResponseBlock& block, const spatial::District& district,
                        const catalog::CategoryCatalog& catalog) const {
  check_des_settings(read_des_settings(block), district, catalog);
}

std::unique_ptr<PreparedResponse> DesResponse::prepare(const ResponseInput& input) const {
  DesSettings settings = read_des_settings(input.block);
  settings.grid_staff.assign(input.grid_staff.begin(), input.grid_staff.end());
  return std::make_unique<DesPrepared>(input, settings);
}

std::unique_ptr<ResponseModel> DesResponse::create(const ModelSettings&) { return std::make_unique<DesResponse>(); }

}  // namespace riskgrid::models::response
