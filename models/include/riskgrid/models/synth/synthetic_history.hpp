#pragma once
// A synthetic 12345-style incident history for a district, deterministic from (spec, seed) and
// independent of the thread count. The generating process:
//   background count of grid g, category c, day d ~ NB(mean = b_gc * f_c(d), size k_c)
//     b_gc = daily_total * share_c * w_gc * (1 - eta)
//     w_gc = pop_g m_gc / sum_h(pop_h m_hc), the grid's share of category c, where
//     m_gc = rate_K * factor_Kc * s_g for the grid's kind K (its `kind` attribute; 1 without one or
//     without a `kinds` entry) and s_g = exp(sigma z_g - sigma^2 / 2) a seeded per-grid spread. The
//     normalisation keeps the district's daily_total and category shares whatever the kinds say.
//     f_c(d) = weekday(d) * (1 + amplitude * cos(2 pi (doy(d) - peak_day) / 365.25)) * episodes_c(d)
//   each incident (background or repeat) spawns Poisson(eta) repeats of its category in its grid,
//   within radius_m of it, J days later (J >= 1 geometric with mean mean_delay_days, the whole-day
//   counterpart of an exponential delay), at an hour drawn from the hour profile. A repeat can repeat
//   again (a Hawkes-type cascade with branching ratio eta), so the expected total is
//   background / (1 - eta) = daily_total on average. The process starts burn_in_days early so the
//   window opens with repeats of earlier incidents already under way.
// Times: hour from the hour profile, minute and second uniform. Places: uniform in the grid polygon.
// Closing: with `handling` set, the case-handling simulation (models/response) run once over all the
// incidents with that scenario's staff, teams, calendar and handling table, each incident closing when
// its case does (synth_handling.cpp); without it created + log-normal(handling_median_hours,
// handling_sigma). Open if past the window end.
#include <array>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::models {

/// A window in which categories arrive at a multiple of their usual rate (e.g. a typhoon). Applied per
/// day, weighted by the fraction of the day the window covers.
struct SynthEpisode {
  std::string name;
  time::Seconds start = 0;
  time::Seconds end = 0;                ///< exclusive
  std::vector<double> category_factor;  ///< [category]: multiplier of that category's rate
};

/// How grids of one kind (spatial::kGridKinds, the grids' `kind` attribute) differ from others per
/// resident: a rate multiplier for all categories and one per category (relative: the history is
/// normalised per category over the district, see above).
struct SynthKind {
  std::string name;
  double rate = 1;
  std::vector<double> category_factor;  ///< [category]
};

/// What to generate. Weights (sources, weekdays, hours) need not be normalised; they are when used.
struct SynthSpec {
  std::string file;         ///< where it was read from, for messages; empty if built in code
  time::Seconds start = 0;  ///< midnight of the first day
  int days = 365;
  std::uint64_t seed = 1;
  std::string id_prefix = "PT";      ///< ids are <prefix><YYYYMMDD><5-digit sequence of the day>
  double daily_total = 1125;         ///< expected incidents per day, repeats included, off-episode
  std::vector<std::string> sources;  ///< e.g. hotline, grid_patrol, petition
  std::vector<double> source_weight;
  std::vector<double> dispersion;  ///< [category] NB size k of background daily counts
  std::array<double, 7> weekday_weight{1.1, 1.1, 1.1, 1.1, 1.1, 0.75, 0.75};  ///< Monday first
  double season_amplitude = 0.15;
  double season_peak_day = 200;  ///< 1-based day of the year
  std::array<double, 24> hour_weight{};
  double branching_ratio = 0.15;  ///< eta, expected repeats per incident (< 1)
  double repeat_radius_m = 150;
  double repeat_mean_delay_days = 3;  ///< >= 1
  int burn_in_days = -1;              ///< -1: 10 mean delays when eta > 0, else 0
  std::vector<SynthEpisode> episodes;
  std::vector<SynthKind> kinds;  ///< empty: grids differ by population only
  double grid_spread = 0;        ///< sigma of the log of a seeded per-grid rate multiplier (mean 1)
  /// Closing times from the case handling of these settings (a scenario's `response:` block, synth.yaml
  /// `handling: {scenario: ...}`), simulated once on the stream {seed, purpose_of("synth.handling")};
  /// unset: the catalog's log-normal per category.
  std::optional<response::DesSettings> handling;
  std::string handling_source;  ///< the scenario the settings came from, for messages
};

