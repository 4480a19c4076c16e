#pragma once
// The discrete-event simulation of case handling for one replica: cases arrive, are accepted,
// registered and dispatched, wait in a pool's priority queue, get a handler's effort (and a
// department's, when joint), wait on others without holding anyone until their elapsed time has passed
// or supervision (督办) hurries them, are verified (and re-opened, climbing the escalation ladder) and
// closed. On time means handled within the limit (docs/response.md "On time"). One simulator per
// worker thread, reused for every replica: memory depends on the district and horizon, not on the
// number of replicas, and after the first replica the hot loop does not allocate.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "riskgrid/engine/events/event_queue.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/response/case_event_queue.hpp"
#include "riskgrid/models/response/response_config.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {

/// Exact incidents to replay instead of sampled counts: times relative to the horizon start, sorted;
/// entries before time 0 are the warm-up. bin_offset[b] .. bin_offset[b + 1] are those of bin b.
struct ReplayArrivals {
  std::vector<double> time;
  std::vector<std::uint32_t> grid;
  std::vector<std::uint16_t> category;
  std::vector<std::size_t> bin_offset;  ///< [bins + 1]; entries before bin_offset[0] are warm-up
};

/// What stays fixed over the replicas of a run.
struct SimulationSetup {
  const ResponseConfig* config = nullptr;
  time::TimeGrid horizon;
  std::size_t grids = 0;
  std::size_t categories = 0;
  double warmup_days = 0;                  ///< cases arrive this long before the horizon (empty start otherwise)
  std::vector<double> warmup_daily_rate;   ///< [grid][category] arrivals per day during the warm-up
  std::array<double, 24> hour_cdf{};       ///< cumulative share of arrivals by hour of day (daily bins)
  const ReplayArrivals* replay = nullptr;  ///< replay these incidents (counts are then ignored)
};

/// One replica's stocks and flows per [bin][grid] (kept for tests and checks; the tally has the rest).
struct ReplicaCounts {
  std::vector<std::uint32_t> arrived, closed, backlog, overdue, overdue_life_safety;
  std::vector<std::uint32_t> open_at_start;  ///< [grid]: warm-up cases still open at the horizon start
};

class CaseSimulator {
 public:
  explicit CaseSimulator(const SimulationSetup& setup);

  /// Simulates one replica on `counts` [bin][grid][category] (ignored in replay) and adds it to `tally`.
  void run(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& tally);
  /// Cases handled in the last replica (arrived in the warm-up or the horizon).
  std::size_t cases() const { return cases_.size(); }
  const ReplicaCounts& last() const { return counts_; }
  /// Keeps every case's close time in the replicas that follow (the synthetic history's closing times).
  void keep_close_times(bool keep) { keep_close_times_ = keep; }
  /// With keep_close_times: when case c of the last replica closed, in seconds after the horizon start
  /// (possibly after its end), or +inf when it never did. Case c is the c-th to arrive (in replay, the
  /// replay's entry c).
  double close_time(std::size_t c) const {
    return c < close_times_.size() ? close_times_[c] : std::numeric_limits<double>::infinity();
  }

 private:
  /// One cache line: the event handlers touch a case record at random among ~77,000.
  struct alignas(64) Case {
    double arrival = 0, deadline = 0, ready = 0;
    double handled = 0;               ///< when the round's handling completed (+inf until known)
    std::array<float, 2> duration{};  ///< handler effort: task 0 at the level's pool, task 1 at the
                                      ///< department (float: 0.25 s resolution at a month is plenty)
    float elapsed = 0;                ///< ready -> handled when nobody hurries it
    float hurry = 0;                  ///< uniform draw: where in the hurry window supervision ends it
    std::uint32_t grid = 0;
    std::uint16_t category = 0;
    std::uint8_t round = 0, pending = 0, level = 0, cls = 0;
    bool urgent = false, reopen = false;
    bool cross = false;      ///< near another grid's border (drawn once, at arrival)
    bool escalates = false;  ///< this round climbs the ladder if it still waits at its limit (drawn at ready)
    /// The arrival, or the re-opening of a later round (its limit starts again; on_verified makes the
    /// case ready at once, so that is `ready`).
    double round_start() const { return round == 0 ? arrival : ready; }
  };
  static_assert(sizeof(Case) == 64);
  struct Pool {
    std::uint32_t servers = 0, busy = 0, duty = 0;
    bool always_on = false;
    std::uint32_t emergencies = 0;  ///< emergency duty windows open now (response_config.hpp DutyWindow)
    double emergency_share = 0;     ///< the largest share of those windows
    /// Per class, the waiting tasks as a min-heap by (deadline, task): deadline-driven work, the case
    /// nearest its limit first (ties: the earlier task, so the order never depends on the heap's history).
    std::array<std::vector<std::pair<double, std::uint32_t>>, kClasses> waiting{};
  };

