#include "riskgrid/models/drills/added_categories.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"

namespace riskgrid::models {
namespace {

/// Each grid's share of the drill's per_day: its population, area or one, over the drill's grids.
std::vector<double> spread_weights(const scenario::Drill& drill, const spatial::District& district) {
  const std::vector<char> mask = drill_grid_mask(drill, district);
  std::vector<double> w(mask.size(), 0.0);
  double total = 0;
  for (std::size_t g = 0; g < w.size(); ++g) {
    if (!mask[g]) continue;
    const auto& grid = district.grids[g];
    w[g] = drill.spread == scenario::Drill::Spread::population ? grid.population
           : drill.spread == scenario::Drill::Spread::area     ? grid.area_m2
                                                               : 1.0;
    total += w[g];
  }
  if (total <= 0)
    throw ScenarioError(fmt::format("{}: drill '{}': spread: its grids have no {} to spread per_day by", drill.where,
                                    drill.name, drill.spread == scenario::Drill::Spread::area ? "area" : "population"));
  for (double& x : w) x /= total;
  return w;
}

class AddedCategorySampler final : public ArrivalSampler {
 public:
  AddedCategorySampler(std::unique_ptr<ArrivalSampler> fitted, std::size_t fitted_categories, cube::Cube<double> means)
      : fitted_(std::move(fitted)), k0_(fitted_categories), means_(std::move(means)) {
    if (k0_ > means_.shape().categories)
      throw std::invalid_argument("added categories: more fitted categories than the run has");
  }

  void sample(const rng::ReplicaKey& key, cube::View<std::uint32_t> counts) const override {
    const cube::Shape& shape = means_.shape();
    if (counts.shape() != shape) throw std::invalid_argument("added categories: counts are not on the run's shape");
    // The fitted model writes its own layout; one buffer per thread, allocated on its first replica.
    thread_local std::vector<std::uint32_t> fitted_buffer;
    fitted_buffer.resize(shape.rows() * k0_);
    const cube::View<std::uint32_t> fitted_counts(shape.with_categories(k0_), fitted_buffer);
    fitted_->sample(key, fitted_counts);
    for (std::size_t row = 0; row < shape.rows(); ++row)
      std::copy_n(fitted_counts.row(row).begin(), k0_, counts.row(row).begin());
    for (std::size_t g = 0; g < shape.units; ++g) {
      for (std::size_t c = k0_; c < shape.categories; ++c) {
        rng::Stream stream = key.stream({rng::kArrivalAdded, std::uint32_t(g), std::uint32_t(c)});
        for (std::size_t b = 0; b < shape.bins; ++b) {
          const double mean = means_.at(b, g, c);
          counts.at(b, g, c) = mean > 0 ? rng::poisson(stream, mean) : 0;
        }
      }
    }
  }

 private:
  std::unique_ptr<ArrivalSampler> fitted_;
  std::size_t k0_;
  cube::Cube<double> means_;  ///< used for categories k0_.. only
};

}  // namespace

catalog::CategoryCatalog run_catalog(const catalog::CategoryCatalog& catalog, const std::string& catalog_file,
                                     const std::vector<scenario::Drill>& drills) {
  catalog::CategoryCatalog run = catalog;
  std::map<std::string, const scenario::Drill*> added;  // id -> the drill that added it
  for (const auto& drill : drills) {
    if (!drill.new_category) continue;
    const std::string& id = drill.new_category->id;
    if (catalog.index_of(id))
      throw ScenarioError(
          fmt::format("{}: drill '{}': new_category.id: \"{}\" is already a category of the catalog {}; "
                      "to change its rate use a drill with categories: [{}] and a factor",
                      drill.new_category_where, drill.name, id, catalog_file, id));
    if (const auto at = added.find(id); at != added.end())
      throw ScenarioError(fmt::format("{}: drill '{}': new_category.id: \"{}\" is already added by drill '{}' at {}",
                                      drill.new_category_where, drill.name, id, at->second->name,
                                      at->second->new_category_where));
    added.emplace(id, &drill);
    run.categories.push_back(*drill.new_category);
  }
  return run;
}

cube::Cube<double> added_category_means(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                        const catalog::CategoryCatalog& run, const time::TimeGrid& horizon) {
  const std::size_t grids = district.grids.size();
  cube::Cube<double> means({horizon.bins, grids, run.size()}, 0.0);
  const auto steps = static_cast<std::size_t>(horizon.bin_length / time::kHour);
  const double bin_days = static_cast<double>(horizon.bin_length) / time::kDay;
  for (const auto& drill : drills) {
    if (!drill.new_category) continue;
    const auto c = run.index_of(drill.new_category->id);
    if (!c) throw std::invalid_argument("added_category_means: the run catalog lacks " + drill.new_category->id);
    const std::vector<double> share = spread_weights(drill, district);
    for (std::size_t bin = 0; bin < horizon.bins; ++bin) {
      double strength = 0;  // mean over the bin's hours, at each hour's midpoint (as drill_multipliers)
      for (std::size_t h = 0; h < steps; ++h)
        strength += drill_strength_at(drill, horizon.bin_start(bin) + time::Seconds(h) * time::kHour + time::kHour / 2);
      strength /= static_cast<double>(steps);
      for (std::size_t g = 0; g < grids; ++g) means.at(bin, g, *c) += drill.per_day * bin_days * strength * share[g];
    }
  }
  return means;
}

std::unique_ptr<ArrivalSampler> with_added_categories(std::unique_ptr<ArrivalSampler> fitted,
                                                      std::size_t fitted_categories, cube::Cube<double> means) {
  return std::make_unique<AddedCategorySampler>(std::move(fitted), fitted_categories, std::move(means));
}

}  // namespace riskgrid::models
