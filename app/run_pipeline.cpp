#include "run_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/engine/incidents/history_stats.hpp"
#include "riskgrid/engine/io/district_io.hpp"
#include "riskgrid/engine/io/results_h5.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/io/shard_h5.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/io/gis_export.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/response/response_summary.hpp"
#include "riskgrid/models/risk/risk_index.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "shard_merge.hpp"

namespace riskgrid::app {
namespace fs = std::filesystem;

namespace {

struct Inputs {
  scenario::ScenarioSpec spec;
  catalog::CategoryCatalog catalog;
  spatial::District district;
  incidents::IncidentTable history;
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

Inputs load_inputs(const RunOptions& o, scenario::ScenarioSpec spec) {
  Inputs in{std::move(spec), {}, {}, {}};
  const auto& d = in.spec.district;
  in.catalog = catalog::load_catalog(d.categories);
  in.district = io::load_district(d.outline, d.towns, d.grids, d.name);
  if (!d.history_synth.empty() && !fs::exists(d.history)) {
    say(o, fmt::format("generating the synthetic history {} (first run only)", d.history));
    models::ensure_history(d.history, d.history_synth, in.district, in.catalog);
  }
  in.history = incidents::read_history_csv(d.history, in.district, in.catalog);
  check_training_window(in);
  say(o, fmt::format("loaded {} grids, {} categories, {} incidents", in.district.grids.size(),
                     in.catalog.size(), in.history.size()));
  return in;
}

/// The scenario's arrival model, checked before any data is read so a typo fails fast.
std::unique_ptr<models::ArrivalModel> make_arrival_model(const scenario::ScenarioSpec& spec) {
  models::ModelRegistry registry;
  models::register_builtin(registry);
  auto model = registry.arrivals.create(spec.arrival_model);
  if (model) return model;
  const std::string hint = io::closest_match(spec.arrival_model, registry.arrivals.names());
  throw ScenarioError(fmt::format("{}: model: unknown arrival model \"{}\"{}; known: {}",
                                  spec.arrival_model_where.empty() ? spec.file : spec.arrival_model_where,
                                  spec.arrival_model, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                                  fmt::join(registry.arrivals.names(), ", ")));
}

/// The scenario's response model (its `response:` block), or null when it has none.
std::unique_ptr<models::response::ResponseModel> make_response_model(const scenario::ScenarioSpec& spec) {
  if (spec.response.model.empty()) return nullptr;
  models::ModelRegistry registry;
  models::register_builtin(registry);
  auto model = registry.responses.create(spec.response.model);
  if (model) return model;
  const std::string hint = io::closest_match(spec.response.model, registry.responses.names());
  throw ScenarioError(fmt::format("{}: response.model: unknown response model \"{}\"{}; known: {}",
                                  spec.response.where, spec.response.model,
                                  hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                                  fmt::join(registry.responses.names(), ", ")));
}

std::unique_ptr<models::FittedArrivals> fit_arrivals(const Inputs& in, const models::ArrivalModel& model,
                                                     const RunOptions& o) {
  auto fitted = model.fit({in.district, in.catalog, in.history, in.spec.train_start, in.spec.train_end});
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

results::ScenarioResults assemble(const Inputs& in, const ensemble::EnsembleTally& tally,
                                  const std::vector<double>& baseline, models::RiskOutput& risk,
                                  const models::response::PreparedResponse* response) {
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
  // A merge of shards has no case-handling tally (shard files do not carry it yet): no response/ then.
  if (response) {
    const models::response::ResponseTally handled = response->total();
    if (handled.replicas > 0 && handled.replicas == tally.replicas())
      r.response = models::response::summarise_response(handled, double(s.horizon.bin_length));
  }
  risk = models::score_risk({in.district, in.catalog, s.risk, s.horizon.bins, baseline, r.mean_by_category,
                             r.response.overdue_life_safety_probability,
                             response ? response->red_probability() : 1.0});
  r.risk_index = risk.index;
  r.risk_level = risk.level;
  r.horizon_risk_index = risk.horizon_index;
  r.horizon_risk_level = risk.horizon_level;
  r.levels = s.risk.levels;
  r.category_contribution = risk.category_contribution;
  for (const auto& drill : s.drills) r.drill_names.push_back(drill.name);
  r.drill_added = models::drill_added_counts(s.drills, in.district, in.catalog, s.horizon, baseline);
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
  io::write_results_h5(paths[0], record, in.district, in.catalog);
  render::RunPictureOptions pictures;
  pictures.footnote = in.spec.district.note;
  for (auto& p : render::write_run_pictures(dir.string(), in.district, record.results, pictures))
    paths.push_back(std::move(p));
  for (const char* layer : {"risk.geojson", "risk.gpkg"}) {
    paths.push_back((dir / layer).string());
    io::write_results_layer(paths.back(), in.district, record.results, in.catalog);
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

/// A scenario loaded and fitted: what simulating and finishing need. Built in place and never moved,
/// because the fitted model may refer to the inputs.
struct Prepared {
  Prepared(const RunOptions& o, scenario::ScenarioSpec spec)
      : model(make_arrival_model(spec)), in(load_inputs(o, std::move(spec))), fitted(fit_arrivals(in, *model, o)) {
    const auto& s = in.spec;
    shape = {s.horizon.bins, in.district.grids.size(), in.catalog.size()};
    baseline.resize(shape.cells());
    fitted->expected(s.horizon, baseline);
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

/// Simulates replicas [first, first + count); the time taken goes to `seconds`.
ensemble::EnsembleTally simulate(const RunOptions& o, const Prepared& p, std::uint64_t first, std::uint64_t count,
                                 double& seconds) {
  const auto& s = p.in.spec;
  const auto sampler =
      p.fitted->prepare(s.horizon, models::drill_multipliers(s.drills, p.in.district, p.in.catalog, s.horizon));
  say(o, fmt::format("simulating {} replicas of {} bins x {} grids x {} categories", count, p.shape.bins,
                     p.shape.units, p.shape.categories));
  const auto t0 = std::chrono::steady_clock::now();
  auto tally = ensemble::run_ensemble({s.seed, first, count, o.threads, o.progress}, p.shape,
                                      [&](const rng::ReplicaKey& key, std::span<std::uint32_t> counts) {
                                        if (p.response && p.response->replays()) p.response->replay_counts(counts);
                                        else sampler->sample(key, counts);
                                        if (p.response) p.response->run_replica(key, counts);
                                      });
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return tally;
}

/// Summarise, score, write and draw: the end of a run, shared by run and merge so that a merged run
/// writes exactly what one run would have.
RunOutcome finish(const RunOptions& o, const Prepared& p, const ensemble::EnsembleTally& tally) {
  const auto& s = p.in.spec;
  models::RiskOutput risk;
  const results::RunRecord record{s.text,          io::sha256_hex(s.text), s.seed, s.replicas, now_iso(),
                                  s.district.note, assemble(p.in, tally, p.baseline, risk, p.response.get())};
  RunOutcome out;
  out.outputs = write_outputs(p.in, record, output_dir(o, s));
  out.title = s.title;
  out.replicas = s.replicas;
  out.ranking = rank(p.in, record.results, risk);
  return out;
}

}  // namespace

RunOutcome run_scenario(const RunOptions& o) {
  const Prepared p(o, scenario_of(o));
  double seconds = 0;
  const auto tally = simulate(o, p, 0, p.in.spec.replicas, seconds);
  RunOutcome out = finish(o, p, tally);
  out.simulate_seconds = seconds;
  return out;
}

RunOutcome run_shard(const RunOptions& o, Shard shard) {
  const Prepared p(o, scenario_of(o));
  const auto& s = p.in.spec;
  if (shard.k < 1 || shard.k > shard.n || shard.n > s.replicas)
    throw ScenarioError(fmt::format("--shard {}/{}: expected 1 <= k <= n <= replicas ({})", shard.k, shard.n,
                                    s.replicas));
  io::ShardRecord record{s.text, io::sha256_hex(s.text), s.file, o.sweep_index ? std::int64_t(*o.sweep_index) : -1,
                         s.seed, s.replicas, shard.k, shard.n, shard_begin(s.replicas, shard.k, shard.n), {}};
  RunOutcome out;
  record.tally = simulate(o, p, record.first_replica,
                          shard_begin(s.replicas, shard.k + 1, shard.n) - record.first_replica,
                          out.simulate_seconds);
  out.outputs.push_back((output_dir(o, s) / fmt::format("shard-{}-of-{}.h5", shard.k, shard.n)).string());
  io::write_shard_h5(out.outputs.back(), record);
  out.title = s.title;
  out.replicas = record.tally.replicas();
  return out;
}

RunOutcome merge_shards(const MergeOptions& m) {
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
  return finish(o, p, merged.tally);
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
    const std::string key = d.categories + "\n" + d.outline + "\n" + d.towns + "\n" + d.grids;
    if (key != loaded) {
      catalog = catalog::load_catalog(d.categories);
      district = io::load_district(d.outline, d.towns, d.grids, d.name);
      loaded = key;
    }
    models::check_drill_names(spec.drills, district, catalog);
    if (const auto response = make_response_model(spec)) response->check(spec.response, district, catalog);
    models::category_weights(catalog, spec.risk);
  }
  return runs.size();
}

}  // namespace riskgrid::app
