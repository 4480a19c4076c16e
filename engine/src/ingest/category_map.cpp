#include "riskgrid/engine/ingest/category_map.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/text_util.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::ingest {

namespace {

std::uint16_t catalog_index(const catalog::CategoryCatalog& catalog, const std::string& id, const std::string& where) {
  const auto index = catalog.index_of(id);
  if (!index) {
    std::vector<std::string> ids;
    for (const auto& c : catalog.categories) ids.push_back(c.id);
    const std::string near = io::closest_match(id, ids);
    throw ScenarioError(fmt::format("{}: '{}' is not a category of the catalog{} (catalog ids: {})", where, id,
                                    io::did_you_mean(near), fmt::join(ids, ", ")));
  }
  return static_cast<std::uint16_t>(*index);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

CategoryMapper::CategoryMapper(const HistorySource& s, const catalog::CategoryCatalog& catalog) {
  if (catalog.size() > 65535) throw InputError("a catalog of more than 65535 categories");
  const std::string& where = s.categories_where.empty() ? s.where : s.categories_where;
  if (!s.category_fixed.empty()) fixed_ = catalog_index(catalog, s.category_fixed, where);
  if (!s.category_other.empty()) other_ = catalog_index(catalog, s.category_other, where);
  std::string key;
  for (const CategoryRule& rule : s.category_map) {
    const std::uint16_t index = catalog_index(catalog, rule.category, rule.where);
    for (const std::string& pattern : rule.patterns) {
      lower_into(trim(pattern), key);
      if (key.find('*') != std::string::npos) {
        patterns_.emplace_back(key, index);
        continue;
      }
      const auto [at, inserted] = exact_.emplace(key, index);
      if (!inserted && at->second != index)
        throw ScenarioError(fmt::format("{}: raw value '{}' is mapped to both '{}' and '{}'", rule.where, pattern,
                                        catalog.categories[at->second].id, rule.category));
    }
  }
  for (std::size_t i = 0; i < catalog.size(); ++i) {  // catalog ids map onto themselves
    lower_into(catalog.categories[i].id, key);
    exact_.emplace(key, static_cast<std::uint16_t>(i));
  }
}

std::optional<std::uint16_t> CategoryMapper::map(std::string_view raw, std::string& scratch) const {
  if (fixed_) return fixed_;
  lower_into(trim(raw), scratch);
  if (const auto it = exact_.find(scratch); it != exact_.end()) return it->second;
  for (const auto& [pattern, index] : patterns_)
    if (glob_match(pattern, scratch)) return index;
  return other_;
}

}  // namespace riskgrid::ingest
