#pragma once
// The pending events of the case-handling simulation, in three lanes that pop as one queue ordered by
// (time, sequence number) — the order of events::EventQueue, so results are the same to the bit:
// - a calendar: buckets of a fixed width of time. An event later than the bucket being served is appended
//   to its bucket (no comparison); a bucket is sorted once, when the queue reaches it, and then read in
//   order. Most events (arrivals, tasks done, limits days ahead) take this lane, so a pop is a read of the
//   next element instead of a sift-down through thousands of pending events.
// - a heap for events that fall in the bucket being served (or an earlier one): few at a time;
// - a first-in first-out lane for events scheduled at non-decreasing times (the next joint meeting).
// Which lane an event takes does not change where it pops: the bucket of a time never decreases as the
// time grows, every event of a bucket is later than those of the buckets before it, and the lanes' heads
// are compared by (time, sequence). Batches (the day's arrivals, the fixed events) are staged and routed
// at commit. Every lane keeps its storage across clear(), so after the first replica scheduling never
// allocates.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "riskgrid/engine/events/event_queue.hpp"

namespace riskgrid::models::response {

class CaseEventQueue {
 public:
  using Event = events::Event;

  /// Buckets of `width` (> 0) seconds from `origin` to a finite `horizon`; events at or after `horizon`
  /// are dropped: the caller never pops them (the simulation stops at its horizon). Before the first
  /// call, one bucket and no horizon. Empties the queue.
  void configure(double origin, double horizon, double width) {
    origin_ = origin;
    horizon_ = horizon;
    inv_width_ = 1.0 / width;
    const double span = std::max(0.0, (horizon - origin) * inv_width_);
    buckets_.resize(std::size_t(std::min(span, 1e6)) + 1);  // the last takes whatever lies beyond
    last_ = buckets_.size() - 1;
    clear();
  }
  /// Empties every lane and restarts sequence numbers; keeps the storage.
  void clear() {
    heap_.clear();
    staged_.clear();
    fifo_.clear();
    for (auto& bucket : buckets_) bucket.clear();
    fifo_head_ = run_head_ = run_size_ = pending_ = 0;
    run_ = nullptr;
    next_bucket_ = 0;
    next_seq_ = 0;
  }
  bool empty() const { return heap_.empty() && pending_ == 0 && fifo_head_ == fifo_.size(); }

  /// Schedules `kind` (< 16) for `subject` (< 2^28) at any time.
  void push(double time, std::uint32_t kind, std::uint32_t subject) { route(make(time, kind, subject)); }
  /// Like push, for events whose times do not decrease from one call to the next (the heap takes any
  /// that would).
  void push_later(double time, std::uint32_t kind, std::uint32_t subject) {
    if (fifo_head_ < fifo_.size() && time < fifo_.back().time) return push(time, kind, subject);
    const Event e = make(time, kind, subject);
    if (!(time < horizon_)) return;
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    }
    fifo_.push_back(e);
  }
  /// Like push, but the event is only in the queue after the next commit().
  void stage(double time, std::uint32_t kind, std::uint32_t subject) { staged_.push_back(make(time, kind, subject)); }
  /// Puts the staged events in the queue.
  void commit() {
    for (const Event& e : staged_) route(e);
    staged_.clear();
  }

  /// The earliest event; the queue must not be empty (staged events are not in it yet).
  const Event& top() { return *lane(); }
  Event pop() {
    const Event* first = lane();
    const Event out = *first;
    if (run_head_ < run_size_ && first == run_ + run_head_) {
      ++run_head_;
      --pending_;
    } else if (fifo_head_ < fifo_.size() && first == fifo_.data() + fifo_head_) {
      ++fifo_head_;
    } else {
      pop_heap();
    }
    return out;
  }

