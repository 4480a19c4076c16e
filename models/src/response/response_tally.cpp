#include "riskgrid/models/response/response_tally.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace riskgrid::models::response {

std::size_t time_bucket(double seconds) {
  if (!(seconds >= 60)) return 0;
  // floor(2 log2(x)) + 1 without a logarithm (called for every case): x = m 2^e with m in [0.5, 1).
  int e = 0;
  const double m = std::frexp(seconds / 60, &e);
  const std::size_t k = std::size_t(2 * (e - 1) + (m >= 0.70710678118654752440 ? 1 : 0)) + 1;
  return std::min(k, kTimeBuckets - 1);
}

double bucket_lower(std::size_t b) { return b == 0 ? 0 : 60 * std::exp2(double(b - 1) / 2); }

ResponseTally::ResponseTally(std::size_t bins_, std::size_t grids_)
    : bins(bins_),
      grids(grids_),
      backlog(bins_ * grids_),
      overdue(bins_ * grids_),
      overdue_life_safety(bins_ * grids_, 8) {
  const std::size_t cells = bins * grids;
  for (auto* v :
       {&arrived, &closed, &closed_on_time, &waits, &wait_ms, &leads, &lead_ms, &queue_ms, &busy_ms, &capacity_ms})
    v->assign(cells, 0);
  open_at_start.assign(grids, 0);
  escalations.assign(cells * 4, 0);
  wait_hist.assign(cells * kTimeBuckets, 0);
  lead_hist.assign(cells * kTimeBuckets, 0);
}

void ResponseTally::ensure_teams(std::size_t n) {
  if (teams == n && team_busy_ms.size() == bins * n) return;
  if (teams != 0 || !team_busy_ms.empty())
    throw std::invalid_argument("response tally: cannot hold " + std::to_string(n) + " teams, it has " +
                                std::to_string(teams));
  teams = n;
  for (auto* v : {&team_busy_ms, &team_on_duty_ms, &team_queue_ms}) v->assign(bins * n, 0);
}

void ResponseTally::merge(const ResponseTally& o) {
  if (o.teams != 0) ensure_teams(o.teams);  // a tally made before the simulation knew its pools
  if (o.bins != bins || o.grids != grids || (o.teams != teams && o.teams != 0))
    throw std::invalid_argument("response tally: cannot merge " + std::to_string(o.bins) + " bins x " +
                                std::to_string(o.grids) + " grids into " + std::to_string(bins) + " x " +
                                std::to_string(grids));
  replicas += o.replicas;
  backlog.merge(o.backlog);
  overdue.merge(o.overdue);
  overdue_life_safety.merge(o.overdue_life_safety);
  const auto add = [](std::vector<std::uint64_t>& to, const std::vector<std::uint64_t>& from) {
    for (std::size_t i = 0; i < to.size(); ++i) to[i] += from[i];
  };
  add(arrived, o.arrived);
  add(closed, o.closed);
  add(closed_on_time, o.closed_on_time);
  add(open_at_start, o.open_at_start);
  add(escalations, o.escalations);
  add(waits, o.waits);
  add(wait_ms, o.wait_ms);
  add(leads, o.leads);
  add(lead_ms, o.lead_ms);
  add(wait_hist, o.wait_hist);
  add(lead_hist, o.lead_hist);
  add(queue_ms, o.queue_ms);
  add(busy_ms, o.busy_ms);
  add(capacity_ms, o.capacity_ms);
  if (o.teams == 0) return;
  add(team_busy_ms, o.team_busy_ms);
  add(team_on_duty_ms, o.team_on_duty_ms);
  add(team_queue_ms, o.team_queue_ms);
}

double ResponseTally::time_quantile(const std::uint64_t* hist, double p) {
  std::uint64_t total = 0;
  for (std::size_t b = 0; b < kTimeBuckets; ++b) total += hist[b];
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  const double target = p * double(total);
  double below = 0;
  for (std::size_t b = 0; b < kTimeBuckets; ++b) {
    const double here = double(hist[b]);
    if (here > 0 && below + here >= target) {
      const double share = std::clamp((target - below) / here, 0.0, 1.0);
      if (b == 0) return 60 * share;  // linear in the first bucket, geometric in the others
      return bucket_lower(b) * std::exp2(share / 2);
    }
    below += here;
  }
  return bucket_lower(kTimeBuckets - 1);
}

}  // namespace riskgrid::models::response
