#include "run_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/history_stats.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/results/results_h5.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/results/shard_h5.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/results/gis_export.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/drills/added_categories.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/response/response_summary.hpp"
#include "riskgrid/models/risk/risk_index.hpp"
#include "ranks.hpp"
#include "scenario_inputs.hpp"
#include "response_ranks.hpp"
#include "shard_merge.hpp"

namespace riskgrid::app {
namespace fs = std::filesystem;

namespace {

struct Inputs {
  scenario::ScenarioSpec spec;
  catalog::CategoryCatalog catalog;       ///< the run's: the catalog file's categories, then those drills add
  catalog::CategoryCatalog base_catalog;  ///< the catalog file's: the history's and the fitted model's
  spatial::District district;
  incidents::IncidentTable history;
  std::optional<ingest::IngestSummary> ingest{};  ///< for a mapped history (docs/ingest.md)
};

void say(const RunOptions& o, const std::string& message) {
  if (o.log) o.log(message);
}

void check_training_window(const Inputs& in) {
  const auto& h = in.history;
  if (h.size() == 0) throw InputError(fmt::format("{}: history has no incidents", in.spec.district.history));
  const auto [first, last] = std::minmax_element(h.created.begin(), h.created.end());
  if (*first >= in.spec.train_start + time::kDay || *last < in.spec.train_end - time::kDay)
    throw InputError(fmt::format(
        "{}: training window {} .. {} is not covered by the history, which runs {} .. {}",
        in.spec.file, time::format_date(in.spec.train_start), time::format_date(in.spec.train_end),
        time::format_date(*first), time::format_date(*last)));
}

fs::path output_dir(const RunOptions& o, const scenario::ScenarioSpec& s);

Inputs load_inputs(const RunOptions& o, scenario::ScenarioSpec spec) {
  Inputs in{std::move(spec), {}, {}, {}, {}};
  const auto& d = in.spec.district;
  InputOptions options{(output_dir(o, in.spec) / "quarantine.csv").string(), o.no_cache, o.max_bad_fraction,
                       o.threads, o.log};
  ScenarioInputs loaded = load_scenario_inputs(d, options);
  in.base_catalog = std::move(loaded.catalog);
  in.catalog = models::run_catalog(in.base_catalog, d.categories, in.spec.drills);
  in.district = std::move(loaded.district);
  in.history = std::move(loaded.history);
  in.ingest = std::move(loaded.ingest);
  check_training_window(in);
  const std::size_t added = in.catalog.size() - in.base_catalog.size();
  say(o, fmt::format("loaded {} grids, {} categories{}, {} incidents", in.district.grids.size(),
                     in.base_catalog.size(), added ? fmt::format(" (+{} added by drills)", added) : "",
                     in.history.size()));
  return in;
}

/// The scenario's arrival model, checked before any data is read so a typo fails fast.
std::unique_ptr<models::ArrivalModel> make_arrival_model(const scenario::ScenarioSpec& spec) {
  models::ModelRegistry registry;
  models::register_builtin(registry);
  scenario::ModelChoice choice(spec.arrival_model);
  choice.settings = spec.arrival_model_settings;
  choice.where = spec.arrival_model_where.empty() ? spec.file : spec.arrival_model_where;
  return registry.arrivals.create(choice);
}

/// The scenario's response model (its `response:` block), or null when it has none.
std::unique_ptr<models::response::ResponseModel> make_response_model(const scenario::ScenarioSpec& spec) {
  if (spec.response.model.empty()) return nullptr;
  models::ModelRegistry registry;
  models::register_builtin(registry);
  scenario::ModelChoice choice(spec.response.model);
  choice.where = spec.response.where;
  return registry.responses.create(choice, "response.model");
}

std::unique_ptr<models::FittedArrivals> fit_arrivals(const Inputs& in, const models::ArrivalModel& model,
                                                     const RunOptions& o) {
  auto fitted = model.fit({in.district, in.base_catalog, in.history, in.spec.train_start, in.spec.train_end});
  say(o, fmt::format("fitted {} on {} .. {}: {}", model.name(), time::format_date(in.spec.train_start),
                     time::format_date(in.spec.train_end), fitted->summary()));
  return fitted;
}

results::Quantiles summarise(const tally::CountHistograms& h, const std::vector<double>& threshold,
                             std::size_t units) {
  results::Quantiles q;
  for (std::size_t cell = 0; cell < h.cells(); ++cell) {
    q.mean.push_back(h.mean(cell));
    q.p05.push_back(h.quantile(cell, 0.05));
    q.p50.push_back(h.quantile(cell, 0.50));
    q.p95.push_back(h.quantile(cell, 0.95));
    q.exceedance.push_back(h.exceedance(cell, threshold[cell % units]));
  }
  return q;
}

/// Thresholds for exceedance: the grid's historical q-quantile of counts per bin and per horizon length.
std::pair<std::vector<double>, std::vector<double>> exceedance_thresholds(const Inputs& in) {
  const auto& s = in.spec;
  const std::size_t units = in.district.grids.size();
  const incidents::CountWindows per_bin{s.train_start, s.train_end, s.horizon.bin_length, s.horizon.bin_length};
  const time::Seconds length = s.horizon.end() - s.horizon.start;
  const time::Seconds span = s.train_end - s.train_start;
  const incidents::CountWindows per_horizon{s.train_start, s.train_end, std::min(length, span), s.horizon.bin_length};
  auto horizon = incidents::window_count_quantile(in.history, units, per_horizon, s.risk.exceedance_quantile);
  if (length > span)  // scale up when the horizon is longer than the training window
    for (double& t : horizon) t *= static_cast<double>(length) / static_cast<double>(span);
  return {incidents::window_count_quantile(in.history, units, per_bin, s.risk.exceedance_quantile), horizon};
}

/// The per-category scale of the risk index: the expected counts without drills, where a category
/// drills add (none without drills) takes the mean of the catalog's categories in its bin and grid,
/// so its index term reads "as many as a typical category". Empty when no drill adds a category.
std::vector<double> risk_scale(const Inputs& in, const std::vector<double>& baseline) {
  const std::size_t k0 = in.base_catalog.size(), k = in.catalog.size();
  if (k == k0) return {};
  std::vector<double> scale = baseline;
  for (std::size_t row = 0; row < baseline.size() / k; ++row) {
    double mean = 0;
    for (std::size_t c = 0; c < k0; ++c) mean += baseline[row * k + c];
    mean /= static_cast<double>(k0);
    for (std::size_t c = k0; c < k; ++c) scale[row * k + c] = mean;
  }
  return scale;
}

results::ScenarioResults assemble(const Inputs& in, const ensemble::EnsembleTally& tally,
                                  const std::vector<double>& baseline, const std::vector<double>& added,
                                  models::RiskOutput& risk, const models::response::PreparedResponse* response,
                                  const models::response::ResponseTally* handled) {
  const auto& s = in.spec;
  results::ScenarioResults r;
  r.name = s.name;
  r.title = s.title;
  r.time = s.horizon;
  r.units = in.district.grids.size();
  r.categories = in.catalog.size();
  r.replicas = tally.replicas();
  std::tie(r.exceedance_threshold, r.horizon_threshold) = exceedance_thresholds(in);
  r.per_bin = summarise(tally.per_bin(), r.exceedance_threshold, r.units);
  r.horizon = summarise(tally.horizon(), r.horizon_threshold, r.units);
  for (const std::uint64_t sum : tally.sum_by_category())
    r.mean_by_category.push_back(static_cast<double>(sum) / static_cast<double>(tally.replicas()));
  // `handled`: the case handling of the same replicas, summed over ranks or shards like `tally`.
  if (response && handled && handled->replicas > 0 && handled->replicas == tally.replicas())
    r.response = models::response::summarise_response(*handled, double(s.horizon.bin_length));
  const std::vector<double> scale = risk_scale(in, baseline);
  risk = models::score_risk({in.district, in.catalog, s.risk, s.horizon.bins, baseline, r.mean_by_category, scale,
                             r.response.overdue_life_safety_probability,
                             response ? response->red_probability() : 1.0});
  r.risk_index = risk.index;
  r.risk_level = risk.level;
  r.horizon_risk_index = risk.horizon_index;
  r.horizon_risk_level = risk.horizon_level;
  r.levels = s.risk.levels;
  r.category_contribution = risk.category_contribution;
  for (const auto& drill : s.drills) r.drill_names.push_back(drill.name);
  std::vector<double> before_drills = baseline;  // what the drills act on, added categories included
  for (std::size_t i = 0; i < added.size(); ++i) before_drills[i] += added[i];
  r.drill_added = models::drill_added_counts(s.drills, in.district, in.catalog, s.horizon, before_drills);
  return r;
}

std::vector<RankedGrid> rank(const Inputs& in, const results::ScenarioResults& r,
                             const models::RiskOutput& risk) {
  std::vector<RankedGrid> out;
  for (std::size_t u = 0; u < r.units; ++u) {
    const auto& g = in.district.grids[u];
    const int top = risk.top_category[u];
    out.push_back({g.id, g.name, g.parent, r.levels[static_cast<std::size_t>(r.horizon_risk_level[u])].name,
                   top < 0 ? "-" : in.catalog.categories[static_cast<std::size_t>(top)].id,
                   r.horizon_risk_index[u], r.horizon.mean[u], r.horizon.p05[u], r.horizon.p95[u],
                   r.horizon.exceedance[u]});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RankedGrid& a, const RankedGrid& b) { return a.risk_index > b.risk_index; });
  return out;
}

std::string now_iso() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
}

