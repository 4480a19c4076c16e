#pragma once
// Closing times of the synthetic history from the case-handling model (models/response), so that a
// replay of the history through that model can reproduce the history's own on-time share.
#include <cstdint>
#include <span>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models::synth_detail {

/// The incidents (sorted by creation; spans of equal length) handled once, as a replay of them would
/// handle them, with `spec.handling`'s settings on the district's own staff: teams and departments sized
/// for the expected ordinary load (synth_params), the simulation starting empty at the window's start.
/// Returns each incident's close time, -1 where it is still open at the window's end. One stream
/// {spec.seed, purpose_of("synth.handling")}, one thread: deterministic. Throws ScenarioError when the
/// settings do not fit the district or catalog.
std::vector<time::Seconds> handling_close_times(const SynthSpec& spec, const spatial::District& district,
                                                const catalog::CategoryCatalog& catalog,
                                                std::span<const time::Seconds> created,
                                                std::span<const std::uint32_t> grid,
                                                std::span<const std::uint16_t> category);

}  // namespace riskgrid::models::synth_detail
