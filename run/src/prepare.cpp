// Stages 1-3 of a run: the scenario, its inputs, the fitted model and what simulating needs.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/drills/added_categories.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/run/fit_model.hpp"
#include "riskgrid/run/memory_estimate.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;

namespace {

void check_training_window(const Inputs& in) {
  const auto& h = in.history;
  if (h.size() == 0) throw InputError(fmt::format("{}: history has no incidents", in.spec.district.history));
  const auto [first, last] = std::minmax_element(h.created.begin(), h.created.end());
  if (*first >= in.spec.train_start + time::kDay || *last < in.spec.train_end - time::kDay)
    throw InputError(fmt::format("{}: training window {} .. {} is not covered by the history, which runs {} .. {}",
                                 in.spec.file, time::format_date(in.spec.train_start),
                                 time::format_date(in.spec.train_end), time::format_date(*first),
                                 time::format_date(*last)));
}

Inputs load_inputs(const RunContext& context, scenario::ScenarioSpec spec, const InputOptions& options) {
  Inputs in{std::move(spec), {}, {}, {}, {}};
  const auto& d = in.spec.district;
  ScenarioInputs loaded = load_scenario_inputs(context, d, options);
  in.base_catalog = std::move(loaded.catalog);
  in.district = std::move(loaded.district);
  in.catalog = check_scenario(context, in.spec, in.district, in.base_catalog);
  in.history = std::move(loaded.history);
  in.ingest = std::move(loaded.ingest);
  check_training_window(in);  // on the times as written: spreading moves rows within their period only
  fit_time_resolution(context, in.spec, in.history, in.ingest);
  const std::size_t added = in.catalog.size() - in.base_catalog.size();
  context.say(fmt::format("loaded {} grids, {} categories{}, {} incidents", in.district.grids.size(),
                          in.base_catalog.size(), added ? fmt::format(" (+{} added by drills)", added) : "",
                          in.history.size()));
  return in;
}

std::unique_ptr<models::FittedArrivals> fit_arrivals(const RunContext& context, const Inputs& in,
                                                     const models::ArrivalModel& model) {
  auto fitted = fit_arrival_model(context, in.spec, model,
                                  {in.district, in.base_catalog, in.history, in.spec.train_start, in.spec.train_end});
  context.say(fmt::format("fitted {} on {} .. {}: {}", model.name(), time::format_date(in.spec.train_start),
                          time::format_date(in.spec.train_end), fitted->summary()));
  return fitted;
}

/// The fitted model's expected counts on the run's shape: its categories first, those drills add 0.
cube::Cube<double> expected_without_drills(const models::FittedArrivals& fitted, const time::TimeGrid& horizon,
                                           const cube::Shape& run, std::size_t fitted_categories) {
  cube::Cube<double> fitted_cells(run.with_categories(fitted_categories));
  fitted.expected(horizon, fitted_cells.view());
  if (fitted_categories == run.categories) return fitted_cells;
  cube::Cube<double> out(run, 0.0);
  for (std::size_t row = 0; row < run.rows(); ++row)
    std::copy_n(fitted_cells.view().row(row).begin(), fitted_categories, out.view().row(row).begin());
  return out;
}

/// The largest expected counts of a bin and grid and of a grid over the horizon, drills applied.
ExpectedCounts expected_counts(const Prepared& p) {
  const auto& s = p.in.spec;
  const cube::Cube<double> m = models::drill_multipliers(s.drills, p.in.district, p.in.catalog, s.horizon);
  ExpectedCounts out;
  std::vector<double> per_grid(p.shape.units, 0.0);
  for (std::size_t bin = 0; bin < p.shape.bins; ++bin) {
    for (std::size_t unit = 0; unit < p.shape.units; ++unit) {
      double total = 0;
      for (std::size_t c = 0; c < p.shape.categories; ++c)
        total += (p.baseline.at(bin, unit, c) + p.added.at(bin, unit, c)) * m.at(bin, unit, c);
      out.largest_bin = std::max(out.largest_bin, total);
      per_grid[unit] += total;
    }
  }
  for (const double t : per_grid) out.largest_horizon = std::max(out.largest_horizon, t);
  return out;
}

}  // namespace

