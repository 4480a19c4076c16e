#pragma once
// The incident categories of a district: shares, handling times, time limits, departments and the
// consequence weights the risk index uses. Pure data, loaded from YAML (e.g. scenarios/putuo/categories.yaml).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace riskgrid::io {
class Fields;
}

namespace riskgrid::catalog {

struct Category {
  std::string id;          ///< e.g. "property"
  std::string name;        ///< English label
  std::string name_local;  ///< label in the district's language (may be empty)
  double share = 0;        ///< expected fraction of all incidents
  double handling_median_hours = 24;
  double handling_sigma = 0.9;    ///< log-normal sigma of handling time
  double time_limit_hours = 40;   ///< limit in working hours
  double urgent_limit_hours = 0;  ///< limit for urgent cases (0 = none)
  std::string department;
  double weight = 1;  ///< consequence weight in the risk index
  bool life_safety = false;
  std::string added_by{};  ///< the drill that added it to a run (`new_category:`); empty: the catalog's own
};

struct CategoryCatalog {
  std::vector<Category> categories;

  std::size_t size() const { return categories.size(); }
  std::optional<std::size_t> index_of(const std::string& id) const;
};

/// One category from a mapping (the catalog's keys); `with_share`: `share` is required, else refused
/// (a drill's new_category has no share of the historical total). Throws ScenarioError at file:line.
Category read_category(const io::Fields& f, bool with_share);

/// Loads and validates a catalog; errors name file:line:column, the key and what was expected.
CategoryCatalog load_catalog(const std::string& path);

}  // namespace riskgrid::catalog