  void reset(const rng::ReplicaKey& key);
  void schedule_fixed_events();
  void dispatch(const events::Event& e);
  void dispatch_event(const events::Event& e);
  void add_case(double arrival, std::uint32_t grid, std::uint16_t category, std::uint64_t bits);
  void arrivals_of_bin(std::size_t bin);
  void arrivals_of_warmup_day(std::size_t day);
  void replay_case(std::size_t i, rng::Stream& s);
  double arrival_time(rng::Stream& s, double bin_start, double length) const;
  void on_ready(std::uint32_t c);
  void draw_times(rng::Stream& s, Case& k, bool joint) const;
  void enqueue_tasks(std::uint32_t c);
  void on_deadline(std::uint32_t c);
  bool still_waiting(std::pair<double, std::uint32_t> entry, std::uint32_t pool) const;
  void enqueue(std::uint32_t task, std::uint32_t pool);
  void start(std::uint32_t task, std::uint32_t pool);
  void serve_waiting(std::uint32_t pool);
  void set_servers(std::uint32_t pool, std::uint32_t servers);
  void emergency(std::uint32_t window, bool opens);
  void refresh_on_duty();
  void sync_busy_on_duty(std::uint32_t pool);
  void add_teams(ResponseTally& t) const;
  std::uint32_t limit(const Pool& pool, std::uint8_t cls) const;
  void on_task_done(std::uint32_t task);
  double handled_time(const Case& k) const;
  void add_overdue(const Case& k);
  void on_verified(std::uint32_t c);
  void close(std::uint32_t c, double when);
  std::uint32_t pool_of(const Case& k, std::uint32_t slot) const;
  std::uint8_t draw_level(double u, const Case& k) const;
  double deadline_of(const Case& k, double start) const;
  // Accounting (case_accounting.cpp; bin_of and step here, inline: several calls per event).
  /// floor(t / bin length), without a call to floor.
  long bin_of(double t) const {
    const double x = t * inv_bin_;
    const auto b = static_cast<long>(x);  // towards zero: one less for negative non-integers
    return double(b) > x ? b - 1 : b;
  }
  /// Integrates level[cell] over [since, now) into the bins it overlaps, then changes it by `delta`.
  void step(std::vector<double>& integral, std::vector<std::int32_t>& level, std::vector<double>& since,
            std::size_t cell, std::int32_t delta) {
    const std::size_t stride = level.size();
    if (level[cell] != 0) {
      double from = std::max(since[cell], 0.0);
      const double to = std::min(now_, end_);
      for (long b = bin_of(from); from < to; ++b) {
        const double edge = std::min(double(b + 1) * bin_length_, to);
        if (edge > from) integral[std::size_t(b) * stride + cell] += double(level[cell]) * (edge - from);
        from = std::max(from, edge);
      }
    }
    level[cell] += delta;
    since[cell] = now_;
  }
  void add_stock(std::vector<std::int32_t>& diff, std::uint32_t grid, double from, double to);
  void record_wait(const Case& k, double wait);
  void finish();

  SimulationSetup setup_;
  const ResponseConfig& cfg_;
  double end_ = 0, bin_length_ = 0, inv_bin_ = 0;
  rng::ReplicaKey key_;
  std::span<const std::uint32_t> counts_in_;
  double now_ = 0;
  CaseEventQueue queue_;
  std::vector<Case> cases_;
  /// [case]: its own task (slot 0) waits in a pool's queue. Apart from the records so that a limit event
  /// of a case that has started (most of them) is dismissed from 77 kB instead of a 5 MB array.
  std::vector<std::uint8_t> queued_;
  /// [case]: closed. Apart from the records too, so that finish() loads only the records of open cases.
  std::vector<std::uint8_t> closed_;
  std::vector<Pool> pools_;
  bool on_shift_ = false;
  bool on_duty_ = false;  ///< daytime hours of a day off: the duty roster works
  // Per replica, [bin][grid] unless noted; see case_accounting.cpp.
  std::vector<std::int32_t> backlog_diff_, overdue_diff_, overdue_ls_diff_;  ///< [bin + 1][grid]
  std::vector<std::uint32_t> escalations_;                                   ///< [bin][grid][level]
  std::vector<double> busy_time_, queue_time_;                               ///< integrals: [bin][pool], [bin][grid]
  std::vector<std::int32_t> busy_level_, queue_level_;
  std::vector<double> busy_since_, queue_since_;
  /// [bin][pool]: tasks waiting, and servers that may start routine work (on shift, on duty), integrated.
  /// and those of them busy (urgent work off duty is not counted: it would put a team above 100%).
  std::vector<double> pool_queue_time_, on_duty_time_, busy_on_duty_time_;
  std::vector<std::int32_t> pool_queue_level_, on_duty_level_, busy_on_duty_level_;
  std::vector<double> pool_queue_since_, on_duty_since_, busy_on_duty_since_;
  /// Indices into the tally's wait and lead histograms to add one to, in finish(): those arrays are
  /// megabytes, touched at random; added together they can be fetched ahead.
  std::vector<std::uint32_t> wait_hist_adds_, lead_hist_adds_;
  ReplicaCounts counts_;
  ResponseTally* tally_ = nullptr;  ///< during run()
  bool keep_close_times_ = false;
  std::vector<double> close_times_;  ///< [case], +inf until closed (only with keep_close_times_)
};

}  // namespace riskgrid::models::response
