// riskgrid allocate: the search. Grid pools are independent queues (teams and departments are sized from
// the expected load, not from grid staff), so one simulation with every grid one server up and one with
// every grid one server down give, under common random numbers, each grid's gain and loss at once. Staff
// come in whole people but work in servers (people x availability x case share, rounded up), so a grid's
// people above the least that keeps its servers are free to move, and a step is one server's worth.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "riskgrid/run/allocate_search.hpp"

namespace riskgrid::run {

namespace {

using Servers = std::function<std::uint32_t(double)>;

/// The least whole number of people with at least k servers (servers grow with people).
double people_for(std::uint32_t k, const Servers& servers) {
  if (k == 0) return 0;
  double hi = 1;
  while (servers(hi) < k) hi *= 2;
  double lo = 0;  // servers(lo) < k <= servers(hi)
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (servers(mid) >= k ? hi : lo) = mid;
  }
  return hi;
}

/// A grid's steps: `base` the least people keeping its servers, `up` / `down` the people for one server
/// more / fewer (NaN where the bounds forbid it).
struct Step {
  double base = 0, up = NAN, down = NAN;
};

Step step_of(double people, double lo, double hi, const Servers& servers) {
  Step s;
  const std::uint32_t k = servers(people);
  s.base = std::min(people, std::max(people_for(k, servers), lo));
  const double up = std::max(people_for(k + 1, servers), people + 1);
  if (up <= hi) s.up = up;
  if (k >= 1) {
    const double down = std::max(k >= 2 ? people_for(k - 1, servers) : 0.0, lo);
    if (down < s.base && servers(down) < k) s.down = down;
  }
  return s;
}

/// One grid's share of the objective in one replica (lower is better). For the on-time share, the
/// linear change of the district share: on time minus `share` times closed.
double grid_score(const ReplicaFigures& f, std::size_t r, std::size_t g, AllocationObjective objective, double share) {
  const std::size_t i = f.at(r, g);
  if (objective == AllocationObjective::kOverdue) return double(f.overdue_end[i]);
  return -(double(f.on_time[i]) - share * double(f.closed[i]));
}

double mean_share(const Evaluation& e) {
  double total = 0;
  for (std::size_t r = 0; r < e.figures.replicas; ++r) total += on_time_share(e.figures, r);
  return total / double(std::max<std::size_t>(1, e.figures.replicas));
}

/// The incumbent's steps and, per grid, the objective bought by a server more (gain) and lost by a
/// server fewer (loss), estimated from two simulations.
struct Marginals {
  std::vector<Step> steps;
  std::vector<double> gain, loss;  ///< [grid]; NaN where there is no such step
};

Marginals marginals(const CrnEvaluator& ev, const Evaluation& inc, const AllocationBounds& b, const Servers& servers) {
  const std::size_t grids = inc.staff.size();
  Marginals m;
  std::vector<double> up = inc.staff, down = inc.staff;
  for (std::size_t g = 0; g < grids; ++g) {
    m.steps.push_back(step_of(inc.staff[g], b.min[g], b.max[g], servers));
    if (!std::isnan(m.steps[g].up)) up[g] = m.steps[g].up;
    if (!std::isnan(m.steps[g].down)) down[g] = m.steps[g].down;
  }
  const Evaluation eu = ev.evaluate(up), ed = ev.evaluate(down);
  const double share = mean_share(inc);
  m.gain.assign(grids, NAN);
  m.loss.assign(grids, NAN);
  for (std::size_t g = 0; g < grids; ++g) {
    double gain = 0, loss = 0;
    for (std::size_t r = 0; r < inc.figures.replicas; ++r) {
      const double now = grid_score(inc.figures, r, g, ev.objective(), share);
      gain += now - grid_score(eu.figures, r, g, ev.objective(), share);
      loss += grid_score(ed.figures, r, g, ev.objective(), share) - now;
    }
    const auto n = double(inc.figures.replicas);
    if (!std::isnan(m.steps[g].up)) m.gain[g] = gain / n;
    if (!std::isnan(m.steps[g].down)) m.loss[g] = loss / n;
  }
  return m;
}

/// People a grid can give: its slack for nothing, then one server's worth for its loss.
struct Donor {
  std::size_t grid = 0;
  double people = 0, per_person = 0;
};

std::vector<Donor> donors_of(const std::vector<double>& x, const Marginals& m) {
  std::vector<Donor> out;
  for (std::size_t g = 0; g < x.size(); ++g)
    if (x[g] > m.steps[g].base) out.push_back({g, x[g] - m.steps[g].base, 0.0});
  for (std::size_t g = 0; g < x.size(); ++g)
    if (!std::isnan(m.steps[g].down)) {
      const double people = m.steps[g].base - m.steps[g].down;
      out.push_back({g, people, std::max(0.0, m.loss[g]) / people});
    }
  std::stable_sort(out.begin(), out.end(), [](const Donor& a, const Donor& b) { return a.per_person < b.per_person; });
  return out;
}

/// Receivers by gain per person, best first.
std::vector<std::size_t> receivers_of(const std::vector<double>& x, const Marginals& m) {
  std::vector<std::size_t> out;
  for (std::size_t g = 0; g < x.size(); ++g)
    if (!std::isnan(m.gain[g]) && m.gain[g] > 0) out.push_back(g);
  auto per_person = [&](std::size_t g) { return m.gain[g] / (m.steps[g].up - x[g]); };
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return per_person(a) > per_person(b); });
  return out;
}

