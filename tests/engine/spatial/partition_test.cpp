// The partition algorithm on a synthetic square, and the committed default district
// (scenarios/putuo/{towns,grids}.geojson) against towns.yaml and a fresh run of the partition.
#include "riskgrid/engine/spatial/partition.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>

#include "default_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "towns_spec.hpp"

namespace riskgrid::spatial {
namespace {

namespace bg = geo::bg;
namespace fs = std::filesystem;

const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo/";

geo::MultiPolygon square(double side) {
  geo::Polygon p;
  p.outer() = {{0, 0}, {side, 0}, {side, side}, {0, side}, {0, 0}};
  return {p};
}

std::vector<RegionSpec> two_regions() {
  RegionSpec a{"a", 0.3, geo::Point(250, 500), 2, 1000, 7};
  RegionSpec b{"b", 0.7, geo::Point(600, 450), 3, 2001, 10};
  return {a, b};
}

TEST(Partition, PowerDiagramMatchesAreaSharesOnASquare) {
  const geo::MultiPolygon outline = square(1000);
  const Partition p = partition_outline(outline, two_regions(), PartitionOptions{});
  ASSERT_EQ(p.regions.size(), 2u);
  EXPECT_NEAR(bg::area(p.regions[0].shape), 0.3e6, 0.02 * 0.3e6);
  EXPECT_NEAR(bg::area(p.regions[1].shape), 0.7e6, 0.02 * 0.7e6);
  EXPECT_LT(p.max_area_error, 0.02);
}

TEST(Partition, SubUnitsTileTheirRegionAndSplitTotalsExactly) {
  const Partition p = partition_outline(square(1000), two_regions(), PartitionOptions{});
  const auto specs = two_regions();
  for (std::size_t r = 0; r < p.regions.size(); ++r) {
    const RegionCell& region = p.regions[r];
    ASSERT_EQ(region.sub_units.size(), static_cast<std::size_t>(specs[r].sub_units));
    double area = 0, people = 0;
    int quota = 0;
    for (const SubUnitCell& cell : region.sub_units) {
      EXPECT_GT(bg::area(cell.shape), 0);
      EXPECT_GT(cell.density_mass, 0);
      area += bg::area(cell.shape);
      people += cell.population;
      quota += cell.quota;
    }
    EXPECT_NEAR(area, bg::area(region.shape), 1e-6 * area);
    EXPECT_EQ(people, specs[r].population);
    EXPECT_EQ(quota, specs[r].quota);
  }
}

TEST(Partition, SameInputsGiveIdenticalShapes) {
  PartitionOptions options;
  options.density = RadialDensity{geo::Point(900, 900), 4.0, 300.0};
  const Partition first = partition_outline(square(1000), two_regions(), options);
  const Partition second = partition_outline(square(1000), two_regions(), options);
  for (std::size_t r = 0; r < first.regions.size(); ++r) {
    EXPECT_TRUE(bg::equals(first.regions[r].shape, second.regions[r].shape));
    EXPECT_EQ(bg::area(first.regions[r].shape), bg::area(second.regions[r].shape));
    for (std::size_t c = 0; c < first.regions[r].sub_units.size(); ++c) {
      EXPECT_EQ(bg::area(first.regions[r].sub_units[c].shape), bg::area(second.regions[r].sub_units[c].shape));
    }
  }
}

TEST(Partition, DenserSubUnitsAreSmaller) {
  PartitionOptions options;
  options.density = RadialDensity{geo::Point(0, 0), 8.0, 300.0};
  std::vector<RegionSpec> one{RegionSpec{"all", 1.0, geo::Point(500, 500), 4, 1000, 10}};
  const Partition p = partition_outline(square(1000), one, options);
  double near_core = 1e18, far_from_core = 0;
  for (const SubUnitCell& cell : p.regions[0].sub_units) {
    const double d = std::hypot(cell.seed.x(), cell.seed.y());
    if (d < 500) near_core = std::min(near_core, bg::area(cell.shape));
    if (d > 900) far_from_core = std::max(far_from_core, bg::area(cell.shape));
  }
  EXPECT_LT(near_core, far_from_core);
}

TEST(Partition, RejectsASeedOutsideTheOutline) {
  auto regions = two_regions();
  regions[1].seed = geo::Point(1500, 500);
  try {
    partition_outline(square(1000), regions, PartitionOptions{});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("region 'b'"), std::string::npos) << e.what();
  }
}

TEST(Partition, RejectsMoreSubUnitsThanLatticePoints) {
  auto regions = two_regions();
  regions[0].sub_units = 1000;
  EXPECT_THROW(partition_outline(square(1000), regions, PartitionOptions{}), InputError);
}

TEST(LargestRemainder, SumsExactlyAndBreaksTiesTowardsLowerIndex) {
  EXPECT_EQ(largest_remainder(10, {1, 1, 1}), (std::vector<long long>{4, 3, 3}));
  EXPECT_EQ(largest_remainder(7, {0, 0}), (std::vector<long long>{4, 3}));
  const auto parts = largest_remainder(1811, {0.13, 0.098, 0.107, 0.11, 0.112});
  EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0LL), 1811);
}

