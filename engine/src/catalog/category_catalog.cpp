#include "riskgrid/engine/catalog/category_catalog.hpp"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::catalog {

std::optional<std::size_t> CategoryCatalog::index_of(const std::string& id) const {
  for (std::size_t i = 0; i < categories.size(); ++i)
    if (categories[i].id == id) return i;
  return std::nullopt;
}

Category read_category(const io::Fields& f, bool with_share) {
  Category c;
  c.id = f.text("id");
  c.name = f.text_or("name", c.id);
  c.name_local = f.text_or("name_local", "");
  if (with_share) c.share = f.positive("share");
  c.handling_median_hours = f.positive_or("handling_median_hours", c.handling_median_hours);
  c.handling_sigma = f.positive_or("handling_sigma", c.handling_sigma);
  c.time_limit_hours = f.positive_or("time_limit_hours", c.time_limit_hours);
  c.urgent_limit_hours = f.has("urgent_limit_hours") ? f.positive("urgent_limit_hours") : 0.0;
  c.department = f.text_or("department", "");
  c.weight = f.number_or("weight", 1.0);
  if (c.weight < 0) f.fail("weight", "a weight >= 0");
  c.life_safety = f.flag_or("life_safety", false);
  f.reject_unknown();
  return c;
}

CategoryCatalog load_catalog(const std::string& path) {
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields top(root, path, "");
  const YAML::Node list = top.required_node("categories");
  if (!list.IsSequence() || list.size() == 0) top.fail("categories", "a non-empty list of categories");
  top.reject_unknown();

  CategoryCatalog catalog;
  std::set<std::string> seen;
  double share_sum = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const io::Fields f(list[i], path, fmt::format("categories[{}]", i));
    Category c = read_category(f, true);
    if (!seen.insert(c.id).second) f.fail_at(list[i]["id"], "id", fmt::format("duplicate id \"{}\"", c.id));
    share_sum += c.share;
    catalog.categories.push_back(std::move(c));
  }
  if (std::fabs(share_sum - 1.0) > 0.01)
    throw InputError(fmt::format("{}: categories: shares add up to {:.3f}, expected 1 (within 0.01)", path, share_sum));
  return catalog;
}

}  // namespace riskgrid::catalog
