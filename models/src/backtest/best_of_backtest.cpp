#include "riskgrid/models/backtest/best_of_backtest.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/sha256.hpp"
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

// The training window's incidents alone, so nothing after train_end can leak into the choice.
incidents::IncidentTable training_window(const FitInput& in) {
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
  return window;
}

template <class T>
void append_bytes(std::string& out, const std::vector<T>& v) {
  out += std::to_string(v.size()) + ':';
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

}  // namespace

BestOfBacktest::BestOfBacktest(ArrivalRegistry registry, std::vector<std::string> candidates, std::size_t origins)
    : registry_(std::move(registry)), candidates_(std::move(candidates)), origins_(origins) {}

std::unique_ptr<ArrivalModel> BestOfBacktest::create(ArrivalRegistry registry, const ModelSettings& s) {
  std::vector<std::string> candidates = s.names_or("candidates", default_candidates());
  const std::size_t origins = s.count_or("origins", 4, 1, 52);
  for (const auto& c : candidates) {
    if (c == kName)
      throw ScenarioError(fmt::format("{}: best_of_backtest.candidates: \"{}\" cannot be a candidate", s.where(), c));
    if (!registry.contains(c))
      throw ScenarioError(fmt::format("{}: best_of_backtest.candidates: unknown arrival model \"{}\"; known: {}",
                                      s.where(), c, fmt::join(registry.names(), ", ")));
  }
  return std::make_unique<BestOfBacktest>(std::move(registry), std::move(candidates), origins);
}

std::vector<std::string> BestOfBacktest::default_candidates() {
  return {"negbin_weekday", "negbin_glm",        "hawkes",      "day_bootstrap",
          "last_4_weeks",   "exp_weighted_mean", "kde_hotspot", "prospective_hotspot"};
}

bool BestOfBacktest::can_choose(const FitInput& in) const {
  const time::Seconds first = in.train_end - static_cast<time::Seconds>(7 * origins_) * time::kDay;
  return first - in.train_start >= 14 * time::kDay;
}

bool BestOfBacktest::is_candidate(const std::string& name) const {
  return std::find(candidates_.begin(), candidates_.end(), name) != candidates_.end();
}

BestOfBacktest::Choice BestOfBacktest::choose(const FitInput& in) const {
  if (!can_choose(in))
    throw InputError(
        fmt::format("best_of_backtest: training {} .. {} is too short to backtest {} weekly origins "
                    "with two weeks of history before the first",
                    time::format_date(in.train_start), time::format_date(in.train_end), origins_));
  backtest::BacktestPlan plan;
  plan.models.assign(candidates_.begin(), candidates_.end());
  plan.history_start = in.train_start;
  for (std::size_t k = origins_; k > 0; --k)
    plan.origins.push_back(in.train_end - static_cast<time::Seconds>(7 * k) * time::kDay);
  const auto result = backtest::run_backtest({in.district, in.catalog, training_window(in)}, plan, registry_);
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
  return {candidates_[best], fmt::format("{}", fmt::join(table, ", "))};
}

std::unique_ptr<FittedArrivals> BestOfBacktest::fit_choice(const FitInput& in, const Choice& choice) const {
  auto fitted = registry_.create(choice.winner)->fit(in);
  return std::make_unique<ChosenFit>(
      std::move(fitted), choice.winner,
      fmt::format("{}: chose {} (mean log score over the last {} weeks of training: {})\n", kName, choice.winner,
                  origins_, choice.scores));
}

std::unique_ptr<FittedArrivals> BestOfBacktest::fit(const FitInput& in) const { return fit_choice(in, choose(in)); }

std::string BestOfBacktest::choice_key(const FitInput& in) const {
  const incidents::IncidentTable window = training_window(in);
  std::string bytes = fmt::format("best_of_backtest v1|{}|{}|{}|{}|", fmt::join(candidates_, ","), origins_,
                                  in.train_start, in.train_end);
  append_bytes(bytes, window.created);
  append_bytes(bytes, window.grid);
  append_bytes(bytes, window.category);
  append_bytes(bytes, window.lon);
  append_bytes(bytes, window.lat);
  for (const auto& g : in.district.grids)
    bytes += fmt::format("|{} {} {:.17g} {:.17g} {:.17g}", g.id, g.parent, g.centroid.x(), g.centroid.y(), g.area_m2);
  for (const auto& c : in.catalog.categories) bytes += "|" + c.id;
  return io::sha256_hex(bytes);
}

}  // namespace riskgrid::models
