#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::rng {

Stream::Stream(std::uint64_t seed, std::uint64_t replica, StreamId id)
    : key_{{seed, 0}}, counter_{{replica, id.purpose, (std::uint64_t{id.a} << 32) | id.b, 0}}, block_{} {}

std::uint64_t Stream::next_u64() {
  if (used_ == 4) {
    block_ = Philox()(counter_, key_);
    ++counter_[3];
    used_ = 0;
  }
  return block_[used_++];
}

}  // namespace riskgrid::rng
