// What a replica of the case-handling simulation adds to the tally. Stocks at the end of each bin
// (backlog, overdue) come from difference arrays filled once per case when it closes (or at the end),
// and time integrals (cases waiting, servers busy) from step functions cut at bin edges, so neither needs
// an event per bin and per grid.
#include <algorithm>
#include <cmath>
#include <limits>

#include "riskgrid/models/response/case_simulator.hpp"
#include "riskgrid/models/response/time_limit.hpp"

namespace riskgrid::models::response {

/// A case counts in the stock at the end of bin b when from < end(b) <= to.
void CaseSimulator::add_stock(std::vector<std::int32_t>& diff, std::uint32_t grid, double from, double to) {
  const long bins = long(setup_.horizon.bins);
  const long first = std::max(0L, bin_of(from));
  const long last = to >= end_ ? bins : std::min(bins, bin_of(to));  // exclusive
  if (first >= last) return;
  ++diff[std::size_t(first) * setup_.grids + grid];
  --diff[std::size_t(last) * setup_.grids + grid];
}

void CaseSimulator::record_wait(const Case& k, double wait) {
  if (k.ready < 0 || k.ready >= end_) return;
  const std::size_t cell = std::size_t(bin_of(k.ready)) * setup_.grids + k.grid;
  ++tally_->waits[cell];
  tally_->wait_ms[cell] += static_cast<std::uint64_t>(std::llround(wait * 1000));
  wait_hist_adds_.push_back(std::uint32_t(cell * kTimeBuckets + time_bucket(wait)));
}

/// A round handled after its limit (or not yet handled: +inf) is overdue from the limit until handled.
void CaseSimulator::add_overdue(const Case& k) {
  if (!(k.handled > k.deadline)) return;
  add_stock(overdue_diff_, k.grid, k.deadline, k.handled);
  if (cfg_.categories[k.category].life_safety) add_stock(overdue_ls_diff_, k.grid, k.deadline, k.handled);
}

void CaseSimulator::close(std::uint32_t c, double when) {
  const Case& k = cases_[c];
  closed_[c] = 1;
  if (keep_close_times_) {
    if (close_times_.size() <= c) close_times_.resize(std::size_t(c) + 1, std::numeric_limits<double>::infinity());
    close_times_[c] = when;
  }
  add_stock(backlog_diff_, k.grid, k.arrival, when);
  add_overdue(k);
  if (when < 0) return;
  if (k.arrival < 0) ++counts_.open_at_start[k.grid];
  if (when >= end_) return;  // closes after the horizon: open at its end
  const std::size_t cell = std::size_t(bin_of(when)) * setup_.grids + k.grid;
  ++counts_.closed[cell];
  if (handled_on_time(k.handled, k.deadline)) ++tally_->closed_on_time[cell];
  ++tally_->leads[cell];
  tally_->lead_ms[cell] += static_cast<std::uint64_t>(std::llround((when - k.arrival) * 1000));
  lead_hist_adds_.push_back(std::uint32_t(cell * kTimeBuckets + time_bucket(when - k.arrival)));
}

namespace {

/// Running sums of a difference array [bin + 1][grid] into stocks [bin][grid].
void stocks_of(const std::vector<std::int32_t>& diff, std::size_t grids, std::vector<std::uint32_t>& out) {
  for (std::size_t g = 0; g < grids; ++g) {
    std::int64_t level = 0;
    for (std::size_t i = g; i < out.size(); i += grids) {
      level += diff[i];
      out[i] = static_cast<std::uint32_t>(level);
    }
  }
}

/// How many cells ahead finish() prefetches the histogram counts it will add to.
constexpr std::size_t kAhead = 8;

void prefetch_count(const tally::CountHistograms& h, std::size_t cell, std::uint32_t count) {
  const auto counts = h.frequencies(cell);
  if (count < counts.size()) __builtin_prefetch(counts.data() + count, 1);
}

/// Adds one to hist[i] for each i of `adds` (in any order: the sums are exact), fetching ahead.
void add_ones(const std::vector<std::uint32_t>& adds, std::vector<std::uint64_t>& hist) {
  for (std::size_t j = 0; j < adds.size(); ++j) {
    if (j + kAhead < adds.size()) __builtin_prefetch(hist.data() + adds[j + kAhead], 1);
    ++hist[adds[j]];
  }
}

std::uint64_t milliseconds(double seconds) { return static_cast<std::uint64_t>(std::llround(seconds * 1000)); }

}  // namespace

/// The pools beyond the grids' (town teams, the district team, departments) into the tally's team arrays.
void CaseSimulator::add_teams(ResponseTally& t) const {
  const std::size_t pools = pools_.size(), first = cfg_.town_pool0, teams = pools - first;
  t.ensure_teams(teams);
  for (std::size_t bin = 0; bin < setup_.horizon.bins; ++bin)
    for (std::size_t team = 0; team < teams; ++team) {
      const std::size_t from = bin * pools + first + team, to = bin * teams + team;
      t.team_busy_ms[to] += milliseconds(busy_on_duty_time_[from]);
      t.team_on_duty_ms[to] += milliseconds(on_duty_time_[from]);
      t.team_queue_ms[to] += milliseconds(pool_queue_time_[from]);
    }
}

void CaseSimulator::finish() {
  ResponseTally& t = *tally_;
  const double infinity = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < cases_.size(); ++c) {
    if (closed_[c]) continue;
    const Case& k = cases_[c];
    add_stock(backlog_diff_, k.grid, k.arrival, infinity);
    add_overdue(k);  // still waiting or in its efforts: handled = +inf
    if (k.arrival < 0) ++counts_.open_at_start[k.grid];
  }
  for (std::size_t p = 0; p < pools_.size(); ++p) step(busy_time_, busy_level_, busy_since_, p, 0);
  for (std::size_t g = 0; g < setup_.grids; ++g) step(queue_time_, queue_level_, queue_since_, g, 0);
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    step(pool_queue_time_, pool_queue_level_, pool_queue_since_, p, 0);
    step(on_duty_time_, on_duty_level_, on_duty_since_, p, 0);
    step(busy_on_duty_time_, busy_on_duty_level_, busy_on_duty_since_, p, 0);
  }
  add_teams(t);
  add_ones(wait_hist_adds_, t.wait_hist);
  add_ones(lead_hist_adds_, t.lead_hist);
  stocks_of(backlog_diff_, setup_.grids, counts_.backlog);
  stocks_of(overdue_diff_, setup_.grids, counts_.overdue);
  stocks_of(overdue_ls_diff_, setup_.grids, counts_.overdue_life_safety);
  const std::size_t pools = pools_.size();
  const std::size_t cells = counts_.backlog.size();
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (cell + kAhead < cells) {  // the histograms are megabytes: one cache miss per cell each otherwise
      prefetch_count(t.backlog, cell + kAhead, counts_.backlog[cell + kAhead]);
      prefetch_count(t.overdue, cell + kAhead, counts_.overdue[cell + kAhead]);
      prefetch_count(t.overdue_life_safety, cell + kAhead, counts_.overdue_life_safety[cell + kAhead]);
    }
    t.backlog.add(cell, counts_.backlog[cell]);
    t.overdue.add(cell, counts_.overdue[cell]);
    t.overdue_life_safety.add(cell, counts_.overdue_life_safety[cell]);
    t.arrived[cell] += counts_.arrived[cell];
    t.closed[cell] += counts_.closed[cell];
    const std::size_t bin = cell / setup_.grids, grid = cell % setup_.grids;
    const std::uint32_t pool = cfg_.grid_pool[grid];
    t.busy_ms[cell] += milliseconds(busy_time_[bin * pools + pool]);
    t.capacity_ms[cell] += milliseconds(double(cfg_.pools[pool].servers) * bin_length_);
    t.queue_ms[cell] += milliseconds(queue_time_[cell]);
  }
  for (std::size_t i = 0; i < escalations_.size(); ++i) t.escalations[i] += escalations_[i];
  for (std::size_t g = 0; g < setup_.grids; ++g) t.open_at_start[g] += counts_.open_at_start[g];
  ++t.replicas;
}

}  // namespace riskgrid::models::response
