#pragma once
// A scenario as plain, validated values (describe, validate, freeze, run): what to forecast, on which
// district, with which model, under which drills, scored how. Built by load_scenario and then const.
#include <cstdint>
#include <array>
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
  std::string language = "en";        ///< labels of the default risk levels: "en", or "zh" (bilingual)
};

/// The largest factor a drill may have (`factor:`, a `profile:` point): a bound that refuses typing
/// slips like 1700 for 1.7; the strongest anchor of docs/drills.md is x16.7.
inline constexpr double kMaxDrillFactor = 1000;

/// The most incidents a day a drill's new category may bring (`per_day:`): a bound that refuses slips
/// like 1e15, which no simulation could count (the lockdown anchor of docs/drills.md is 1000).
inline constexpr double kMaxPerDay = 100'000;

/// The longest horizon (`horizon: days:`, `hours:` or `end:`) and window: ten years.
inline constexpr long long kMaxHorizonDays = 3660;
/// The most bins a horizon may have (hourly bins: about 833 days): memory grows with bins x grids.
inline constexpr std::size_t kMaxHorizonBins = 20'000;

/// The most runs a `sweep:` may expand to.
inline constexpr std::size_t kMaxSweepRuns = 1'000'000;

/// One `where:` test of a drill's grids: the grid's attribute `key` (or its `type`) equals one of
/// `values` (case-insensitively; true/false also as 1/0 and yes/no).
struct AttributeTest {
  std::string key;
  std::vector<std::string> values;  ///< any of them
  std::string where;                ///< "file:line:column" of the key, for messages
};

/// A point of a drill's time profile: the factor `hours` after the window starts.
struct ProfilePoint {
  double hours = 0;
  double factor = 1;
};

/// Multiplies arrivals of some categories in some places over a time window.
struct Drill {
  std::string name;
  double factor = 1;
  std::vector<std::string> categories;    ///< empty = all
  std::vector<std::string> towns;         ///< ids or names; empty = everywhere (with grids)
  std::vector<std::string> grids;         ///< ids or names; empty = everywhere (with towns)
  std::vector<AttributeTest> attributes;  ///< `where:`: keeps the grids that pass every test
  bool neighbours = false;                ///< the grids touching those selected, instead of them
  time::Seconds start = 0;                ///< window start
  time::Seconds end = 0;                  ///< window end (exclusive)
  double ramp_hours = 0;                  ///< linear ramp from 1 to `factor` after start
  double half_life_days = 0;              ///< excess decays with this half-life after the ramp; 0 = not given: none
  std::vector<ProfilePoint> profile;      ///< factor over hours from start, linear; replaces factor, ramp, half-life
  int daily_from_hour = 0;                ///< `daily_hours`: the drill acts from this hour of each day ...
  int daily_to_hour = 24;                 ///< ... to this one (exclusive; below daily_from_hour: past midnight)
  std::string where;                      ///< "file:line:column" of the drill, for messages

  /// A category the catalog lacks, added to the run by this drill (docs/domain.md "Drills": medicine,
  /// supplies). Such a drill brings `per_day` incidents of it, shaped by window, ramp and half-life,
  /// instead of multiplying (`factor` and `categories` are unused).
  std::optional<catalog::Category> new_category;
  std::string new_category_where;  ///< "file:line:column" of new_category.id, for messages
  double per_day = 0;              ///< incidents a day over the drill's grids at full strength
  enum class Spread { population, area, even };
  Spread spread = Spread::population;  ///< how per_day is shared among the drill's grids
};

/// How a run measures risk (docs/risk.md): each grid against its own normal, levels from absolute bands.
struct RiskSpec {
  std::map<std::string, double> weights;  ///< overrides of the catalog's consequence weights
  /// Where a grid's normal comes from: `automatic` is the no-drill forecast when the scenario has drills,
  /// else the grid's own history for the same weekday and season.
  enum class Normal { automatic, forecast, history };
  Normal normal = Normal::automatic;
  int season_days = 42;  ///< history normal: weeks within this many days of the same date count (a year+ of history)
  /// What "where is it worst" ranks by: excess per 10,000 residents, or excess incidents.
  enum class RankBy { per_capita, count };
  RankBy rank_by = RankBy::per_capita;
  /// Ratio to normal at or above which a grid is yellow, orange, red [E] (docs/domain.md "Risk").
  std::array<double, 3> ratio_bands{1.5, 2.0, 3.0};
  /// With case handling: an on-time share below these makes a grid yellow, orange, red [E].
  std::array<double, 3> on_time_bands{0.99, 0.95, 0.90};
  /// Added to the weighted forecast and normal before dividing, so a grid whose normal is a fraction of
  /// an incident does not turn red on one case [E].
  double pseudo_count = 1.0;
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
  std::string horizon_where;      ///< "file:line:column" of `horizon:`, for messages about its size
  time::Seconds train_start = 0;  ///< the first day trained on (midnight)
  time::Seconds train_end = 0;    ///< the day after the last day trained on (exclusive, like the horizon's end)
  bool train_spread = false;      ///< `training.spread: uniform`: rows coarser than the bins spread over their period
  /// A scenario without `model:` gets the backtest's winner over the training window (run/fit_model.hpp).
  std::string arrival_model = "best_of_backtest";
  bool arrival_model_stated = false;                     ///< the scenario wrote `model:` (else the default above)
  std::map<std::string, double> arrival_model_settings;  ///< `model: {name: ..., <setting>: <number>}`
  std::map<std::string, std::vector<std::string>> arrival_model_lists;  ///< `model: {name: ..., <key>: [names]}`
  std::string arrival_model_where;  ///< "file:line:column", for an unknown-model message
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

/// What `riskgrid validate` loads of a file: its one run, or for a sweep the runs that give every swept
/// value once (sweep_runs_to_check), each read and checked like a run; `runs` is how many the file has.
/// The specs carry no `text` (nothing is recorded).
struct SweepCheck {
  std::vector<ScenarioSpec> specs;
  std::size_t runs = 0;
};
SweepCheck load_scenarios_to_check(const std::string& path, const LoadOptions& options = {});

/// Reads a district.yaml (paths resolved against its directory).
DistrictSpec load_district_spec(const std::string& path, const LoadOptions& options = {});

}  // namespace riskgrid::scenario
