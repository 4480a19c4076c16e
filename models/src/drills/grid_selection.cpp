#include "riskgrid/models/drills/grid_selection.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::models {
namespace {

namespace bg = boost::geometry;

/// ASCII letters lower-cased; other bytes (the UTF-8 of 曹杨) kept, so local names match as written.
std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

/// -1 false, 1 true, 0 neither: how planners write flags in attribute tables.
int truth_of(const std::string& text) {
  const std::string t = lower(text);
  if (t == "true" || t == "1" || t == "yes") return 1;
  if (t == "false" || t == "0" || t == "no" || t.empty()) return -1;
  return 0;
}

[[noreturn]] void fail(const std::string& where, const scenario::Drill& drill, const std::string& message) {
  throw ScenarioError(fmt::format("{}: drill '{}': {}", where, drill.name, message));
}

bool names(const spatial::Unit& u, const std::string& key) {
  return lower(u.id) == key || lower(u.name) == key || lower(u.name_local) == key;
}

/// Units (towns or grids) named by id, name or local name, in any case: a mask over `units`. A name
/// that is none of them gets the closest spelling among both kinds, and a name of the other kind
/// (a town under grids:) says where it belongs.
std::vector<char> units_named(const std::vector<std::string>& wanted, const std::vector<spatial::Unit>& units,
                              const std::vector<spatial::Unit>& others, const scenario::Drill& drill, const char* what,
                              const char* other) {
  std::vector<char> mask(units.size(), 0);
  std::vector<std::string> spellings, kinds;  // every id and name of both kinds, for the did-you-mean
  for (const auto* list : {&units, &others})
    for (const auto& u : *list)
      for (const std::string* s : {&u.id, &u.name, &u.name_local})
        if (!s->empty()) spellings.push_back(*s), kinds.push_back(list == &units ? what : other);
  std::vector<std::string> lowered(spellings.size());
  std::transform(spellings.begin(), spellings.end(), lowered.begin(), lower);
  for (const auto& w : wanted) {
    const std::string key = lower(w);
    bool found = false;
    for (std::size_t i = 0; i < units.size(); ++i)
      if (names(units[i], key)) mask[i] = 1, found = true;
    if (found) continue;
    if (const auto o = std::find_if(others.begin(), others.end(), [&](const auto& u) { return names(u, key); });
        o != others.end())
      fail(drill.where, drill,
           fmt::format("unknown {0} \"{1}\": \"{1}\" is a {2} (id {3}); list it under {2}s:", what, w, other, o->id));
    const std::string hint = io::closest_match(key, lowered);
    const auto at = static_cast<std::size_t>(std::find(lowered.begin(), lowered.end(), hint) - lowered.begin());
    const std::string suggestion =
        hint.empty()
            ? hint
            : (kinds[at] == what ? spellings[at] : fmt::format("{} '{}' (under {}s:)", other, spellings[at], other));
    fail(drill.where, drill,
         fmt::format("unknown {} \"{}\"{}", what, w,
                     hint.empty()        ? ""
                     : kinds[at] == what ? io::did_you_mean(suggestion)
                                         : fmt::format(" (did you mean {}?)", suggestion)));
  }
  return mask;
}

/// The grids listed or lying in a listed town; every grid when the drill lists neither.
std::vector<char> listed_grids(const scenario::Drill& drill, const spatial::District& district) {
  const std::size_t n = district.grids.size();
  if (drill.towns.empty() && drill.grids.empty()) return std::vector<char>(n, 1);
  std::vector<char> mask(n, 0);
  if (!drill.grids.empty()) mask = units_named(drill.grids, district.grids, district.towns, drill, "grid", "town");
  if (drill.towns.empty()) return mask;
  const std::vector<char> towns = units_named(drill.towns, district.towns, district.grids, drill, "town", "grid");
  for (std::size_t g = 0; g < n; ++g)
    for (std::size_t t = 0; t < towns.size(); ++t)
      if (towns[t] && district.grids[g].parent == district.towns[t].id) mask[g] = 1;
  return mask;
}

/// Throws unless some grid has the test's attribute, and for each value, some grid that value matches.
void check_attribute_test(const scenario::AttributeTest& test, const scenario::Drill& drill,
                          const spatial::District& district) {
  std::set<std::string> keys{"type"};
  std::vector<std::string> values;  // what the grids have under test.key
  for (const auto& g : district.grids) {
    for (const auto& [key, value] : g.attributes) keys.insert(key);
    if (const std::string v = grid_attribute(g, test.key); !v.empty()) values.push_back(v);
  }
  if (values.empty()) {
    const std::vector<std::string> known(keys.begin(), keys.end());
    fail(test.where, drill,
         fmt::format("where: no grid has the attribute \"{}\"{}; the grids have: {}", test.key,
                     io::did_you_mean(test.key, known), fmt::join(known, ", ")));
  }
  for (const auto& wanted : test.values) {
    if (std::any_of(district.grids.begin(), district.grids.end(),
                    [&](const spatial::Unit& g) { return attribute_matches(grid_attribute(g, test.key), wanted); }))
      continue;
    std::set<std::string> distinct;
    for (const auto& v : values) distinct.insert(lower(v));
    const std::vector<std::string> known(distinct.begin(), distinct.end());
    fail(test.where, drill,
         fmt::format("where: no grid has {} \"{}\"{}; the grids have: {}", test.key, wanted,
                     io::did_you_mean(lower(wanted), known), fmt::join(known, ", ")));
  }
}

bool passes(const spatial::Unit& grid, const scenario::AttributeTest& test) {
  const std::string text = grid_attribute(grid, test.key);
  return std::any_of(test.values.begin(), test.values.end(),
                     [&](const std::string& wanted) { return attribute_matches(text, wanted); });
}

std::string selection_text(const scenario::Drill& drill) {
  std::vector<std::string> parts;
  if (!drill.towns.empty()) parts.push_back(fmt::format("towns [{}]", fmt::join(drill.towns, ", ")));
  if (!drill.grids.empty()) parts.push_back(fmt::format("grids [{}]", fmt::join(drill.grids, ", ")));
  for (const auto& t : drill.attributes) parts.push_back(fmt::format("{}: {}", t.key, fmt::join(t.values, " or ")));
  if (drill.neighbours) parts.push_back("neighbours: true");
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string grid_attribute(const spatial::Unit& grid, const std::string& key) {
  if (key == "type") return grid.type;
  const auto at = grid.attributes.find(key);
  return at == grid.attributes.end() ? std::string() : at->second;
}

bool attribute_matches(const std::string& text, const std::string& wanted) {
  const int want = truth_of(wanted);
  if (want != 0 && truth_of(text) != 0) return want == truth_of(text);
  return !text.empty() && lower(text) == lower(wanted);
}

std::vector<std::vector<std::size_t>> touching_grids(const spatial::District& district, double tolerance_m) {
  const std::size_t n = district.grids.size();
  std::vector<geo::Box> boxes(n);
  for (std::size_t g = 0; g < n; ++g) bg::envelope(district.grids[g].shape, boxes[g]);
  const auto near_boxes = [&](const geo::Box& a, const geo::Box& b) {
    return a.min_corner().x() - tolerance_m <= b.max_corner().x() &&
           b.min_corner().x() - tolerance_m <= a.max_corner().x() &&
           a.min_corner().y() - tolerance_m <= b.max_corner().y() &&
           b.min_corner().y() - tolerance_m <= a.max_corner().y();
  };
  std::vector<std::vector<std::size_t>> out(n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b)
      if (near_boxes(boxes[a], boxes[b]) &&
          bg::distance(district.grids[a].shape, district.grids[b].shape) <= tolerance_m) {
        out[a].push_back(b);
        out[b].push_back(a);
      }
  return out;
}

std::vector<char> drill_grid_mask(const scenario::Drill& drill, const spatial::District& district) {
  std::vector<char> mask = listed_grids(drill, district);
  for (const auto& test : drill.attributes) {
    check_attribute_test(test, drill, district);
    for (std::size_t g = 0; g < mask.size(); ++g) mask[g] = mask[g] && passes(district.grids[g], test);
  }
  if (drill.neighbours) {
    // Shapes touch across shared borders; a small tolerance absorbs the rounding of partitioned edges.
    const auto touching = touching_grids(district);
    std::vector<char> around(mask.size(), 0);
    for (std::size_t g = 0; g < mask.size(); ++g)
      if (mask[g])
        for (std::size_t other : touching[g]) around[other] = !mask[other];
    mask = std::move(around);
  }
  if (std::find(mask.begin(), mask.end(), 1) == mask.end())
    fail(drill.where, drill, fmt::format("selects no grid ({})", selection_text(drill)));
  return mask;
}

}  // namespace riskgrid::models
