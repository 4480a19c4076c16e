// stacked: the members' log scores on the last training weeks, the mixture weights by EM, and the
// mixture's forecast (moment-matched) and replicas (one member per replica, drawn by the weights).
#include "riskgrid/models/arrival/stacked.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <utility>

#include <Eigen/Dense>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/fit_memo.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

namespace {

// The solver's rows: those where some member gives a positive, finite density (the others carry
// no information about the weights and would make the objective -inf at every weight).
std::vector<double> informative_rows(std::span<const double> p, std::size_t M) {
  std::vector<double> kept;
  kept.reserve(p.size());
  for (std::size_t i = 0; i + M <= p.size(); i += M) {
    double total = 0;
    bool finite = true;
    for (std::size_t m = 0; m < M; ++m) {
      finite = finite && std::isfinite(p[i + m]) && p[i + m] >= 0;
      total += p[i + m];
    }
    if (finite && total > 0) kept.insert(kept.end(), p.begin() + std::ptrdiff_t(i), p.begin() + std::ptrdiff_t(i + M));
  }
  return kept;
}

// The objective's gradient g (per row) and minus its Hessian H (per row) at w: g_m = mean_i p_im / s_i,
// H_mn = mean_i p_im p_in / s_i^2, s_i = sum_m w_m p_im. At the optimum g_m = 1 where w_m > 0 and
// g_m <= 1 where w_m = 0 (sum_m w_m g_m is always 1).
void derivatives(const std::vector<double>& p, const Eigen::VectorXd& w, Eigen::VectorXd& g, Eigen::MatrixXd& H) {
  const auto M = std::size_t(w.size());
  const std::size_t rows = p.size() / M;
  std::vector<double> gs(M, 0.0), hs(M * M, 0.0), q(M);
  for (std::size_t i = 0; i < rows; ++i) {
    const double* row = p.data() + i * M;
    double total = 0;
    for (std::size_t m = 0; m < M; ++m) total += w[Eigen::Index(m)] * row[m];
    for (std::size_t m = 0; m < M; ++m) {
      q[m] = row[m] / total;
      gs[m] += q[m];
      for (std::size_t n = 0; n <= m; ++n) hs[m * M + n] += q[m] * q[n];
    }
  }
  g.resize(Eigen::Index(M));
  H.resize(Eigen::Index(M), Eigen::Index(M));
  for (std::size_t m = 0; m < M; ++m) {
    g[Eigen::Index(m)] = gs[m] / double(rows);
    for (std::size_t n = 0; n <= m; ++n)
      H(Eigen::Index(m), Eigen::Index(n)) = H(Eigen::Index(n), Eigen::Index(m)) = hs[m * M + n] / double(rows);
  }
}

double kkt_residual(const Eigen::VectorXd& w, const Eigen::VectorXd& g) {
  double r = 0;
  for (Eigen::Index m = 0; m < w.size(); ++m) r = std::max(r, w[m] > 0 ? std::abs(g[m] - 1) : g[m] - 1);
  return r;
}

// The Newton point: y on the simplex maximising the objective's quadratic model at w,
// g.(y - w) - (y - w)'H(y - w)/2, by a primal active-set method started from y = w.
Eigen::VectorXd newton_point(const Eigen::VectorXd& w, const Eigen::VectorXd& g, const Eigen::MatrixXd& H) {
  const Eigen::Index M = w.size();
  Eigen::VectorXd y = w;
  std::vector<bool> is_free(static_cast<std::size_t>(M), false);
  for (Eigen::Index m = 0; m < M; ++m) is_free[std::size_t(m)] = w[m] > 0;
  for (int step = 0; step < 20 * int(M) + 20; ++step) {
    std::vector<Eigen::Index> F;
    for (Eigen::Index m = 0; m < M; ++m)
      if (is_free[std::size_t(m)]) F.push_back(m);
    const Eigen::VectorXd c = H * (y - w) - g;  // the model's (minimised) gradient at y
    const auto n = Eigen::Index(F.size());
    Eigen::MatrixXd K = Eigen::MatrixXd::Zero(n + 1, n + 1);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n + 1);
    // The free members' common part of -c moves the multiplier alone: taken out, the system solves for
    // the step itself, to precision relative to the step (near the optimum -c is ~1 and the step tiny).
    double shift = 0;
    for (Eigen::Index a = 0; a < n; ++a) shift -= c[F[std::size_t(a)]] / double(n);
    for (Eigen::Index a = 0; a < n; ++a) {
      for (Eigen::Index b = 0; b < n; ++b) K(a, b) = H(F[std::size_t(a)], F[std::size_t(b)]);
      K(a, n) = K(n, a) = 1;
      rhs[a] = -c[F[std::size_t(a)]] - shift;
    }
    const Eigen::VectorXd sol = K.completeOrthogonalDecomposition().solve(rhs);
    double beta = 1;
    Eigen::Index blocking = -1;
    for (Eigen::Index a = 0; a < n; ++a) {
      const double d = sol[a], ym = y[F[std::size_t(a)]];
      if (d < 0 && -ym / d < beta) beta = -ym / d, blocking = F[std::size_t(a)];
    }
    if (sol.head(n).lpNorm<Eigen::Infinity>() > 1e-15) {
      for (Eigen::Index a = 0; a < n; ++a) y[F[std::size_t(a)]] += beta * sol[a];
      if (blocking >= 0) y[blocking] = 0, is_free[std::size_t(blocking)] = false;
      continue;
    }
    // At the minimum on the free set, whose members share the multiplier nu: release the bound
    // member whose own multiplier c_m + nu (>= 0 at the optimum) is most negative.
    const double nu = sol[n] + shift;
    Eigen::Index release = -1;
    double most = -1e-14;
    for (Eigen::Index m = 0; m < M; ++m)
      if (!is_free[std::size_t(m)] && c[m] + nu < most) most = c[m] + nu, release = m;
    if (release < 0) break;
    is_free[std::size_t(release)] = true;
  }
  return y;
}

