// stacked: the members' log scores on the last training weeks, the mixture weights by EM, and the
// mixture's forecast (moment-matched) and replicas (one member per replica, drawn by the weights).
#include "riskgrid/models/arrival/stacked.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

std::vector<double> stacking_weights(const std::vector<std::vector<double>>& p, double tolerance, int max_iterations) {
  if (p.empty()) throw InputError("stacked: no scored observations to fit the weights on");
  const std::size_t M = p.front().size();
  std::vector<double> w(M, 1.0 / double(M)), next(M);
  for (int it = 0; it < max_iterations; ++it) {
    std::fill(next.begin(), next.end(), 0.0);
    double rows = 0;
    for (const auto& row : p) {
      double total = 0;
      for (std::size_t m = 0; m < M; ++m) total += w[m] * row[m];
      if (!(total > 0)) continue;
      for (std::size_t m = 0; m < M; ++m) next[m] += w[m] * row[m] / total;
      rows += 1;
    }
    if (!(rows > 0)) throw InputError("stacked: every member gives probability 0 to every observation");
    double change = 0;
    for (std::size_t m = 0; m < M; ++m) {
      next[m] /= rows;
      change = std::max(change, std::abs(next[m] - w[m]));
    }
    w.swap(next);
    if (change < tolerance) break;
  }
  return w;
}

namespace {

class StackedSampler final : public ArrivalSampler {
 public:
  StackedSampler(std::vector<std::unique_ptr<ArrivalSampler>> members, std::vector<double> weights)
      : members_(std::move(members)), weights_(std::move(weights)) {}
  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    rng::Stream s = key.stream({rng::purpose_of("stacked.member"), 0, 0});
    double u = s.uniform();
    std::size_t m = 0;
    while (m + 1 < members_.size() && u >= weights_[m]) u -= weights_[m++];
    members_[m]->sample(key, counts);
  }

 private:
  std::vector<std::unique_ptr<ArrivalSampler>> members_;
  std::vector<double> weights_;
};

class FittedStacked final : public FittedArrivals {
 public:
  FittedStacked(std::vector<std::unique_ptr<FittedArrivals>> members, std::vector<double> weights, std::string summary)
      : members_(std::move(members)), weights_(std::move(weights)), summary_(std::move(summary)) {}
  std::string summary() const override { return summary_; }

  void expected(const time::TimeGrid& h, cube::View<double> out) const override {
    std::vector<double> one(out.size());
    std::fill(out.begin(), out.end(), 0.0);
    for (std::size_t m = 0; m < members_.size(); ++m) {
      members_[m]->expected(h, {out.shape(), one});
      for (std::size_t i = 0; i < one.size(); ++i) out[i] += weights_[m] * one[i];
    }
  }

  // The mixture's mean and variance, as the negative binomial with both.
  void predictive(const time::TimeGrid& h, cube::View<double> mean, cube::View<double> size) const override {
    std::vector<double> m1(mean.size()), k1(mean.size()), second(mean.size(), 0.0);
    std::fill(mean.begin(), mean.end(), 0.0);
    for (std::size_t m = 0; m < members_.size(); ++m) {
      members_[m]->predictive(h, {mean.shape(), m1}, {mean.shape(), k1});
      for (std::size_t i = 0; i < m1.size(); ++i) {
        const forecast::CountDistribution d{m1[i], k1[i]};
        mean[i] += weights_[m] * m1[i];
        second[i] += weights_[m] * (d.variance() + m1[i] * m1[i]);
      }
    }
    for (std::size_t i = 0; i < mean.size(); ++i)
      size[i] = forecast::moment_matched_sum(mean[i], std::max(second[i] - mean[i] * mean[i], mean[i])).size;
  }

  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& h, cube::View<const double> multiplier) const override {
    std::vector<std::unique_ptr<ArrivalSampler>> samplers;
    for (const auto& m : members_) samplers.push_back(m->prepare(h, multiplier));
    return std::make_unique<StackedSampler>(std::move(samplers), weights_);
  }

 private:
  std::vector<std::unique_ptr<FittedArrivals>> members_;
  std::vector<double> weights_;
  std::string summary_;
};

}  // namespace

