// End-to-end tests of `riskgrid render` on the embedded Putuo district: a small typhoon and
// baseline run, rendered, and the pictures read back pixel by pixel through the same map
// transforms.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "command.hpp"
#include "image_check.hpp"
#include "riskgrid/engine/results/results_loader.hpp"
#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/render/measures.hpp"
#include "riskgrid/engine/render/panel_layout.hpp"
#include "riskgrid/engine/render/time_windows.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::close_to;
using testing::riskgrid;

const std::string kScenarios = RISKGRID_SCENARIOS;

render::HeatmapSpec page(int width, int height) {
  render::HeatmapSpec spec;
  spec.width_px = width;
  spec.height_px = height;
  return spec;
}

class RenderCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_render_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    for (const char* name : {"typhoon", "baseline"}) {
      const auto r = riskgrid("run " + kScenarios + "/putuo/" + name + ".yaml --quiet --replicas 50 --out " +
                              (dir_ / name).string());
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    typhoon_ = new results::LoadedResults(results::load_results(results("typhoon")));
  }
  static void TearDownTestSuite() {
    delete typhoon_;
    fs::remove_all(dir_);
  }
  static std::string results(const std::string& name) { return (dir_ / name / "results.h5").string(); }
  static std::string out(const std::string& name) { return (dir_ / ("out_" + name)).string(); }

  /// The fill of every grid on `image` through `t` compared with `expected[g]`.
  static void expect_fills(const testing::Image& image, const render::MapTransform& t,
                           const std::vector<std::uint32_t>& expected, const std::string& what) {
    const spatial::District& d = typhoon_->district;
    std::size_t checked = 0;
    for (std::size_t g = 0; g < d.grids.size(); ++g) {
      int samples = 0;
      const std::uint32_t got = testing::dominant_colour(image, d.grids[g].shape, t, &samples, 2);
      if (samples < 5) continue;  // a sliver of a grid on a small panel
      ++checked;
      EXPECT_TRUE(close_to(got, expected[g]))
          << what << " grid " << d.grids[g].id << std::hex << ": " << got << " expected " << expected[g];
    }
    EXPECT_GE(checked, d.grids.size() * 9 / 10) << what << ": too few grids large enough to check";
  }

  static inline fs::path dir_;
  static inline results::LoadedResults* typhoon_ = nullptr;
};

