#pragma once
// A scenario as plain, validated values (describe, validate, freeze, run): what to forecast, on which
// district, with which model, under which drills, scored how. Built by load_scenario and then const.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"
#include "riskgrid/engine/spatial/units_source.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::scenario {

/// The files that make up a district (district.yaml); paths are absolute.
struct DistrictSpec {
  std::string name;
  std::string outline;
  std::string towns;
  std::string grids;
  std::string categories;
  std::string history;                        ///< incident history CSV
  std::string history_synth;                  ///< synth spec to generate `history` when it is missing (may be empty)
  std::string note;                           ///< shown on maps, e.g. "internal borders are synthetic"
  std::optional<spatial::UnitsSource> units;  ///< units from a GIS file or a square grid, instead of
                                              ///< outline/towns/grids (then those three are empty)
  std::string data_dir;                       ///< what ${data} stands for (absolute), or empty
  std::optional<ingest::HistorySource>
      history_source;                 ///< a mapped city export (docs/ingest.md); `history` is its path
  std::string utc_offset = "+00:00";  ///< the district's local civil time
};

/// Multiplies arrivals of some categories in some places over a time window.
struct Drill {
  std::string name;
  double factor = 1;
  std::vector<std::string> categories;  ///< empty = all
  std::vector<std::string> towns;       ///< empty = everywhere (with grids)
  std::vector<std::string> grids;       ///< empty = everywhere (with towns)
  time::Seconds start = 0;              ///< window start
  time::Seconds end = 0;                ///< window end (exclusive)
  double ramp_hours = 0;                ///< linear ramp from 1 to `factor` after start
  double half_life_days = 0;            ///< excess decays with this half-life after the ramp; 0 = none
  std::string where;                    ///< "file:line:column" of the drill, for messages

  /// A category the catalog lacks, added to the run by this drill (docs/domain.md "Drills": medicine,
  /// supplies). Such a drill brings `per_day` incidents of it, shaped by window, ramp and half-life,
  /// instead of multiplying (`factor` and `categories` are unused).
  std::optional<catalog::Category> new_category;
  std::string new_category_where;  ///< "file:line:column" of new_category.id, for messages
  double per_day = 0;              ///< incidents a day over the drill's grids at full strength
  enum class Spread { population, area, even };
  Spread spread = Spread::population;  ///< how per_day is shared among the drill's grids
};

struct RiskSpec {
  std::map<std::string, double> weights;  ///< overrides of the catalog's consequence weights
  bool exposure_population = true;        ///< multiply by population / mean population
  bool bands_from_baseline =
      false;  ///< thresholds from the no-drill index, else from this run (docs/scenarios.md "Risk": top 5% red ...)
  double red_share = 0.05;                 ///< top share of the reference that is red
  double orange_share = 0.10;              ///< next share, orange
  double yellow_share = 0.25;              ///< next share, yellow
  std::vector<results::LevelBand> levels;  ///< lowest first
  double exceedance_quantile = 0.95;       ///< of historical counts per bin/horizon
};

/// The scenario's `response:` block, kept as YAML for the response model it names to read and check
/// (models/response); no block = no case-handling simulation.
struct ResponseBlock {
  std::string model;                           ///< empty = none
  std::string where;                           ///< "file:line:column" of the block, for an unknown-model message
  YAML::Node node;                             ///< the block (a mapping)
  std::shared_ptr<const io::Sources> sources;  ///< which file wrote each key
};

struct ScenarioSpec {
  std::string file;  ///< absolute path of the scenario file
  std::string text;  ///< the resolved scenario text (extends: merged, sweep: applied), recorded in results
  std::string name;
  std::string title;
  std::string description;
  DistrictSpec district;
  std::uint64_t seed = 1;
  std::uint64_t replicas = 1000;
  time::TimeGrid horizon;
  time::Seconds train_start = 0;
  time::Seconds train_end = 0;
  std::string arrival_model = "negbin_weekday";
  std::map<std::string, double> arrival_model_settings;  ///< `model: {name: ..., <setting>: <number>}`
  std::string arrival_model_where;                       ///< "file:line:column", for an unknown-model message
  std::vector<Drill> drills;
  RiskSpec risk;
  ResponseBlock response;
};

/// What the caller decides for every district file a scenario loads; the engine reads no environment
/// (the app turns --data-dir and RISKGRID_DATA_DIR into these).
struct LoadOptions {
  std::string data_dir;  ///< what ${data} stands for, over each district's data_dir:; empty: the file's own
};

/// Reads and validates a scenario file, its `extends:` chain resolved. Errors are ScenarioError
/// "file:line:column: key: expected ..."; a file that sweeps (several runs) is an error here too.
ScenarioSpec load_scenario(const std::string& path, const LoadOptions& options = {});

/// Like load_scenario, but a file with `sweep:` gives one spec per run (named base-key1value-...),
/// in a fixed order: the first swept key varies slowest, values in list order.
std::vector<ScenarioSpec> load_scenarios(const std::string& path, const LoadOptions& options = {});

/// Reads a district.yaml (paths resolved against its directory).
DistrictSpec load_district_spec(const std::string& path, const LoadOptions& options = {});

}  // namespace riskgrid::scenario