/// Everything a run leaves for people and tools: the HDF5 record first, then pictures, GIS layers and
/// the report, all drawn from the same record.
std::vector<std::string> write_outputs(const Inputs& in, const results::RunRecord& record, const fs::path& dir) {
  std::vector<std::string> paths{(dir / "results.h5").string()};
  results::write_results_h5(paths[0], record, in.district, in.catalog);
  render::RunPictureOptions pictures;
  pictures.footnote = in.spec.district.note;
  for (auto& p : render::write_run_pictures(dir.string(), in.district, record.results, pictures))
    paths.push_back(std::move(p));
  for (const char* layer : {"risk.geojson", "risk.gpkg"}) {
    paths.push_back((dir / layer).string());
    results::write_results_layer(paths.back(), in.district, record.results, in.catalog);
  }
  render::ReportOptions report;
  report.footnote = in.spec.district.note;
  report.seed = record.seed;
  report.created = record.created;
  paths.push_back((dir / "report.html").string());
  render::write_html_report(paths.back(), in.district, in.catalog, std::span(&record.results, 1), report);
  return paths;
}

fs::path output_dir(const RunOptions& o, const scenario::ScenarioSpec& s) {
  return o.out_dir.empty() ? fs::path("out") / s.name : fs::path(o.out_dir);
}

