// riskgrid render RESULTS.h5: redraws a run's pictures from its results file alone (level map,
// value map, small multiples) and, with --compare, baseline | drill | difference.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_line.hpp"
#include "exit_codes.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_loader.hpp"
#include "riskgrid/engine/render/comparison.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

// More panels than this are too small to read on one page.
constexpr std::size_t kMaxPanels = 24;

struct RenderArgs {
  std::string results;
  std::string compare;  // empty: no comparison
  std::string what = "level";
  std::string format;    // empty: heat map as PNG and SVG, the rest as PNG
  std::string out;       // empty: out/<scenario name>
  std::string scenario;  // empty: the file's only scenario
  std::optional<std::size_t> panels;
};

po::options_description visible_options(RenderArgs& a) {
  po::options_description options(
      "riskgrid render RESULTS.h5 [options]\n\n"
      "Draws a run's pictures from its results file alone: heatmap (risk level over the horizon,\n"
      "numbers = expected incidents), <what> (a value map, unless --what level), multiples (one\n"
      "map per time window) and, with --compare, compare (baseline | drill | difference; per-day\n"
      "rates when the horizons differ in length), and report.html (with --compare, the baseline and\n"
      "the run side by side). Prints the paths written.\n\nOptions");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("compare", po::value(&a.compare), "BASELINE.h5 to compare RESULTS.h5 against");
  add("what", po::value(&a.what)->default_value("level"),
      "level | mean | p95 | ratio_to_normal | excess | on_time (the share of closed cases handled within their "
      "limit, for a run with case handling): what the value map, the multiples and the comparison show");
  add("multiples", po::value<std::size_t>(),
      "panels of the small multiples (default: chosen from the horizon; 0 = none)");
  add("format", po::value(&a.format), "png | svg | both (default: the heat map as PNG and SVG, the others as PNG)");
  add("out,o", po::value(&a.out), "output folder (default out/<scenario name>)");
  add("scenario", po::value(&a.scenario), "scenario in RESULTS.h5 (default: its only one)");
  return options;
}

std::vector<render::ImageFormat> formats_of(const std::string& format) {
  if (format == "png") return {render::ImageFormat::png};
  if (format == "svg") return {render::ImageFormat::svg};
  if (format == "both") return {render::ImageFormat::png, render::ImageFormat::svg};
  throw po::error(fmt::format("render: --format: expected png, svg or both, got '{}'", format));
}

/// The district's note when the file has one, and where the picture comes from.
std::string footnote(const results::LoadedResults& r, const std::string& baseline = {}) {
  std::string source = fmt::format("From {} (seed {})", r.path, r.seed);
  if (!baseline.empty()) source += fmt::format(" and baseline {}", baseline);
  return r.district_note.empty() ? source : r.district_note + " \u00b7 " + source;
}

/// Compares RESULTS.h5 with the --compare baseline, before anything is written, so a bad baseline
/// fails fast.
std::optional<render::Comparison> compare(const std::optional<results::LoadedResults>& base,
                                          const results::LoadedResults& drill, std::size_t index,
                                          render::Measure measure) {
  if (!base) return std::nullopt;
  const std::size_t base_index = base->scenario_index();
  return render::compare_runs(
      {base->path, &base->district, &base->scenarios[base_index], base->count_units[base_index]},
      {drill.path, &drill.district, &drill.scenarios[index], drill.count_units[index]}, measure);
}

/// The baseline's results on the categories of the run it is compared with, for a report showing both:
/// a drill may add categories after the catalog's (new_category:), of which the baseline has none.
/// Throws InputError when the baseline's categories are not the first ones of the run's.
results::ScenarioResults on_categories_of(const results::LoadedResults& base, const results::LoadedResults& run) {
  results::ScenarioResults r = base.scenarios[base.scenario_index()];
  const auto& from = base.catalog.categories;
  const auto& to = run.catalog.categories;
  bool prefix = from.size() <= to.size();
  for (std::size_t c = 0; prefix && c < from.size(); ++c) prefix = from[c].id == to[c].id;
  if (!prefix)
    throw InputError(
        fmt::format("{} and {}: different category catalogs ({} and {} categories); the report "
                    "can show both only when the run's categories extend the baseline's",
                    base.path, run.path, from.size(), to.size()));
  const std::size_t k0 = from.size(), k = to.size();
  if (k == k0) return r;
  r.mean_by_category = cube::widened(r.mean_by_category, k);
  r.normal_by_category = cube::widened(r.normal_by_category, k);
  r.category_excess = cube::widened(cube::Cube<double>({1, r.units, k0}, r.category_excess), k).values();
  r.categories = k;
  return r;
}