Stacked::Stacked(ArrivalRegistry registry, std::vector<std::string> members, std::size_t origins)
    : registry_(std::move(registry)), members_(std::move(members)), origins_(origins) {}

std::vector<std::string> Stacked::default_members() { return {"shrunk_level", "negbin_glm", "exp_weighted_mean"}; }

namespace {

// Each member's predictive density of every cell's count in the week after `origin`, fitted on
// [train_start, origin); appended to `rows` ([observation][member]). False when a member cannot fit.
bool score_week(const std::vector<std::unique_ptr<ArrivalModel>>& members, const FitInput& in, time::Seconds origin,
                std::vector<std::vector<double>>& rows) {
  const std::size_t G = in.district.grids.size(), C = in.catalog.size(), cells = G * C;
  std::vector<std::uint32_t> y(cells, 0);
  for (std::size_t i = 0; i < in.history.size(); ++i)
    if (in.history.created[i] >= origin && in.history.created[i] < origin + 7 * time::kDay && in.history.grid[i] < G &&
        in.history.category[i] < C)
      ++y[std::size_t{in.history.grid[i]} * C + in.history.category[i]];
  std::vector<std::vector<double>> p(cells, std::vector<double>(members.size()));
  const time::TimeGrid week{origin, 7 * time::kDay, 1};
  std::vector<double> mean(cells), size(cells);
  for (std::size_t m = 0; m < members.size(); ++m) {
    try {
      const auto fitted = members[m]->fit({in.district, in.catalog, in.history, in.train_start, origin});
      fitted->predictive(week, {{1, G, C}, mean}, {{1, G, C}, size});
    } catch (const InputError&) {
      return false;
    }
    for (std::size_t cell = 0; cell < cells; ++cell)
      p[cell][m] = std::exp(forecast::log_pmf({mean[cell], size[cell]}, y[cell]));
  }
  rows.insert(rows.end(), p.begin(), p.end());
  return true;
}

}  // namespace

std::unique_ptr<FittedArrivals> Stacked::fit(const FitInput& in) const {
  std::vector<std::unique_ptr<ArrivalModel>> members;
  for (const auto& name : members_) members.push_back(registry_.create(name));
  std::vector<std::vector<double>> rows;
  std::size_t scored = 0;
  for (std::size_t k = origins_; k > 0; --k) {
    const time::Seconds origin = in.train_end - static_cast<time::Seconds>(7 * k) * time::kDay;
    if (origin - in.train_start >= 28 * time::kDay && score_week(members, in, origin, rows)) ++scored;
  }
  std::vector<double> weights(members.size(), 1.0 / double(members.size()));
  if (!rows.empty()) weights = stacking_weights(rows);
  std::vector<std::unique_ptr<FittedArrivals>> fits;
  std::vector<std::string> parts;
  for (std::size_t m = 0; m < members.size(); ++m) {
    fits.push_back(members[m]->fit(in));
    parts.push_back(fmt::format("{} {:.3f}", members_[m], weights[m]));
  }
  std::string summary = fmt::format("{}: weights {} (fitted on {} weeks before the end of training)", kName,
                                    fmt::join(parts, ", "), scored);
  for (const auto& f : fits) summary += "\n  " + f->summary();
  return std::make_unique<FittedStacked>(std::move(fits), std::move(weights), std::move(summary));
}

std::unique_ptr<ArrivalModel> Stacked::create(ArrivalRegistry registry, const ModelSettings& s) {
  std::vector<std::string> members = s.names_or("members", default_members());
  const std::size_t origins = s.count_or("origins", 4, 0, 52);
  for (const auto& m : members) {
    if (m == kName)
      throw ScenarioError(fmt::format("{}: stacked.members: a stacked ensemble cannot hold itself", s.where()));
    if (!registry.contains(m))
      throw ScenarioError(fmt::format("{}: stacked.members: unknown arrival model \"{}\"; known: {}", s.where(), m,
                                      fmt::join(registry.names(), ", ")));
  }
  return std::make_unique<Stacked>(std::move(registry), std::move(members), origins);
}

}  // namespace riskgrid::models
