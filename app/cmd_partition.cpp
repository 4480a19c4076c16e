// riskgrid partition: builds the embedded default district (towns and grids GeoJSON) from the real
// district outline and a towns file. The lead commits its outputs; tests check they are
// reproducible.
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include "default_district.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "subcommands.hpp"
#include "towns_spec.hpp"

namespace riskgrid::app {

namespace {

namespace po = boost::program_options;

struct PartitionArgs {
  std::string outline;
  std::string towns;
  std::string out_towns;
  std::string out_grids;
};

void print_summary(const DefaultDistrict& built, const PartitionArgs& args) {
  const auto& d = built.district;
  std::printf("%-11s %5s %10s %10s %9s %11s %6s\n", "town", "grids", "target km2", "area km2", "error %", "population",
              "staff");
  double total_area = 0;
  for (std::size_t t = 0; t < d.towns.size(); ++t) {
    const auto& town = d.towns[t];
    int grids = 0;
    for (const auto& grid : d.grids) grids += grid.parent == town.id ? 1 : 0;
    const double target = built.town_target_m2[t];
    std::printf("%-11s %5d %10.4f %10.4f %9.2e %11.0f %6d\n", town.id.c_str(), grids, target / 1e6, town.area_m2 / 1e6,
                100.0 * (town.area_m2 - target) / target, town.population, town.staff);
    total_area += town.area_m2;
  }
  const double outline_area = geo::bg::area(d.outline);
  std::printf("outline %.4f km2, towns %.4f km2 (error %.2e %%), %zu towns, %zu grids\n", outline_area / 1e6,
              total_area / 1e6, 100.0 * (total_area - outline_area) / outline_area, d.towns.size(), d.grids.size());
  for (const auto& note : built.notes) std::printf("note: %s\n", note.c_str());
  std::printf("wrote %s and %s\n", args.out_towns.c_str(), args.out_grids.c_str());
}

}  // namespace

int run_partition(const Args& args) {
  PartitionArgs a;
  po::options_description options(
      "riskgrid partition [options]\n\n"
      "Partitions a district outline into the towns of a towns file (a power diagram matching "
      "their\n"
      "areas) and each town into grids (density-weighted k-means cells), and writes both as "
      "GeoJSON.\n"
      "The result is deterministic; internal borders are synthetic.\n\nOptions");
  options.add_options()("help,h", "show this help")(
      "outline", po::value(&a.outline)->default_value("scenarios/putuo/putuo_outline.json"),
      "district outline (any GDAL vector file, lon/lat)")(
      "towns", po::value(&a.towns)->default_value("scenarios/putuo/towns.yaml"),
      "towns file: figures, seed points, density core, landmarks")(
      "out-towns", po::value(&a.out_towns)->default_value("scenarios/putuo/towns.geojson"),
      "where to write the town polygons")("out-grids",
                                          po::value(&a.out_grids)->default_value("scenarios/putuo/grids.geojson"),
                                          "where to write the grid polygons");
  po::variables_map vm = parse_command_line(args, options);
  if (vm.count("help")) {
    std::cout << options << "\n";
    return kOk;
  }
  po::notify(vm);

  const TownsSpec spec = load_towns_spec(a.towns);
  const DefaultDistrict built = build_default_district(a.outline, spec);
  spatial::write_units(a.out_towns, built.district.towns, built.district.projection, spec.note);
  spatial::write_units(a.out_grids, built.district.grids, built.district.projection, spec.note);
  print_summary(built, a);
  return kOk;
}

}  // namespace riskgrid::app
