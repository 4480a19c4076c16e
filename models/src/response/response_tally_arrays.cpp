// ResponseTally as named arrays of exact counts (tally::CountArrays): how its state crosses MPI ranks
// and shard files. Names, not positions, identify the arrays, so a reader may get them in any order
// (a shard file lists them by name).
#include <array>
#include <climits>
#include <optional>
#include <span>
#include <map>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {
namespace {

using Counts = std::vector<std::uint64_t> ResponseTally::*;
using Histograms = tally::CountHistograms ResponseTally::*;

struct NamedCounts {
  const char* name;
  Counts member;
};
constexpr std::array<NamedCounts, 14> kCounts{{{"arrived", &ResponseTally::arrived},
                                               {"closed", &ResponseTally::closed},
                                               {"closed_on_time", &ResponseTally::closed_on_time},
                                               {"open_at_start", &ResponseTally::open_at_start},
                                               {"escalations", &ResponseTally::escalations},
                                               {"waits", &ResponseTally::waits},
                                               {"wait_ms", &ResponseTally::wait_ms},
                                               {"leads", &ResponseTally::leads},
                                               {"lead_ms", &ResponseTally::lead_ms},
                                               {"wait_hist", &ResponseTally::wait_hist},
                                               {"lead_hist", &ResponseTally::lead_hist},
                                               {"queue_ms", &ResponseTally::queue_ms},
                                               {"busy_ms", &ResponseTally::busy_ms},
                                               {"capacity_ms", &ResponseTally::capacity_ms}}};

constexpr std::array<NamedCounts, 3> kTeamCounts{{{"team_busy_ms", &ResponseTally::team_busy_ms},
                                                  {"team_on_duty_ms", &ResponseTally::team_on_duty_ms},
                                                  {"team_queue_ms", &ResponseTally::team_queue_ms}}};

struct NamedHistograms {
  const char* name;
  Histograms member;
};
constexpr std::array<NamedHistograms, 3> kHistograms{{{"backlog", &ResponseTally::backlog},
                                                      {"overdue", &ResponseTally::overdue},
                                                      {"overdue_life_safety", &ResponseTally::overdue_life_safety}}};

std::vector<std::uint64_t> copy(std::span<const std::uint64_t> values) { return {values.begin(), values.end()}; }

/// The arrays by name; each must be there, with `size` values when size is given.
class ArraysByName {
 public:
  explicit ArraysByName(const tally::CountArrays& arrays) {
    for (const auto& a : arrays)
      if (!by_name_.emplace(a.name, &a.values).second)
        throw std::invalid_argument(fmt::format("response tally: array '{}' twice", a.name));
  }
  bool has(const std::string& name) const { return by_name_.contains(name); }
  const std::vector<std::uint64_t>& get(const std::string& name, std::optional<std::size_t> size = {}) const {
    const auto at = by_name_.find(name);
    if (at == by_name_.end()) throw std::invalid_argument(fmt::format("response tally: no array '{}'", name));
    if (size && at->second->size() != *size)
      throw std::invalid_argument(
          fmt::format("response tally: array '{}' has {} values, expected {}", name, at->second->size(), *size));
    return *at->second;
  }

 private:
  std::map<std::string, const std::vector<std::uint64_t>*> by_name_;
};

}  // namespace

tally::CountArrays ResponseTally::to_arrays() const {
  tally::CountArrays out{{"shape", {bins, grids, replicas}}};  // [bins, grids, replicas]
  for (const auto& [name, member] : kHistograms) {
    const tally::CountHistograms& h = this->*member;
    out.push_back({fmt::format("{}_capacity", name), {h.capacity()}});
    out.push_back({fmt::format("{}_frequency", name), copy(h.all_frequencies())});
    out.push_back({fmt::format("{}_sum", name), copy(h.sums())});
  }
  for (const auto& [name, member] : kCounts) out.push_back({name, this->*member});
  if (teams == 0) return out;
  out.push_back({"team_shape", {teams}});
  for (const auto& [name, member] : kTeamCounts) out.push_back({name, this->*member});
  return out;
}

ResponseTally ResponseTally::from_arrays(const tally::CountArrays& arrays) {
  const ArraysByName by_name(arrays);
  const std::vector<std::uint64_t>& shape = by_name.get("shape", 3);
  ResponseTally t(shape[0], shape[1]);  // every member sized for the shape: the sizes to expect
  t.replicas = shape[2];
  for (const auto& [name, member] : kHistograms) {
    const std::uint64_t capacity = by_name.get(fmt::format("{}_capacity", name), 1)[0];
    if (capacity == 0 || capacity > UINT32_MAX)
      throw std::invalid_argument(fmt::format("response tally: {}_capacity {} is out of range", name, capacity));
    const std::size_t cells = (t.*member).cells();
    t.*member = tally::CountHistograms::from_parts(static_cast<std::uint32_t>(capacity),
                                                   by_name.get(fmt::format("{}_frequency", name), cells * capacity),
                                                   by_name.get(fmt::format("{}_sum", name), cells));
  }
  for (const auto& [name, member] : kCounts) t.*member = by_name.get(name, (t.*member).size());
  if (!by_name.has("team_shape")) return t;  // shards of an older riskgrid carry no team arrays
  const std::uint64_t teams = by_name.get("team_shape", 1)[0];
  if (teams > (1u << 20)) throw std::invalid_argument(fmt::format("response tally: {} teams is out of range", teams));
  t.ensure_teams(teams);
  for (const auto& [name, member] : kTeamCounts) t.*member = by_name.get(name, (t.*member).size());
  return t;
}

}  // namespace riskgrid::models::response
