#include "riskgrid/engine/events/event_queue.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::events {
namespace {

TEST(EventQueue, PopsInTimeOrderWithTiesInSchedulingOrder) {
  EventQueue q;
  q.push(5.0, 1, 10);
  q.push(1.0, 1, 11);
  q.push(5.0, 2, 12);
  q.push(3.0, 1, 13);
  q.push(5.0, 3, 14);
  std::vector<std::uint32_t> subjects;
  while (!q.empty()) subjects.push_back(q.pop().subject());
  EXPECT_EQ(subjects, (std::vector<std::uint32_t>{11, 13, 10, 12, 14}));
}

TEST(EventQueue, SortsLikeAStableSortOfManyRandomTimes) {
  rng::Stream s(7, 0, {99, 0, 0});
  EventQueue q;
  std::vector<std::pair<double, std::uint32_t>> expected;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const double t = static_cast<double>(s.next_u64() % 300);  // many ties
    q.push(t, 0, i);
    expected.emplace_back(t, i);
    if (i % 3 == 2) {  // interleave pops with pushes, as a simulation does
      const auto first = std::min_element(expected.begin(), expected.end());
      const Event e = q.pop();
      ASSERT_EQ(e.time, first->first);
      ASSERT_EQ(e.subject(), first->second);
      expected.erase(first);
    }
  }
  std::sort(expected.begin(), expected.end());
  for (const auto& [t, subject] : expected) {
    const Event e = q.pop();
    ASSERT_EQ(e.time, t);
    ASSERT_EQ(e.subject(), subject);
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, KeepsItsStorageWhenCleared) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 1000; ++i) q.push(double(i), 0, i);
  const std::size_t capacity = q.capacity();
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.capacity(), capacity);
  q.push(2.0, 0, 1);
  EXPECT_EQ(q.pop().seq, 0u);  // sequence numbers restart
  q.push(1.0, 15, (1u << 28) - 1);
  const Event e = q.pop();
  EXPECT_EQ(e.kind(), 15u);
  EXPECT_EQ(e.subject(), (1u << 28) - 1);
}

}  // namespace
}  // namespace riskgrid::events
