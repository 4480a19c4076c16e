#include "riskgrid/models/backtest/best_of_backtest.hpp"

#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/backtest/backtest.hpp"

namespace riskgrid::models {

namespace {

// Wraps the winner's fit so the summary says how it was chosen.
class ChosenFit final : public FittedArrivals, public ReportsChoice {
 public:
  ChosenFit(std::unique_ptr<FittedArrivals> inner, std::string chosen, std::string summary)
      : inner_(std::move(inner)), chosen_(std::move(chosen)), summary_(std::move(summary)) {}
  const std::string& chosen() const override { return chosen_; }
  void expected(const time::TimeGrid& h, cube::View<double> out) const override { inner_->expected(h, out); }
  void predictive(const time::TimeGrid& h, cube::View<double> mean, cube::View<double> size) const override {
    inner_->predictive(h, mean, size);
  }
  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& h, cube::View<const double> m) const override {
    return inner_->prepare(h, m);
  }
  std::string summary() const override { return summary_ + inner_->summary(); }

 private:
  std::unique_ptr<FittedArrivals> inner_;
  std::string chosen_, summary_;
};

}  // namespace

BestOfBacktest::BestOfBacktest(ArrivalRegistry registry, std::vector<std::string> candidates, std::size_t origins)
    : registry_(std::move(registry)), candidates_(std::move(candidates)), origins_(origins) {}

std::vector<std::string> BestOfBacktest::default_candidates() {
  return {"negbin_weekday", "negbin_glm",        "hawkes",      "day_bootstrap",
          "last_4_weeks",   "exp_weighted_mean", "kde_hotspot", "prospective_hotspot"};
}

std::unique_ptr<FittedArrivals> BestOfBacktest::fit(const FitInput& in) const {
  backtest::BacktestPlan plan;
  plan.models.assign(candidates_.begin(), candidates_.end());
  plan.history_start = in.train_start;
  for (std::size_t k = origins_; k > 0; --k)
    plan.origins.push_back(in.train_end - static_cast<time::Seconds>(7 * k) * time::kDay);
  if (plan.origins.front() - in.train_start < 14 * time::kDay)
    throw InputError(
        fmt::format("best_of_backtest: training {} .. {} is too short to backtest {} weekly origins "
                    "with two weeks of history before the first",
                    time::format_date(in.train_start), time::format_date(in.train_end), origins_));
  // The backtest sees only the training window, so nothing after train_end can leak into the choice.
  incidents::IncidentTable window;
  for (std::size_t i = 0; i < in.history.size(); ++i) {
    if (in.history.created[i] < in.train_start || in.history.created[i] >= in.train_end) continue;
    window.created.push_back(in.history.created[i]);
    window.grid.push_back(in.history.grid[i]);
    window.category.push_back(in.history.category[i]);
    if (in.history.lon.size() == in.history.size()) {
      window.lon.push_back(in.history.lon[i]);
      window.lat.push_back(in.history.lat[i]);
    }
  }
  const auto result = backtest::run_backtest({in.district, in.catalog, window}, plan, registry_);
  const auto summary = backtest::summarise(result);
  std::size_t best = summary.size();
  std::vector<std::string> table;
  for (std::size_t m = 0; m < summary.size(); ++m) {
    table.push_back(fmt::format("{} {:.4f}", summary[m].model, summary[m].log_score));
    if (summary[m].origins == origins_ && std::isfinite(summary[m].log_score) &&
        (best == summary.size() || summary[m].log_score < summary[best].log_score))
      best = m;
  }
  if (best == summary.size()) throw InputError("best_of_backtest: no candidate could be scored at every origin");
  const std::string& winner = candidates_[best];
  auto fitted = registry_.create(winner)->fit(in);
  return std::make_unique<ChosenFit>(
      std::move(fitted), winner,
      fmt::format("{}: chose {} (mean log score over the last {} weeks of training: {})\n", kName, winner, origins_,
                  fmt::join(table, ", ")));
}

}  // namespace riskgrid::models
