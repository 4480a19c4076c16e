#pragma once
// Rebuilds the engine's own types from a results file alone (docs/results-format.md): the district
// (grids, towns, projection), the category catalog's labels and every scenario's results. This is
// what `riskgrid render` needs to redraw a run without the scenario, district or history files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/results/results_reader.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::results {

/// One results file in memory.
struct LoadedResults {
  std::string path;
  std::string riskgrid_version;  ///< of the writer
  std::string scenario_text;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::uint64_t replicas = 0;
  std::string created;
  /// Root attribute `district_note` (e.g. "Internal borders are synthetic") when the writer stored
  /// one; empty otherwise (format version 1 does not require it).
  std::string district_note;
  /// Grids from /units, towns from /towns, projection from their projection_* attributes. The file
  /// keeps no outline, so `outline` is the union of the towns (of the grids when there are none).
  spatial::District district;
  /// From /categories: id, name, name_local, department, weight, share; other fields keep defaults.
  catalog::CategoryCatalog catalog;
  /// Every group under /scenarios, in name order.
  std::vector<results::ScenarioResults> scenarios;
  /// The `units` attribute of each scenario's `mean` (e.g. "incidents"), parallel to `scenarios`.
  std::vector<std::string> count_units;

  /// The scenario called `name`; with an empty name the only one.
  /// @throws InputError naming the file and the scenarios it holds when there is no such scenario
  ///         (or, for an empty name, when there are several).
  std::size_t scenario_index(const std::string& name = {}) const;
  /// The record of scenario `index` as write_results_h5 takes it.
  results::RunRecord record(std::size_t index) const;
};

/// Loads everything a picture needs from the results file at `path`.
/// @throws IoError when the file cannot be read, is not a results file, or lacks a dataset;
///         InputError when a dataset has the wrong shape or a geometry is not valid WKT (the
///         message names the file and the dataset or unit).
LoadedResults load_results(const std::string& path);

/// The district of an open results file (see LoadedResults::district).
spatial::District read_district(const ResultsReader& reader);
/// The catalog of an open results file (see LoadedResults::catalog).
catalog::CategoryCatalog read_catalog(const ResultsReader& reader);
/// One scenario of an open results file, /scenarios/<name>, with its time grid, levels and drivers.
results::ScenarioResults read_scenario(const ResultsReader& reader, const std::string& name);

}  // namespace riskgrid::results