// The step along d = y - w to the objective's maximum on [0, 1] (it is concave there): 1 when it still
// rises at 1, else the root of its derivative sum_i a_i / (s_i + t a_i) by bisection.
double line_search(const std::vector<double>& p, const Eigen::VectorXd& w, const Eigen::VectorXd& d) {
  const auto M = w.size();
  const std::size_t rows = p.size() / std::size_t(M);
  std::vector<double> s(rows, 0.0), a(rows, 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    for (Eigen::Index m = 0; m < M; ++m) {
      s[i] += w[m] * p[i * std::size_t(M) + std::size_t(m)];
      a[i] += d[m] * p[i * std::size_t(M) + std::size_t(m)];
    }
  }
  const auto slope = [&](double t) {
    double sum = 0;
    for (std::size_t i = 0; i < rows; ++i) sum += a[i] / (s[i] + t * a[i]);
    return sum;
  };
  if (slope(1) >= 0) return 1;
  double lo = 0, hi = 1;
  for (int k = 0; k < 60 && hi - lo > 1e-15; ++k) (slope(0.5 * (lo + hi)) >= 0 ? lo : hi) = 0.5 * (lo + hi);
  return lo;
}

}  // namespace

std::vector<double> stacking_weights(std::span<const double> p, std::size_t members, double tolerance,
                                     int max_iterations) {
  if (p.empty() || members == 0) throw InputError("stacked: no scored observations to fit the weights on");
  const std::vector<double> rows = informative_rows(p, members);
  if (rows.empty()) throw InputError("stacked: every member gives probability 0 to every observation");
  const auto M = Eigen::Index(members);
  Eigen::VectorXd w = Eigen::VectorXd::Constant(M, 1.0 / double(M)), g;
  Eigen::MatrixXd H;
  for (int it = 0; it < max_iterations; ++it) {
    derivatives(rows, w, g, H);
    if (kkt_residual(w, g) <= tolerance) break;
    const Eigen::VectorXd y = newton_point(w, g, H), d = y - w;
    const double t = line_search(rows, w, d);
    if (!(t > 0)) break;                                          // no ascent left at double precision
    w = (t == 1 ? y : Eigen::VectorXd(w + t * d)).cwiseMax(0.0);  // y keeps its exact zeros
    w /= w.sum();
  }
  return {w.data(), w.data() + M};
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

// One member's predictive density of every cell's count in the week after `origin`, from its fit
// on [train_start, origin); not `fitted` when the member could not be fitted or forecast there.
struct WeekScores {
  bool fitted = false;
  std::vector<double> p;  // [grid * categories + category]
};
using Scored = std::pair<std::shared_ptr<const WeekScores>, std::size_t>;

Scored scores_of(const FittedArrivals& fitted, const FitInput& in, time::Seconds origin) {
  const std::size_t G = in.district.grids.size(), C = in.catalog.size(), cells = G * C;
  std::vector<std::uint32_t> y(cells, 0);
  for (std::size_t i = 0; i < in.history.size(); ++i)
    if (in.history.created[i] >= origin && in.history.created[i] < origin + 7 * time::kDay && in.history.grid[i] < G &&
        in.history.category[i] < C)
      ++y[std::size_t{in.history.grid[i]} * C + in.history.category[i]];
  std::vector<double> mean(cells), size(cells);
  try {
    fitted.predictive({origin, 7 * time::kDay, 1}, {{1, G, C}, mean}, {{1, G, C}, size});
  } catch (const InputError&) {
    return {std::make_shared<const WeekScores>(), sizeof(WeekScores)};
  }
  auto out = std::make_shared<WeekScores>(WeekScores{true, std::vector<double>(cells)});
  for (std::size_t cell = 0; cell < cells; ++cell)
    out->p[cell] = std::exp(forecast::log_pmf({mean[cell], size[cell]}, y[cell]));
  return {std::move(out), sizeof(WeekScores) + cells * sizeof(double)};
}

// The memo's name of a member's week scores. Members are built by name alone (default settings),
// so the name is all that tells two members' fits apart.
std::string scores_key(const std::string& member) { return fmt::format("stacked.week_scores {}", member); }

// A member's week scores at `origin`, fitted on [in.train_start, origin): from the backtest's memo
// when it has them (another origin's fit computed them), else computed (and kept there).
std::shared_ptr<const WeekScores> member_week(const ArrivalModel& member, const std::string& name, const FitInput& in,
                                              time::Seconds origin) {
  const FitInput before{in.district, in.catalog, in.history, in.train_start, origin, in.memo};
  const std::function<Scored()> compute = [&]() -> Scored {
    std::unique_ptr<FittedArrivals> fitted;
    try {
      fitted = member.fit(before);
    } catch (const InputError&) {
      return {std::make_shared<const WeekScores>(), sizeof(WeekScores)};
    }
    return scores_of(*fitted, in, origin);
  };
  if (!in.memo) return compute().first;
  return in.memo->get<WeekScores>(memo_key(scores_key(name), before), compute);
}

// Appends every cell's row of the members' densities in the week after `origin` to `rows`
// (flat, [observation][member]). False, and nothing appended, when a member cannot fit there: the members
// are tried in order and the first that cannot ends the week, as a fit of each in turn would.
bool score_week(const std::vector<std::unique_ptr<ArrivalModel>>& members, const std::vector<std::string>& names,
                const FitInput& in, time::Seconds origin, std::vector<double>& rows) {
  std::vector<std::shared_ptr<const WeekScores>> week;
  for (std::size_t m = 0; m < members.size(); ++m) {
    week.push_back(member_week(*members[m], names[m], in, origin));
    if (!week.back()->fitted) return false;
  }
  const std::size_t cells = week.front()->p.size();
  rows.reserve(rows.size() + cells * members.size());
  for (std::size_t cell = 0; cell < cells; ++cell)
    for (std::size_t m = 0; m < members.size(); ++m) rows.push_back(week[m]->p[cell]);
  return true;
}

}  // namespace