TEST_F(RenderCommand, DrawsTheLevelMapInPngAndWellFormedSvg) {
  const auto r = riskgrid("render " + results("typhoon") + " --format both --multiples 0 --out " + out("level"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(out("level") + "/heatmap.png"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(out("level") + "/heatmap.svg"), std::string::npos) << r.output;

  const testing::Image image = testing::read_png(out("level") + "/heatmap.png");
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(testing::width_of(image), 1600);
  EXPECT_EQ(testing::height_of(image), 1200);
  const results::ScenarioResults& ty = typhoon_->scenarios[0];
  std::vector<std::uint32_t> expected;
  for (const std::int8_t l : ty.horizon_risk_level) expected.push_back(ty.levels[static_cast<std::size_t>(l)].rgb);
  expect_fills(image, render::map_transform(typhoon_->district, page(1600, 1200)), expected, "heatmap");
  // The legend shows every level's colour.
  const render::PixelRect panel = render::page_layout(typhoon_->district, page(1600, 1200)).panel;
  for (const auto& band : ty.levels) EXPECT_TRUE(testing::has_colour(image, panel, band.rgb)) << band.name;

  const std::string svg = testing::read_text(out("level") + "/heatmap.svg");
  EXPECT_EQ(testing::xml_problem(svg), "");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<path"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(out("level")))
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
}

TEST_F(RenderCommand, SmallMultiplesShowEachWindowsHighestLevel) {
  for (const std::size_t panels : {std::size_t{6}, std::size_t{4}}) {
    const std::string dir = out("multiples" + std::to_string(panels));
    // 6 is the default for 72 hourly bins; 4 is asked for.
    const std::string ask = panels == 6 ? "" : " --multiples 4";
    const auto r = riskgrid("render " + results("typhoon") + ask + " --format png --out " + dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const testing::Image image = testing::read_png(dir + "/multiples.png");
    ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
    const results::ScenarioResults& ty = typhoon_->scenarios[0];
    const auto windows = render::time_windows(ty.time, panels);
    const auto transforms = render::panel_transforms(typhoon_->district, page(1600, 1200), panels);
    ASSERT_EQ(windows.size(), panels);
    for (std::size_t p = 0; p < panels; ++p) {
      // The panel is there: its centre is on the map, not on the white page.
      const render::PixelRect& placed = transforms[p].placed();
      EXPECT_NE(
          testing::rgb_at(image, static_cast<int>(placed.x + placed.w / 2), static_cast<int>(placed.y + placed.h / 2)),
          0xffffffu)
          << "panel " << p;
      std::vector<std::uint32_t> expected;
      for (const std::int8_t l : render::window_levels(ty, windows[p].first_bin, windows[p].end_bin))
        expected.push_back(ty.levels[static_cast<std::size_t>(l)].rgb);
      expect_fills(image, transforms[p], expected, "panel " + std::to_string(p));
    }
  }
}

TEST_F(RenderCommand, ValueMapColoursGridsOnTheSequentialScale) {
  const auto r =
      riskgrid("render " + results("typhoon") + " --what mean --multiples 0 --format png --out " + out("mean"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const testing::Image image = testing::read_png(out("mean") + "/mean.png");
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  const std::vector<double>& mean = typhoon_->scenarios[0].horizon.mean;
  const render::ColourScale scale = render::ColourScale::sequential_for(mean);
  std::vector<std::uint32_t> expected;
  for (const double v : mean) expected.push_back(scale.colour(v));
  expect_fills(image, render::map_transform(typhoon_->district, page(1600, 1200)), expected, "mean");
  const render::PixelRect panel = render::page_layout(typhoon_->district, page(1600, 1200)).panel;
  EXPECT_TRUE(testing::has_colour(image, panel, scale.stops().front().rgb, 4));
  EXPECT_TRUE(testing::has_colour(image, panel, scale.stops().back().rgb, 4));
}

// The on-time share (按时办结率) read back from a run with case handling, drawn on the reversed scale:
// the lowest share the darkest red.
TEST_F(RenderCommand, OnTimeMapReadsCaseHandlingFromTheFileAndReversesTheScale) {
  const std::string run = (dir_ / "handled").string();
  auto r = riskgrid("run " + std::string(RISKGRID_TEST_DATA) + "/response/staff_cut_short.yaml --quiet --replicas 6 " +
                    "--threads 2 --out " + run);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = riskgrid("render " + run + "/results.h5 --what on_time --multiples 2 --format png --out " + out("on_time"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const results::LoadedResults loaded = results::load_results(run + "/results.h5");
  const results::ResponseResults& handled = loaded.scenarios[0].response;
  ASSERT_TRUE(handled.present);
  EXPECT_GT(handled.district_on_time_share, 0.5);
  EXPECT_LE(handled.district_on_time_share, 1.0);
  const render::ColourScale scale = render::ColourScale::sequential_for(handled.on_time_share).reversed();
  std::vector<std::uint32_t> expected;
  for (const double v : handled.on_time_share) expected.push_back(scale.colour(v));
  const testing::Image image = testing::read_png(out("on_time") + "/on_time.png");
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  expect_fills(image, render::map_transform(loaded.district, page(1600, 1200)), expected, "on_time");
  EXPECT_TRUE(fs::exists(out("on_time") + "/multiples.png"));
  r = riskgrid("render " + results("baseline") + " --what on_time --multiples 0 --out " + out("no_handling"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("--what on_time: scenario 'baseline' handled no cases"), std::string::npos) << r.output;
}

TEST_F(RenderCommand, ComparesTheDrillWithTheBaselineInThreePanels) {
  const auto r = riskgrid("render " + results("typhoon") + " --compare " + results("baseline") +
                          " --what mean --multiples 0 --format png --out " + out("compare"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(out("compare") + "/compare.png"), std::string::npos) << r.output;
  // The report holds both scenarios, the baseline first as the comparison's reference.
  std::ifstream report(out("compare") + "/report.html");
  const std::string html{std::istreambuf_iterator<char>(report), std::istreambuf_iterator<char>()};
  const auto base_at = html.find("\"name\":\"baseline\""), drill_at = html.find("\"name\":\"typhoon\"");
  ASSERT_NE(base_at, std::string::npos);
  ASSERT_NE(drill_at, std::string::npos);
  EXPECT_LT(base_at, drill_at);
  const testing::Image image = testing::read_png(out("compare") + "/compare.png");
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(testing::width_of(image), 2400);
  const auto transforms = render::panel_transforms(typhoon_->district, page(2400, 1050), 3);
  ASSERT_EQ(transforms.size(), 3u);
  // The grid where the drill adds most per day is red in the difference panel.
  const results::LoadedResults base = results::load_results(results("baseline"));
  const auto& drill_mean = typhoon_->scenarios[0].horizon.mean;
  const auto& base_mean = base.scenarios[0].horizon.mean;
  std::size_t top = 0;
  double top_diff = -1e300;
  for (std::size_t g = 0; g < drill_mean.size(); ++g) {
    const double diff = drill_mean[g] / 3 - base_mean[g] / 30;  // 72 h vs 30 days, per day
    if (diff > top_diff) top_diff = diff, top = g;
  }
  ASSERT_GT(top_diff, 0);
  int samples = 0;
  const std::uint32_t red =
      testing::dominant_colour(image, typhoon_->district.grids[top].shape, transforms[2], &samples, 2);
  ASSERT_GT(samples, 5);
  EXPECT_GT(testing::channel(red, 16), testing::channel(red, 0) + 60) << std::hex << red;
  for (std::size_t p = 0; p < 3; ++p) {
    const std::uint32_t fill =
        testing::dominant_colour(image, typhoon_->district.grids[top].shape, transforms[p], &samples, 2);
    EXPECT_NE(fill, 0xffffffu) << "panel " << p << " has no map";
  }
}

TEST_F(RenderCommand, ComparingOtherUnitsIsAnInputErrorNamingBothFiles) {
  const std::string other = (dir_ / "other_units.h5").string();
  fs::copy_file(results("baseline"), other, fs::copy_options::overwrite_existing);
  const hid_t file = H5Fopen(other.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5Adelete_by_name(file, "scenarios/baseline/mean", "units", H5P_DEFAULT), 0);
  ASSERT_GE(H5LTset_attribute_string(file, "scenarios/baseline/mean", "units", "work orders"), 0);
  H5Fclose(file);
  const auto r = riskgrid("render " + results("typhoon") + " --compare " + other +
                          " --multiples 0 --format png --out " + out("units"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find(other), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(results("typhoon")), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out("units"))) << "nothing is drawn when the comparison is refused";
}

TEST_F(RenderCommand, BadInputsExitWithTheirCodeAndNameTheFile) {
  const std::string missing = (dir_ / "missing.h5").string();
  auto r = riskgrid("render " + missing);
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find(missing), std::string::npos) << r.output;
  r = riskgrid("render " + results("typhoon") + " --compare " + missing + " --out " + out("missing"));
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find(missing), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out("missing")));
  EXPECT_EQ(riskgrid("render " + results("typhoon") + " --what median").exit_code, 2);
  EXPECT_EQ(riskgrid("render " + results("typhoon") + " --format jpg").exit_code, 2);
  EXPECT_EQ(riskgrid("render " + results("typhoon") + " --comp " + results("baseline")).exit_code, 2);
  EXPECT_EQ(riskgrid("render").exit_code, 2);
  EXPECT_EQ(riskgrid("render --help").exit_code, 0);
}

}  // namespace
}  // namespace riskgrid
