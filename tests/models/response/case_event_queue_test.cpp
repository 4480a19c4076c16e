// The case simulator's three-lane queue must pop exactly as the engine's one-heap queue would: the same
// events in the same order, ties in scheduling order, whichever lane an event went through.
#include "riskgrid/models/response/case_event_queue.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/events/event_queue.hpp"
#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::models::response {
namespace {

TEST(CaseEventQueue, PopsLikeOneHeapWhicheverLaneEventsTake) {
  rng::Stream s(11, 0, {98, 0, 0});
  CaseEventQueue lanes;
  events::EventQueue heap;
  for (int replica = 0; replica < 3; ++replica) {  // clear() keeps storage and restarts the order
    lanes.clear();
    heap.clear();
    double now = 0, later = 0;
    std::uint32_t subject = 0, popped = 0;
    for (int step = 0; step < 4000; ++step) {
      const std::uint64_t r = s.next_u64();
      const double t = now + double(r % 50);  // many ties
      switch ((r >> 8) % 4) {
        case 0:
          lanes.push(t, 1, subject);
          heap.push(t, 1, subject++);
          break;
        case 1:  // a batch of arrivals, some at the same times
          for (int i = 0; i < 5; ++i) {
            const double at = now + double((r >> (12 + 3 * i)) % 8);
            lanes.stage(at, 2, subject);
            heap.push(at, 2, subject++);
          }
          lanes.commit();
          break;
        case 2: {  // non-decreasing, then once in a while earlier (taken by the heap)
          later = (r >> 20) % 16 == 0 ? now : std::max(later, now) + double((r >> 12) % 3);
          lanes.push_later(later, 3, subject);
          heap.push(later, 3, subject++);
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
    EXPECT_GT(popped, 3000u);
  }
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
