#pragma once
// Counter-based random streams (Random123 Philox4x64-10). A stream is named by the run's identity
// (seed, replica) and by what it draws (purpose and two ids, e.g. unit and category), never by thread
// or scheduling order, so every draw is the same on any thread or rank count.
#include <array>
#include <cstdint>
#include <string_view>

#include <Random123/philox.h>

namespace riskgrid::rng {

/// What a stream is used for; part of its identity so two purposes never share numbers.
struct StreamId {
  std::uint32_t purpose = 0;
  std::uint32_t a = 0;  ///< e.g. unit index
  std::uint32_t b = 0;  ///< e.g. category index
};

/// The purposes of the built-in models' streams, numbered when they were written. Frozen: a number
/// here is part of every draw made with it, so changing one changes results (the blessed regression
/// cases catch it). A new model names its streams with purpose_of() instead and edits nothing here.
enum Purpose : std::uint32_t {
  kArrivalDay = 1,        ///< day-level gamma factor of a negative-binomial count
  kArrivalBin = 2,        ///< Poisson draw of a bin
  kArrivalAdded = 3,      ///< Poisson draws of a category a drill adds (unit, category)
  kSynthCounts = 10,      ///< synthetic history: daily counts
  kSynthPlace = 11,       ///< synthetic history: locations and times of incidents
  kSynthRepeat = 12,      ///< synthetic history: self-excited repeats
  kSynthClose = 13,       ///< synthetic history: closing times
  kResponseArrival = 20,  ///< case handling: arrival times within a bin (a = bin, b = grid)
  kResponseWarmup = 21,   ///< case handling: warm-up arrivals before the horizon (a = day, b = grid)
  kResponseCase = 22,     ///< case handling: one round of one case (a = case, b = round)
  kArrivalBranch = 30,    ///< offspring of a self-exciting (Hawkes) model: counts and delays
  kResampleDay = 31,      ///< which historical day a resampled horizon day copies
};

/// The purpose of a stream named by its model, e.g. purpose_of("hawkes.branch"): 32-bit FNV-1a of the
/// name with the top bit set, so a named purpose never equals a numbered one above (all below 2^31).
/// Hashing rather than numbering: adding a model never edits the engine, and two models can only
/// share a purpose by sharing a name.
constexpr std::uint32_t purpose_of(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (const char c : name) hash = (hash ^ static_cast<std::uint8_t>(c)) * 16777619u;
  return hash | 0x8000'0000u;
}

/// One stream: the key is the seed, the counter is (replica, purpose, a:b, block number), so distinct
/// (seed, replica, StreamId) never share a number and each stream has 2^64 blocks of 4 words.
class Stream {
 public:
  using result_type = std::uint64_t;

  Stream(std::uint64_t seed, std::uint64_t replica, StreamId id);

  /// Next 64 random bits.
  std::uint64_t next_u64();
  /// Uniform double in the open interval (0, 1), 53 bits.
  double uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return next_u64(); }

 private:
  using Philox = r123::Philox4x64;
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_;
  unsigned used_ = 4;
};

/// The identity of one replica of a run; hands out its named streams.
struct ReplicaKey {
  std::uint64_t seed = 0;
  std::uint64_t replica = 0;
  Stream stream(StreamId id) const { return Stream(seed, replica, id); }
};

}  // namespace riskgrid::rng
