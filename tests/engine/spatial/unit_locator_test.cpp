// The point -> unit index: borders, vertices, holes and MultiPolygons on hand-made shapes, then the
// committed Putuo grids against Boost.Geometry's covered_by (random points, every vertex, edge
// midpoints) and from several threads at once.
#include "riskgrid/engine/spatial/unit_locator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <thread>
#include <vector>

#include "riskgrid/engine/spatial/district_io.hpp"

namespace riskgrid::spatial {
namespace {

namespace bg = geo::bg;

const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo/";

geo::Polygon rect(double x0, double y0, double x1, double y1) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  bg::correct(p);
  return p;
}

Unit unit(const std::string& id, geo::MultiPolygon shape) {
  Unit u;
  u.id = id;
  u.shape = std::move(shape);
  bg::correct(u.shape);
  update_derived(u);
  return u;
}

// A deterministic stream of doubles in [0, 1) (splitmix64): the test needs reproducible points, not
// statistical quality.
struct Points {
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  double next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
};

// The reference answer: the lowest index whose closed shape covers the point.
std::optional<std::uint32_t> brute_force(const std::vector<Unit>& units, const geo::Point& p) {
  for (std::uint32_t i = 0; i < units.size(); ++i)
    if (bg::covered_by(p, units[i].shape)) return i;
  return std::nullopt;
}

TEST(UnitLocator, SharedBorderGoesToTheLowerIndexWhicheverOrder) {
  const Unit west = unit("w", {rect(0, 0, 100, 100)});
  const Unit east = unit("e", {rect(100, 0, 200, 100)});
  const UnitLocator we(std::vector<Unit>{west, east});
  const UnitLocator ew(std::vector<Unit>{east, west});
  for (double y : {0.0, 0.1, 37.25, 50.0, 99.9, 100.0}) {
    EXPECT_EQ(we.locate({100, y}), 0u) << y;
    EXPECT_EQ(ew.locate({100, y}), 0u) << y;
  }
  EXPECT_EQ(we.locate({99.999, 50}), 0u);
  EXPECT_EQ(we.locate({100.001, 50}), 1u);
  EXPECT_EQ(ew.locate({99.999, 50}), 1u);
  EXPECT_EQ(ew.locate({100.001, 50}), 0u);
}

TEST(UnitLocator, SlantedSharedBorderLeavesNoGapAndNoOverlap) {
  // Two triangles sharing the diagonal of a square whose slope does not round to a nice number.
  geo::Polygon lower, upper;
  lower.outer() = {{0, 0}, {300, 0}, {300, 70.3}, {0, 0}};
  upper.outer() = {{0, 0}, {300, 70.3}, {0, 70.3}, {0, 0}};
  const std::vector<Unit> units{unit("lo", {lower}), unit("up", {upper})};
  const UnitLocator index(units);
  Points random;
  for (int k = 0; k < 2000; ++k) {
    const double x = 300 * random.next();
    const double y = x * (70.3 / 300);  // on (or within rounding of) the diagonal
    const auto found = index.locate({x, y});
    ASSERT_TRUE(found.has_value()) << x << " " << y;
  }
  EXPECT_EQ(index.locate({150, 150 * 70.3 / 300 - 1e-3}), 0u);
  EXPECT_EQ(index.locate({150, 150 * 70.3 / 300 + 1e-3}), 1u);
}

TEST(UnitLocator, VertexSharedByFourUnitsGoesToTheFirst) {
  const std::vector<Unit> units{unit("ne", {rect(10, 10, 20, 20)}), unit("sw", {rect(0, 0, 10, 10)}),
                                unit("nw", {rect(0, 10, 10, 20)}), unit("se", {rect(10, 0, 20, 10)})};
  const UnitLocator index(units);
  EXPECT_EQ(index.locate({10, 10}), 0u);
  EXPECT_EQ(index.locate({5, 5}), 1u);
  EXPECT_EQ(index.locate({5, 15}), 2u);
  EXPECT_EQ(index.locate({15, 5}), 3u);
  EXPECT_EQ(index.locate({10, 5}), 1u);  // border sw | se
  EXPECT_EQ(index.locate({0, 0}), 1u);   // outer corner
  EXPECT_EQ(index.locate({20, 20}), 0u);
}

TEST(UnitLocator, HolesAreRespectedAndTheirBorderIsClosed) {
  geo::Polygon ring = rect(0, 0, 100, 100);
  ring.inners().push_back(rect(40, 40, 60, 60).outer());
  const Unit donut = unit("donut", {ring});
  const Unit island = unit("island", {rect(40, 40, 60, 60)});
  const UnitLocator only_donut(std::vector<Unit>{donut});
  EXPECT_EQ(only_donut.locate({50, 50}), std::nullopt);
  EXPECT_EQ(only_donut.locate({40, 50}), 0u);  // the hole's border belongs to the closed shape
  EXPECT_EQ(only_donut.locate({20, 50}), 0u);
  const UnitLocator both(std::vector<Unit>{donut, island});
  EXPECT_EQ(both.locate({50, 50}), 1u);
  EXPECT_EQ(both.locate({60, 60}), 0u);
  EXPECT_EQ(both.locate({59.9, 59.9}), 1u);
  const UnitLocator island_first(std::vector<Unit>{island, donut});
  EXPECT_EQ(island_first.locate({60, 50}), 0u);
  EXPECT_EQ(island_first.locate({60.1, 50}), 1u);
}

TEST(UnitLocator, MultiPolygonPartsAllBelongToTheUnit) {
  const Unit split = unit("split", {rect(0, 0, 10, 10), rect(1000, 1000, 1010, 1010)});
  const Unit middle = unit("middle", {rect(400, 400, 600, 600)});
  const UnitLocator index(std::vector<Unit>{split, middle});
  EXPECT_EQ(index.locate({5, 5}), 0u);
  EXPECT_EQ(index.locate({1005, 1005}), 0u);
  EXPECT_EQ(index.locate({500, 500}), 1u);
  EXPECT_EQ(index.locate({500, 10}), std::nullopt);  // inside the box of the units, in no unit
}

TEST(UnitLocator, PointsOutsideOrNotFiniteAreNotLocated) {
  const UnitLocator index(std::vector<Unit>{unit("a", {rect(0, 0, 10, 10)})});
  EXPECT_EQ(index.locate({-0.001, 5}), std::nullopt);
  EXPECT_EQ(index.locate({5, 10.001}), std::nullopt);
  EXPECT_EQ(index.locate({1e300, 5}), std::nullopt);
  EXPECT_EQ(index.locate({std::numeric_limits<double>::quiet_NaN(), 5}), std::nullopt);
  EXPECT_EQ(index.locate({5, std::numeric_limits<double>::infinity()}), std::nullopt);
  const UnitLocator empty(std::vector<Unit>{});
  EXPECT_EQ(empty.locate({0, 0}), std::nullopt);
}

class UnitLocatorPutuo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    district_ = new District(spatial::load_district(kPutuo + "putuo_outline.json", kPutuo + "towns.geojson",
                                                    kPutuo + "grids.geojson", "putuo"));
  }
  static void TearDownTestSuite() { delete district_; }
  static const District& district() { return *district_; }
  static District* district_;
};
District* UnitLocatorPutuo::district_ = nullptr;

