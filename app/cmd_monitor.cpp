// riskgrid monitor: the morning's early warning (docs/monitor.md). Scores the last days of the
// history against the scenario's fitted model and writes the ranked alerts; exit 0 with or without
// alerts.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include "command_context.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "riskgrid/run/monitor.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {

namespace {

namespace po = boost::program_options;

struct MonitorArgs {
  run::MonitorRequest request;
  std::size_t window_days = 0, replicas = 0;  // 0: the scenario's monitor: block (or its default)
  double alpha = 0;
  int threads = 0;
  bool quiet = false;
  bool json = false;
  bool no_cache = false;
  IngestFlags ingest;
};

po::options_description monitor_options(MonitorArgs& a) {
  po::options_description options(
      "riskgrid monitor SCENARIO.yaml --as-of DATE [options]\n\n"
      "Early warning (docs/monitor.md): fits the scenario's arrival model on the history before a recent\n"
      "window (default the 7 days ending on --as-of, inclusive), scores each day's counts per grid and\n"
      "category (tail probability, CUSUM, space-time scan with Monte Carlo p-values) and ranks the alerts.\n"
      "Writes alerts.csv, alerts.geojson, alerts_map.png and monitor.html into --out (default\n"
      "out/<scenario>/monitor/<as-of>). Exit status 0 with or without alerts.\n\nOptions");
  options.add_options()("help,h", "show this help")("scenario", po::value(&a.request.scenario_path)->required(),
                                                    "scenario file")("as-of", po::value(&a.request.as_of)->required(),
                                                                     "the last day scored, e.g. 2026-10-31")(
      "history", po::value(&a.request.history), "history CSV in place of the scenario's (same columns)")(
      "window-days", po::value(&a.window_days), "days scored, ending on --as-of (default 7, or monitor.window_days)")(
      "alpha", po::value(&a.alpha), "false-alert level per morning (default 0.05, or monitor.alpha)")(
      "replicas", po::value(&a.replicas), "Monte Carlo replicas of the null (default 999, or monitor.replicas)")(
      "out", po::value(&a.request.out_dir), "output folder (default out/<scenario>/monitor/<as-of>)")(
      "threads", po::value(&a.threads)->default_value(0), "worker threads (0 = all); results do not depend on it")(
      "quiet,q", po::bool_switch(&a.quiet), "no stage messages on stderr")(
      "no-cache", po::bool_switch(&a.no_cache), "ingest a mapped history without the incident store")(
      "json", po::bool_switch(&a.json), "print the summary as JSON on stdout (alerts, files), nothing else");
  a.ingest.add_to(options);
  return options;
}

std::string alert_json(const run::MonitorAlert& m, std::size_t rank) {
  const auto& a = m.alert;
  return JsonObject()
      .integer("rank", static_cast<std::int64_t>(rank))
      .text("rule", models::monitor::rule_name(a.rule))
      .texts("grids", m.grid_ids)
      .text("category", m.category)
      .text("start_day", time::format_date(m.start))
      .text("end_day", time::format_date(m.end))
      .number("observed", a.observed)
      .number("expected", a.expected)
      .number("p_value", a.p_value)
      .number("score", a.score)
      .str();
}

/// --json: the window, the counts, every alert (ranked) and the files.
std::string monitor_json(const run::MonitorReport& r, double seconds) {
  std::vector<std::string> alerts;
  for (std::size_t i = 0; i < r.alerts.size(); ++i) alerts.push_back(alert_json(r.alerts[i], i + 1));
  return JsonObject()
      .text("scenario", r.scenario)
      .text("as_of", time::format_date(r.as_of))
      .text("window_start", time::format_date(r.window_start))
      .text("model", r.model)
      .text("train_start", time::format_date(r.train_start))
      .text("train_end", time::format_date(r.train_end - time::kDay))
      .number("alpha", r.settings.alpha)
      .integer("replicas", static_cast<std::int64_t>(r.settings.replicas))
      .number("observed", r.observed)
      .number("expected", r.expected)
      .integer("alerts", static_cast<std::int64_t>(r.alerts.size()))
      .integer("new_alerts", static_cast<std::int64_t>(r.new_alerts))
      .raw("ranked", json_array(alerts))
      .texts("outputs", r.files)
      .number("seconds", seconds)
      .str();
}

void print_summary(const run::MonitorReport& r, double seconds) {
  std::printf("%s as of %s: %zu alerts (%zu new) over %s .. %s; %.0f incidents against %.0f expected\n",
              r.scenario.c_str(), time::format_date(r.as_of).c_str(), r.alerts.size(), r.new_alerts,
              time::format_date(r.window_start).c_str(), time::format_date(r.as_of).c_str(), r.observed, r.expected);
  const std::size_t shown = std::min<std::size_t>(r.alerts.size(), 10);
  if (shown)
    std::printf("\n rank  rule   grids                      category          start       observed  expected  p\n");
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& m = r.alerts[i];
    std::string grids = m.grid_ids.front() + (m.grid_ids.size() > 1 ? fmt::format(" +{}", m.grid_ids.size() - 1) : "");
    std::printf(" %4zu  %-5s  %-25s  %-16s  %s  %8.0f  %8.1f  %.3g\n", i + 1,
                std::string(models::monitor::rule_name(m.alert.rule)).c_str(), grids.c_str(), m.category.c_str(),
                time::format_date(m.start).c_str(), m.alert.observed, m.alert.expected, m.alert.p_value);
  }
  std::printf("\nwrote %s in %.1f s\n", r.out_dir.c_str(), seconds);
}

}  // namespace

int run_monitor(const Args& args) {
  MonitorArgs a;
  const po::options_description options = monitor_options(a);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\n";
    return kOk;
  }
  po::notify(vm);
  a.ingest.apply();
  if (vm.count("window-days")) a.request.overrides.window_days = a.window_days;
  if (vm.count("alpha")) a.request.overrides.alpha = a.alpha;
  if (vm.count("replicas")) a.request.overrides.replicas = a.replicas;
  const auto started = std::chrono::steady_clock::now();
  const run::RunContext context = command_context(a.threads, a.quiet, a.ingest, a.no_cache);
  std::unique_ptr<tbb::global_control> limit;
  if (a.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(a.threads));
  const run::MonitorReport report = run::run_monitor(context, a.request);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (a.json) {
    print_json(monitor_json(report, seconds));
  } else {
    print_summary(report, seconds);
  }
  return kOk;
}

}  // namespace riskgrid::app