/// The interactive report: the baseline first (the reference of its comparison view), then the run.
std::string write_report(const std::optional<results::LoadedResults>& base, const results::LoadedResults& loaded,
                         std::size_t index, const std::string& footnote_text, const std::string& dir) {
  std::vector<results::ScenarioResults> shown;
  if (base) shown.push_back(on_categories_of(*base, loaded));
  shown.push_back(loaded.scenarios[index]);
  render::ReportOptions options;
  options.footnote = footnote_text;
  options.seed = loaded.seed;
  options.created = loaded.created;
  const std::string path = (fs::path(dir) / "report.html").string();
  render::write_html_report(path, loaded.district, loaded.catalog, shown, options);
  return path;
}

std::vector<std::string> write_comparison(const render::Comparison& comparison, const results::LoadedResults& drill,
                                          const std::string& baseline_path,
                                          const std::vector<render::ImageFormat>& formats, const std::string& dir) {
  render::HeatmapSpec spec;
  spec.footnote = footnote(drill, baseline_path);
  spec.width_px = 2400;
  spec.height_px = 1050;
  std::vector<std::string> written;
  for (const render::ImageFormat f : formats) {
    written.push_back((fs::path(dir) / fmt::format("compare.{}", render::extension_of(f))).string());
    render::write_comparison(written.back(), drill.district, comparison, spec);
  }
  return written;
}

/// Parses and checks the options; nullopt after printing --help.
std::optional<RenderArgs> parse(const Args& args) {
  RenderArgs a;
  const po::options_description visible = visible_options(a);
  po::options_description all;
  all.add(visible).add_options()("results", po::value(&a.results));
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  if (a.results.empty()) throw po::error("render: missing the results file (riskgrid render --help)");
  if (!render::parse_measure(a.what)) {
    throw po::error(
        fmt::format("render: --what: expected level, mean, p95, ratio_to_normal, excess or on_time, got '{}'", a.what));
  }
  if (!a.format.empty()) (void)formats_of(a.format);
  if (vm.count("multiples")) {
    a.panels = vm["multiples"].as<std::size_t>();
    if (*a.panels > kMaxPanels) {
      throw po::error(fmt::format("render: --multiples: expected 0 to {} panels, got {}", kMaxPanels, *a.panels));
    }
  }
  return a;
}

}  // namespace

int run_render(const Args& args) {
  const std::optional<RenderArgs> a = parse(args);
  if (!a) return kOk;
  const render::Measure measure = *render::parse_measure(a->what);
  const results::LoadedResults loaded = results::load_results(a->results);
  const std::size_t index = loaded.scenario_index(a->scenario);
  const results::ScenarioResults& results = loaded.scenarios[index];
  if (measure == render::Measure::on_time && !results.response.present)
    throw InputError(fmt::format("{}: --what on_time: scenario '{}' handled no cases (it has no response: block)",
                                 loaded.path, results.name));
  const std::string dir = a->out.empty() ? (fs::path("out") / results.name).string() : a->out;
  std::optional<results::LoadedResults> base;
  if (!a->compare.empty()) base = results::load_results(a->compare);
  const std::string baseline_path = base ? base->path : std::string();
  const std::optional<render::Comparison> comparison = compare(base, loaded, index, measure);
  if (base) (void)on_categories_of(*base, loaded);  // categories that cannot be shown together: fail now

  render::RunPictureOptions options;
  options.footnote = footnote(loaded);
  options.count_units = loaded.count_units[index];
  options.measure = measure;
  options.panels = a->panels;
  if (!a->format.empty()) options.formats = options.multiples_formats = formats_of(a->format);
  std::vector<std::string> written = render::write_run_pictures(dir, loaded.district, results, options);
  if (comparison) {
    const auto formats = a->format.empty() ? std::vector{render::ImageFormat::png} : options.formats;
    for (auto& path : write_comparison(*comparison, loaded, baseline_path, formats, dir)) {
      written.push_back(std::move(path));
    }
  }
  written.push_back(write_report(base, loaded, index, options.footnote, dir));
  for (const std::string& path : written) std::printf("%s\n", path.c_str());
  return kOk;
}

}  // namespace riskgrid::app