scenario::ScenarioSpec scenario_of(const RunContext& context, const RunRequest& request) {
  scenario::ScenarioSpec spec;
  if (!request.sweep_index) {
    spec = scenario::load_scenario(request.scenario_path, context.load_options());
  } else {
    std::vector<scenario::ScenarioSpec> runs = scenario::load_scenarios(request.scenario_path, context.load_options());
    if (*request.sweep_index >= runs.size())
      throw ScenarioError(fmt::format("--sweep-index {}: {} has {} run(s), numbered 0 to {}", *request.sweep_index,
                                      request.scenario_path, runs.size(), runs.size() - 1));
    spec = std::move(runs[*request.sweep_index]);
  }
  if (request.replicas) {
    if (*request.replicas < 1 || *request.replicas > 10'000'000)
      throw ScenarioError(fmt::format("--replicas {}: expected 1 to 10000000", *request.replicas));
    spec.replicas = *request.replicas;
  }
  if (request.seed) spec.seed = *request.seed;
  return spec;
}

fs::path output_dir(const RunRequest& request, const scenario::ScenarioSpec& spec) {
  return request.out_dir.empty() ? fs::path("out") / spec.name : fs::path(request.out_dir);
}

std::unique_ptr<models::ArrivalModel> make_arrival_model(const scenario::ScenarioSpec& spec) {
  models::ModelRegistry registry;
  models::register_builtin(registry);
  scenario::ModelChoice choice(spec.arrival_model);
  choice.settings = spec.arrival_model_settings;
  choice.lists = spec.arrival_model_lists;
  choice.where = spec.arrival_model_where.empty() ? spec.file : spec.arrival_model_where;
  return registry.arrivals.create(choice);
}

std::unique_ptr<models::response::ResponseModel> make_response_model(const scenario::ScenarioSpec& spec) {
  if (spec.response.model.empty()) return nullptr;
  models::ModelRegistry registry;
  models::register_builtin(registry);
  scenario::ModelChoice choice(spec.response.model);
  choice.where = spec.response.where;
  return registry.responses.create(choice, "response.model");
}

Prepared::Prepared(const RunContext& context, scenario::ScenarioSpec spec, const InputOptions& options)
    : model(make_arrival_model(spec)),
      in(load_inputs(context, std::move(spec), options)),
      fitted(fit_arrivals(context, in, *model)) {
  const auto& s = in.spec;
  shape = {s.horizon.bins, in.district.grids.size(), in.catalog.size()};
  baseline = expected_without_drills(*fitted, s.horizon, shape, in.base_catalog.size());
  added = models::added_category_means(s.drills, in.district, in.catalog, s.horizon);
  // Counts set how wide the histograms grow (and whether they could be tallied at all): refused here,
  // before simulating, rather than by bad_alloc, a hang or a silent wrap.
  const ExpectedCounts counts = expected_counts(*this);
  check_memory(s, estimate_memory(shape, context.threads, !s.response.model.empty(), counts), counts,
               memory_available(context.memory_bytes));
  if ((response_model = make_response_model(s))) {
    response = response_model->prepare(
        {s.response, in.district, in.catalog, in.history, s.horizon, s.train_start, s.train_end, baseline.values()});
    context.say(fmt::format("response model {}: {}", response_model->name(), response->summary()));
  }
}

std::unique_ptr<const Prepared> prepare(const RunContext& context, const RunRequest& request,
                                        scenario::ScenarioSpec spec) {
  const InputOptions options{(output_dir(request, spec) / "quarantine.csv").string(), request.max_bad_fraction};
  return std::make_unique<const Prepared>(context, std::move(spec), options);
}

}  // namespace riskgrid::run
