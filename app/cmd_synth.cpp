// riskgrid synth: writes a deterministic synthetic incident history of a district (CSV) and, beside
// it, the parameters that generated it (<stem>.params.yaml), so fits can be checked against them.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_line.hpp"
#include "exit_codes.hpp"
#include "progress_bar.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {

namespace {

namespace po = boost::program_options;

struct SynthArgs {
  std::string district_dir;
  std::string spec;  // empty: district.yaml's history.synth
  std::string out;   // empty: district.yaml's history.path
  std::optional<std::uint64_t> seed;
  bool quiet = false;
};

po::options_description synth_options(SynthArgs& a) {
  po::options_description options(
      "riskgrid synth [options]\n\n"
      "Generates a synthetic 12345-style incident history for a district, deterministically from the\n"
      "spec and its seed (negative-binomial daily counts by grid and category, weekday, season and\n"
      "hour profiles, self-exciting repeats, episodes such as a typhoon), and writes it as CSV with\n"
      "the generating parameters beside it as <stem>.params.yaml.\n\nOptions");
  options.add_options()("help,h", "show this help")(
      "district", po::value(&a.district_dir)->default_value("scenarios/putuo"),
      "district folder holding district.yaml (outline, towns, grids, categories, history)")(
      "spec", po::value(&a.spec), "synth spec (default: history.synth of district.yaml)")(
      "out", po::value(&a.out), "CSV to write (default: history.path of district.yaml)")(
      "seed", po::value<std::uint64_t>(), "override the spec's seed")("quiet,q", po::bool_switch(&a.quiet),
                                                                      "no progress messages on stderr");
  return options;
}

}  // namespace

int run_synth(const Args& args) {
  SynthArgs a;
  const po::options_description options = synth_options(a);
  po::variables_map vm = parse_command_line(args, options);
  if (vm.count("help")) {
    std::cout << options << "\n";
    return kOk;
  }
  po::notify(vm);
  if (vm.count("seed")) a.seed = vm["seed"].as<std::uint64_t>();

  const auto district_yaml = (std::filesystem::path(a.district_dir) / "district.yaml").string();
  const scenario::DistrictSpec d = scenario::load_district_spec(district_yaml);
  if (a.spec.empty()) a.spec = d.history_synth;
  if (a.out.empty()) a.out = d.history;
  if (a.spec.empty()) throw ScenarioError(fmt::format("{}: history.synth is not set; pass --spec", district_yaml));

  const bool talk = !a.quiet && stderr_is_terminal();
  const auto started = std::chrono::steady_clock::now();
  if (talk) std::fprintf(stderr, "loading %s ...\n", district_yaml.c_str());
  const catalog::CategoryCatalog catalog = catalog::load_catalog(d.categories);
  const spatial::District district = scenario::load_district(d).district;
  models::SynthSpec spec = models::load_synth_spec(a.spec, catalog);
  if (a.seed) spec.seed = *a.seed;
  if (talk)
    std::fprintf(stderr, "generating %d days for %zu grids x %zu categories (seed %llu) ...\n", spec.days,
                 district.grids.size(), catalog.size(), static_cast<unsigned long long>(spec.seed));
  const std::size_t rows = models::write_synthetic_history(spec, district, catalog, a.out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("wrote %zu incidents to %s (parameters: %s) in %.1f s\n", rows, a.out.c_str(),
              models::params_path_for(a.out).c_str(), seconds);
  return kOk;
}

}  // namespace riskgrid::app