TEST_F(UnitLocatorPutuo, RandomPointsAgreeWithCoveredBy) {
  const UnitLocator index(district());
  geo::Box box;
  bg::envelope(district().outline, box);
  const double w = box.max_corner().x() - box.min_corner().x();
  const double h = box.max_corner().y() - box.min_corner().y();
  Points random;
  int inside = 0;
  for (int k = 0; k < 20000; ++k) {
    const geo::Point p(box.min_corner().x() - 100 + (w + 200) * random.next(),
                       box.min_corner().y() - 100 + (h + 200) * random.next());
    const auto expected = brute_force(district().grids, p);
    ASSERT_EQ(index.locate(p), expected) << bg::wkt(p);
    inside += expected.has_value();
  }
  EXPECT_GT(inside, 5000);  // the sample does reach the grids
  EXPECT_GT(index.stats().mixed_buckets, 0u);
}

// Every vertex of every grid is on at least one border: it must be found, in a unit that covers it,
// and never in a later unit than one it is a vertex of.
TEST_F(UnitLocatorPutuo, VerticesAreFoundInTheFirstUnitHavingThem) {
  const auto& grids = district().grids;
  const UnitLocator index(district());
  for (std::uint32_t g = 0; g < grids.size(); ++g) {
    for (const geo::Polygon& polygon : grids[g].shape) {
      for (const geo::Point& vertex : polygon.outer()) {
        const auto found = index.locate(vertex);
        ASSERT_TRUE(found.has_value()) << grids[g].id << " " << bg::wkt(vertex);
        EXPECT_LE(*found, g);
        EXPECT_TRUE(bg::covered_by(vertex, grids[*found].shape));
      }
    }
  }
}