/// The file's one run, or run `sweep_index` of its sweep (load_scenario refuses a sweeping file).
scenario::ScenarioSpec pick_scenario(const RunOptions& o) {
  if (!o.sweep_index) return scenario::load_scenario(o.scenario_path);
  std::vector<scenario::ScenarioSpec> runs = scenario::load_scenarios(o.scenario_path);
  if (*o.sweep_index >= runs.size())
    throw ScenarioError(fmt::format("--sweep-index {}: {} has {} run(s), numbered 0 to {}", *o.sweep_index,
                                    o.scenario_path, runs.size(), runs.size() - 1));
  return std::move(runs[*o.sweep_index]);
}

/// [row][k0 categories] -> [row][k categories], the added categories 0 (k0 <= k).
std::vector<double> widen(const std::vector<double>& x, std::size_t k0, std::size_t k) {
  if (k == k0) return x;
  std::vector<double> out(x.size() / k0 * k, 0.0);
  for (std::size_t row = 0; row < x.size() / k0; ++row)
    std::copy_n(x.begin() + static_cast<std::ptrdiff_t>(row * k0), k0, out.begin() + static_cast<std::ptrdiff_t>(row * k));
  return out;
}

/// A scenario loaded and fitted: what simulating and finishing need. Built in place and never moved,
/// because the fitted model may refer to the inputs.
struct Prepared {
  Prepared(const RunOptions& o, scenario::ScenarioSpec spec)
      : model(make_arrival_model(spec)), in(load_inputs(o, std::move(spec))), fitted(fit_arrivals(in, *model, o)) {
    const auto& s = in.spec;
    shape = {s.horizon.bins, in.district.grids.size(), in.catalog.size()};
    std::vector<double> fitted_cells(shape.bins * shape.units * in.base_catalog.size());
    fitted->expected(s.horizon, fitted_cells);
    baseline = widen(fitted_cells, in.base_catalog.size(), shape.categories);
    added = models::added_category_means(s.drills, in.district, in.catalog, s.horizon);
    if ((response_model = make_response_model(s))) {
      response = response_model->prepare({s.response, in.district, in.catalog, in.history, s.horizon,
                                          s.train_start, s.train_end, baseline});
      say(o, fmt::format("response model {}: {}", response_model->name(), response->summary()));
    }
  }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  std::unique_ptr<models::ArrivalModel> model;
  const Inputs in;
  std::unique_ptr<models::FittedArrivals> fitted;
  ensemble::TallyShape shape;
  std::vector<double> baseline;  ///< expected counts [bin][unit][category] without drills
  std::vector<double> added;     ///< expected counts of the categories drills add, before multipliers
  std::unique_ptr<models::response::ResponseModel> response_model;  ///< null without `response:`
  std::unique_ptr<models::response::PreparedResponse> response;     ///< runs on each replica's arrivals
};