 private:
  static constexpr std::size_t kCountingMin = 24;  ///< smaller buckets: insertion sort alone
  static constexpr std::size_t kSlices = 256;
  struct Before {  // a type rather than a function pointer, so that std::sort inlines it
    bool operator()(const Event& a, const Event& b) const {
      return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
  };
  static bool before(const Event& a, const Event& b) { return Before{}(a, b); }
  Event make(double time, std::uint32_t kind, std::uint32_t subject) {
    return Event{time, next_seq_++, (kind << Event::kSubjectBits) | subject};
  }
  /// Never decreases as t grows (rounding and truncation are monotone): the lanes' order rests on it.
  std::size_t bucket_of(double t) const {
    const double x = (t - origin_) * inv_width_;
    if (!(x > 0)) return 0;
    return x >= double(last_) ? last_ : std::size_t(x);
  }
  void route(const Event& e) {
    if (!(e.time < horizon_)) return;
    const std::size_t b = bucket_of(e.time);
    if (b < next_bucket_) {
      heap_.push_back(e);
      return sift_up(heap_.size() - 1);
    }
    buckets_[b].push_back(e);
    ++pending_;
  }
  /// Sorts the first bucket with events and serves it (its events are the calendar's earliest).
  void open_next() {
    std::size_t b = next_bucket_;
    while (buckets_[b].empty()) ++b;
    std::vector<Event>& bucket = buckets_[b];
    if (b > 0 && b < last_ && bucket.size() >= kCountingMin) {
      spread(bucket, b);
      bucket.clear();
      insertion_sort(run_buf_);
    } else {
      // A copy, not a swap: each bucket keeps its own storage, so memory stays what each held at most.
      run_buf_.assign(bucket.begin(), bucket.end());
      bucket.clear();
      if (run_buf_.size() < kCountingMin)
        insertion_sort(run_buf_);
      else
        std::sort(run_buf_.begin(), run_buf_.end(), Before{});
    }
    run_ = run_buf_.data();
    run_size_ = run_buf_.size();
    run_head_ = 0;
    next_bucket_ = b + 1;
  }
  /// Counting sort of bucket b into run_buf_ by where in the bucket each time lies (kSlices slices):
  /// nearly sorted, so the insertion sort after it moves little. Slices never decrease as times grow.
  void spread(const std::vector<Event>& bucket, std::size_t b) {
    std::array<std::uint32_t, kSlices + 1> start{};
    slices_.resize(bucket.size());
    for (std::size_t i = 0; i < bucket.size(); ++i) {
      const double x = ((bucket[i].time - origin_) * inv_width_ - double(b)) * double(kSlices);
      const std::size_t slice = x > 0 ? std::min(std::size_t(x), kSlices - 1) : 0;
      slices_[i] = static_cast<std::uint8_t>(slice);
      ++start[slice + 1];
    }
    for (std::size_t k = 1; k <= kSlices; ++k) start[k] += start[k - 1];
    run_buf_.resize(bucket.size());
    for (std::size_t i = 0; i < bucket.size(); ++i) run_buf_[start[slices_[i]]++] = bucket[i];
  }
  /// Exact (time, sequence) order; linear on nearly sorted input.
  static void insertion_sort(std::vector<Event>& v) {
    for (std::size_t i = 1; i < v.size(); ++i) {
      const Event e = v[i];
      std::size_t j = i;
      for (; j > 0 && before(e, v[j - 1]); --j) v[j] = v[j - 1];
      v[j] = e;
    }
  }
  /// The head of the lane whose head is earliest.
  const Event* lane() {
    if (run_head_ == run_size_ && pending_ > 0) open_next();
    const Event* best = heap_.empty() ? nullptr : heap_.data();
    if (run_head_ < run_size_ && (!best || before(run_[run_head_], *best))) best = run_ + run_head_;
    if (fifo_head_ < fifo_.size() && (!best || before(fifo_[fifo_head_], *best))) best = fifo_.data() + fifo_head_;
    return best;
  }
  // A four-ary heap: half the levels of a binary one, and a node's children lie side by side in memory.
  void sift_up(std::size_t i) {
    const Event e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  /// Removes the root: the former last element moves down from the root to its place.
  void pop_heap() {
    const Event e = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t child = first;
      const std::size_t last = std::min(first + 4, n);
      for (std::size_t j = first + 1; j < last; ++j)
        if (before(heap_[j], heap_[child])) child = j;
      if (!before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  double origin_ = 0, horizon_ = std::numeric_limits<double>::infinity(), inv_width_ = 0;
  std::vector<std::vector<Event>> buckets_ = std::vector<std::vector<Event>>(1);
  std::size_t last_ = 0;         ///< the last bucket: everything at or beyond its start
  std::size_t next_bucket_ = 0;  ///< buckets before it have been opened: later pushes there go to the heap
  const Event* run_ = nullptr;   ///< the opened bucket, sorted
  std::size_t run_size_ = 0, run_head_ = 0;
  std::size_t pending_ = 0;           ///< events in buckets not yet popped (the opened one's rest included)
  std::vector<Event> run_buf_;        ///< the opened bucket's events, sorted
  std::vector<std::uint8_t> slices_;  ///< scratch of spread()
  std::vector<Event> heap_, staged_, fifo_;
  std::size_t fifo_head_ = 0;
  std::uint32_t next_seq_ = 0;
};

}  // namespace riskgrid::models::response
