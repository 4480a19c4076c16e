// The heat-map renderer: a hand-built 2 x 2 km district, drawn and read back pixel by pixel.
#include "riskgrid/engine/render/heatmap.hpp"

#include <cairo.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render {
namespace {
namespace fs = std::filesystem;

geo::Polygon square(double x0, double y0, double side) {
  geo::Polygon p;
  // Counter-clockwise outer ring, closed, as geometry.hpp asks.
  p.outer() = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  return p;
}

spatial::Unit unit(std::string id, std::string name, std::string parent, geo::MultiPolygon shape) {
  spatial::Unit u;
  u.id = std::move(id);
  u.name = std::move(name);
  u.parent = std::move(parent);
  u.shape = std::move(shape);
  // Filled by hand because the renderer must not depend on spatial::update_derived.
  u.area_m2 = geo::bg::area(u.shape);
  geo::bg::centroid(u.shape, u.centroid);
  return u;
}

// Grids g0 (south-west), g1 (south-east), g2 (north-west), g3 (north-east), 1 km each; town west
// holds g0 and g2, town east g1 and g3.
spatial::District two_by_two() {
  spatial::District d;
  d.name = "test";
  d.outline = {square(0, 0, 2000)};
  const double xs[] = {0, 1000, 0, 1000};
  const double ys[] = {0, 0, 1000, 1000};
  for (int g = 0; g < 4; ++g) {
    d.grids.push_back(unit("g" + std::to_string(g), "grid " + std::to_string(g), g % 2 == 0 ? "west" : "east",
                           {square(xs[g], ys[g], 1000)}));
  }
  geo::Polygon west;
  west.outer() = {{0, 0}, {1000, 0}, {1000, 2000}, {0, 2000}, {0, 0}};
  geo::Polygon east;
  east.outer() = {{1000, 0}, {2000, 0}, {2000, 2000}, {1000, 2000}, {1000, 0}};
  d.towns.push_back(unit("west", "西镇 West", "", {west}));
  d.towns.push_back(unit("east", "东镇 East", "", {east}));
  return d;
}

std::vector<results::LevelBand> four_levels() {
  return {{"blue", "Blue (low) 蓝", 0x2c7bb6},
          {"yellow", "Yellow 黄", 0xffd92f},
          {"orange", "Orange 橙", 0xf28e2b},
          {"red", "Red (major) 红", 0xd7191c}};
}

HeatmapSpec spec() {
  HeatmapSpec s;
  s.title = "Risk heat map — test district";
  s.subtitle = "Mean work orders per grid, next 7 days";
  s.footnote = "Internal borders are synthetic";
  s.width_px = 1000;
  s.height_px = 750;
  return s;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Image = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

Image read_png(const std::string& path) { return Image(cairo_image_surface_create_from_png(path.c_str())); }

std::uint32_t rgb_at(cairo_surface_t* image, int x, int y) {
  const unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  // ARGB32 in native byte order; the page is opaque, so premultiplication changes nothing.
  const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
  return row[x] & 0xffffffu;
}

bool close_to(std::uint32_t a, std::uint32_t b, int tolerance = 3) {
  for (int shift : {0, 8, 16}) {
    const int ca = static_cast<int>((a >> shift) & 0xffu);
    const int cb = static_cast<int>((b >> shift) & 0xffu);
    if (std::abs(ca - cb) > tolerance) return false;
  }
  return true;
}

class HeatmapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("riskgrid_heatmap_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  spatial::District district_ = two_by_two();
  std::vector<std::int8_t> level_{0, 1, 2, 3};
  std::vector<double> value_{3.25, 42, 1234, 56789};
  std::vector<results::LevelBand> levels_ = four_levels();
};

TEST_F(HeatmapTest, WritesPngOfRequestedSize) {
  const std::string out = path("map.png");
  write_level_map_png(out, district_, level_, value_, levels_, spec());
  const Image image = read_png(out);
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(image.get()), spec().width_px);
  EXPECT_EQ(cairo_image_surface_get_height(image.get()), spec().height_px);
  // Nothing half-written: only the target is left in the directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(HeatmapTest, FillsEachGridWithItsLevelColour) {
  HeatmapSpec portrait = spec();  // puts the panel below the map: the other layout
  portrait.width_px = 750;
  portrait.height_px = 1000;
  for (const HeatmapSpec& page : {spec(), portrait}) {
    const std::string out = path("map.png");
    write_level_map_png(out, district_, level_, value_, levels_, page);
    const Image image = read_png(out);
    ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
    const MapTransform t = map_transform(district_, page);
    for (std::size_t g = 0; g < district_.grids.size(); ++g) {
      // Halfway from the centroid to the grid's south-west corner: clear of the value label at
      // the centroid and of the town name on the town's centre line.
      const geo::Point c = district_.grids[g].centroid;
      const geo::Point px = t.to_pixel({c.x() - 250, c.y() - 250});
      const std::uint32_t got = rgb_at(image.get(), static_cast<int>(px.x()), static_cast<int>(px.y()));
      EXPECT_TRUE(close_to(got, levels_[static_cast<std::size_t>(level_[g])].rgb))
          << page.width_px << "x" << page.height_px << " grid " << g << " at pixel " << px.x() << "," << px.y()
          << " is " << std::hex << got;
    }
  }
}

TEST_F(HeatmapTest, LegendShowsEveryLevelColour) {
  const std::string out = path("map.png");
  // All grids blue, so the other colours can only come from the legend.
  const std::vector<std::int8_t> all_blue(4, 0);
  write_level_map_png(out, district_, all_blue, value_, levels_, spec());
  const Image image = read_png(out);
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  const PixelRect panel = page_layout(district_, spec()).panel;
  for (const auto& band : levels_) {
    bool found = false;
    for (int y = static_cast<int>(panel.y); y < static_cast<int>(panel.bottom()) && !found; ++y) {
      for (int x = static_cast<int>(panel.x); x < static_cast<int>(panel.right()) && !found; ++x) {
        found = rgb_at(image.get(), x, y) == band.rgb;
      }
    }
    EXPECT_TRUE(found) << band.name << " is missing from the legend";
  }
}

TEST_F(HeatmapTest, LeavesHolesUnfilled) {
  spatial::District d;
  d.outline = {square(0, 0, 3000)};
  geo::Polygon ring = square(0, 0, 3000);
  geo::Ring hole{{1000, 1000}, {1000, 2000}, {2000, 2000}, {2000, 1000}, {1000, 1000}};
  ring.inners().push_back(hole);
  d.grids.push_back(unit("g0", "ring", "", {ring}));
  const std::string out = path("hole.png");
  write_level_map_png(out, d, std::vector<std::int8_t>{3}, std::vector<double>{1}, levels_, spec());
  const Image image = read_png(out);
  const MapTransform t = map_transform(d, spec());
  const geo::Point in_hole = t.to_pixel({1500, 1200});
  const geo::Point in_ring = t.to_pixel({500, 500});
  EXPECT_FALSE(
      close_to(rgb_at(image.get(), static_cast<int>(in_hole.x()), static_cast<int>(in_hole.y())), levels_[3].rgb, 40));
  EXPECT_TRUE(
      close_to(rgb_at(image.get(), static_cast<int>(in_ring.x()), static_cast<int>(in_ring.y())), levels_[3].rgb));
}

TEST_F(HeatmapTest, RejectsInputsOfTheWrongSize) {
  const std::string out = path("bad.png");
  const std::vector<std::int8_t> three_levels{0, 1, 2};
  const std::vector<double> five_values{1, 2, 3, 4, 5};
  EXPECT_THROW(write_level_map_png(out, district_, three_levels, value_, levels_, spec()), std::invalid_argument);
  EXPECT_THROW(write_level_map_png(out, district_, level_, five_values, levels_, spec()), std::invalid_argument);
  EXPECT_THROW(write_level_map_png(out, district_, level_, value_, {}, spec()), std::invalid_argument);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(HeatmapTest, RejectsLevelsOutOfRange) {
  const std::string out = path("bad.png");
  for (const std::int8_t bad : {std::int8_t{-1}, std::int8_t{4}}) {
    std::vector<std::int8_t> level = level_;
    level[2] = bad;
    EXPECT_THROW(write_level_map_png(out, district_, level, value_, levels_, spec()), std::invalid_argument);
  }
}

TEST_F(HeatmapTest, RejectsATooSmallPage) {
  HeatmapSpec tiny = spec();
  tiny.width_px = 10;
  EXPECT_THROW(write_level_map_png(path("tiny.png"), district_, level_, value_, levels_, tiny), std::invalid_argument);
}

TEST_F(HeatmapTest, RejectsANameThatIsNotUtf8) {
  district_.towns[0].name = "bad \xff name";
  const std::string out = path("bad.png");
  EXPECT_THROW(write_level_map_png(out, district_, level_, value_, levels_, spec()), InputError);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(HeatmapTest, UnwritablePathThrowsIoErrorNamingTheFile) {
  const std::string out = "/proc/riskgrid_no_such_dir/map.png";
  try {
    write_level_map_png(out, district_, level_, value_, levels_, spec());
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(out), std::string::npos) << e.what();
  }
}

TEST(MapTransform, KeepsAspectRatioAndPutsNorthUp) {
  const geo::Box world{{0, 0}, {2000, 1000}};
  const MapTransform t(world, PixelRect{0, 0, 400, 400});
  EXPECT_DOUBLE_EQ(t.scale(), 0.2);
  const geo::Point sw = t.to_pixel({0, 0});
  const geo::Point ne = t.to_pixel({2000, 1000});
  EXPECT_DOUBLE_EQ(sw.x(), 0);
  EXPECT_DOUBLE_EQ(ne.x(), 400);
  EXPECT_DOUBLE_EQ(sw.y(), 300);  // centred vertically: 200 px of map in 400 px of room
  EXPECT_DOUBLE_EQ(ne.y(), 100);
  const geo::Point back = t.to_metric(ne.x(), ne.y());
  EXPECT_NEAR(back.x(), 2000, 1e-9);
  EXPECT_NEAR(back.y(), 1000, 1e-9);
}

TEST(MapTransform, RejectsAnEmptyDistrict) {
  EXPECT_THROW(map_transform(spatial::District{}, spec()), std::invalid_argument);
}

TEST(PageLayout, PutsThePanelRightOfASquareDistrictOnALandscapePage) {
  const PageLayout page = page_layout(spec(), geo::Box{{0, 0}, {2000, 2000}});
  EXPECT_LE(page.map.right(), page.panel.x);
  EXPECT_LE(page.header.bottom(), page.map.y);
  EXPECT_LE(page.map.bottom(), page.footer.y);
  EXPECT_LE(page.panel.bottom(), page.footer.y);
  EXPECT_LE(page.panel.right(), spec().width_px);
}

TEST(PageLayout, PutsThePanelBelowAWideDistrictOnAPortraitPage) {
  HeatmapSpec portrait = spec();
  portrait.width_px = 1000;
  portrait.height_px = 1400;
  const PageLayout page = page_layout(portrait, geo::Box{{0, 0}, {12000, 9000}});
  EXPECT_LE(page.map.bottom(), page.panel.y);
  EXPECT_LE(page.panel.bottom(), page.footer.y);
  EXPECT_LE(page.panel.right(), portrait.width_px);
}

TEST(NiceLength, PicksOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_length_m(1000), 1000);
  EXPECT_DOUBLE_EQ(nice_length_m(2700), 2000);
  EXPECT_DOUBLE_EQ(nice_length_m(4999), 2000);
  EXPECT_DOUBLE_EQ(nice_length_m(5000), 5000);
  EXPECT_DOUBLE_EQ(nice_length_m(999), 500);
  EXPECT_DOUBLE_EQ(nice_length_m(0.3), 0.2);
  EXPECT_DOUBLE_EQ(nice_length_m(0), 0);
}

}  // namespace
}  // namespace riskgrid::render