/// The scenario of `o` with its --replicas and --seed overrides applied.
scenario::ScenarioSpec scenario_of(const RunOptions& o) {
  scenario::ScenarioSpec spec = pick_scenario(o);
  if (o.replicas) spec.replicas = *o.replicas;
  if (o.seed) spec.seed = *o.seed;
  return spec;
}

/// The fitted model's sampler under the drills' multipliers; when drills add categories, wrapped so
/// that those are drawn too, with their added means times the multipliers of drills that name them.
std::unique_ptr<models::ArrivalSampler> make_sampler(const Prepared& p) {
  const auto& s = p.in.spec;
  const std::vector<double> m = models::drill_multipliers(s.drills, p.in.district, p.in.catalog, s.horizon);
  const std::size_t k0 = p.in.base_catalog.size(), k = p.shape.categories;
  if (k == k0) return p.fitted->prepare(s.horizon, m);
  std::vector<double> fitted_m(m.size() / k * k0);
  for (std::size_t row = 0; row < m.size() / k; ++row)
    std::copy_n(m.begin() + static_cast<std::ptrdiff_t>(row * k), k0, fitted_m.begin() + static_cast<std::ptrdiff_t>(row * k0));
  std::vector<double> means = p.added;
  for (std::size_t i = 0; i < means.size(); ++i) means[i] *= m[i];
  return models::with_added_categories(p.fitted->prepare(s.horizon, fitted_m), k0, std::move(means), p.shape.bins,
                                       p.shape.units, k);
}

/// Simulates this rank's block of replicas [first, first + count) (all of them in one process).
ensemble::EnsembleTally simulate_block(const RunOptions& o, const Prepared& p, std::uint64_t first,
                                       std::uint64_t count) {
  const auto& s = p.in.spec;
  const auto sampler = make_sampler(p);
  say(o, fmt::format("simulating {} replicas of {} bins x {} grids x {} categories{}", count, p.shape.bins,
                     p.shape.units, p.shape.categories,
                     rank_count() > 1 ? fmt::format(" over {} MPI ranks", rank_count()) : ""));
  const ReplicaBlock block = this_rank_block(first, count);
  return ensemble::run_ensemble({s.seed, block.first, block.count, o.threads, o.progress}, p.shape,
                                [&](const rng::ReplicaKey& key, std::span<std::uint32_t> counts) {
                                  if (p.response && p.response->replays()) p.response->replay_counts(counts);
                                  else sampler->sample(key, counts);
                                  if (p.response) p.response->run_replica(key, counts);
                                });
}

