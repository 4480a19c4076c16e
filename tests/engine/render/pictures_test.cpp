// Value maps, small multiples, comparisons and SVG output, on a hand-built 2 x 2 km district:
// drawn, read back pixel by pixel and compared with the colours the scales give.
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "image_check.hpp"
#include "render_fixtures.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/comparison.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/render/multiples.hpp"
#include "riskgrid/engine/render/panel_layout.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "riskgrid/engine/render/value_map.hpp"

namespace riskgrid::render {
namespace {
namespace fs = std::filesystem;
using testing::close_to;
using testing::dominant_colour;

class PicturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("riskgrid_pictures_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// The fill of grid g on a picture drawn through transform t.
  std::uint32_t fill_of(const testing::Image& image, std::size_t g, const MapTransform& t) const {
    int samples = 0;
    const std::uint32_t rgb = dominant_colour(image, district_.grids[g].shape, t, &samples);
    EXPECT_GT(samples, 20) << "grid " << g << " is too small to sample";
    return rgb;
  }

  fs::path dir_;
  spatial::District district_ = fixtures::two_by_two();
};

TEST_F(PicturesTest, ValueMapFillsGridsWithTheirScaleColourAndShowsTheRamp) {
  const std::vector<double> value{3, 20, 45, 100};
  const ColourScale scale = ColourScale::sequential_for(value);
  const HeatmapSpec spec = fixtures::page();
  write_value_map(path("mean.png"), district_, value, scale, {"Expected incidents", "incidents per grid over 72 h"},
                  spec);
  const testing::Image image = testing::read_png(path("mean.png"));
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(testing::width_of(image), spec.width_px);
  const MapTransform t = map_transform(district_, spec);
  for (std::size_t g = 0; g < 4; ++g) {
    EXPECT_TRUE(close_to(fill_of(image, g, t), scale.colour(value[g])))
        << "grid " << g << std::hex << " is " << fill_of(image, g, t) << " expected " << scale.colour(value[g]);
  }
  // The legend's bar runs from the lightest to the darkest colour of the ramp.
  const PixelRect panel = page_layout(district_, spec).panel;
  EXPECT_TRUE(testing::has_colour(image, panel, scale.stops().front().rgb, 4));
  EXPECT_TRUE(testing::has_colour(image, panel, scale.stops().back().rgb, 4));
}

TEST_F(PicturesTest, LevelMapAsSvgIsWellFormedXmlWithPaths) {
  const results::ScenarioResults r = fixtures::scenario(4, time::kDay);
  write_level_map(path("map.svg"), district_, r.horizon_risk_level, r.horizon.mean, r.levels, fixtures::page());
  const std::string svg = testing::read_text(path("map.svg"));
  EXPECT_EQ(testing::xml_problem(svg), "");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<path"), std::string::npos);
  EXPECT_NE(svg.find("width=\"1000"), std::string::npos);
  // The level colours are in the document (cairo writes them as rgb percentages or hex).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(PicturesTest, XmlCheckCatchesBrokenDocuments) {
  EXPECT_EQ(testing::xml_problem("<svg><g/><path d=\"M 0 0\"/></svg>"), "");
  EXPECT_NE(testing::xml_problem("<svg><g></svg>"), "");
  EXPECT_NE(testing::xml_problem("<svg>a & b</svg>"), "");
  EXPECT_NE(testing::xml_problem("<svg></svg><svg></svg>"), "");
}

TEST_F(PicturesTest, UnknownExtensionIsRejectedBeforeAnythingIsWritten) {
  const results::ScenarioResults r = fixtures::scenario(4, time::kDay);
  EXPECT_THROW(
      write_level_map(path("map.jpg"), district_, r.horizon_risk_level, r.horizon.mean, r.levels, fixtures::page()),
      std::invalid_argument);
  EXPECT_EQ(image_format_of("A/B.SVG"), ImageFormat::svg);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(PicturesTest, LevelMultiplesShowEachWindowsHighestLevelInItsPanel) {
  const results::ScenarioResults r = fixtures::scenario(12, time::kHour);
  MultiplesSpec spec{fixtures::page(1200, 900), Measure::level, 4, "incidents"};
  const auto windows = write_multiples(path("multiples.png"), district_, r, spec);
  ASSERT_EQ(windows.size(), 4u);
  const testing::Image image = testing::read_png(path("multiples.png"));
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  const std::vector<MapTransform> panels = panel_transforms(district_, spec.page, 4);
  ASSERT_EQ(panels.size(), 4u);
  for (std::size_t p = 0; p < 4; ++p) {
    const auto level = window_levels(r, windows[p].first_bin, windows[p].end_bin);
    for (std::size_t g = 0; g < 4; ++g) {
      // No numbers on small multiples: the centroid pixel itself shows the fill.
      const geo::Point c = panels[p].to_pixel(district_.grids[g].centroid);
      const std::uint32_t got = testing::rgb_at(image, static_cast<int>(c.x()), static_cast<int>(c.y()));
      EXPECT_TRUE(close_to(got, r.levels[static_cast<std::size_t>(level[g])].rgb))
          << "panel " << p << " grid " << g << std::hex << " is " << got;
    }
  }
  EXPECT_EQ(windows[1].label, "11-01 03:00\u201306:00");
}

TEST_F(PicturesTest, ValueMultiplesShareOneScaleAcrossPanels) {
  const results::ScenarioResults r = fixtures::scenario(6, time::kDay);
  MultiplesSpec spec{fixtures::page(1200, 900), Measure::mean, 3, "incidents"};
  const auto windows = write_multiples(path("multiples.svg"), district_, r, spec);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(testing::xml_problem(testing::read_text(path("multiples.svg"))), "");
  write_multiples(path("multiples.png"), district_, r, spec);
  const testing::Image image = testing::read_png(path("multiples.png"));
  std::vector<double> all;
  for (const auto& w : windows) {
    const auto v = window_values(r, Measure::mean, w.first_bin, w.end_bin);
    all.insert(all.end(), v.begin(), v.end());
  }
  const ColourScale scale = ColourScale::sequential_for(all);
  const std::vector<MapTransform> panels = panel_transforms(district_, spec.page, 3);
  for (std::size_t p = 0; p < 3; ++p) {
    for (std::size_t g = 0; g < 4; ++g) {
      EXPECT_TRUE(close_to(fill_of(image, g, panels[p]), scale.colour(all[p * 4 + g])))
          << "panel " << p << " grid " << g;
    }
  }
}

TEST_F(PicturesTest, PanelLayoutKeepsPanelsApartAndAboveTheStrip) {
  const PanelLayout layout = panel_layout(fixtures::page(1600, 1200), geo::Box{{0, 0}, {4000, 3000}}, 6);
  ASSERT_EQ(layout.maps.size(), 6u);
  EXPECT_EQ(layout.columns * layout.rows, 6u);
  for (const PixelRect& m : layout.maps) {
    EXPECT_LE(m.bottom(), layout.strip.y);
    EXPECT_GE(m.y, layout.header.bottom());
  }
  EXPECT_LE(layout.maps[0].right(), layout.maps[1].x);
  EXPECT_THROW(panel_layout(fixtures::page(), geo::Box{{0, 0}, {1, 1}}, 0), std::invalid_argument);
}

ComparedRun run(const std::string& file, const spatial::District& d, const results::ScenarioResults& r,
                std::string units = "incidents") {
  return {file, &d, &r, std::move(units)};
}

TEST_F(PicturesTest, ComparisonPutsBaselineDrillAndARedDifferenceSideBySide) {
  results::ScenarioResults base = fixtures::scenario(30, time::kDay, "base");
  results::ScenarioResults drill = fixtures::scenario(72, time::kHour, "drill");
  // Per day: baseline 10 everywhere; the drill calms grid 0, keeps 1 and 2, and surges grid 3.
  base.horizon.mean = {300, 300, 300, 300};
  drill.horizon.mean = {0, 30, 30, 90};
  const Comparison c = compare_runs(run("base.h5", district_, base), run("drill.h5", district_, drill), Measure::mean);
  EXPECT_TRUE(c.per_day);
  EXPECT_EQ(c.baseline, (std::vector<double>{10, 10, 10, 10}));
  EXPECT_EQ(c.drill, (std::vector<double>{0, 10, 10, 30}));
  EXPECT_EQ(c.difference, (std::vector<double>{-10, 0, 0, 20}));
  EXPECT_NE(c.units.find("per day"), std::string::npos) << c.units;

  HeatmapSpec spec = fixtures::page(1800, 800);
  spec.title.clear();
  write_comparison(path("compare.png"), district_, c, spec);
  const testing::Image image = testing::read_png(path("compare.png"));
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  const std::vector<MapTransform> panels = panel_transforms(district_, spec, 3);
  ASSERT_EQ(panels.size(), 3u);
  const std::uint32_t surge = fill_of(image, 3, panels[2]);
  const std::uint32_t calm = fill_of(image, 0, panels[2]);
  EXPECT_GT(testing::channel(surge, 16), testing::channel(surge, 0) + 60) << std::hex << surge;
  EXPECT_GT(testing::channel(calm, 0), testing::channel(calm, 16) + 60) << std::hex << calm;
  EXPECT_TRUE(close_to(fill_of(image, 1, panels[2]), 0xf7f7f7));  // no change: white
  const ColourScale diff = ColourScale::diverging_for(c.difference);
  EXPECT_TRUE(close_to(surge, diff.colour(c.difference[3])));
  // Baseline and drill panels share one sequential scale.
  std::vector<double> both = c.baseline;
  both.insert(both.end(), c.drill.begin(), c.drill.end());
  const ColourScale scale = ColourScale::sequential_for(both);
  EXPECT_TRUE(close_to(fill_of(image, 1, panels[0]), scale.colour(c.baseline[1])));
  EXPECT_TRUE(close_to(fill_of(image, 1, panels[1]), scale.colour(c.drill[1])));
}

TEST_F(PicturesTest, ComparisonOfEqualHorizonsUsesTotalsAndTheIndexIsNeverPerDay) {
  const results::ScenarioResults a = fixtures::scenario(30, time::kDay, "a");
  const results::ScenarioResults b = fixtures::scenario(30, time::kDay, "b");
  const Comparison totals = compare_runs(run("a.h5", district_, a), run("b.h5", district_, b), Measure::level);
  EXPECT_FALSE(totals.per_day);
  EXPECT_EQ(totals.measure, Measure::mean);
  EXPECT_EQ(totals.drill, b.horizon.mean);
  const results::ScenarioResults c = fixtures::scenario(72, time::kHour, "c");
  const Comparison index = compare_runs(run("a.h5", district_, a), run("c.h5", district_, c), Measure::ratio_to_normal);
  EXPECT_FALSE(index.per_day);
  EXPECT_FALSE(index.same_length);
  EXPECT_TRUE(totals.same_length);
  EXPECT_EQ(index.drill, c.horizon_ratio_to_normal);
}

TEST_F(PicturesTest, ComparisonRefusesOtherUnitsOrGridsNamingBothFiles) {
  const results::ScenarioResults a = fixtures::scenario(30, time::kDay, "a");
  try {
    compare_runs(run("base.h5", district_, a), run("drill.h5", district_, a, "work orders"), Measure::mean);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("base.h5"), std::string::npos) << what;
    EXPECT_NE(what.find("drill.h5"), std::string::npos) << what;
    EXPECT_NE(what.find("work orders"), std::string::npos) << what;
  }
  spatial::District other = district_;
  other.grids[2].id = "elsewhere";
  EXPECT_THROW(compare_runs(run("base.h5", district_, a), run("drill.h5", other, a), Measure::mean), InputError);
}

TEST_F(PicturesTest, RunPicturesWritesHeatmapInBothFormatsAndMultiples) {
  const results::ScenarioResults r = fixtures::scenario(72, time::kHour);
  RunPictureOptions options;
  options.footnote = "synthetic";
  options.width_px = 800;
  options.height_px = 600;
  const auto written = write_run_pictures(dir_.string(), district_, r, options);
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(fs::path(written[0]).filename(), "heatmap.png");
  EXPECT_EQ(fs::path(written[1]).filename(), "heatmap.svg");
  EXPECT_EQ(fs::path(written[2]).filename(), "multiples.png");
  for (const auto& p : written) EXPECT_TRUE(fs::exists(p)) << p;

  options.measure = Measure::p95;
  options.panels = 0;
  options.formats = {ImageFormat::png};
  const auto value = write_run_pictures(dir_.string(), district_, r, options);
  ASSERT_EQ(value.size(), 2u);
  EXPECT_EQ(fs::path(value[1]).filename(), "p95.png");
}

}  // namespace
}  // namespace riskgrid::render
