// riskgrid backtest: rolling-origin evaluation of the scenario's backtest models on its history,
// a table on the console and the scores as HDF5, CSV and a picture.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include "backtest_forecasts.hpp"
#include "backtest_report.hpp"
#include "backtest_spec.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "json_out.hpp"
#include "progress_bar.hpp"
#include "command_context.hpp"
#include "riskgrid/run/inputs.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

struct BacktestArgs {
  std::string scenario;
  std::string out;
  int threads = 0;
  bool quiet = false;
  bool json = false;  // the summary as JSON on stdout, nothing else there
  bool no_cache = false;
  bool forecasts = false;  // forecasts.h5 and forecasts.csv
  IngestFlags ingest;
};

po::options_description backtest_options(BacktestArgs& a) {
  po::options_description options(
      "riskgrid backtest SCENARIO.yaml [options]\n\n"
      "Rolling-origin evaluation of arrival models on the scenario's history (docs/backtest.md): at\n"
      "each origin of the scenario's backtest: block every model is fitted on the history before it\n"
      "and its predictive distribution of the next horizon is scored (MAE, RMSE, log score, CRPS,\n"
      "interval coverage, hit rate and PAI with the oracle's). Writes backtest.h5, backtest_scores.csv,\n"
      "backtest_summary.csv and backtest.png under --out.\n\nOptions");
  options.add_options()("help,h", "show this help")("scenario", po::value(&a.scenario)->required(),
                                                    "scenario file with a backtest: block")(
      "out", po::value(&a.out), "output folder (default out/<scenario name>)")(
      "threads", po::value(&a.threads)->default_value(0), "worker threads (0 = all); scores do not depend on it")(
      "quiet,q", po::bool_switch(&a.quiet), "no progress or stage messages on stderr")(
      "no-cache", po::bool_switch(&a.no_cache), "ingest a mapped history without the incident store")(
      "forecasts", po::bool_switch(&a.forecasts),
      "also write every scored forecast (mean, NB size, quantiles, observed) as forecasts.h5 and forecasts.csv")(
      "json", po::bool_switch(&a.json),
      "print the summary as JSON on stdout (models, mean scores, files), nothing else");
  a.ingest.add_to(options);
  return options;
}

/// --json: the plan, each model's mean scores over its origins, and the files written.
std::string backtest_json(const std::string& scenario, const models::backtest::BacktestPlan& plan,
                          const std::vector<models::backtest::ModelSummary>& summary, const BacktestFiles& files,
                          double seconds) {
  std::vector<std::string> origins, area_shares, models;
  for (const time::Seconds origin : plan.origins) origins.push_back(json_string(time::format_date(origin)));
  for (const double share : plan.area_shares) area_shares.push_back(json_number(share));
  const auto numbers = [](const std::vector<double>& values) {
    std::vector<std::string> out;
    for (const double v : values) out.push_back(json_number(v));
    return json_array(out);
  };
  for (const auto& m : summary) {
    JsonObject field;  // the field's conventions, when the scenario asks for them
    if (plan.field_scores)
      field.number("log_score", m.field_log_score)
          .number("crps", m.field_crps)
          .raw("hit_rate", numbers(m.field_hit_rate))
          .raw("pai", numbers(m.field_pai));
    models.push_back(JsonObject()
                         .text("model", m.model)
                         .integer("origins", static_cast<std::int64_t>(m.origins))
                         .number("mae", m.mae)
                         .number("rmse", m.rmse)
                         .number("log_score", m.log_score)
                         .number("crps", m.crps)
                         .number("coverage", m.coverage)
                         .raw("hit_rate", numbers(m.hit_rate))
                         .raw("pai", numbers(m.pai))
                         .raw("pei", numbers(m.pei))
                         .text("first_error", m.first_error)
                         .raw("field", plan.field_scores ? field.str() : "null")
                         .str());
  }
  return JsonObject()
      .text("scenario", scenario)
      .raw("origins", json_array(origins))
      .integer("horizon_days", static_cast<std::int64_t>(plan.horizon_days))
      .raw("area_shares", json_array(area_shares))
      .raw("models", json_array(models))
      .texts("outputs", {files.scores_h5, files.scores_csv, files.summary_csv, files.picture})
      .number("seconds", seconds)
      .str();
}