/// With several ranks, rank 0 generates a missing synthetic history before the others load it, rather
/// than every rank generating the same file at once.
void ensure_history_on_root(const RunOptions& o) {
  if (rank_count() == 1) return;
  on_root_rank([&] {
    scenario::ScenarioSpec spec = scenario_of(o);
    if (!spec.district.history_synth.empty() && !fs::exists(spec.district.history)) load_inputs(o, std::move(spec));
  });
}

/// A scenario prepared on every rank and the tally of its replicas, whole on rank 0.
struct Simulated {
  std::unique_ptr<const Prepared> prepared;
  ensemble::EnsembleTally tally;
  std::optional<models::response::ResponseTally> response;  ///< case handling, whole on rank 0 (`response:`)
  double seconds = 0;  ///< simulating and summing
};

/// The replicas to simulate, [first, first + count), given the prepared scenario; may throw.
using ReplicaRange = std::function<ReplicaBlock(const Prepared&)>;

/// Loads and fits the scenario on every rank, then simulates `range` over the ranks and sums the
/// tallies on rank 0 (sum_tallies_on_root). Every rank fits its own model rather than receiving rank
/// 0's: the fit is deterministic (merge relies on that too), each rank needs the district and history
/// in memory anyway to sample, and fitted models of every kind would otherwise need a wire format.
Simulated prepare_and_simulate(const RunOptions& o, const ReplicaRange& range) {
  Simulated out;
  ensure_history_on_root(o);
  std::chrono::steady_clock::time_point t0;
  on_every_rank([&] {
    out.prepared = std::make_unique<const Prepared>(o, scenario_of(o));
    const ReplicaBlock replicas = range(*out.prepared);
    t0 = std::chrono::steady_clock::now();
    out.tally = simulate_block(o, *out.prepared, replicas.first, replicas.count);
  });
  out.tally = sum_tallies_on_root(std::move(out.tally));
  if (out.prepared->response) out.response = sum_responses_on_root(out.prepared->response->total());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

/// Summarise, score, write and draw: the end of a run, shared by run and merge so that a merged run
/// writes exactly what one run would have.
RunOutcome finish(const RunOptions& o, const Prepared& p, const ensemble::EnsembleTally& tally,
                  const std::optional<models::response::ResponseTally>& handled) {
  const auto& s = p.in.spec;
  models::RiskOutput risk;
  const results::RunRecord record{s.text,          io::sha256_hex(s.text), s.seed, s.replicas, now_iso(),
                                  s.district.note, assemble(p.in, tally, p.baseline, p.added, risk, p.response.get(),
                                                           handled ? &*handled : nullptr),
                                  p.in.ingest};
  RunOutcome out;
  out.outputs = write_outputs(p.in, record, output_dir(o, s));
  out.title = s.title;
  out.replicas = s.replicas;
  out.ranking = rank(p.in, record.results, risk);
  if (record.results.response.present)
    out.handling = handling_by_town(p.in.district, record.results.response, record.results.time.bins);
  return out;
}

}  // namespace

RunOutcome run_scenario(const RunOptions& o) {
  const Simulated sim =
      prepare_and_simulate(o, [](const Prepared& p) { return ReplicaBlock{0, p.in.spec.replicas}; });
  RunOutcome out;
  on_root_rank([&] { out = finish(o, *sim.prepared, sim.tally, sim.response); });
  out.simulate_seconds = sim.seconds;
  return out;
}

