#include "riskgrid/run/memory_estimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/tally/count_histograms.hpp"

namespace riskgrid::run {

namespace {

/// The histograms' initial widths (ensemble_tally.cpp): they never hold less.
constexpr std::uint64_t kBinStart = 32, kHorizonStart = 256;
/// Arrays of one double per cell a run holds at once: baseline, added, multipliers (all, fitted, means),
/// the fitted model's expectation and sampler, the results' means and quantiles.
constexpr std::uint64_t kCubesPerCell = 10;

/// The histogram width for counts of mean `mean`: the power of two above twice the mean (a heavy
/// negative-binomial tail), at least `start`, capped where the histogram would refuse (kMaxCount).
std::uint64_t capacity_for(double mean, std::uint64_t start) {
  const double wanted = std::max(2.0 * mean + 32.0, static_cast<double>(start));
  if (!(wanted < static_cast<double>(tally::kMaxCount))) return tally::kMaxCount;
  return std::bit_ceil(static_cast<std::uint64_t>(wanted));
}

double gib(std::uint64_t bytes) { return static_cast<double>(bytes) / static_cast<double>(1ULL << 30); }

/// The drill most likely to blame for large counts: the largest factor or per_day.
const scenario::Drill* strongest_drill(const scenario::ScenarioSpec& spec) {
  const scenario::Drill* best = nullptr;
  double best_strength = 1;
  for (const auto& d : spec.drills) {
    const double strength = d.new_category ? d.per_day : d.factor;
    if (strength > best_strength) {
      best = &d;
      best_strength = strength;
    }
  }
  return best;
}

std::string drill_key(const scenario::Drill& d) {
  return fmt::format("{}: drill '{}': lower its {}", d.where, d.name, d.new_category ? "per_day" : "factor");
}

std::string horizon_key(const scenario::ScenarioSpec& spec) {
  return fmt::format("{}: horizon", spec.horizon_where.empty() ? spec.file : spec.horizon_where);
}

}  // namespace

MemoryEstimate estimate_memory(const cube::Shape& shape, int threads, bool with_response,
                               const ExpectedCounts& counts) {
  MemoryEstimate e;
  e.workers = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t tallies = e.workers + 1ULL;  // one per worker, and their sum
  const std::uint64_t cells = shape.cells(), bin_cells = std::uint64_t{shape.bins} * shape.units;
  e.bin_capacity = capacity_for(counts.largest_bin, kBinStart);
  e.horizon_capacity = capacity_for(counts.largest_horizon, kHorizonStart);
  e.cubes = kCubesPerCell * cells * sizeof(double);
  e.histograms =
      tallies * (bin_cells * e.bin_capacity + std::uint64_t{shape.units} * e.horizon_capacity) * sizeof(std::uint64_t);
  e.sums = tallies * cells * (sizeof(std::uint64_t) + sizeof(std::uint32_t));
  // Three [bin][grid] histograms (backlog, overdue, overdue life-safety), per worker and in total.
  if (with_response) e.response = tallies * 3 * bin_cells * kBinStart * sizeof(std::uint64_t);
  return e;
}

std::uint64_t memory_available(std::uint64_t limit_bytes) {
  if (limit_bytes > 0) return limit_bytes;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return ~std::uint64_t{0};  // unknown: nothing to check against
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

void check_memory(const scenario::ScenarioSpec& spec, const MemoryEstimate& e, const ExpectedCounts& counts,
                  std::uint64_t available) {
  const scenario::Drill* drill = strongest_drill(spec);
  if (2.0 * counts.largest_horizon + 32.0 >= static_cast<double>(tally::kMaxCount))
    throw ScenarioError(
        fmt::format("{}: a grid expects {:.3g} incidents over the horizon, more than riskgrid can tally ({}){}",
                    drill ? drill_key(*drill) : horizon_key(spec), counts.largest_horizon, tally::kMaxCount / 2,
                    drill ? "" : ": shorten the horizon"));
  if (e.total() <= available) return;
  // Name what to change: large counts come from drills; otherwise the horizon's bins times the grids.
  const bool counts_dominate = e.bin_capacity > kBinStart && e.histograms > e.cubes;
  const std::string key =
      counts_dominate && drill ? drill_key(*drill) : horizon_key(spec) + ": shorten it (days, hours) or use bin: day";
  throw ScenarioError(fmt::format(
      "{}, or use fewer --threads: the run would need about {:.1f} GiB, more than the {:.1f} GiB available "
      "(count histograms {:.1f} GiB for {} workers, counts up to {} per bin and {} per horizon; arrays {:.1f} GiB; "
      "sums {:.1f} GiB; case handling {:.1f} GiB)",
      key, gib(e.total()), gib(available), gib(e.histograms), e.workers, e.bin_capacity, e.horizon_capacity,
      gib(e.cubes), gib(e.sums), gib(e.response)));
}

}  // namespace riskgrid::run
