// The event handlers of the case-handling simulation. A case's draws at arrival (urgent, near a border) come
// from its arrival's stream, in the fixed order cases arrive in, and each round's draws from the stream of
// (replica, case, round) in a fixed order, so results do not depend on the order events are processed in.
#include "riskgrid/models/response/case_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/response/time_limit.hpp"

namespace riskgrid::models::response {

namespace {

enum EventKind : std::uint32_t {
  kShiftStart,
  kShiftEnd,
  kWarmupDay,
  kStaffChange,
  kBinStart,
  kReady,
  kTaskDone,
  kVerified,
  kDutyStart,
  kDutyEnd,
  kEmergencyStart,
  kEmergencyEnd,
  kDeadline,
  kMeeting
};

/// Replayed incidents draw their arrival numbers from one stream per bin (a = bin, b = 0) or warm-up day
/// (a = day, b = 1), in the replay's order.
constexpr std::uint32_t kReplayStream = rng::purpose_of("response.replay_case");

/// The event calendar's bucket width: a few dozen events each (the queue's speed, not its order).
constexpr double kBucketSeconds = 900;
/// How many records ahead add_case prefetches the line it will write.
constexpr std::size_t kAppendAhead = 8;

/// The upper and lower 32 bits of a random word as uniforms in (0, 1): two draws from one word where a
/// resolution of 2^-32 is plenty (shares compared with a uniform, where within an hour). Philox blocks
/// are what the draws cost, so fewer words means fewer blocks.
double upper(std::uint64_t w) { return (double(w >> 32) + 0.5) * 0x1.0p-32; }
double lower(std::uint64_t w) { return (double(w & 0xffff'ffffu) + 0.5) * 0x1.0p-32; }

/// Two independent standard normals: Marsaglia's polar method keeping both, each attempt one word
/// (neither coordinate is ever 0, so r2 > 0).
std::pair<double, double> normal_pair(rng::Stream& s) {
  for (;;) {
    const std::uint64_t w = s.next_u64();
    const double u = 2.0 * upper(w) - 1.0, v = 2.0 * lower(w) - 1.0;
    const double r2 = u * u + v * v;
    if (r2 < 1.0) {
      const double f = std::sqrt(-2.0 * std::log(r2) / r2);
      return {u * f, v * f};
    }
  }
}

}  // namespace

CaseSimulator::CaseSimulator(const SimulationSetup& setup) : setup_(setup), cfg_(*setup.config) {
  bin_length_ = double(setup_.horizon.bin_length);
  inv_bin_ = 1.0 / bin_length_;
  end_ = bin_length_ * double(setup_.horizon.bins);
  const std::size_t cells = setup_.horizon.bins * setup_.grids;
  if (cells * kTimeBuckets > std::numeric_limits<std::uint32_t>::max())  // wait_hist_adds_ holds 32-bit indices
    throw std::length_error("case handling: more than 2^32 / 40 bins x grids");
  backlog_diff_.assign(cells + setup_.grids, 0);
  overdue_diff_ = overdue_ls_diff_ = backlog_diff_;
  escalations_.assign(cells * kLevels, 0);
  busy_time_.assign(setup_.horizon.bins * cfg_.pools.size(), 0);
  pool_queue_time_.assign(busy_time_.size(), 0);
  on_duty_time_.assign(busy_time_.size(), 0);
  busy_on_duty_time_.assign(busy_time_.size(), 0);
  queue_time_.assign(cells, 0);
  pools_.resize(cfg_.pools.size());
  for (auto* v : {&counts_.arrived, &counts_.closed, &counts_.backlog, &counts_.overdue, &counts_.overdue_life_safety})
    v->assign(cells, 0);
  counts_.open_at_start.assign(setup_.grids, 0);
}

void CaseSimulator::reset(const rng::ReplicaKey& key) {
  key_ = key;
  cases_.clear();
  queued_.clear();
  closed_.clear();
  wait_hist_adds_.clear();
  lead_hist_adds_.clear();
  close_times_.clear();
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    const PoolSpec& spec = cfg_.pools[p];
    const bool warmup = setup_.warmup_days > 0 && spec.warmup_servers >= 0;
    Pool& pool = pools_[p];  // keeps its heaps' memory from replica to replica
    pool.busy = 0;
    pool.always_on = spec.always_on;
    pool.emergencies = 0;
    pool.emergency_share = 0;
    for (auto& heap : pool.waiting) heap.clear();
    set_servers(std::uint32_t(p), warmup ? std::uint32_t(spec.warmup_servers) : spec.servers);
  }
  for (auto* v : {&backlog_diff_, &overdue_diff_, &overdue_ls_diff_}) std::fill(v->begin(), v->end(), 0);
  std::fill(escalations_.begin(), escalations_.end(), 0u);
  std::fill(busy_time_.begin(), busy_time_.end(), 0.0);
  std::fill(pool_queue_time_.begin(), pool_queue_time_.end(), 0.0);
  std::fill(on_duty_time_.begin(), on_duty_time_.end(), 0.0);
  std::fill(busy_on_duty_time_.begin(), busy_on_duty_time_.end(), 0.0);
  busy_on_duty_level_.assign(pools_.size(), 0);
  pool_queue_level_.assign(pools_.size(), 0);
  on_duty_level_.assign(pools_.size(), 0);
  std::fill(queue_time_.begin(), queue_time_.end(), 0.0);
  busy_level_.assign(pools_.size(), 0);
  queue_level_.assign(setup_.grids, 0);
  now_ = -std::ceil(setup_.warmup_days) * double(time::kDay);
  queue_.configure(now_, end_, kBucketSeconds);
  busy_since_.assign(pools_.size(), now_);
  pool_queue_since_.assign(pools_.size(), now_);
  on_duty_since_.assign(pools_.size(), now_);
  busy_on_duty_since_.assign(pools_.size(), now_);
  queue_since_.assign(setup_.grids, now_);
  for (auto* v : {&counts_.arrived, &counts_.closed}) std::fill(v->begin(), v->end(), 0u);
  std::fill(counts_.open_at_start.begin(), counts_.open_at_start.end(), 0u);
}

/// Shift changes, warm-up days and bin starts: the events known before the first case arrives.
void CaseSimulator::schedule_fixed_events() {
  const time::Seconds origin = setup_.horizon.start;
  const time::Seconds from = origin + time::Seconds(std::floor(now_));
  on_shift_ = cfg_.calendar.is_working(from);
  on_duty_ = false;
  refresh_on_duty();
  const double length = double(cfg_.calendar.day_length());
  for (const time::Seconds s : cfg_.calendar.period_starts(from, origin + time::Seconds(end_))) {
    queue_.stage(double(s - origin), kShiftStart, 0);
    queue_.stage(double(s - origin) + length, kShiftEnd, 0);
  }
  for (const time::Seconds s : cfg_.calendar.duty_starts(from, origin + time::Seconds(end_))) {
    queue_.stage(double(s - origin), kDutyStart, 0);
    queue_.stage(double(s - origin) + length, kDutyEnd, 0);
  }
  const auto warmup_days = static_cast<std::uint32_t>(std::ceil(setup_.warmup_days));
  for (std::uint32_t d = 0; d < warmup_days; ++d)
    queue_.stage(-double(warmup_days - d) * double(time::kDay), kWarmupDay, d);
  if (warmup_days > 0) queue_.stage(0.0, kStaffChange, 0);
  for (std::uint32_t i = 0; i < cfg_.staff_phases.size(); ++i)
    if (cfg_.staff_phases[i].at < end_) queue_.stage(cfg_.staff_phases[i].at, kStaffChange, i + 1);
  for (std::uint32_t i = 0; i < cfg_.emergency_duty.size(); ++i) {
    const DutyWindow& w = cfg_.emergency_duty[i];
    if (w.end <= now_ || w.start >= end_) continue;
    queue_.stage(std::max(w.start, now_), kEmergencyStart, i);
    if (w.end < end_) queue_.stage(w.end, kEmergencyEnd, i);
  }
  for (std::uint32_t b = 0; b < setup_.horizon.bins; ++b) queue_.stage(double(b) * bin_length_, kBinStart, b);
  queue_.commit();
}

void CaseSimulator::emergency(std::uint32_t window, bool opens) {
  const DutyWindow& w = cfg_.emergency_duty[window];
  for (const std::uint32_t p : w.pools) {
    Pool& pool = pools_[p];
    pool.emergencies = opens ? pool.emergencies + 1 : pool.emergencies - 1;
    // Overlapping windows: the largest share of those open (recomputed when one closes).
    pool.emergency_share = 0;
    if (pool.emergencies > 0)
      for (const DutyWindow& other : cfg_.emergency_duty)
        if (other.start <= now_ && now_ < other.end && std::binary_search(other.pools.begin(), other.pools.end(), p))
          pool.emergency_share = std::max(pool.emergency_share, other.share);
    if (opens) serve_waiting(p);
  }
}

void CaseSimulator::run(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& tally) {
  tally_ = &tally;
  counts_in_ = counts;
  reset(key);
  schedule_fixed_events();
  while (!queue_.empty() && queue_.top().time < end_) {
    const events::Event e = queue_.pop();
    now_ = e.time;
    dispatch(e);
  }
  now_ = end_;
  finish();
  tally_ = nullptr;
}

void CaseSimulator::dispatch(const events::Event& e) {
  dispatch_event(e);
  switch (e.kind()) {  // the events that change who may start routine work
    case kShiftStart:
    case kShiftEnd:
    case kDutyStart:
    case kDutyEnd:
    case kEmergencyStart:
    case kEmergencyEnd:
    case kStaffChange:
      refresh_on_duty();
      break;
    default:
      break;
  }
}

/// Brings each pool's on-duty level (servers that may start routine work now) up to date.
void CaseSimulator::refresh_on_duty() {
  for (std::uint32_t p = 0; p < pools_.size(); ++p) {
    const auto now = std::int32_t(limit(pools_[p], kRoutine));
    if (now == on_duty_level_[p]) continue;
    step(on_duty_time_, on_duty_level_, on_duty_since_, p, now - on_duty_level_[p]);
    sync_busy_on_duty(p);
  }
}

void CaseSimulator::sync_busy_on_duty(std::uint32_t p) {
  const std::int32_t now = std::min(std::int32_t(pools_[p].busy), on_duty_level_[p]);
  if (now != busy_on_duty_level_[p])
    step(busy_on_duty_time_, busy_on_duty_level_, busy_on_duty_since_, p, now - busy_on_duty_level_[p]);
}

void CaseSimulator::dispatch_event(const events::Event& e) {
  switch (e.kind()) {
    case kShiftStart:
      on_shift_ = true;
      for (std::uint32_t p = 0; p < pools_.size(); ++p) serve_waiting(p);
      break;
    case kShiftEnd:
      on_shift_ = false;
      break;
    case kDutyStart:
      on_duty_ = true;
      for (std::uint32_t p = 0; p < pools_.size(); ++p) serve_waiting(p);
      break;
    case kDutyEnd:
      on_duty_ = false;
      break;
    case kEmergencyStart:
      emergency(e.subject(), true);
      break;
    case kEmergencyEnd:
      emergency(e.subject(), false);
      break;
    case kWarmupDay:
      arrivals_of_warmup_day(e.subject());
      queue_.commit();
      break;
    case kStaffChange:  // the horizon starts (0) or a staff window opens or closes (i): cases in hand are finished
      for (std::uint32_t p = 0; p < pools_.size(); ++p) {
        set_servers(p, e.subject() == 0 ? cfg_.pools[p].servers : cfg_.staff_phases[e.subject() - 1].servers[p]);
        serve_waiting(p);
      }
      break;
    case kBinStart:
      arrivals_of_bin(e.subject());
      queue_.commit();
      break;
    case kReady:
      on_ready(e.subject());
      break;
    case kTaskDone:
      on_task_done(e.subject());
      break;
    case kVerified:
      on_verified(e.subject());
      break;
    case kDeadline:
      on_deadline(e.subject());
      break;
    case kMeeting:
      enqueue_tasks(e.subject());
      break;
    default:
      break;
  }
}

/// `bits`: the case's arrival draws (urgent from the upper half, near a border from the lower).
void CaseSimulator::add_case(double arrival, std::uint32_t grid, std::uint16_t category, std::uint64_t bits) {
  const auto c = static_cast<std::uint32_t>(cases_.size());
  if (c >= (1u << 27)) throw std::length_error("case handling: more than 2^27 cases in one replica");
  Case k;
  k.arrival = arrival;
  k.grid = grid;
  k.category = category;
  const CategoryHandling& h = cfg_.categories[category];
  k.urgent = h.urgent_limit_hours > 0 && upper(bits) < h.urgent_share;
  k.cross = !cfg_.border_share.empty() && lower(bits) < cfg_.border_share[grid];
  k.deadline = deadline_of(k, arrival);
  k.handled = std::numeric_limits<double>::infinity();
  // The records are written one after another, between draws and calendar look-ups: fetch a later
  // one's line now (after the first replica the storage is there), so the writes do not wait for it.
  if (c + kAppendAhead < cases_.capacity()) __builtin_prefetch(cases_.data() + c + kAppendAhead, 1);
  cases_.push_back(k);
  queued_.push_back(0);
  closed_.push_back(0);
  // Accept, register, dispatch: a fixed delay, shorter for urgent cases.
  queue_.stage(arrival + (k.urgent ? cfg_.urgent_intake_seconds : cfg_.intake_seconds), kReady,
               c);  // committed by the caller
  if (arrival >= 0 && arrival < end_) ++counts_.arrived[std::size_t(bin_of(arrival)) * setup_.grids + grid];
}

double CaseSimulator::arrival_time(rng::Stream& s, double bin_start, double length) const {
  if (length < double(time::kDay)) return bin_start + length * s.uniform();
  const std::uint64_t w = s.next_u64();  // hour of day from the fitted profile, then uniform within the hour
  const double u = upper(w);
  std::size_t hour = 0;
  while (hour < 23 && setup_.hour_cdf[hour] < u) ++hour;
  return bin_start + double(hour * time::kHour) + double(time::kHour) * lower(w);
}

void CaseSimulator::arrivals_of_bin(std::size_t bin) {
  const std::size_t k = setup_.categories;
  if (setup_.replay) {
    rng::Stream s = key_.stream({kReplayStream, std::uint32_t(bin), 0});
    for (std::size_t i = setup_.replay->bin_offset[bin]; i < setup_.replay->bin_offset[bin + 1]; ++i) replay_case(i, s);
    return;
  }
  for (std::uint32_t g = 0; g < setup_.grids; ++g) {
    rng::Stream s = key_.stream({rng::kResponseArrival, std::uint32_t(bin), g});
    const std::uint32_t* row = counts_in_.data() + (bin * setup_.grids + g) * k;
    for (std::uint16_t c = 0; c < k; ++c)
      for (std::uint32_t n = 0; n < row[c]; ++n) {
        const double t = arrival_time(s, now_, bin_length_);  // then the case's own draws, in this order
        add_case(t, g, c, s.next_u64());
      }
  }
}

void CaseSimulator::arrivals_of_warmup_day(std::size_t day) {
  if (setup_.replay) {  // the warm-up entries of this day: times in [now, now + 1 day), sorted
    const ReplayArrivals& r = *setup_.replay;
    const auto first = r.time.begin(), last = r.time.begin() + std::ptrdiff_t(r.bin_offset[0]);
    rng::Stream s = key_.stream({kReplayStream, std::uint32_t(day), 1});
    for (auto it = std::lower_bound(first, last, now_); it != last && *it < now_ + double(time::kDay); ++it)
      replay_case(std::size_t(it - first), s);
    return;
  }
  const std::size_t k = setup_.categories;
  for (std::uint32_t g = 0; g < setup_.grids; ++g) {
    rng::Stream s = key_.stream({rng::kResponseWarmup, std::uint32_t(day), g});
    for (std::uint16_t c = 0; c < k; ++c) {
      const std::uint32_t n = rng::poisson(s, setup_.warmup_daily_rate[g * k + c]);
      for (std::uint32_t i = 0; i < n; ++i) {
        const double t = arrival_time(s, now_, double(time::kDay));
        add_case(t, g, c, s.next_u64());
      }
    }
  }
}

void CaseSimulator::replay_case(std::size_t i, rng::Stream& s) {
  const ReplayArrivals& r = *setup_.replay;
  add_case(r.time[i], r.grid[i], r.category[i], s.next_u64());
}

std::uint8_t CaseSimulator::draw_level(double u, const Case& k) const {
  double odds = cfg_.categories[k.category].escalation_odds;
  if (cfg_.odds_window.contains(now_)) odds *= cfg_.escalation_odds;
  if (k.round >= 2) odds *= cfg_.reopened_twice_odds;
  double at_least = 1;  // proportional odds: P(level >= l) has its odds multiplied by `odds`
  std::uint8_t level = 0;
  for (std::size_t l = 1; l < kLevels; ++l) {
    at_least -= cfg_.level_shares[l - 1];
    // A case near another grid's border is the town team's more often (it spans two grids' staff).
    const double rung = l == kTown && k.cross ? odds * cfg_.cross_boundary_odds : odds;
    const double q = rung * at_least / (1 - at_least + rung * at_least);
    if (u < q) level = static_cast<std::uint8_t>(l);
  }
  return level;
}

/// A round's handler efforts (task 0, and task 1 when joint) and the elapsed time it waits on others:
/// log-normal around the category's medians (one polar pair for the effort and the elapsed time, a third
/// normal from the next pair when joint), or exponential with those means when the category's law is
/// exponential (queueing checks). An urgent hazard is made safe fast: at most a quarter of its limit [E].
void CaseSimulator::draw_times(rng::Stream& s, Case& k, bool joint) const {
  const CategoryHandling& h = cfg_.categories[k.category];
  const double effort =
      (k.urgent ? std::min(h.effort_hours, h.urgent_limit_hours / 4) : h.effort_hours) * double(time::kHour);
  const double elapsed = (k.urgent ? h.urgent_median_hours : h.median_hours) * double(time::kHour);
  if (h.law == HandlingLaw::kExponential) {
    k.duration[0] = static_cast<float>(-effort * std::log(s.uniform()));
    k.duration[1] = joint ? static_cast<float>(-effort * std::log(s.uniform())) : 0.0f;
    k.elapsed = static_cast<float>(-elapsed * std::log(s.uniform()));
    return;
  }
  const auto [z0, z1] = normal_pair(s);
  k.duration[0] = static_cast<float>(effort * std::exp(h.effort_sigma * z0));
  k.elapsed = static_cast<float>(elapsed * std::exp(h.sigma * z1));
  k.duration[1] = joint ? static_cast<float>(effort * std::exp(h.effort_sigma * normal_pair(s).first)) : 0.0f;
}

double CaseSimulator::deadline_of(const Case& k, double start) const {
  return limit_deadline(cfg_, cfg_.categories[k.category], k.urgent, setup_.horizon.start, start);
}

void CaseSimulator::on_ready(std::uint32_t c) {
  Case& k = cases_[c];
  // The round's draws in a fixed order from its own stream: three words for six uniforms, then the
  // normals; most rounds take one Philox block.
  rng::Stream s = key_.stream({rng::kResponseCase, c, std::uint32_t(k.round) + 1});
  const std::uint64_t w0 = s.next_u64();
  const std::uint64_t w1 = s.next_u64();
  const std::uint64_t w2 = s.next_u64();
  k.level = draw_level(upper(w0), k);
  const bool joint = k.level >= kTown || lower(w0) < cfg_.categories[k.category].joint_share;
  k.hurry = static_cast<float>(upper(w1));
  k.reopen = lower(w1) < cfg_.reopen_share;
  k.escalates = upper(w2) < cfg_.overdue_escalation;  // used only if the round waits at its limit
  draw_times(s, k, joint);
  k.handled = std::numeric_limits<double>::infinity();
  k.cls = k.urgent ? kUrgent : (k.round > 0 || now_ > k.deadline) ? kUnfinished : joint ? kJoint : kRoutine;
  k.ready = now_;
  k.pending = joint ? 2 : 1;
  if (now_ >= 0) ++escalations_[(std::size_t(bin_of(now_)) * setup_.grids + k.grid) * kLevels + k.level];
  // A multi-department case waits for the next joint meeting, unless supervision would come first.
  if (joint && k.level < kTown && k.cls == kJoint && !cfg_.meetings.empty()) {
    const auto next = std::lower_bound(cfg_.meetings.begin(), cfg_.meetings.end(), now_);
    const double supervised = k.round_start() + cfg_.supervise_at * (k.deadline - k.round_start());
    if (next != cfg_.meetings.end() && *next > now_ && *next <= supervised)
      return queue_.push_later(*next, kMeeting, c);
  }
  enqueue_tasks(c);
}

void CaseSimulator::enqueue_tasks(std::uint32_t c) {
  const Case& k = cases_[c];
  enqueue(2 * c, pool_of(k, 0));
  if (k.pending == 2) enqueue(2 * c + 1, pool_of(k, 1));
}

/// Overdue escalation: the case's own task still waits for a handler at its limit.
void CaseSimulator::on_deadline(std::uint32_t c) {
  if (!queued_[c]) return;  // started: most limit events end here, without loading the case
  Case& k = cases_[c];
  if (now_ != k.deadline || k.level >= kDistrict) return;  // a past round's limit
  if (!k.escalates) return;
  const std::uint32_t from = pool_of(k, 0);
  step(queue_time_, queue_level_, queue_since_, k.grid, -1);
  step(pool_queue_time_, pool_queue_level_, pool_queue_since_, from, -1);
  queued_[c] = 0;  // its entry in `from`'s queue is now stale (still_waiting)
  const auto level = static_cast<std::uint8_t>(k.level < kTown ? kTown : kDistrict);
  if (k.ready >= 0 && k.ready < end_) {  // counted where it is resolved
    const std::size_t cell = (std::size_t(bin_of(k.ready)) * setup_.grids + k.grid) * kLevels;
    --escalations_[cell + k.level];
    ++escalations_[cell + level];
  }
  k.level = level;
  k.cls = kUnfinished;
  enqueue(2 * c, pool_of(k, 0));
}

/// Whether a queue entry is still a task to start: not one its case has left by overdue escalation.
bool CaseSimulator::still_waiting(std::pair<double, std::uint32_t> entry, std::uint32_t pool) const {
  if (entry.second % 2 == 1) return true;
  if (!queued_[entry.second / 2]) return false;
  const Case& k = cases_[entry.second / 2];
  return entry.first == k.deadline && pool_of(k, 0) == pool;
}

std::uint32_t CaseSimulator::pool_of(const Case& k, std::uint32_t slot) const {
  if (slot == 1) return cfg_.department_pool0 + cfg_.categories[k.category].department;
  switch (k.level) {
    case kTown:
      return cfg_.town_pool0 + cfg_.grid_town[k.grid];
    case kDistrict:
      return cfg_.district_pool;
    default:
      return cfg_.grid_pool[k.grid];
  }
}

/// How many of the pool's servers may be busy with a task of class `cls` now: all on shift (or round the
/// clock); off shift all for urgent cases, the duty roster for the rest in the daytime of days off, and
/// the emergency duty's share at any hour while an emergency window is open.
std::uint32_t CaseSimulator::limit(const Pool& pool, std::uint8_t cls) const {
  if (on_shift_ || pool.always_on || cls == kUrgent) return pool.servers;
  const std::uint32_t roster = on_duty_ ? pool.duty : 0;
  if (pool.emergencies == 0 || pool.servers == 0) return roster;
  const auto emergency = std::max<std::uint32_t>(1, std::uint32_t(std::lround(pool.servers * pool.emergency_share)));
  return std::max(roster, std::min(emergency, pool.servers));
}

void CaseSimulator::set_servers(std::uint32_t p, std::uint32_t servers) {
  Pool& pool = pools_[p];
  pool.servers = servers;
  pool.duty = servers == 0 ? 0 : std::max<std::uint32_t>(1, std::uint32_t(std::lround(servers * cfg_.duty_share)));
}

void CaseSimulator::enqueue(std::uint32_t task, std::uint32_t p) {
  Pool& pool = pools_[p];
  const Case& k = cases_[task / 2];
  if (pool.busy < limit(pool, k.cls)) return start(task, p);
  if (task % 2 == 0) step(queue_time_, queue_level_, queue_since_, k.grid, +1);
  step(pool_queue_time_, pool_queue_level_, pool_queue_since_, p, +1);
  auto& heap = pool.waiting[k.cls];
  heap.emplace_back(k.deadline, task);
  std::push_heap(heap.begin(), heap.end(), std::greater<>());
  if (task % 2 == 1) return;
  queued_[task / 2] = 1;
  // Overdue escalation, drawn with the round: no limit event when it says no.
  if (k.escalates && k.level < kDistrict && now_ < k.deadline && k.deadline < end_)
    queue_.push(k.deadline, kDeadline, task / 2);
}

void CaseSimulator::start(std::uint32_t task, std::uint32_t p) {
  Case& k = cases_[task / 2];
  ++pools_[p].busy;
  step(busy_time_, busy_level_, busy_since_, p, +1);
  sync_busy_on_duty(p);
  if (task % 2 == 0) record_wait(k, now_ - k.ready);
  queue_.push(now_ + double(k.duration[task % 2]), kTaskDone, task);
}

/// Starts waiting tasks while servers are free: classes in priority order, each up to its limit.
void CaseSimulator::serve_waiting(std::uint32_t p) {
  Pool& pool = pools_[p];
  for (std::uint8_t cls = 0; cls < kClasses; ++cls) {
    auto& heap = pool.waiting[cls];
    if (heap.empty()) continue;
    const std::uint32_t most = limit(pool, cls);
    while (!heap.empty() && pool.busy < most) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      const auto entry = heap.back();
      const std::uint32_t task = entry.second;
      heap.pop_back();
      if (!still_waiting(entry, p)) continue;
      if (task % 2 == 0) {
        step(queue_time_, queue_level_, queue_since_, cases_[task / 2].grid, -1);
        queued_[task / 2] = 0;
      }
      step(pool_queue_time_, pool_queue_level_, pool_queue_since_, p, -1);
      start(task, p);
    }
  }
}

void CaseSimulator::on_task_done(std::uint32_t task) {
  Case& k = cases_[task / 2];
  const std::uint32_t p = pool_of(k, task % 2);
  --pools_[p].busy;
  step(busy_time_, busy_level_, busy_since_, p, -1);
  sync_busy_on_duty(p);
  serve_waiting(p);
  if (--k.pending != 0) return;
  // The efforts are done; the case now waits on others, holding nobody, until it is handled, then
  // verification takes a fixed time. Only a case that will be re-opened needs an event after that; the
  // others' close is bookkeeping that depends on nothing else, so it is done now for a later instant.
  k.handled = handled_time(k);
  if (k.reopen)
    queue_.push(k.handled + cfg_.verify_seconds, kVerified, task / 2);
  else
    close(task / 2, k.handled + cfg_.verify_seconds);
}

/// When the waiting ends: the elapsed time after the case became ready, unless supervision (督办) finds
/// it unfinished at `supervise_at` of its limit and hurries the others it waits on, who finish within
/// `hurry_share` more of the limit — or when the handler's effort ends, if that is later (supervision ran
/// alongside it).
double CaseSimulator::handled_time(const Case& k) const {
  const double natural = std::max(now_, k.ready + double(k.elapsed));
  const double span = k.deadline - k.round_start();
  const double supervised = k.round_start() + cfg_.supervise_at * span;
  if (natural <= supervised) return natural;
  return std::max(now_, supervised + double(k.hurry) * cfg_.hurry_share * span);
}

void CaseSimulator::on_verified(std::uint32_t c) {
  Case& k = cases_[c];
  if (!k.reopen) return close(c, now_);
  add_overdue(k);                // the round that failed verification, if it ran late
  if (k.round < 250) ++k.round;  // re-opened: a new round, perhaps higher up the ladder, its limit anew
  k.deadline = deadline_of(k, now_);
  on_ready(c);  // sets ready = now: the new round's start
}

}  // namespace riskgrid::models::response