// The midpoint of an edge two grids share is computed with rounding, so it may lie a few 1e-12 m to
// either side: it must fall in one of the two (no gap along shared borders), and where the index and
// Boost's exact predicates disagree the point must be within a micrometre of both answers.
TEST_F(UnitLocatorPutuo, SharedEdgeMidpointsFallInOneOfTheirUnits) {
  const auto& grids = district().grids;
  const UnitLocator index(district());
  std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, int> seen;
  auto key = [](geo::Point a, geo::Point b) {
    std::pair<double, double> pa{a.x(), a.y()}, pb{b.x(), b.y()};
    return pa < pb ? std::pair{pa, pb} : std::pair{pb, pa};
  };
  for (const Unit& grid : grids)
    for (const geo::Polygon& polygon : grid.shape)
      for (std::size_t k = 0; k + 1 < polygon.outer().size(); ++k)
        ++seen[key(polygon.outer()[k], polygon.outer()[k + 1])];
  int shared = 0;
  for (const auto& [edge, count] : seen) {
    if (count < 2) continue;
    ++shared;
    const geo::Point mid((edge.first.first + edge.second.first) / 2, (edge.first.second + edge.second.second) / 2);
    const auto found = index.locate(mid);
    ASSERT_TRUE(found.has_value()) << bg::wkt(mid);
    const auto exact = brute_force(grids, mid);
    if (found != exact) {
      EXPECT_LT(bg::distance(mid, grids[*found].shape), 1e-6);
      if (exact) {
        EXPECT_LT(bg::distance(mid, bg::exterior_ring(grids[*exact].shape[0])), 1e-6);
      }
    }
  }
  EXPECT_GT(shared, 50);  // 63 in the committed grids
}

TEST_F(UnitLocatorPutuo, ConcurrentQueriesGiveTheSequentialAnswers) {
  const UnitLocator index(district());
  geo::Box box;
  bg::envelope(district().outline, box);
  std::vector<geo::Point> points;
  Points random;
  for (int k = 0; k < 40000; ++k)
    points.emplace_back(box.min_corner().x() + (box.max_corner().x() - box.min_corner().x()) * random.next(),
                        box.min_corner().y() + (box.max_corner().y() - box.min_corner().y()) * random.next());
  std::vector<std::optional<std::uint32_t>> sequential;
  for (const auto& p : points) sequential.push_back(index.locate(p));
  std::vector<std::vector<std::optional<std::uint32_t>>> parallel(4);
  std::vector<std::thread> threads;
  for (auto& answers : parallel)
    threads.emplace_back([&] {
      for (const auto& p : points) answers.push_back(index.locate(p));
    });
  for (auto& t : threads) t.join();
  for (const auto& answers : parallel) EXPECT_EQ(answers, sequential);
}

}  // namespace
}  // namespace riskgrid::spatial
