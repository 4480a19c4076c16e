// The case simulator's queue (calendar buckets, a heap, a first-in first-out lane) must pop exactly as the
// engine's one-heap queue would: the same events in the same order, ties in scheduling order, whichever
// lane an event went through and whatever the buckets' width.
#include "riskgrid/models/response/case_event_queue.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/events/event_queue.hpp"
#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::models::response {
namespace {

/// Random pushes, batches and pops on `lanes` and on the engine's heap: the same events must pop in the
/// same order. Events at or after `horizon` go only to `lanes`, which must drop them.
void expect_pops_like_one_heap(CaseEventQueue& lanes, const std::function<void()>& restart, double horizon) {
  rng::Stream s(11, 0, {98, 0, 0});
  events::EventQueue heap;
  for (int replica = 0; replica < 3; ++replica) {  // clear() keeps storage and restarts the order
    restart();
    heap.clear();
    double now = 0, later = 0;
    std::uint32_t subject = 0, popped = 0;
    const auto both = [&](double t, std::uint32_t kind) {
      if (t < horizon) heap.push(t, kind, subject);
      ++subject;
    };
    for (int step = 0; step < 4000; ++step) {
      const std::uint64_t r = s.next_u64();
      // Many ties, times between whole seconds, now and then far ahead (a limit days away).
      const double t = now + double(r % 50) + 0.25 * double((r >> 40) % 4) + ((r >> 44) % 8 == 0 ? 3000 : 0);
      switch ((r >> 8) % 8) {  // as many events scheduled as popped: the time moves on
        case 0:
          lanes.push(t, 1, subject);
          both(t, 1);
          break;
        case 1:  // a batch of arrivals, some at the same times
          for (int i = 0; i < 3; ++i) {
            const double at = now + double((r >> (12 + 3 * i)) % 8);
            lanes.stage(at, 2, subject);
            both(at, 2);
          }
          lanes.commit();
          break;
        case 2: {  // non-decreasing, then once in a while earlier (taken by the heap)
          later = (r >> 20) % 16 == 0 ? now : std::max(later, now) + double((r >> 12) % 3);
          lanes.push_later(later, 3, subject);
          both(later, 3);
          break;
        }
        default:
          if (heap.empty()) break;
          ASSERT_FALSE(lanes.empty());
          const events::Event a = lanes.pop(), b = heap.pop();
          ASSERT_EQ(a.time, b.time);
          ASSERT_EQ(a.tag, b.tag) << "pop " << popped;
          now = a.time;
          ++popped;
      }
    }
    while (!heap.empty()) {
      ASSERT_FALSE(lanes.empty());
      const events::Event a = lanes.pop(), b = heap.pop();
      ASSERT_EQ(a.tag, b.tag);
      ASSERT_EQ(a.time, b.time);
      ++popped;
    }
    EXPECT_TRUE(lanes.empty());
    EXPECT_GT(popped, 1000u);
  }
}

TEST(CaseEventQueue, PopsLikeOneHeapWhicheverLaneEventsTake) {
  CaseEventQueue lanes;  // not configured: one bucket
  expect_pops_like_one_heap(
      lanes, [&] { lanes.clear(); }, std::numeric_limits<double>::infinity());
}

TEST(CaseEventQueue, CalendarBucketsPopLikeOneHeap) {
  // Wide buckets (hundreds of events: sorted by slices), narrow ones (a few each, most pushes landing in
  // a bucket still to come), and a horizon inside the run that drops what lies beyond it.
  for (const double width : {100.0, 20.0, 2.0, 0.5}) {
    for (const double horizon : {1e9, 5000.0}) {
      SCOPED_TRACE(testing::Message() << "width " << width << " horizon " << horizon);
      CaseEventQueue lanes;
      expect_pops_like_one_heap(
          lanes, [&] { lanes.configure(-30, horizon, width); }, horizon);
    }
  }
}

TEST(CaseEventQueue, DropsEventsAtOrAfterTheHorizon) {
  CaseEventQueue q;
  q.configure(-100, 100, 10);
  q.push(100, 1, 1);
  q.push(-150, 1, 2);  // before the origin: the first bucket
  q.stage(250, 2, 3);
  q.stage(99.5, 2, 4);
  q.commit();
  q.push_later(120, 3, 5);
  q.push(5, 1, 6);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().subject());
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 6, 4}));
}

TEST(CaseEventQueue, StagedEventsWaitForCommit) {
  CaseEventQueue q;
  q.push(5.0, 1, 1);
  q.stage(1.0, 2, 2);
  EXPECT_EQ(q.top().subject(), 1u);
  q.commit();
  EXPECT_EQ(q.pop().subject(), 2u);
  EXPECT_EQ(q.pop().subject(), 1u);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace riskgrid::models::response
