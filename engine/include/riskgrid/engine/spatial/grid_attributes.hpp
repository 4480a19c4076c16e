#pragma once
// The grid attributes the default district carries besides its type (docs/domain.md, "Grid types and
// kinds"): what a grid is (kind), whether it floods easily (low_lying), whether it lies on Suzhou Creek
// (riverside) and which crowd place it holds (crowd_place). They travel in spatial::Unit::attributes
// as text; the names here are the ones drills select by and the synthetic history varies by.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

inline constexpr std::string_view kKindAttribute = "kind";
inline constexpr std::string_view kLowLyingAttribute = "low_lying";
inline constexpr std::string_view kRiversideAttribute = "riverside";
inline constexpr std::string_view kCrowdPlaceAttribute = "crowd_place";

/// The kinds of grid (docs/domain.md): old low-rise housing (Caoyang, Yichuan), ordinary and newer
/// housing, housing mixed with shops and offices, commercial centres, industrial or rebuilding land,
/// and campuses or parks.
inline const std::vector<std::string> kGridKinds{"old_housing", "residential", "mixed",
                                                 "commercial",  "industrial",  "campus"};

/// A yes/no attribute as text: GeoJSON true/false comes back from GDAL as "1"/"0", a hand-written
/// file may say "true"/"false" or "yes"/"no"; anything else is not a flag.
inline std::optional<bool> flag_of(std::string_view text) {
  if (text == "1" || text == "true" || text == "True" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "False" || text == "no") return false;
  return std::nullopt;
}

/// The unit's attribute `key`, or nullptr when it has none.
inline const std::string* attribute_of(const Unit& unit, std::string_view key) {
  const auto it = unit.attributes.find(std::string(key));
  return it == unit.attributes.end() ? nullptr : &it->second;
}

}  // namespace riskgrid::spatial
