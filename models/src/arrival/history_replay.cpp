#include "riskgrid/models/arrival/history_replay.hpp"

#include <algorithm>
#include <stdexcept>

namespace riskgrid::models {

HistoryReplaySampler::HistoryReplaySampler(const incidents::IncidentTable& history, const time::TimeGrid& horizon,
                                           cube::Shape shape)
    : counts_(shape, 0) {
  if (shape.bins != horizon.bins) throw std::invalid_argument("HistoryReplaySampler: the shape is not the horizon's");
  for (std::size_t i = 0; i < history.size(); ++i) {
    const time::Seconds t = history.created[i];
    if (t < horizon.start || t >= horizon.end() || history.grid[i] >= shape.units ||
        history.category[i] >= shape.categories)
      continue;
    ++counts_.at(std::size_t((t - horizon.start) / horizon.bin_length), history.grid[i], history.category[i]);
  }
}

void HistoryReplaySampler::sample(const rng::ReplicaKey&, cube::View<std::uint32_t> counts) const {
  if (!(counts.shape() == counts_.shape()))
    throw std::invalid_argument("HistoryReplaySampler: counts of another shape than the replay's");
  std::copy(counts_.values().begin(), counts_.values().end(), counts.begin());
}

}  // namespace riskgrid::models