/// Up to `limit` receivers each get one server, paid for by the cheapest donors while a receiver's gain
/// per person exceeds the donor's loss per person; people taken but not needed go back.
std::vector<double> batch(const std::vector<double>& x, const Marginals& m, std::size_t limit) {
  std::vector<double> out = x;
  const std::vector<Donor> donors = donors_of(x, m);
  std::vector<char> gave(x.size(), 0), got(x.size(), 0);
  std::vector<std::pair<std::size_t, double>> taken;
  double pool = 0;
  std::size_t next = 0, done = 0;
  for (const std::size_t r : receivers_of(x, m)) {
    if (done == limit) break;
    if (gave[r]) continue;
    const double need = m.steps[r].up - x[r], worth = m.gain[r] / need;
    while (pool < need && next < donors.size() && donors[next].per_person < worth) {
      const Donor& d = donors[next++];
      if (got[d.grid] || d.grid == r) continue;
      out[d.grid] -= d.people;
      pool += d.people;
      gave[d.grid] = 1;
      taken.emplace_back(d.grid, d.people);
    }
    if (pool < need) break;
    out[r] += need;
    pool -= need;
    got[r] = 1;
    ++done;
  }
  for (auto it = taken.rbegin(); it != taken.rend() && pool > 0; ++it) {
    const double back = std::min(pool, it->second);
    out[it->first] += back;
    pool -= back;
  }
  return out;
}

/// One server's worth moved from `from` to `to`: the donor's slack first, then its step down.
std::vector<double> single_move(const std::vector<double>& x, const Marginals& m, std::size_t from, std::size_t to) {
  const double need = m.steps[to].up - x[to];
  const double slack = x[from] - m.steps[from].base;
  const double more = std::isnan(m.steps[from].down) ? 0.0 : m.steps[from].base - m.steps[from].down;
  if (std::isnan(m.steps[to].up) || slack + more < need) return x;
  std::vector<double> out = x;
  out[from] -= need;
  out[to] += need;
  return out;
}

struct Search {
  const CrnEvaluator& ev;
  const AllocationBounds& bounds;
  const Servers& servers;
  const SearchOptions& options;
  Evaluation best;

  std::set<std::vector<double>> rejected{};  ///< against the current incumbent

  void say(const std::string& text) const {
    if (options.log) options.log(text);
  }
  bool within_moves(const std::vector<double>& x) const {
    return bounds.moves < 0 || people_moved(bounds.start, x) <= bounds.moves + 1e-9;
  }

  /// Simulates `x` and makes it the incumbent when the paired test says it is better.
  bool try_candidate(const std::vector<double>& x, const char* what) {
    if (x == best.staff || !within_moves(x) || rejected.contains(x)) return false;
    Evaluation e = ev.evaluate(x);
    const PairedDifference d = paired_difference(best.objective, e.objective, options.alpha);
    const double moved = people_moved(best.staff, x);
    const bool pays = -d.mean >= options.min_gain_per_person * moved;
    const bool better = d.mean < 0 && d.p_less < options.alpha;
    say(fmt::format("{}: {:g} people moved, objective {:+.4g} (95% {:+.4g} .. {:+.4g}, p {:.3g}){}", what, moved,
                    d.mean, d.lo, d.hi, d.p_less,
                    better && pays ? ": accepted" : (better ? ": below the least gain per person moved" : "")));
    if (!(better && pays)) {
      rejected.insert(x);
      return false;
    }
    best = std::move(e);
    rejected.clear();
    return true;
  }
};

}  // namespace

SearchResult search_allocation(const CrnEvaluator& ev, const AllocationBounds& bounds, const Servers& servers,
                               const SearchOptions& options) {
  Search s{ev, bounds, servers, options, ev.evaluate(bounds.start)};
  SearchResult result;
  // Marginal phase: batches of the best moves, halved until the paired test accepts one.
  for (; result.rounds < options.max_rounds; ++result.rounds) {
    const Marginals m = marginals(ev, s.best, bounds, servers);
    bool accepted = false;
    for (std::size_t limit = receivers_of(s.best.staff, m).size(); limit >= 1 && !accepted; limit /= 2)
      accepted = s.try_candidate(batch(s.best.staff, m, limit), "batch");
    if (!accepted) break;
    ++result.accepted;
  }
  // Local search: single moves between the most promising pairs, tried by simulation.
  for (int pass = 0; pass < options.max_local_passes; ++pass) {
    const Marginals m = marginals(ev, s.best, bounds, servers);
    std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> pairs;
    for (std::size_t to = 0; to < m.gain.size(); ++to) {
      if (!(m.gain[to] > 0)) continue;  // a receiver the estimate says gains nothing (or cannot grow)
      bool free_tried = false;          // moves that cost the donor nothing differ only in whose: one per receiver
      for (std::size_t from = 0; from < m.gain.size(); ++from) {
        if (from == to || single_move(s.best.staff, m, from, to) == s.best.staff) continue;
        const bool spare = s.best.staff[from] - m.steps[from].base >= m.steps[to].up - s.best.staff[to];
        const double cost = spare ? 0.0 : std::max(0.0, m.loss[from]);
        if (cost == 0 && free_tried) continue;
        free_tried = free_tried || cost == 0;
        pairs.push_back({m.gain[to] - cost, {from, to}});
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    bool accepted = false;
    for (std::size_t i = 0; i < pairs.size() && i < std::size_t(options.local_candidates) && !accepted; ++i)
      accepted = s.try_candidate(single_move(s.best.staff, m, pairs[i].second.first, pairs[i].second.second), "swap");
    if (!accepted) break;
    ++result.local_accepted;
  }
  result.best = std::move(s.best);
  return result;
}

}  // namespace riskgrid::run
