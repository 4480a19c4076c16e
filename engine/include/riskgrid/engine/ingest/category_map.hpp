#pragma once
// Raw category values (a city's offense or complaint types) onto catalog indices, as the district's
// `history.categories` says: exact values first, then `*` patterns in the order written, then the
// catalog's own ids, then the catch-all `other`. Case-insensitive; surrounding spaces ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"

namespace riskgrid::ingest {

class CategoryMapper {
 public:
  /// Throws ScenarioError naming the district file when a mapped catalog id does not exist or one
  /// raw value is mapped to two ids.
  CategoryMapper(const HistorySource& source, const catalog::CategoryCatalog& catalog);

  /// The catalog index for `raw`, or nullopt (unknown category). `scratch` is reused storage.
  std::optional<std::uint16_t> map(std::string_view raw, std::string& scratch) const;

 private:
  std::unordered_map<std::string, std::uint16_t> exact_;
  std::vector<std::pair<std::string, std::uint16_t>> patterns_;
  std::optional<std::uint16_t> other_;
  std::optional<std::uint16_t> fixed_;
};

/// `text` matches `pattern`, where `*` matches any run of characters (both already lower case).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace riskgrid::ingest