RunOutcome run_shard(const RunOptions& o, Shard shard) {
  const Simulated sim = prepare_and_simulate(o, [&](const Prepared& p) {
    const std::uint64_t replicas = p.in.spec.replicas;
    if (shard.k < 1 || shard.k > shard.n || shard.n > replicas)
      throw ScenarioError(fmt::format("--shard {}/{}: expected 1 <= k <= n <= replicas ({})", shard.k, shard.n,
                                      replicas));
    const std::uint64_t first = shard_begin(replicas, shard.k, shard.n);
    return ReplicaBlock{first, shard_begin(replicas, shard.k + 1, shard.n) - first};
  });
  RunOutcome out;
  on_root_rank([&] {
    const auto& s = sim.prepared->in.spec;
    results::ShardRecord record{s.text, io::sha256_hex(s.text), s.file, o.sweep_index ? std::int64_t(*o.sweep_index) : -1,
                           s.seed, s.replicas, shard.k, shard.n, shard_begin(s.replicas, shard.k, shard.n), sim.tally,
                           sim.response ? std::optional(sim.response->to_arrays()) : std::nullopt};
    out.outputs.push_back((output_dir(o, s) / fmt::format("shard-{}-of-{}.h5", shard.k, shard.n)).string());
    results::write_shard_h5(out.outputs.back(), record);
    out.title = s.title;
    out.replicas = record.tally.replicas();
  });
  out.simulate_seconds = sim.seconds;
  return out;
}

RunOutcome merge_shards(const MergeOptions& m) {
  RunOutcome out;
  on_root_rank([&] {  // nothing to simulate: under mpirun, rank 0 merges alone
    const MergedShards merged = merge_shard_files(m.shards);
    RunOptions o;
    o.scenario_path = merged.scenario_path;
    o.out_dir = m.out_dir;
    o.replicas = merged.replicas;
    o.seed = merged.seed;
    if (merged.sweep_index >= 0) o.sweep_index = static_cast<std::size_t>(merged.sweep_index);
    o.log = m.log;
    scenario::ScenarioSpec spec = scenario_of(o);
    if (io::sha256_hex(spec.text) != merged.scenario_sha256)
      throw InputError(fmt::format("{}: scenario changed since the shards were made (sha256 {} in the shards, {} now)",
                                   spec.file, merged.scenario_sha256, io::sha256_hex(spec.text)));
    const Prepared p(o, std::move(spec));
    if (p.shape.cells() != merged.tally.shape().cells())
      throw InputError(fmt::format("{}: the scenario's tally shape differs from the shards'", p.in.spec.file));
    if (p.response && !merged.response)
      throw InputError(fmt::format("{}: the scenario has response: but the shards carry no case-handling tally "
                                   "(shard format 1, made by an older riskgrid): rerun the shards",
                                   p.in.spec.file));
    out = finish(o, p, merged.tally, merged.response);
  });
  return out;
}

std::size_t validate_scenario_file(const std::string& path) {
  const std::vector<scenario::ScenarioSpec> runs = scenario::load_scenarios(path);
  // Runs of a sweep usually share their district: load it once per distinct set of files.
  std::string loaded;
  catalog::CategoryCatalog catalog;
  spatial::District district;
  for (const auto& spec : runs) {  // each run: a sweep may set a model name or a drill's towns
    make_arrival_model(spec);
    const auto& d = spec.district;
    const std::string key = d.categories + "\n" + scenario::district_key(d);
    if (key != loaded) {
      catalog = catalog::load_catalog(d.categories);
      district = scenario::load_district(d).district;
      loaded = key;
    }
    const catalog::CategoryCatalog run = models::run_catalog(catalog, d.categories, spec.drills);
    models::check_drill_names(spec.drills, district, run);
    models::added_category_means(spec.drills, district, run, spec.horizon);
    if (const auto response = make_response_model(spec)) response->check(spec.response, district, run);
    models::category_weights(run, spec.risk);
    if (d.history_source) ingest::check_mapping(*d.history_source, catalog);  // reads the header only
  }
  return runs.size();
}

}  // namespace riskgrid::app