std::unique_ptr<FittedArrivals> Stacked::fit(const FitInput& in) const {
  std::vector<std::unique_ptr<ArrivalModel>> members;
  for (const auto& name : members_) members.push_back(registry_.create(name));
  std::vector<double> rows;  // [observation][member]
  std::size_t scored = 0;
  for (std::size_t k = origins_; k > 0; --k) {
    const time::Seconds origin = in.train_end - static_cast<time::Seconds>(7 * k) * time::kDay;
    if (origin - in.train_start >= 28 * time::kDay && score_week(members, members_, in, origin, rows)) ++scored;
  }
  std::vector<double> weights(members.size(), 1.0 / double(members.size()));
  if (!rows.empty()) weights = stacking_weights(rows, members.size());

  std::vector<std::unique_ptr<FittedArrivals>> fits;
  std::vector<std::string> parts;
  for (std::size_t m = 0; m < members.size(); ++m) {
    fits.push_back(members[m]->fit(in));
    parts.push_back(fmt::format("{} {:.3f}", members_[m], weights[m]));
    // This fit is the one a later origin of the backtest scores on the week after train_end.
    const FitMemoKey key = memo_key(scores_key(members_[m]), in);
    if (in.memo && !in.memo->contains(key)) {
      try {
        auto [scores, bytes] = scores_of(*fits.back(), in, in.train_end);
        in.memo->offer(key, std::move(scores), bytes);
      } catch (const std::exception&) {  // not offered: the later origin fits it itself, as before
      }
    }
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
