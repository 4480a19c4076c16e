#pragma once
// The pending events of a discrete-event simulation: a binary min-heap of plain events ordered by
// (time, sequence number), so ties are broken by the order events were scheduled (deterministic).
//
// Written here rather than using std::priority_queue because a simulation reuses one queue for every
// replica: priority_queue hides its container, so it can be neither reserved nor cleared without
// giving its memory back, and it cannot be inspected (size of the heap high-water mark). This one keeps
// its storage across clear(), so after the first replica scheduling an event never allocates.
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace riskgrid::events {

/// One scheduled event: when, the order it was scheduled in, what happens and to whom, in 16 bytes
/// (the heap's memory traffic is what a simulation's hot loop pays for).
struct Event {
  static constexpr unsigned kKindBits = 4;      ///< up to 16 kinds of event
  static constexpr unsigned kSubjectBits = 28;  ///< subjects 0 .. 2^28 - 1
  double time = 0;                              ///< simulation time (seconds)
  std::uint32_t seq = 0;                        ///< assigned by the queue: earlier scheduled first among equal times
  std::uint32_t tag = 0;                        ///< kind in the top 4 bits, subject below
  std::uint32_t kind() const { return tag >> kSubjectBits; }
  std::uint32_t subject() const { return tag & ((1u << kSubjectBits) - 1); }
};
static_assert(std::is_trivially_copyable_v<Event> && sizeof(Event) == 16);

class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  /// Empties the queue and restarts sequence numbers; keeps the storage.
  void clear() {
    heap_.clear();
    next_seq_ = 0;
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::size_t capacity() const { return heap_.capacity(); }

  /// Schedules `kind` (< 16) for `subject` (< 2^28). Sequence numbers restart at clear(); a queue takes
  /// 2^32 pushes between clears.
  void push(double time, std::uint32_t kind, std::uint32_t subject) {
    heap_.push_back(Event{time, next_seq_++, (kind << Event::kSubjectBits) | subject});
    sift_up(heap_.size() - 1);
  }
  /// The earliest event; the queue must not be empty.
  const Event& top() const { return heap_.front(); }
  Event pop() {
    const Event out = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return out;
  }

 private:
  static bool before(const Event& a, const Event& b) { return a.time < b.time || (a.time == b.time && a.seq < b.seq); }
  void sift_up(std::size_t i) {
    const Event e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  /// Places `e` (the former last element) starting from the root: a hole moves down to its place.
  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  std::uint32_t next_seq_ = 0;
};

}  // namespace riskgrid::events