/// A spec with the defaults above, one source "hotline", k = 10 for every category, a flat hour
/// profile and no episode; for building specs in code.
SynthSpec default_synth_spec(const catalog::CategoryCatalog& catalog);

/// Reads a spec (e.g. scenarios/putuo/synth.yaml); errors are ScenarioError with file:line:column.
SynthSpec load_synth_spec(const std::string& path, const catalog::CategoryCatalog& catalog);

/// Throws ScenarioError when sizes or values are inconsistent with the catalog.
void check_synth_spec(const SynthSpec& spec, const catalog::CategoryCatalog& catalog);

/// The history, sorted by (created, grid, category, generation sequence). Parallel over grids; each
/// grid and category draws from its own streams {kSynth*, grid, category}, so the result does not
/// depend on the thread count. Throws InputError for a district without grids or a grid without area.
incidents::IncidentTable generate_history(const SynthSpec& spec, const spatial::District& district,
                                          const catalog::CategoryCatalog& catalog);

/// The generating parameters and the expected figures a fit should recover.
struct SynthParams {
  std::uint64_t seed = 0;
  time::Seconds start = 0;
  int days = 0;
  int burn_in_days = 0;
  double daily_total = 0;
  std::vector<std::string> sources;
  std::vector<double> source_share;
  double branching_ratio = 0;
  double repeat_radius_m = 0;
  double repeat_mean_delay_days = 0;
  std::array<double, 7> weekday_factor{};  ///< normalised to mean 1, Monday first
  double season_amplitude = 0;
  double season_peak_day = 0;
  std::array<double, 24> hour_share{};  ///< sums to 1
  std::vector<std::string> categories;
  std::vector<double> category_share;  ///< normalised catalog shares
  std::vector<double> dispersion;      ///< [category] k of the background counts
  std::vector<std::string> grids;
  struct Window {
    std::string name;
    time::Seconds start = 0, end = 0;
  };
  std::vector<Window> episodes;       ///< generating windows
  std::vector<Window> excluded_days;  ///< whole days touched by an episode, left out below
  /// [grid][category] expected mean daily count, repeats included, over the window's days that no
  /// episode touches.
  std::vector<double> expected_mean_daily;
  /// [category][weekday] expected mean count per weekday over the same days / their overall mean,
  /// normalised to mean 1 (repeats flatten the weekday pattern a little when eta > 0).
  std::vector<std::array<double, 7>> expected_weekday_factor;

  double expected(std::size_t grid, std::size_t category) const {
    return expected_mean_daily[grid * categories.size() + category];
  }
};

/// Computes the parameters and expected figures of `spec` on `district` (no sampling).
SynthParams synth_params(const SynthSpec& spec, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog);
/// Writes them as YAML, atomically.
void write_synth_params(const std::string& path, const SynthParams& params);
/// Reads a file written by write_synth_params; ScenarioError with file:line:column when malformed.
SynthParams load_synth_params(const std::string& path);

/// "<dir>/<stem>.params.yaml" beside a history CSV.
std::string params_path_for(const std::string& csv_path);

/// Generates and writes the history CSV and its params file (both atomically); returns the rows.
std::size_t write_synthetic_history(const SynthSpec& spec, const spatial::District& district,
                                    const catalog::CategoryCatalog& catalog, const std::string& csv_path);

/// Generates the history from the spec at `spec_path` when `csv_path` does not exist (first run).
void ensure_history(const std::string& csv_path, const std::string& spec_path, const spatial::District& district,
                    const catalog::CategoryCatalog& catalog);

}  // namespace riskgrid::models
