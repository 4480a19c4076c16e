#pragma once
// Counter-based random streams (Random123 Philox4x32-10). A stream is named by the run's identity
// (seed, replica) and by what it draws (purpose and two ids, e.g. unit and category), never by thread
// or scheduling order, so every draw is the same on any thread or rank count.
#include <array>
#include <cstdint>

#include <Random123/philox.h>

namespace riskgrid::rng {

/// What a stream is used for; part of its identity so two purposes never share numbers.
struct StreamId {
  std::uint32_t purpose = 0;
  std::uint32_t a = 0;  ///< e.g. unit index
  std::uint32_t b = 0;  ///< e.g. category index
};

class Stream {
 public:
  using result_type = std::uint32_t;

  Stream(std::uint64_t seed, std::uint64_t replica, StreamId id);

  /// Next 32 random bits.
  std::uint32_t next_u32();
  /// Uniform double in the open interval (0, 1), 53 bits.
  double uniform();

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }
  result_type operator()() { return next_u32(); }

 private:
  using Philox = r123::Philox4x32;
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_;
  int used_ = 4;
};

}  // namespace riskgrid::rng
