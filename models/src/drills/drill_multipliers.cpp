#include "riskgrid/models/drills/drill_multipliers.hpp"

#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::models {

namespace {

/// A mask over `names` selecting `wanted` (all when `wanted` is empty).
std::vector<char> select(const std::vector<std::string>& wanted, const std::vector<std::string>& names,
                         const scenario::Drill& drill, const char* what) {
  std::vector<char> mask(names.size(), wanted.empty() ? 1 : 0);
  for (const auto& w : wanted) {
    bool found = false;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == w) mask[i] = 1, found = true;
    if (found) continue;
    const std::string hint = io::closest_match(w, names);
    throw ScenarioError(
        fmt::format("{}: drill '{}': unknown {} \"{}\"{}", drill.where, drill.name, what, w, io::did_you_mean(hint)));
  }
  return mask;
}

std::vector<std::string> category_ids_of(const catalog::CategoryCatalog& catalog) {
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) ids.push_back(c.id);
  return ids;
}

/// The categories a multiplying drill applies to: those it names, else the catalog's own.
std::vector<char> select_categories(const scenario::Drill& drill, const catalog::CategoryCatalog& catalog) {
  std::vector<char> mask = select(drill.categories, category_ids_of(catalog), drill, "category");
  if (drill.categories.empty())
    for (std::size_t c = 0; c < catalog.size(); ++c) mask[c] = catalog.categories[c].added_by.empty();
  return mask;
}

}  // namespace

void check_drill_names(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog) {
  const std::vector<std::string> category_ids = category_ids_of(catalog);
  for (const auto& drill : drills) {
    select(drill.categories, category_ids, drill, "category");
    drill_grid_mask(drill, district);
  }
}

bool drill_acts_at(const scenario::Drill& drill, time::Seconds t) {
  if (t < drill.start || t >= drill.end) return false;
  const int hour = time::hour_of_day(t);
  return drill.daily_from_hour < drill.daily_to_hour ? hour >= drill.daily_from_hour && hour < drill.daily_to_hour
                                                     : hour >= drill.daily_from_hour || hour < drill.daily_to_hour;
}

double profile_factor(const std::vector<scenario::ProfilePoint>& profile, double hours) {
  if (hours <= profile.front().hours) return profile.front().factor;
  for (std::size_t i = 1; i < profile.size(); ++i) {
    const auto& a = profile[i - 1];
    const auto& b = profile[i];
    if (hours <= b.hours) return a.factor + (b.factor - a.factor) * (hours - a.hours) / (b.hours - a.hours);
  }
  return profile.back().factor;
}

double drill_strength_at(const scenario::Drill& drill, time::Seconds t) {
  if (!drill_acts_at(drill, t)) return 0.0;
  const double hours = static_cast<double>(t - drill.start) / time::kHour;
  const double ramp = drill.ramp_hours > 0 ? std::min(1.0, hours / drill.ramp_hours) : 1.0;
  const double after_ramp_days = std::max(0.0, hours - drill.ramp_hours) / 24.0;
  return ramp * (drill.half_life_days > 0 ? std::exp2(-after_ramp_days / drill.half_life_days) : 1.0);
}

double drill_factor_at(const scenario::Drill& drill, time::Seconds t) {
  if (!drill_acts_at(drill, t)) return 1.0;
  const double hours = static_cast<double>(t - drill.start) / time::kHour;
  if (!drill.profile.empty()) return profile_factor(drill.profile, hours);
  return 1.0 + (drill.factor - 1.0) * drill_strength_at(drill, t);
}

cube::Cube<double> drill_multipliers(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                     const catalog::CategoryCatalog& catalog, const time::TimeGrid& horizon) {
  const std::size_t units = district.grids.size(), k = catalog.size();
  cube::Cube<double> out({horizon.bins, units, k}, 1.0);
  const auto steps = static_cast<std::size_t>(horizon.bin_length / time::kHour);
  for (const auto& drill : drills) {
    if (drill.new_category) continue;  // it adds a category, multiplies nothing
    const std::vector<char> cats = select_categories(drill, catalog);
    const std::vector<char> grids = drill_grid_mask(drill, district);
    for (std::size_t bin = 0; bin < horizon.bins; ++bin) {
      // Mean factor over the bin's hours, evaluated at each hour's midpoint.
      double factor = 0;
      for (std::size_t h = 0; h < steps; ++h)
        factor += drill_factor_at(drill, horizon.bin_start(bin) + time::Seconds(h) * time::kHour + time::kHour / 2);
      factor /= static_cast<double>(steps);
      if (factor == 1.0) continue;
      for (std::size_t g = 0; g < units; ++g)
        for (std::size_t c = 0; c < k; ++c)
          if (grids[g] && cats[c]) out.at(bin, g, c) *= factor;
    }
  }
  return out;
}

std::vector<double> drill_added_counts(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                       const catalog::CategoryCatalog& catalog, const time::TimeGrid& horizon,
                                       cube::View<const double> baseline) {
  const cube::Cube<double> with_all = drill_multipliers(drills, district, catalog, horizon);
  if (!(baseline.shape() == with_all.shape()))
    throw std::invalid_argument("drill_added_counts: the baseline's shape is not the horizon's x grids x categories");
  const cube::Shape& shape = with_all.shape();
  const std::size_t n = drills.size();
  std::vector<double> added(shape.units * n, 0.0);
  for (std::size_t d = 0; d < n; ++d) {
    std::vector<scenario::Drill> others = drills;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(d));
    const cube::Cube<double> without = drill_multipliers(others, district, catalog, horizon);
    const auto own = drills[d].new_category ? catalog.index_of(drills[d].new_category->id) : std::nullopt;
    for (std::size_t bin = 0; bin < shape.bins; ++bin)
      for (std::size_t g = 0; g < shape.units; ++g)
        for (std::size_t c = 0; c < shape.categories; ++c) {
          const double all = with_all.at(bin, g, c);
          added[g * n + d] += baseline.at(bin, g, c) * (own && c == *own ? all : all - without.at(bin, g, c));
        }
  }
  return added;
}

}  // namespace riskgrid::models
