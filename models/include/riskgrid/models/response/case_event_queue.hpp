#pragma once
// The pending events of the case-handling simulation, in three lanes that pop as one queue ordered by
// (time, sequence number) — the order of events::EventQueue, so results are the same to the bit:
// - a heap for events at any time (tasks done, limits, verifications);
// - a sorted run for events scheduled in batches: the day's arrivals are staged, sorted once and merged
//   in (commit), instead of each taking a push and a pop through the heap; the fixed events (shifts, bins)
//   too;
// - a first-in first-out lane for events scheduled at non-decreasing times (the next joint meeting).
// The heap keeps only what has to be there, so it is shallower; every lane keeps its storage across
// clear(), so after the first replica scheduling never allocates.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "riskgrid/engine/events/event_queue.hpp"

namespace riskgrid::models::response {

class CaseEventQueue {
 public:
  using Event = events::Event;

  /// Empties every lane and restarts sequence numbers; keeps the storage.
  void clear() {
    heap_.clear();
    run_.clear();
    staged_.clear();
    fifo_.clear();
    run_head_ = fifo_head_ = 0;
    next_seq_ = 0;
  }
  bool empty() const { return heap_.empty() && run_head_ == run_.size() && fifo_head_ == fifo_.size(); }

  /// Schedules `kind` (< 16) for `subject` (< 2^28) at any time.
  void push(double time, std::uint32_t kind, std::uint32_t subject) {
    heap_.push_back(make(time, kind, subject));
    sift_up(heap_.size() - 1);
  }
  /// Like push, for events whose times do not decrease from one call to the next (the heap takes any
  /// that would).
  void push_later(double time, std::uint32_t kind, std::uint32_t subject) {
    if (fifo_head_ < fifo_.size() && time < fifo_.back().time) return push(time, kind, subject);
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    }
    fifo_.push_back(make(time, kind, subject));
  }
  /// Like push, but the event is only in the queue after the next commit().
  void stage(double time, std::uint32_t kind, std::uint32_t subject) { staged_.push_back(make(time, kind, subject)); }
  /// Sorts the staged events and merges them into the sorted run.
  void commit() {
    if (staged_.empty()) return;
    std::sort(staged_.begin(), staged_.end(), Before{});
    merged_.clear();
    std::merge(run_.begin() + std::ptrdiff_t(run_head_), run_.end(), staged_.begin(), staged_.end(),
               std::back_inserter(merged_), Before{});
    run_.swap(merged_);
    run_head_ = 0;
    staged_.clear();
  }

  /// The earliest event; the queue must not be empty (staged events are not in it yet).
  const Event& top() const { return *lane(); }
  Event pop() {
    const Event* first = lane();
    const Event out = *first;
    if (first == run_.data() + run_head_)
      ++run_head_;
    else if (first == fifo_.data() + fifo_head_)
      ++fifo_head_;
    else
      pop_heap();
    return out;
  }

 private:
  struct Before {  // a type rather than a function pointer, so that std::sort inlines it
    bool operator()(const Event& a, const Event& b) const {
      return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
  };
  static bool before(const Event& a, const Event& b) { return Before{}(a, b); }
  Event make(double time, std::uint32_t kind, std::uint32_t subject) {
    return Event{time, next_seq_++, (kind << Event::kSubjectBits) | subject};
  }
  /// The head of the lane whose head is earliest.
  const Event* lane() const {
    const Event* best = heap_.empty() ? nullptr : heap_.data();
    if (run_head_ < run_.size() && (!best || before(run_[run_head_], *best))) best = run_.data() + run_head_;
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

  std::vector<Event> heap_, run_, merged_, staged_, fifo_;
  std::size_t run_head_ = 0, fifo_head_ = 0;
  std::uint32_t next_seq_ = 0;
};

}  // namespace riskgrid::models::response