// The committed default district.

spatial::District committed() {
  return spatial::load_district(kPutuo + "putuo_outline.json", kPutuo + "towns.geojson", kPutuo + "grids.geojson",
                                "Putuo District");
}

TEST(DefaultDistrict, CommittedFilesHold45GridsIn10Towns) {
  const District d = committed();
  EXPECT_EQ(d.towns.size(), 10u);
  EXPECT_EQ(d.grids.size(), 45u);
  for (const Unit& grid : d.grids) EXPECT_TRUE(d.town_index(grid.parent).has_value()) << grid.id;
}

TEST(DefaultDistrict, GridsLieInsideTheOutlineAndTileIt) {
  const District d = committed();
  double total = 0;
  for (const Unit& grid : d.grids) {
    geo::MultiPolygon inside;
    bg::intersection(grid.shape, d.outline, inside);
    EXPECT_GT(grid.area_m2, 0) << grid.id;
    EXPECT_EQ(grid.shape.size(), 1u) << grid.id << " is not one connected polygon";
    std::string why;
    EXPECT_TRUE(bg::is_valid(grid.shape, why)) << grid.id << ": " << why;
    EXPECT_GT(bg::area(inside) / grid.area_m2, 0.999) << grid.id;
    total += grid.area_m2;
  }
  EXPECT_NEAR(total, bg::area(d.outline), 0.005 * bg::area(d.outline));
  for (const Unit& town : d.towns) {
    EXPECT_EQ(town.shape.size(), 1u) << town.id << " is not one connected polygon";
    EXPECT_TRUE(bg::is_valid(town.shape)) << town.id;
  }
}

TEST(DefaultDistrict, TownFiguresMatchTownsYaml) {
  const District d = committed();
  const app::TownsSpec spec = app::load_towns_spec(kPutuo + "towns.yaml");
  ASSERT_EQ(spec.towns.size(), d.towns.size());
  int all_staff = 0;
  for (const app::TownSpec& town : spec.towns) {
    const auto t = d.town_index(town.id);
    ASSERT_TRUE(t.has_value()) << town.id;
    EXPECT_EQ(d.towns[*t].staff, town.staff);
    EXPECT_EQ(d.towns[*t].population, town.population);
    int grids = 0, staff = 0;
    double population = 0;
    for (const Unit& grid : d.grids) {
      if (grid.parent != town.id) continue;
      ++grids;
      staff += grid.staff;
      population += grid.population;
    }
    EXPECT_EQ(grids, town.grids) << town.id;
    EXPECT_EQ(staff, town.staff) << town.id;
    EXPECT_EQ(population, town.population) << town.id;
    all_staff += staff;
  }
  EXPECT_EQ(all_staff, 1811);
}

// A fresh run, written and read back the same way (coordinates rounded to 6 decimals), must give
// the committed file: otherwise the files are stale or the algorithm is not deterministic.
TEST(DefaultDistrict, RerunReproducesTheCommittedFiles) {
  const app::TownsSpec spec = app::load_towns_spec(kPutuo + "towns.yaml");
  const app::DefaultDistrict fresh = app::build_default_district(kPutuo + "putuo_outline.json", spec);
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_partition_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  spatial::write_units((dir / "towns.geojson").string(), fresh.district.towns, fresh.district.projection, spec.note);
  spatial::write_units((dir / "grids.geojson").string(), fresh.district.grids, fresh.district.projection, spec.note);
  const District rerun = spatial::load_district(kPutuo + "putuo_outline.json", (dir / "towns.geojson").string(),
                                                (dir / "grids.geojson").string(), "Putuo District");
  fs::remove_all(dir);
  const District d = committed();
  auto same = [](const std::vector<Unit>& a, const std::vector<Unit>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].id, b[k].id);
      EXPECT_EQ(a[k].parent, b[k].parent) << a[k].id;
      EXPECT_EQ(a[k].type, b[k].type) << a[k].id;
      EXPECT_EQ(a[k].attributes, b[k].attributes) << a[k].id;
      EXPECT_EQ(a[k].population, b[k].population) << a[k].id;
      EXPECT_EQ(a[k].staff, b[k].staff) << a[k].id;
      EXPECT_NEAR(a[k].area_m2, b[k].area_m2, 1e-6 * b[k].area_m2) << a[k].id;
    }
  };
  same(rerun.towns, d.towns);
  same(rerun.grids, d.grids);
  EXPECT_LT(fresh.max_area_error, 1e-5);
}

}  // namespace
}  // namespace riskgrid::spatial