/// The command as typed, for the files' provenance.
std::string command_line_of(const Args& args) {
  std::string out = "riskgrid backtest";
  for (const auto& arg : args) out += " " + arg;
  return out;
}

/// One warning per (model, origin) that could not be scored, so a failing model is never silent.
void warn_not_scored(const models::backtest::BacktestResult& r) {
  for (std::size_t m = 0; m < r.plan.models.size(); ++m)
    for (std::size_t o = 0; o < r.plan.origins.size(); ++o)
      if (!r.at(m, o).error.empty())
        std::fprintf(stderr, "warning: %s not scored at %s: %s\n", r.plan.models[m].display().c_str(),
                     time::format_date(r.plan.origins[o]).c_str(), r.at(m, o).error.c_str());
}

}  // namespace

int run_backtest(const Args& args) {
  BacktestArgs a;
  const po::options_description options = backtest_options(a);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\n";
    return kOk;
  }
  po::notify(vm);
  a.ingest.apply();
  const auto started = std::chrono::steady_clock::now();

  const run::RunContext context = command_context(a.threads, a.quiet, a.ingest, a.no_cache);
  const scenario::ScenarioSpec spec = scenario::load_scenario(a.scenario, context.load_options());
  BacktestSpec bt = load_backtest_spec(a.scenario);
  bt.plan.keep_forecasts = a.forecasts;
  const std::string out_dir = a.out.empty() ? (fs::path("out") / spec.name).string() : a.out;
  const run::InputOptions input_options{(fs::path(out_dir) / "quarantine.csv").string(), a.ingest.max_bad()};
  run::ScenarioInputs h = run::load_scenario_inputs(context, spec.district, input_options);
  {  // the backtest's bins, not the scenario's horizon, must not be finer than the timestamps
    scenario::ScenarioSpec binned = spec;
    binned.horizon.bin_length = bt.plan.bin;
    run::fit_time_resolution(context, binned, h.history, h.ingest);
  }
  const time::Seconds first = *std::min_element(h.history.created.begin(), h.history.created.end());
  bt.plan.history_start = time::day_number(first) * time::kDay;

  std::unique_ptr<tbb::global_control> limit;
  if (a.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(a.threads));
  models::ModelRegistry registry;
  models::register_builtin(registry);
  ProgressBar bar("backtest", progress_mode(a.quiet));
  std::mutex bar_mutex;
  const auto result = models::backtest::run_backtest({h.district, h.catalog, h.history}, bt.plan, registry.arrivals,
                                                     [&](std::size_t done, std::size_t total) {
                                                       const std::lock_guard<std::mutex> lock(bar_mutex);
                                                       bar.update(done, total);
                                                     });
  const auto summary = models::backtest::summarise(result);
  const std::string command = command_line_of(args);
  const BacktestFiles files = write_backtest_outputs(out_dir, spec.title, spec.text, command, result, summary);
  if (a.forecasts) {
    const ForecastFiles written = write_forecast_files(out_dir, spec.text, command, h.district, h.catalog, result);
    if (!a.quiet) std::fprintf(stderr, "wrote %s, %s\n", written.h5.c_str(), written.csv.c_str());
  }
  if (!a.quiet) warn_not_scored(result);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (a.json) {
    print_json(backtest_json(spec.name, bt.plan, summary, files, seconds));
    return kOk;
  }
  std::printf("%s: %zu models x %zu origins (%s .. %s), horizon %zu days, training %s; %zu incidents, %zu grids\n\n",
              spec.name.c_str(), bt.plan.models.size(), bt.plan.origins.size(),
              time::format_date(bt.plan.origins.front()).c_str(), time::format_date(bt.plan.origins.back()).c_str(),
              bt.plan.horizon_days,
              bt.plan.window_days ? fmt::format("the last {} days", *bt.plan.window_days).c_str()
                                  : "all history before each origin",
              h.history.size(), h.district.grids.size());
  std::printf("%s\n", format_backtest_table(result, summary).c_str());
  std::printf("wrote %s, %s, %s, %s in %.1f s\n", files.scores_h5.c_str(), files.scores_csv.c_str(),
              files.summary_csv.c_str(), files.picture.c_str(), seconds);
  return kOk;
}

}  // namespace riskgrid::app
